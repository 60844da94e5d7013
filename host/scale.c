/* scale.c: z-score and min-max scaling fitted on training rows only. */
#include "scale.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "volume.h" /* RMX_ERROR */

void rmx_scaler_free(RmxScaler *s) {
  if (!s) return;
  g_free(s->center);
  g_free(s->scale);
  g_free(s->var);
  g_free(s->n);
  g_free(s);
}

/* Column c's z-score from n values with mean, sum of squared deviations ss and
 * their sum corr: two-pass variance with the rounding-error correction term. */
static void set_zscore(RmxScaler *s, size_t c, size_t n, double mean, double ss, double corr) {
  double nd = (double)n, var = (ss - corr * corr / nd) / nd;
  if (var < 0) var = 0;
  s->n[c] = n;
  s->var[c] = var;
  /* A variance within round-off of zero (scikit-learn's bound) means constant. */
  double bound = nd * DBL_EPSILON * var + pow(nd * mean * DBL_EPSILON, 2);
  s->center[c] = mean;
  s->scale[c] = var <= bound ? 1.0 : sqrt(var);
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
  /* Columns four at a time: four independent running sums instead of one chain
   * waiting on the previous add (each column's sums still go row by row, so the
   * values are those of the one-column loop). A column whose sum comes out NaN
   * (a missing cell, or infinities) is redone by the one-column loop, which
   * skips NaN cells. */
  size_t *own = NULL, c = 0;
  const size_t *idx = rows;
  if (!idx) { /* all rows: an identity index keeps the loops free of a branch */
    own = g_new(size_t, nrows);
    for (size_t i = 0; i < nrows; i++) own[i] = i;
    idx = own;
  }
  for (; kind == RMX_SCALE_ZSCORE && c + 4 <= x->cols; c += 4) {
    const double *c0 = x->data + c * x->ld, *c1 = c0 + x->ld, *c2 = c1 + x->ld, *c3 = c2 + x->ld;
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (size_t i = 0; i < nrows; i++) {
      size_t r = idx[i];
      s0 += c0[r];
      s1 += c1[r];
      s2 += c2[r];
      s3 += c3[r];
    }
    if (isnan(s0) || isnan(s1) || isnan(s2) || isnan(s3)) break; /* the rest column by column */
    double nd = (double)nrows, m0 = s0 / nd, m1 = s1 / nd, m2 = s2 / nd, m3 = s3 / nd;
    double q0 = 0, q1 = 0, q2 = 0, q3 = 0, e0 = 0, e1 = 0, e2 = 0, e3 = 0;
    for (size_t i = 0; i < nrows; i++) {
      size_t r = idx[i];
      double d0 = c0[r] - m0, d1 = c1[r] - m1, d2 = c2[r] - m2, d3 = c3[r] - m3;
      q0 += d0 * d0;
      q1 += d1 * d1;
      q2 += d2 * d2;
      q3 += d3 * d3;
      e0 += d0;
      e1 += d1;
      e2 += d2;
      e3 += d3;
    }
    set_zscore(s, c, nrows, m0, q0, e0);
    set_zscore(s, c + 1, nrows, m1, q1, e1);
    set_zscore(s, c + 2, nrows, m2, q2, e2);
    set_zscore(s, c + 3, nrows, m3, q3, e3);
  }
  for (; c < x->cols; c++) {
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
    if (n == 0) {
      s->n[c] = 0;
      s->center[c] = NAN;
      s->scale[c] = 1;
      s->var[c] = NAN;
      continue;
    }
    double mean = sum / (double)n, ss = 0, corr = 0;
    for (size_t i = 0; i < nrows; i++) {
      double v = col[rows ? rows[i] : i];
      if (isnan(v)) continue;
      ss += (v - mean) * (v - mean);
      corr += v - mean;
    }
    if (kind == RMX_SCALE_ZSCORE) {
      set_zscore(s, c, n, mean, ss, corr);
    } else {
      double var = (ss - corr * corr / (double)n) / (double)n;
      s->n[c] = n;
      s->var[c] = var < 0 ? 0 : var;
      double range = hi - lo;
      s->center[c] = lo;
      s->scale[c] = range < 10 * DBL_EPSILON ? 1.0 : range;
    }
  }
  g_free(own);
  return s;
}

typedef double v2d __attribute__((vector_size(16)));

void rmx_scale_column(double *x, size_t n, double center, double scale) {
  /* two cells per vector (half the divisions' cost; each cell's value is the same) */
  v2d m = {center, center}, sc = {scale, scale};
  size_t r = 0;
  for (; r + 2 <= n; r += 2) {
    v2d v;
    memcpy(&v, x + r, sizeof v);
    v = (v - m) / sc;
    memcpy(x + r, &v, sizeof v);
  }
  for (; r < n; r++) x[r] = (x[r] - center) / scale;
}

gboolean rmx_scaler_apply(const RmxScaler *s, RmxMatrix *x, GError **err) {
  if (x->cols != s->ncols) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "scaler: fitted on %zu columns, got %zu",
                s->ncols, x->cols);
    return FALSE;
  }
  for (size_t c = 0; c < x->cols; c++) rmx_scale_column(x->data + c * x->ld, x->rows, s->center[c], s->scale[c]);
  return TRUE;
}
