/* log_recursive.c: Laplacian of Gaussian as ITK's LaplacianRecursiveGaussian
** ImageFilter computes it (Deriche 4th-order IIR, ITK 4/5 coefficients, edge
** values extended to infinity, double line buffers, float images between
** passes), so that PyRadiomics' log-sigma-* images are reproduced bit for bit.
** Coefficient formulas: ITK RecursiveGaussianImageFilter::SetUp and
** RecursiveSeparableImageFilter::FilterDataArray (facts, re-expressed here). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "filtercore.h"

typedef struct Coef {
  double n0, n1, n2, n3, d1, d2, d3, d4, m1, m2, m3, m4;
  double bn1, bn2, bn3, bn4, bm1, bm2, bm3, bm4;
} Coef;

/* Deriche's fit of the Gaussian (index 0) and its 2nd derivative (index 2). */
static const double A1[3] = {1.3530, -0.6724, -1.3563}, B1[3] = {1.8151, -3.4327, 5.2318};
static const double A2[3] = {-0.3531, 0.6724, 0.3446}, B2[3] = {0.0902, 0.6100, -2.2355};
static const double W1 = 0.6681, L1 = -1.3932, W2 = 2.0787, L2 = -1.3732;

static void d_coefs(Coef *c, double sd_, double *SD, double *DD, double *ED) {
  double cos1 = cos(W1 / sd_), cos2 = cos(W2 / sd_);
  double exp1 = exp(L1 / sd_), exp2 = exp(L2 / sd_);
  c->d4 = exp1 * exp1 * exp2 * exp2;
  c->d3 = -2 * cos1 * exp1 * exp2 * exp2;
  c->d3 += -2 * cos2 * exp2 * exp1 * exp1;
  c->d2 = 4 * cos2 * cos1 * exp1 * exp2;
  c->d2 += exp1 * exp1 + exp2 * exp2;
  c->d1 = -2 * (exp2 * cos2 + exp1 * cos1);
  *SD = 1.0 + c->d1 + c->d2 + c->d3 + c->d4;
  *DD = c->d1 + 2 * c->d2 + 3 * c->d3 + 4 * c->d4;
  *ED = c->d1 + 4 * c->d2 + 9 * c->d3 + 16 * c->d4;
}

static void n_coefs(double sd_, double a1, double b1, double a2, double b2, double n[4],
                    double *SN, double *DN, double *EN) {
  double sin1 = sin(W1 / sd_), sin2 = sin(W2 / sd_);
  double cos1 = cos(W1 / sd_), cos2 = cos(W2 / sd_);
  double exp1 = exp(L1 / sd_), exp2 = exp(L2 / sd_);
  n[0] = a1 + a2;
  n[1] = exp2 * (b2 * sin2 - (a2 + 2 * a1) * cos2);
  n[1] += exp1 * (b1 * sin1 - (a1 + 2 * a2) * cos1);
  n[2] = (a1 + a2) * cos2 * cos1;
  n[2] -= b1 * cos2 * sin1 + b2 * cos1 * sin2;
  n[2] *= 2 * exp1 * exp2;
  n[2] += a2 * exp1 * exp1 + a1 * exp2 * exp2;
  n[3] = exp2 * exp1 * exp1 * (b2 * sin2 - a2 * cos2);
  n[3] += exp1 * exp2 * exp2 * (b1 * sin1 - a1 * cos1);
  *SN = n[0] + n[1] + n[2] + n[3];
  *DN = n[1] + 2 * n[2] + 3 * n[3];
  *EN = n[1] + 4 * n[2] + 9 * n[3];
}

/* Symmetric kernels only (orders 0 and 2). */
static void remaining(Coef *c) {
  c->m1 = c->n1 - c->d1 * c->n0;
  c->m2 = c->n2 - c->d2 * c->n0;
  c->m3 = c->n3 - c->d3 * c->n0;
  c->m4 = -c->d4 * c->n0;
  double SN = c->n0 + c->n1 + c->n2 + c->n3;
  double SM = c->m1 + c->m2 + c->m3 + c->m4;
  double SD = 1.0 + c->d1 + c->d2 + c->d3 + c->d4;
  c->bn1 = c->d1 * SN / SD; c->bn2 = c->d2 * SN / SD;
  c->bn3 = c->d3 * SN / SD; c->bn4 = c->d4 * SN / SD;
  c->bm1 = c->d1 * SM / SD; c->bm2 = c->d2 * SM / SD;
  c->bm3 = c->d3 * SM / SD; c->bm4 = c->d4 * SM / SD;
}

static void setup(Coef *c, double sigma, double spacing, int order, int normalize) {
  double sd_ = sigma / spacing, SD, DD, ED, n[4], SN, DN, EN;
  d_coefs(c, sd_, &SD, &DD, &ED);
  if (order == 0) {
    n_coefs(sd_, A1[0], B1[0], A2[0], B2[0], n, &SN, &DN, &EN);
    double alpha0 = 2 * SN / SD - n[0];
    c->n0 = n[0] * (1.0 / alpha0); c->n1 = n[1] * (1.0 / alpha0);
    c->n2 = n[2] * (1.0 / alpha0); c->n3 = n[3] * (1.0 / alpha0);
  } else {
    double scale = normalize ? sigma * sigma : 1.0;
    double z[4], t[4], SN0, DN0, EN0, SN2, DN2, EN2;
    n_coefs(sd_, A1[0], B1[0], A2[0], B2[0], z, &SN0, &DN0, &EN0);
    n_coefs(sd_, A1[2], B1[2], A2[2], B2[2], t, &SN2, &DN2, &EN2);
    double beta = -(2 * SN2 - SD * t[0]) / (2 * SN0 - SD * z[0]);
    for (int i = 0; i < 4; i++) n[i] = t[i] + beta * z[i];
    SN = SN2 + beta * SN0;
    DN = DN2 + beta * DN0;
    EN = EN2 + beta * EN0;
    double alpha2 = EN * SD * SD - ED * SN * SD - 2 * DN * DD * SD + 2 * DD * DD * SN;
    alpha2 /= SD * SD * SD;
    c->n0 = n[0] * (scale / alpha2); c->n1 = n[1] * (scale / alpha2);
    c->n2 = n[2] * (scale / alpha2); c->n3 = n[3] * (scale / alpha2);
  }
  remaining(c);
}

#define BLOCK 8 /* lines filtered together: their recursions overlap, loads run along x */

/* Causal + anticausal passes over BLOCK interleaved lines (x[i * BLOCK + b];
** unused lanes hold copies of lane 0), borders extended with the edge
** value, as ITK's FilterDataArray does one line; only outs[klo, khi) is
** formed (the causal pass stops at khi, the anticausal one at klo), each
** value by the same operations as for the whole line. ln >= 4. */
static void filter_block(const Coef *c, double *restrict outs, const double *restrict x,
                         double *restrict s2, size_t ln, size_t klo, size_t khi) {
  /* the coefficients in locals: stores to the lines cannot alias them */
  const double n0 = c->n0, n1 = c->n1, n2 = c->n2, n3 = c->n3;
  const double m1 = c->m1, m2 = c->m2, m3 = c->m3, m4 = c->m4;
  const double d1 = c->d1, d2 = c->d2, d3 = c->d3, d4 = c->d4;
  const double bn1 = c->bn1, bn2 = c->bn2, bn3 = c->bn3, bn4 = c->bn4;
  const double bm1 = c->bm1, bm2 = c->bm2, bm3 = c->bm3, bm4 = c->bm4;
  double *restrict s1 = outs;
#define L(a, i) a[(size_t)(i) * BLOCK + (size_t)b]
  for (int b = 0; b < BLOCK; b++) {
    double v = L(x, 0);
    L(s1, 0) = v * n0 + v * n1 + v * n2 + v * n3;
    L(s1, 1) = L(x, 1) * n0 + v * n1 + v * n2 + v * n3;
    L(s1, 2) = L(x, 2) * n0 + L(x, 1) * n1 + v * n2 + v * n3;
    L(s1, 3) = L(x, 3) * n0 + L(x, 2) * n1 + L(x, 1) * n2 + v * n3;
    L(s1, 0) -= v * bn1 + v * bn2 + v * bn3 + v * bn4;
    L(s1, 1) -= L(s1, 0) * d1 + v * bn2 + v * bn3 + v * bn4;
    L(s1, 2) -= L(s1, 1) * d1 + L(s1, 0) * d2 + v * bn3 + v * bn4;
    L(s1, 3) -= L(s1, 2) * d1 + L(s1, 1) * d2 + L(s1, 0) * d3 + v * bn4;
  }
  for (size_t i = 4; i < khi; i++)
    for (int b = 0; b < BLOCK; b++) {
      double t = L(x, i) * n0 + L(x, i - 1) * n1 + L(x, i - 2) * n2 + L(x, i - 3) * n3;
      t -= L(s1, i - 1) * d1 + L(s1, i - 2) * d2 + L(s1, i - 3) * d3 + L(s1, i - 4) * d4;
      L(s1, i) = t;
    }
  size_t e = ln - 1;
  for (int b = 0; b < BLOCK; b++) {
    double v = L(x, e);
    L(s2, e) = v * m1 + v * m2 + v * m3 + v * m4;
    L(s2, e - 1) = L(x, e) * m1 + v * m2 + v * m3 + v * m4;
    L(s2, e - 2) = L(x, e - 1) * m1 + L(x, e) * m2 + v * m3 + v * m4;
    L(s2, e - 3) = L(x, e - 2) * m1 + L(x, e - 1) * m2 + L(x, e) * m3 + v * m4;
    L(s2, e) -= v * bm1 + v * bm2 + v * bm3 + v * bm4;
    L(s2, e - 1) -= L(s2, e) * d1 + v * bm2 + v * bm3 + v * bm4;
    L(s2, e - 2) -= L(s2, e - 1) * d1 + L(s2, e) * d2 + v * bm3 + v * bm4;
    L(s2, e - 3) -= L(s2, e - 2) * d1 + L(s2, e - 1) * d2 + L(s2, e) * d3 + v * bm4;
  }
  for (size_t i = ln - 4; i > klo; i--)
    for (int b = 0; b < BLOCK; b++) {
      double t = L(x, i) * m1 + L(x, i + 1) * m2 + L(x, i + 2) * m3 + L(x, i + 3) * m4;
      t -= L(s2, i) * d1 + L(s2, i + 1) * d2 + L(s2, i + 2) * d3 + L(s2, i + 3) * d4;
      L(s2, i - 1) = t;
    }
  for (size_t i = klo; i < khi; i++)
    for (int b = 0; b < BLOCK; b++) L(s1, i) += L(s2, i);
#undef L
}

/* A strided view of voxels: element (i, j, k) at base + i st[0] + j st[1]
** + k st[2]; sources of any RmxScalar type, destinations float. */
typedef struct View { const void *src; float *dst; int type; size_t base, st[3]; } View;

static View view(const void *src, float *dst, int type, const size_t dim[3], size_t base) {
  View v = {src, dst, type, base, {1, dim[0], dim[0] * dim[1]}};
  return v;
}

/* Filters every line of src (dims sd) along axis with each of the nd
** coefficient sets c[k] and stores samples [klo, klo + kn) of each line,
** rounded to float as ITK's float images hold them, in dst[k] (dims sd with
** kn along axis; the views differ only in their array). The lines are read
** once for all nd. Every line is filtered whole, so the stored values equal
** a whole-image pass's. buf: 3 * BLOCK * sd[axis] doubles. */
static void pass(const View *src, const View *dst, const Coef *c, int nd, const size_t sd[3],
                 int axis, size_t klo, size_t kn, double *buf) {
  int a1 = axis == 0 ? 1 : 0, a2 = axis == 2 ? 1 : 2; /* the other axes, increasing */
  size_t ln = sd[axis], ss = src->st[axis], ds = dst->st[axis];
  size_t nlines = rmx_fc_count(sd) / ln;
  double *x = buf, *o = buf + ln * BLOCK, *s = buf + 2 * ln * BLOCK;
  size_t u = 0, w = 0; /* line l0's coordinates along a1 (fastest) and a2 */
  for (size_t l0 = 0; l0 < nlines; l0 += BLOCK) {
    int nb = nlines - l0 < BLOCK ? (int)(nlines - l0) : BLOCK;
    size_t sb[BLOCK], db[BLOCK];
    for (int b = 0; b < BLOCK; b++) {
      /* unused lanes repeat line l0 so that they hold finite values */
      if (b < nb) {
        sb[b] = src->base + u * src->st[a1] + w * src->st[a2];
        db[b] = dst->base + u * dst->st[a1] + w * dst->st[a2];
        if (++u == sd[a1]) u = 0, w++;
      } else {
        sb[b] = sb[0];
        db[b] = db[0];
      }
    }
    /* lines side by side in memory (along y or z: adjacent x) load as runs;
       otherwise (rows, along x) each line is read in order */
    int runs = nb == BLOCK && sb[BLOCK - 1] == sb[0] + (BLOCK - 1);
#define GATHER(T)                                                                    \
  {                                                                                  \
    const T *p = (const T *)src->src;                                                \
    if (runs)                                                                        \
      for (size_t i = 0; i < ln; i++)                                                \
        for (int b = 0; b < BLOCK; b++) x[i * BLOCK + (size_t)b] = (double)p[sb[0] + i * ss + (size_t)b]; \
    else                                                                             \
      for (int b = 0; b < BLOCK; b++)                                                \
        for (size_t i = 0; i < ln; i++) x[i * BLOCK + (size_t)b] = (double)p[sb[b] + i * ss]; \
  }                                                                                  \
  break
    switch (src->type) {
    case RMX_U8: GATHER(uint8_t);
    case RMX_I8: GATHER(int8_t);
    case RMX_U16: GATHER(uint16_t);
    case RMX_I16: GATHER(int16_t);
    case RMX_U32: GATHER(uint32_t);
    case RMX_I32: GATHER(int32_t);
    case RMX_U64: GATHER(uint64_t);
    case RMX_I64: GATHER(int64_t);
    case RMX_F32: GATHER(float);
    default: GATHER(double);
    }
#undef GATHER
    for (int k = 0; k < nd; k++) {
      filter_block(&c[k], o, x, s, ln, klo, klo + kn);
      float *d = dst[k].dst;
      for (size_t i = 0; i < kn; i++)
        for (int b = 0; b < nb; b++) d[db[b] + i * ds] = (float)o[(klo + i) * BLOCK + (size_t)b];
    }
  }
}

int rmx_fc_recursive_gauss_axis(const double *in, float *out, const size_t dim[3], int axis,
                                double sigma, int order, double spacing) {
  Coef c;
  if (dim[axis] < 4) return -1;
  setup(&c, sigma, spacing, order, 1);
  double *buf = malloc(3 * BLOCK * dim[axis] * sizeof *buf);
  if (!buf) return -2;
  View src = view(in, NULL, RMX_F64, dim, 0), dst = view(NULL, out, RMX_F32, dim, 0);
  pass(&src, &dst, &c, 1, dim, axis, 0, dim[axis], buf);
  free(buf);
  return 0;
}

/* One term of the Laplacian for ns sigmas, the 2nd derivative along d then
** smoothing along the other axes in increasing order (p2, p3), over the box
** only: per slice across p3, the passes along d (read straight from the
** typed input, once for all sigmas) and p2, lines within the slice kept
** over the box; then the pass along p3 over the box's (d, p2) columns. */
typedef struct Work { double *buf; float *t1[RMX_FC_LOG_SIGMAS], *t2[RMX_FC_LOG_SIGMAS]; } Work;

static void term(const void *in, int type, const size_t dim[3], const double spacing[3],
                 const double *sigma, int ns, const size_t lo[3], const size_t bn[3], int d,
                 Work *w, float *const *res) {
  int p2 = d == 0 ? 1 : 0, p3 = d == 2 ? 1 : 2;
  Coef c1[RMX_FC_LOG_SIGMAS], c2[RMX_FC_LOG_SIGMAS], c3[RMX_FC_LOG_SIGMAS];
  for (int k = 0; k < ns; k++) {
    setup(&c1[k], sigma[k], spacing[d], 2, 1);
    setup(&c2[k], sigma[k], spacing[p2], 0, 1);
    setup(&c3[k], sigma[k], spacing[p3], 0, 1);
  }
  size_t sd[3] = {dim[0], dim[1], dim[2]}; /* one slice across p3 */
  sd[p3] = 1;
  size_t s1[3] = {sd[0], sd[1], sd[2]}, td[3];
  s1[d] = bn[d];
  memcpy(td, s1, sizeof td); /* t2: the box along d and p2, whole along p3 */
  td[p2] = bn[p2];
  td[p3] = dim[p3];
  View t1w[RMX_FC_LOG_SIGMAS];
  for (int k = 0; k < ns; k++) t1w[k] = view(NULL, w->t1[k], RMX_F32, s1, 0);
  for (size_t q = 0; q < dim[p3]; q++) {
    View inq = view(in, NULL, type, dim, q * (p3 == 2 ? dim[0] * dim[1] : dim[0]));
    pass(&inq, t1w, c1, ns, sd, d, lo[d], bn[d], w->buf);
    for (int k = 0; k < ns; k++) {
      View t1r = view(w->t1[k], NULL, RMX_F32, s1, 0);
      View t2q = view(NULL, w->t2[k], RMX_F32, td, q * (p3 == 2 ? td[0] * td[1] : td[0]));
      pass(&t1r, &t2q, &c2[k], 1, s1, p2, lo[p2], bn[p2], w->buf);
    }
  }
  for (int k = 0; k < ns; k++) {
    View t2r = view(w->t2[k], NULL, RMX_F32, td, 0), out = view(NULL, res[k], RMX_F32, bn, 0);
    pass(&t2r, &out, &c3[k], 1, td, p3, lo[p3], bn[p3], w->buf);
  }
}

int rmx_fc_log_recursive_boxes(const void *in, int type, const size_t dim[3],
                               const double spacing[3], const double *sigma, int ns,
                               const size_t lo_[3], const size_t hi_[3], float *const *out) {
  size_t lo[3], bn[3], nmax = 0, smax = 0, tmax = 0;
  if (type < RMX_U8 || type > RMX_F64 || ns < 1 || ns > RMX_FC_LOG_SIGMAS) return -1;
  for (int a = 0; a < 3; a++) {
    if (dim[a] < 4) return -1;
    lo[a] = lo_ ? lo_[a] : 0;
    size_t hi = hi_ ? hi_[a] : dim[a];
    if (lo[a] >= hi || hi > dim[a]) return -1;
    bn[a] = hi - lo[a];
    if (dim[a] > nmax) nmax = dim[a];
  }
  /* largest slice, and t2 (box across two axes, whole along the third) */
  for (int p3 = 1; p3 < 3; p3++) {
    size_t s = dim[0] * (p3 == 2 ? dim[1] : dim[2]);
    if (s > smax) smax = s;
  }
  tmax = bn[0] * bn[1] * dim[2];
  if (bn[0] * dim[1] * bn[2] > tmax) tmax = bn[0] * dim[1] * bn[2];
  size_t nb = rmx_fc_count(bn);
  Work w;
  memset(&w, 0, sizeof w);
  float *t3[RMX_FC_LOG_SIGMAS] = {NULL};
  int rc = !(w.buf = malloc(3 * BLOCK * nmax * sizeof *w.buf)) ? -2 : 0;
  for (int k = 0; k < ns && !rc; k++)
    if (!(w.t1[k] = malloc(smax * sizeof *w.t1[k])) || !(w.t2[k] = malloc(tmax * sizeof *w.t2[k])) ||
        !(t3[k] = malloc(nb * sizeof *t3[k])))
      rc = -2;
  if (!rc) {
    for (int k = 0; k < ns; k++) memset(out[k], 0, nb * sizeof *out[k]);
    for (int d = 0; d < 3; d++) {
      term(in, type, dim, spacing, sigma, ns, lo, bn, d, &w, t3);
      double inv = 1.0 / (spacing[d] * spacing[d]);
      for (int k = 0; k < ns; k++)
        for (size_t i = 0; i < nb; i++)
          out[k][i] = (float)((double)out[k][i] + (double)t3[k][i] * inv);
    }
  }
  free(w.buf);
  for (int k = 0; k < ns; k++) {
    free(w.t1[k]);
    free(w.t2[k]);
    free(t3[k]);
  }
  return rc;
}

int rmx_fc_log_recursive_box(const void *in, int type, const size_t dim[3],
                             const double spacing[3], double sigma, const size_t lo[3],
                             const size_t hi[3], float *out) {
  return rmx_fc_log_recursive_boxes(in, type, dim, spacing, &sigma, 1, lo, hi, &out);
}

int rmx_fc_log_recursive(const double *in, const size_t dim[3], const double spacing[3],
                         double sigma, float *out) {
  return rmx_fc_log_recursive_box(in, RMX_F64, dim, spacing, sigma, NULL, NULL, out);
}
