/* stats.c: Mann-Whitney U test, asymptotic (tie-corrected) and exact. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "volume.h" /* RMX_ERROR */

int rmx_mwu_method_from_name(const char *name) {
  if (strcmp(name, "auto") == 0) return RMX_MWU_AUTO;
  if (strcmp(name, "asymptotic") == 0) return RMX_MWU_ASYMPTOTIC;
  if (strcmp(name, "exact") == 0) return RMX_MWU_EXACT;
  return -1;
}

int rmx_mwu_alternative_from_name(const char *name) {
  if (strcmp(name, "two-sided") == 0) return RMX_MWU_TWO_SIDED;
  if (strcmp(name, "greater") == 0) return RMX_MWU_GREATER;
  if (strcmp(name, "less") == 0) return RMX_MWU_LESS;
  return -1;
}

const char *rmx_mwu_method_name(int method) {
  return method == RMX_MWU_EXACT ? "exact" : method == RMX_MWU_ASYMPTOTIC ? "asymptotic" : "auto";
}

typedef struct Obs { double v; int first; } Obs;

static int by_value(const void *a, const void *b) {
  double x = ((const Obs *)a)->v, y = ((const Obs *)b)->v;
  return (x > y) - (x < y);
}

/*
 * Null distribution of U without ties: the coefficients of the Gaussian
 * binomial [n1+n2 choose m]_q = prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i),
 * m = min(n1, n2), built one factor at a time (every intermediate is a
 * polynomial with integer coefficients; exact while they stay below 2^53,
 * and the small tail coefficients that matter for small p stay exact).
 */
double rmx_mwu_exact_sf(double u, size_t n1, size_t n2) {
  size_t m = n1 < n2 ? n1 : n2, n = n1 < n2 ? n2 : n1, deg = m * n;
  if (u <= 0) return 1.0;
  if (u > (double)deg) return 0.0;
  double *c = g_new0(double, deg + 1);
  c[0] = 1;
  for (size_t i = 1; i <= m; i++) {
    size_t top = i * n; /* degree after this factor */
    for (size_t d = top; d >= n + i; d--) c[d] -= c[d - n - i];
    for (size_t d = i; d <= top; d++) c[d] += c[d - i];
  }
  /* SciPy truncates U to an integer, then P(U >= k) = P(U <= deg - k) by symmetry. */
  size_t k = (size_t)u, lim = deg - k;
  double lo = 0, total = 0;
  for (size_t d = 0; d <= deg; d++) {
    total += c[d];
    if (d <= lim) lo += c[d];
  }
  g_free(c);
  return lo / total;
}

gboolean rmx_mannwhitneyu(const double *x, size_t n1, const double *y, size_t n2, int method,
                          gboolean continuity, int alternative, RmxMannWhitney *out, GError **err) {
  memset(out, 0, sizeof *out);
  if (n1 == 0 || n2 == 0) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "mannwhitneyu: both samples need values (sizes %zu and %zu)", n1, n2);
    return FALSE;
  }
  if (method != RMX_MWU_AUTO && method != RMX_MWU_ASYMPTOTIC && method != RMX_MWU_EXACT) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "mannwhitneyu: unknown method %d", method);
    return FALSE;
  }
  if (alternative != RMX_MWU_TWO_SIDED && alternative != RMX_MWU_GREATER && alternative != RMX_MWU_LESS) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "mannwhitneyu: unknown alternative %d", alternative);
    return FALSE;
  }
  size_t n = n1 + n2;
  Obs *o = g_new(Obs, n);
  for (size_t i = 0; i < n; i++) {
    double v = i < n1 ? x[i] : y[i - n1];
    if (isnan(v)) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "mannwhitneyu: sample %d has NaN at #%zu",
                  i < n1 ? 1 : 2, (i < n1 ? i : i - n1) + 1);
      g_free(o);
      return FALSE;
    }
    o[i] = (Obs){v, i < n1};
  }
  qsort(o, n, sizeof *o, by_value);
  double r1 = 0, tie_term = 0;
  gboolean ties = FALSE;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j + 1 < n && o[j + 1].v == o[i].v) j++;
    double t = (double)(j - i + 1), mid = (double)(i + j) / 2 + 1; /* 1-based mid-rank */
    for (size_t k = i; k <= j; k++)
      if (o[k].first) r1 += mid;
    if (t > 1) ties = TRUE;
    tie_term += t * t * t - t;
    i = j + 1;
  }
  g_free(o);
  double N1 = (double)n1, N2 = (double)n2, N = (double)n;
  out->n1 = n1;
  out->n2 = n2;
  out->r1 = r1;
  out->u1 = r1 - N1 * (N1 + 1) / 2;
  out->u2 = N1 * N2 - out->u1;
  out->tie_term = tie_term;
  /* SciPy: U1 for 'greater', U2 for 'less' (the symmetric tail), the larger
   * one, with the tail doubled, for two-sided. */
  double u = alternative == RMX_MWU_GREATER ? out->u1
           : alternative == RMX_MWU_LESS    ? out->u2
           : (out->u1 > out->u2 ? out->u1 : out->u2);
  double tails = alternative == RMX_MWU_TWO_SIDED ? 2 : 1;
  out->sigma = sqrt(N1 * N2 / 12 * ((N + 1) - tie_term / (N * (N - 1))));
  out->z = (u - N1 * N2 / 2 - (continuity ? 0.5 : 0)) / out->sigma;
  if (method == RMX_MWU_AUTO)
    method = (n1 > 8 && n2 > 8) || ties ? RMX_MWU_ASYMPTOTIC : RMX_MWU_EXACT;
  out->method_used = method;
  if (method == RMX_MWU_EXACT) {
    /* C(n1+n2, n1) must stay far from overflow for the counts. */
    if (lgamma(N + 1) - lgamma(N1 + 1) - lgamma(N2 + 1) > 690) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                  "mannwhitneyu: samples of %zu and %zu are too large for the exact method; use 'asymptotic'", n1, n2);
      return FALSE;
    }
    out->p = tails * rmx_mwu_exact_sf(u, n1, n2);
  } else {
    out->p = tails * 0.5 * erfc(out->z / sqrt(2.0)); /* normal upper tail */
  }
  if (out->p > 1) out->p = 1;
  return TRUE;
}
