/* bootstrap.c: percentile bootstrap confidence intervals of the binary metrics. */
#include <math.h>
#include <stdlib.h>
#include <radiomix/plugin.h> /* RmxRng */

#include "metrics.h"
#include "volume.h" /* RMX_ERROR */

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* NumPy 1.24 'linear': virtual index m*q - q, and its two-sided lerp. */
double rmx_percentile_linear(const double *v, size_t m, double q) {
  if (m == 0) return NAN;
  double h = (double)m * q - q;
  if (h <= 0) return v[0];
  if (h >= (double)(m - 1)) return v[m - 1];
  size_t lo = (size_t)floor(h);
  double t = h - (double)lo, a = v[lo], b = v[lo + 1], d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

gboolean rmx_bootstrap_metrics(const double *y, const double *score, size_t n, double threshold,
                               const size_t *idx, size_t n_boot, size_t m, uint64_t seed,
                               double level, RmxBootstrapCI ci[RMX_METRIC_COUNT],
                               double *per_resample, GError **err) {
  if (n == 0 || n_boot == 0) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "bootstrap: need samples and resamples (n=%zu, resamples=%zu)", n, n_boot);
    return FALSE;
  }
  if (!(level > 0 && level < 1)) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "bootstrap: level must be in (0, 1), got %g", level);
    return FALSE;
  }
  if (!rmx_binary_check(y, score, n, "bootstrap", err)) return FALSE;
  if (!idx) m = n;
  for (size_t i = 0; idx && i < n_boot * m; i++)
    if (idx[i] >= n) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                  "bootstrap: resample #%zu draws position %zu (0-based), but there are %zu samples",
                  i / m + 1, idx[i], n);
      return FALSE;
    }
  double *vals = g_new(double, n_boot * RMX_METRIC_COUNT);
  double *yy = g_new(double, m ? m : 1), *ss = g_new(double, m ? m : 1);
  for (size_t b = 0; b < n_boot; b++) {
    RmxRng rng;
    rmx_rng_seed(&rng, seed, b);
    for (size_t j = 0; j < m; j++) {
      size_t k = idx ? idx[b * m + j] : (size_t)rmx_rng_below(&rng, n);
      yy[j] = y[k];
      ss[j] = score[k];
    }
    RmxBinaryMetrics bm;
    rmx_binary_metrics(yy, ss, m, threshold, &bm);
    for (int k = 0; k < RMX_METRIC_COUNT; k++) vals[b * RMX_METRIC_COUNT + k] = bm.v[k];
  }
  double *col = g_new(double, n_boot);
  for (int k = 0; k < RMX_METRIC_COUNT; k++) {
    size_t nv = 0;
    double sum = 0;
    for (size_t b = 0; b < n_boot; b++) {
      double v = vals[b * RMX_METRIC_COUNT + k];
      if (isnan(v)) continue;
      col[nv++] = v;
      sum += v;
    }
    qsort(col, nv, sizeof *col, cmp_double);
    RmxBootstrapCI *c = &ci[k];
    c->n_valid = nv;
    c->mean = nv ? sum / (double)nv : NAN;
    double ss2 = 0;
    for (size_t i = 0; i < nv; i++) ss2 += (col[i] - c->mean) * (col[i] - c->mean);
    c->sd = nv > 1 ? sqrt(ss2 / (double)(nv - 1)) : NAN;
    c->low = rmx_percentile_linear(col, nv, (1 - level) / 2);
    c->high = rmx_percentile_linear(col, nv, (1 + level) / 2);
  }
  if (per_resample)
    for (size_t i = 0; i < n_boot * RMX_METRIC_COUNT; i++) per_resample[i] = vals[i];
  g_free(col);
  g_free(yy);
  g_free(ss);
  g_free(vals);
  return TRUE;
}
