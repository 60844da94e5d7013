/* scale.c: z-score and min-max scaling fitted on training rows only. */
#include "scale.h"

#include <float.h>
#include <math.h>

#include "volume.h" /* RMX_ERROR */

void rmx_scaler_free(RmxScaler *s) {
  if (!s) return;
  g_free(s->center);
  g_free(s->scale);
  g_free(s->var);
  g_free(s->n);
  g_free(s);
}

RmxScaler *rmx_scaler_fit(int kind, const RmxMatrix *x, const size_t *rows, size_t nrows,
                          GError **err) {
  if (kind != RMX_SCALE_ZSCORE && kind != RMX_SCALE_MINMAX) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "scaler: unknown kind %d", kind);
    return NULL;
  }
  if (!rows) nrows = x->rows;
  for (size_t i = 0; rows && i < nrows; i++)
    if (rows[i] >= x->rows) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "scaler: row %zu out of range (%zu rows)",
                  rows[i], x->rows);
      return NULL;
    }
  if (nrows == 0) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "scaler: no rows to fit on");
    return NULL;
  }
  size_t p = x->cols ? x->cols : 1;
  RmxScaler *s = g_new0(RmxScaler, 1);
  s->kind = kind;
  s->ncols = x->cols;
  s->center = g_new(double, p);
  s->scale = g_new(double, p);
  s->var = g_new(double, p);
  s->n = g_new(size_t, p);
  for (size_t c = 0; c < x->cols; c++) {
    const double *col = x->data + c * x->ld;
    double sum = 0, lo = INFINITY, hi = -INFINITY;
    size_t n = 0;
    for (size_t i = 0; i < nrows; i++) {
      double v = col[rows ? rows[i] : i];
      if (isnan(v)) continue;
      sum += v;
      n++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    s->n[c] = n;
    if (n == 0) {
      s->center[c] = NAN;
      s->scale[c] = 1;
      s->var[c] = NAN;
      continue;
    }
    double mean = sum / (double)n, ss = 0, corr = 0;
    /* Two-pass variance with the rounding-error correction term. */
    for (size_t i = 0; i < nrows; i++) {
      double v = col[rows ? rows[i] : i];
      if (isnan(v)) continue;
      ss += (v - mean) * (v - mean);
      corr += v - mean;
    }
    double var = (ss - corr * corr / (double)n) / (double)n;
    if (var < 0) var = 0;
    s->var[c] = var;
    if (kind == RMX_SCALE_ZSCORE) {
      /* A variance within round-off of zero (scikit-learn's bound) means constant. */
      double nd = (double)n, bound = nd * DBL_EPSILON * var + pow(nd * mean * DBL_EPSILON, 2);
      s->center[c] = mean;
      s->scale[c] = var <= bound ? 1.0 : sqrt(var);
    } else {
      double range = hi - lo;
      s->center[c] = lo;
      s->scale[c] = range < 10 * DBL_EPSILON ? 1.0 : range;
    }
  }
  return s;
}

gboolean rmx_scaler_apply(const RmxScaler *s, RmxMatrix *x, GError **err) {
  if (x->cols != s->ncols) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "scaler: fitted on %zu columns, got %zu",
                s->ncols, x->cols);
    return FALSE;
  }
  for (size_t c = 0; c < x->cols; c++) {
    double *col = x->data + c * x->ld, m = s->center[c], sc = s->scale[c];
    for (size_t r = 0; r < x->rows; r++) col[r] = (col[r] - m) / sc;
  }
  return TRUE;
}
