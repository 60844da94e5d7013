/* stats.h: two-sample tests (Mann-Whitney U, as SciPy 1.10 computes it). */
#ifndef RMX_HOST_STATS_H
#define RMX_HOST_STATS_H

#include <glib.h>

typedef enum RmxMwuMethod {
  RMX_MWU_AUTO = 0,       /* exact when both n <= 8 and no ties, else asymptotic */
  RMX_MWU_ASYMPTOTIC = 1, /* normal approximation, tie-corrected sigma */
  RMX_MWU_EXACT = 2       /* permutation distribution of U (ignores ties, as SciPy) */
} RmxMwuMethod;

typedef enum RmxMwuAlternative {
  RMX_MWU_TWO_SIDED = 0,
  RMX_MWU_GREATER = 1, /* the first sample tends to be larger */
  RMX_MWU_LESS = 2
} RmxMwuAlternative;

typedef struct RmxMannWhitney {
  size_t n1, n2;
  double u1;        /* U of the first sample: R1 - n1(n1+1)/2, mid-ranks for ties */
  double u2;        /* n1 n2 - u1 */
  double r1;        /* rank sum of the first sample */
  double tie_term;  /* sum over tie groups of t^3 - t */
  double sigma, z;  /* of the normal approximation (always filled); z uses the
                       U of the alternative: max(u1, u2), u1 or u2 */
  double p;         /* p-value of the method used for the alternative */
  int method_used;  /* RMX_MWU_ASYMPTOTIC or RMX_MWU_EXACT */
} RmxMannWhitney;

int rmx_mwu_method_from_name(const char *name); /* "auto", "asymptotic", "exact"; -1 if unknown */
const char *rmx_mwu_method_name(int method);
/* "two-sided", "greater", "less"; -1 if unknown */
int rmx_mwu_alternative_from_name(const char *name);

/* Test of x against y (scipy.stats.mannwhitneyu). NaN values and empty
 * samples are errors. */
gboolean rmx_mannwhitneyu(const double *x, size_t n1, const double *y, size_t n2, int method,
                          gboolean continuity, int alternative, RmxMannWhitney *out, GError **err);
/* P(U >= u) under H0 without ties, for samples of sizes n1, n2. */
double rmx_mwu_exact_sf(double u, size_t n1, size_t n2);

#endif
