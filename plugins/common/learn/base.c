/* base.c: matrix views, z-scoring, logistic helpers and (de)serialisation. */
#include "ml_base.h"

#include <cblas.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

RmxMatrix rmx_ml_view(double *data, size_t rows, size_t cols, size_t ld) {
  RmxMatrix m;
  memset(&m, 0, sizeof m);
  m.struct_size = sizeof m;
  m.rows = rows;
  m.cols = cols;
  m.ld = ld;
  m.data = data;
  return m;
}

void rmx_ml_zscore_fit(const RmxMatrix *X, const double *sw, double *mean, double *scale) {
  size_t n = X->rows;
  for (size_t j = 0; j < X->cols; j++) {
    double sw_sum = 0, s = 0;
    for (size_t i = 0; i < n; i++) {
      double w = sw ? sw[i] : 1.0;
      sw_sum += w;
      s += w * RMX_ML_AT(X, i, j);
    }
    double mu = sw_sum > 0 ? s / sw_sum : 0, v = 0;
    for (size_t i = 0; i < n; i++) {
      double d = RMX_ML_AT(X, i, j) - mu;
      v += (sw ? sw[i] : 1.0) * d * d;
    }
    v = sw_sum > 0 ? v / sw_sum : 0;
    /* scikit-learn's bound for a variance that is only round-off */
    double eps = DBL_EPSILON, nn = (double)n;
    double bound = nn * eps * v + (nn * mu * eps) * (nn * mu * eps);
    mean[j] = mu;
    scale[j] = (v <= bound || v == 0) ? 1.0 : sqrt(v);
  }
}

double *rmx_ml_zscore_apply(const RmxMatrix *X, const double *mean, const double *scale) {
  size_t n = X->rows, p = X->cols;
  size_t cnt = n * p;
  double *z = malloc((cnt ? cnt : 1) * sizeof *z);
  if (!z) return NULL;
  for (size_t j = 0; j < p; j++)
    for (size_t i = 0; i < n; i++) z[i + j * n] = (RMX_ML_AT(X, i, j) - mean[j]) / scale[j];
  return z;
}

double rmx_ml_log1pexp(double m) { return m > 0 ? m + log1p(exp(-m)) : log1p(exp(m)); }

double rmx_ml_sigmoid(double m) {
  if (m >= 0) return 1.0 / (1.0 + exp(-m));
  double e = exp(m);
  return e / (1.0 + e);
}

int rmx_ml_check_binary(const double *y, size_t n) {
  int seen0 = 0, seen1 = 0;
  for (size_t i = 0; i < n; i++) {
    if (y[i] == 0) seen0 = 1;
    else if (y[i] == 1) seen1 = 1;
    else return -1;
  }
  return seen0 && seen1 ? 0 : -1;
}

void rmx_ml_put(RmxMlWriter *w, const void *data, size_t len) {
  if (!w->bad && w->fn(w->user, data, len) != 0) w->bad = 1;
}
void rmx_ml_put_u64(RmxMlWriter *w, uint64_t v) { rmx_ml_put(w, &v, sizeof v); }
void rmx_ml_put_f64(RmxMlWriter *w, double v) { rmx_ml_put(w, &v, sizeof v); }
void rmx_ml_put_f64s(RmxMlWriter *w, const double *v, size_t n) {
  if (n) rmx_ml_put(w, v, n * sizeof *v);
}

int rmx_ml_get(RmxMlReader *r, void *data, size_t len) {
  if (r->bad || r->left < len) {
    r->bad = 1;
    memset(data, 0, len);
    return -1;
  }
  memcpy(data, r->p, len);
  r->p += len;
  r->left -= len;
  return 0;
}
uint64_t rmx_ml_get_u64(RmxMlReader *r) {
  uint64_t v;
  rmx_ml_get(r, &v, sizeof v);
  return v;
}
double rmx_ml_get_f64(RmxMlReader *r) {
  double v;
  rmx_ml_get(r, &v, sizeof v);
  return v;
}
uint64_t rmx_ml_get_count(RmxMlReader *r, uint64_t max) {
  uint64_t v = rmx_ml_get_u64(r);
  if (v > max) {
    r->bad = 1;
    return 0;
  }
  return v;
}
double *rmx_ml_get_f64s(RmxMlReader *r, size_t n) {
  if (r->bad || r->left / sizeof(double) < n) {
    r->bad = 1;
    return NULL;
  }
  double *v = malloc((n ? n : 1) * sizeof *v);
  if (!v) {
    r->bad = 1;
    return NULL;
  }
  rmx_ml_get(r, v, n * sizeof *v);
  return v;
}

void rmx_ml_blas_single_thread(void) { openblas_set_num_threads(1); }
