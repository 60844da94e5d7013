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

/* One line: causal + anticausal passes, borders extended with the edge value. */
#define BLOCK 16 /* lines filtered together: their recursions overlap, loads run along x */

/* Causal + anticausal passes over nb <= BLOCK interleaved lines
** (x[i * BLOCK + b]), borders extended with the edge value, as ITK's
** FilterDataArray does one line; only outs[klo, khi) is formed (the causal
** pass stops at khi, the anticausal one at klo), each value by the same
** operations as for the whole line. ln >= 4. */
static void filter_block(const Coef *c, double *outs, const double *x, double *s2, size_t ln,
                         int nb, size_t klo, size_t khi) {
#define L(a, i) a[(size_t)(i) * BLOCK + (size_t)b]
  for (int b = 0; b < nb; b++) {
    double *s1 = outs, v = L(x, 0);
    L(s1, 0) = v * c->n0 + v * c->n1 + v * c->n2 + v * c->n3;
    L(s1, 1) = L(x, 1) * c->n0 + v * c->n1 + v * c->n2 + v * c->n3;
    L(s1, 2) = L(x, 2) * c->n0 + L(x, 1) * c->n1 + v * c->n2 + v * c->n3;
    L(s1, 3) = L(x, 3) * c->n0 + L(x, 2) * c->n1 + L(x, 1) * c->n2 + v * c->n3;
    L(s1, 0) -= v * c->bn1 + v * c->bn2 + v * c->bn3 + v * c->bn4;
    L(s1, 1) -= L(s1, 0) * c->d1 + v * c->bn2 + v * c->bn3 + v * c->bn4;
    L(s1, 2) -= L(s1, 1) * c->d1 + L(s1, 0) * c->d2 + v * c->bn3 + v * c->bn4;
    L(s1, 3) -= L(s1, 2) * c->d1 + L(s1, 1) * c->d2 + L(s1, 0) * c->d3 + v * c->bn4;
  }
  for (size_t i = 4; i < khi; i++)
    for (int b = 0; b < nb; b++) {
      double *s1 = outs;
      L(s1, i) = L(x, i) * c->n0 + L(x, i - 1) * c->n1 + L(x, i - 2) * c->n2 + L(x, i - 3) * c->n3;
      L(s1, i) -= L(s1, i - 1) * c->d1 + L(s1, i - 2) * c->d2 + L(s1, i - 3) * c->d3 +
                  L(s1, i - 4) * c->d4;
    }
  size_t e = ln - 1;
  for (int b = 0; b < nb; b++) {
    double v = L(x, e);
    L(s2, e) = v * c->m1 + v * c->m2 + v * c->m3 + v * c->m4;
    L(s2, e - 1) = L(x, e) * c->m1 + v * c->m2 + v * c->m3 + v * c->m4;
    L(s2, e - 2) = L(x, e - 1) * c->m1 + L(x, e) * c->m2 + v * c->m3 + v * c->m4;
    L(s2, e - 3) = L(x, e - 2) * c->m1 + L(x, e - 1) * c->m2 + L(x, e) * c->m3 + v * c->m4;
    L(s2, e) -= v * c->bm1 + v * c->bm2 + v * c->bm3 + v * c->bm4;
    L(s2, e - 1) -= L(s2, e) * c->d1 + v * c->bm2 + v * c->bm3 + v * c->bm4;
    L(s2, e - 2) -= L(s2, e - 1) * c->d1 + L(s2, e) * c->d2 + v * c->bm3 + v * c->bm4;
    L(s2, e - 3) -= L(s2, e - 2) * c->d1 + L(s2, e - 1) * c->d2 + L(s2, e) * c->d3 + v * c->bm4;
  }
  for (size_t i = ln - 4; i > klo; i--)
    for (int b = 0; b < nb; b++) {
      L(s2, i - 1) = L(x, i) * c->m1 + L(x, i + 1) * c->m2 + L(x, i + 2) * c->m3 + L(x, i + 3) * c->m4;
      L(s2, i - 1) -= L(s2, i) * c->d1 + L(s2, i + 1) * c->d2 + L(s2, i + 2) * c->d3 +
                      L(s2, i + 3) * c->d4;
    }
  for (size_t i = klo; i < khi; i++)
    for (int b = 0; b < nb; b++) L(outs, i) += L(s2, i);
#undef L
}

/* Filters every line of src (dims sd; double din or float fin) along axis
** and stores samples [klo, klo + kn) of each, rounded to float as ITK's
** float images hold them, in dst (dims sd with kn along axis). Every line
** is filtered whole, so the stored values equal a whole-image pass's.
** buf: 3 * BLOCK * sd[axis] doubles. */
static void pass(const double *din, const float *fin, float *dst, const size_t sd[3], int axis,
                 size_t klo, size_t kn, const Coef *c, double *buf) {
  size_t ln = sd[axis], ss = axis == 0 ? 1 : axis == 1 ? sd[0] : sd[0] * sd[1];
  size_t dd[3] = {sd[0], sd[1], sd[2]};
  dd[axis] = kn;
  size_t ds = axis == 0 ? 1 : axis == 1 ? dd[0] : dd[0] * dd[1];
  size_t nlines = rmx_fc_count(sd) / ln;
  double *x = buf, *o = buf + ln * BLOCK, *s = buf + 2 * ln * BLOCK;
  for (size_t l0 = 0; l0 < nlines; l0 += BLOCK) {
    int nb = nlines - l0 < BLOCK ? (int)(nlines - l0) : BLOCK;
    size_t sb[BLOCK], db[BLOCK];
    for (int b = 0; b < nb; b++) {
      /* line l: the other two coordinates (u, w), the lower axis fastest */
      size_t l = l0 + (size_t)b, u = axis == 0 ? 0 : l % sd[0], w = axis == 0 ? l : l / sd[0];
      sb[b] = axis == 0 ? w * sd[0] : axis == 1 ? u + w * sd[0] * sd[1] : u + w * sd[0];
      db[b] = axis == 0 ? w * dd[0] : axis == 1 ? u + w * dd[0] * dd[1] : u + w * dd[0];
    }
    if (din)
      for (size_t i = 0; i < ln; i++)
        for (int b = 0; b < nb; b++) x[i * BLOCK + (size_t)b] = din[sb[b] + i * ss];
    else
      for (size_t i = 0; i < ln; i++)
        for (int b = 0; b < nb; b++) x[i * BLOCK + (size_t)b] = (double)fin[sb[b] + i * ss];
    filter_block(c, o, x, s, ln, nb, klo, klo + kn);
    for (size_t i = 0; i < kn; i++)
      for (int b = 0; b < nb; b++) dst[db[b] + i * ds] = (float)o[(klo + i) * BLOCK + (size_t)b];
  }
}

int rmx_fc_recursive_gauss_axis(const double *in, float *out, const size_t dim[3], int axis,
                                double sigma, int order, double spacing) {
  Coef c;
  if (dim[axis] < 4) return -1;
  setup(&c, sigma, spacing, order, 1);
  double *buf = malloc(3 * BLOCK * dim[axis] * sizeof *buf);
  if (!buf) return -2;
  pass(in, NULL, out, dim, axis, 0, dim[axis], &c, buf);
  free(buf);
  return 0;
}

/* One term of the Laplacian, the 2nd derivative along d then smoothing along
** the other axes in increasing order (p2, p3), over the box only: per slice
** across p3, the passes along d and p2 (lines within the slice, kept over
** the box), then the pass along p3 over the box's (d, p2) columns. */
typedef struct Work { double *slice, *buf; float *t1, *t2, *t3, *tslab; } Work;

static void term(const void *in, int type, const size_t dim[3], const double spacing[3],
                 double sigma, const size_t lo[3], const size_t bn[3], int d, Work *w,
                 float *res) {
  int p2 = d == 0 ? 1 : 0, p3 = d == 2 ? 1 : 2;
  Coef c1, c2, c3;
  setup(&c1, sigma, spacing[d], 2, 1);
  setup(&c2, sigma, spacing[p2], 0, 1);
  setup(&c3, sigma, spacing[p3], 0, 1);
  size_t sd[3] = {dim[0], dim[1], dim[2]}; /* one slice across p3 */
  sd[p3] = 1;
  size_t s1[3] = {sd[0], sd[1], sd[2]}, s2[3], td[3];
  s1[d] = bn[d];
  memcpy(s2, s1, sizeof s2);
  s2[p2] = bn[p2];
  memcpy(td, s2, sizeof td);
  td[p3] = dim[p3];
  size_t nslab = rmx_fc_count(s2);
  for (size_t q = 0; q < dim[p3]; q++) {
    /* the input slice as doubles (x fastest), read by scalar type */
    if (p3 == 2) rmx_fc_read_double(in, type, q * dim[0] * dim[1], dim[0] * dim[1], w->slice);
    else
      for (size_t k = 0; k < dim[2]; k++)
        rmx_fc_read_double(in, type, dim[0] * (q + dim[1] * k), dim[0], w->slice + k * dim[0]);
    pass(w->slice, NULL, w->t1, sd, d, lo[d], bn[d], &c1, w->buf);
    if (p3 == 2) {
      pass(NULL, w->t1, w->t2 + q * nslab, s1, p2, lo[p2], bn[p2], &c2, w->buf);
    } else { /* slice y = q of t2 (bn0 x dim1 x bn2) is strided */
      pass(NULL, w->t1, w->tslab, s1, p2, lo[p2], bn[p2], &c2, w->buf);
      for (size_t k = 0; k < bn[2]; k++)
        memcpy(w->t2 + bn[0] * (q + dim[1] * k), w->tslab + k * bn[0], bn[0] * sizeof *w->t2);
    }
  }
  pass(NULL, w->t2, res, td, p3, lo[p3], bn[p3], &c3, w->buf);
}

int rmx_fc_log_recursive_box(const void *in, int type, const size_t dim[3],
                             const double spacing[3], double sigma, const size_t lo_[3],
                             const size_t hi_[3], float *out) {
  size_t lo[3], bn[3], nmax = 0, smax = 0, tmax = 0;
  if (type < RMX_U8 || type > RMX_F64) return -1;
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
  w.slice = malloc(smax * sizeof *w.slice);
  w.buf = malloc(3 * BLOCK * nmax * sizeof *w.buf);
  w.t1 = malloc(smax * sizeof *w.t1);
  w.tslab = malloc(smax * sizeof *w.tslab);
  w.t2 = malloc(tmax * sizeof *w.t2);
  w.t3 = malloc(nb * sizeof *w.t3);
  int rc = 0;
  if (!w.slice || !w.buf || !w.t1 || !w.tslab || !w.t2 || !w.t3) rc = -2;
  else {
    memset(out, 0, nb * sizeof *out);
    for (int d = 0; d < 3; d++) {
      term(in, type, dim, spacing, sigma, lo, bn, d, &w, w.t3);
      double inv = 1.0 / (spacing[d] * spacing[d]);
      for (size_t i = 0; i < nb; i++) out[i] = (float)((double)out[i] + (double)w.t3[i] * inv);
    }
  }
  free(w.slice);
  free(w.buf);
  free(w.t1);
  free(w.tslab);
  free(w.t2);
  free(w.t3);
  return rc;
}

int rmx_fc_log_recursive(const double *in, const size_t dim[3], const double spacing[3],
                         double sigma, float *out) {
  return rmx_fc_log_recursive_box(in, RMX_F64, dim, spacing, sigma, NULL, NULL, out);
}
