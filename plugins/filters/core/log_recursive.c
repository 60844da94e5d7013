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
static void filter_line(const Coef *c, double *outs, const double *x, double *s2, size_t ln) {
  double *s1 = outs, v = x[0];
  s1[0] = v * c->n0 + v * c->n1 + v * c->n2 + v * c->n3;
  s1[1] = x[1] * c->n0 + v * c->n1 + v * c->n2 + v * c->n3;
  s1[2] = x[2] * c->n0 + x[1] * c->n1 + v * c->n2 + v * c->n3;
  s1[3] = x[3] * c->n0 + x[2] * c->n1 + x[1] * c->n2 + v * c->n3;
  s1[0] -= v * c->bn1 + v * c->bn2 + v * c->bn3 + v * c->bn4;
  s1[1] -= s1[0] * c->d1 + v * c->bn2 + v * c->bn3 + v * c->bn4;
  s1[2] -= s1[1] * c->d1 + s1[0] * c->d2 + v * c->bn3 + v * c->bn4;
  s1[3] -= s1[2] * c->d1 + s1[1] * c->d2 + s1[0] * c->d3 + v * c->bn4;
  for (size_t i = 4; i < ln; i++) {
    s1[i] = x[i] * c->n0 + x[i - 1] * c->n1 + x[i - 2] * c->n2 + x[i - 3] * c->n3;
    s1[i] -= s1[i - 1] * c->d1 + s1[i - 2] * c->d2 + s1[i - 3] * c->d3 + s1[i - 4] * c->d4;
  }
  size_t e = ln - 1;
  v = x[e];
  s2[e] = v * c->m1 + v * c->m2 + v * c->m3 + v * c->m4;
  s2[e - 1] = x[e] * c->m1 + v * c->m2 + v * c->m3 + v * c->m4;
  s2[e - 2] = x[e - 1] * c->m1 + x[e] * c->m2 + v * c->m3 + v * c->m4;
  s2[e - 3] = x[e - 2] * c->m1 + x[e - 1] * c->m2 + x[e] * c->m3 + v * c->m4;
  s2[e] -= v * c->bm1 + v * c->bm2 + v * c->bm3 + v * c->bm4;
  s2[e - 1] -= s2[e] * c->d1 + v * c->bm2 + v * c->bm3 + v * c->bm4;
  s2[e - 2] -= s2[e - 1] * c->d1 + s2[e] * c->d2 + v * c->bm3 + v * c->bm4;
  s2[e - 3] -= s2[e - 2] * c->d1 + s2[e - 1] * c->d2 + s2[e] * c->d3 + v * c->bm4;
  for (size_t i = ln - 4; i > 0; i--) {
    s2[i - 1] = x[i] * c->m1 + x[i + 1] * c->m2 + x[i + 2] * c->m3 + x[i + 3] * c->m4;
    s2[i - 1] -= s2[i] * c->d1 + s2[i + 1] * c->d2 + s2[i + 2] * c->d3 + s2[i + 3] * c->d4;
  }
  for (size_t i = 0; i < ln; i++) outs[i] += s2[i];
}

#define BLOCK 16 /* lines filtered together: contiguous loads across x */

/* filter_line on nb interleaved lines (x[i*BLOCK + b]): the same operations
** per line, so results are bit-identical to one line at a time. */
static void filter_block(const Coef *c, double *outs, const double *x, double *s2, size_t ln,
                         int nb) {
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
  for (size_t i = 4; i < ln; i++)
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
  for (size_t i = ln - 4; i > 0; i--)
    for (int b = 0; b < nb; b++) {
      L(s2, i - 1) = L(x, i) * c->m1 + L(x, i + 1) * c->m2 + L(x, i + 2) * c->m3 + L(x, i + 3) * c->m4;
      L(s2, i - 1) -= L(s2, i) * c->d1 + L(s2, i + 1) * c->d2 + L(s2, i + 2) * c->d3 +
                      L(s2, i + 3) * c->d4;
    }
  for (size_t i = 0; i < ln; i++)
    for (int b = 0; b < nb; b++) L(outs, i) += L(s2, i);
#undef L
}

/* Filters every line along axis; input is double (din) or float (fin).
** Lines along y and z go in blocks of adjacent x, so memory is read in runs. */
static int pass(const double *din, const float *fin, float *out, const size_t dim[3], int axis,
                const Coef *c) {
  size_t ln = dim[axis], stride = axis == 0 ? 1 : axis == 1 ? dim[0] : dim[0] * dim[1];
  size_t total = rmx_fc_count(dim), nlines = total / ln;
  if (axis == 0) {
    double *buf = malloc(3 * ln * sizeof *buf);
    if (!buf) return -2;
    double *x = buf, *o = buf + ln, *s = buf + 2 * ln;
    for (size_t l = 0; l < nlines; l++) {
      size_t base = l * dim[0];
      for (size_t i = 0; i < ln; i++) x[i] = din ? din[base + i] : (double)fin[base + i];
      filter_line(c, o, x, s, ln);
      for (size_t i = 0; i < ln; i++) out[base + i] = (float)o[i];
    }
    free(buf);
    return 0;
  }
  double *buf = malloc(3 * ln * BLOCK * sizeof *buf);
  if (!buf) return -2;
  double *x = buf, *o = buf + ln * BLOCK, *s = buf + 2 * ln * BLOCK;
  for (size_t l = 0; l < nlines;) {
    /* lines l .. l+nb-1 start at consecutive x */
    size_t base, room;
    if (axis == 1) {
      base = (l % dim[0]) + (l / dim[0]) * dim[0] * dim[1];
      room = dim[0] - l % dim[0];
    } else {
      base = l;
      room = nlines - l;
    }
    int nb = room < BLOCK ? (int)room : BLOCK;
    for (size_t i = 0; i < ln; i++)
      for (int b = 0; b < nb; b++)
        x[i * BLOCK + (size_t)b] = din ? din[base + i * stride + (size_t)b]
                                       : (double)fin[base + i * stride + (size_t)b];
    filter_block(c, o, x, s, ln, nb);
    for (size_t i = 0; i < ln; i++)
      for (int b = 0; b < nb; b++) out[base + i * stride + (size_t)b] = (float)o[i * BLOCK + (size_t)b];
    l += (size_t)nb;
  }
  free(buf);
  return 0;
}

int rmx_fc_recursive_gauss_axis(const double *in, float *out, const size_t dim[3], int axis,
                                double sigma, int order, double spacing) {
  Coef c;
  if (dim[axis] < 4) return -1;
  setup(&c, sigma, spacing, order, 1);
  return pass(in, NULL, out, dim, axis, &c);
}

int rmx_fc_log_recursive(const double *in, const size_t dim[3], const double spacing[3],
                         double sigma, float *out) {
  for (int a = 0; a < 3; a++)
    if (dim[a] < 4) return -1;
  size_t n = rmx_fc_count(dim);
  float *t = malloc(n * sizeof *t), *u = malloc(n * sizeof *u);
  if (!t || !u) { free(t); free(u); return -2; }
  memset(out, 0, n * sizeof *out);
  int rc = 0;
  for (int d = 0; d < 3 && !rc; d++) {
    Coef c;
    setup(&c, sigma, spacing[d], 2, 1);
    rc = pass(in, NULL, t, dim, d, &c);
    /* smoothing along the other axes, in increasing order */
    float *src = t, *dst = u;
    for (int a = 0; a < 3 && !rc; a++) {
      if (a == d) continue;
      setup(&c, sigma, spacing[a], 0, 1);
      rc = pass(NULL, src, dst, dim, a, &c);
      float *tmp = src; src = dst; dst = tmp;
    }
    if (rc) break;
    double inv = 1.0 / (spacing[d] * spacing[d]);
    for (size_t i = 0; i < n; i++) out[i] = (float)((double)out[i] + (double)src[i] * inv);
  }
  free(t);
  free(u);
  return rc;
}
