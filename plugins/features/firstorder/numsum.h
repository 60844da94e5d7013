/* numsum.h: summation and order statistics that reproduce numpy's rounding. */
#ifndef RMX_FIRSTORDER_NUMSUM_H
#define RMX_FIRSTORDER_NUMSUM_H

#include <stddef.h>

/* numpy's pairwise summation (add.reduce on a contiguous float64 array), so
 * means and moments round exactly as PyRadiomics' do. */
double rmx_fo_pairwise_sum(const double *a, size_t n);

/* s[rank[r]] = the value a full ascending sort of a[n] (no NaN) puts at
 * rank[r], for each r < nrank (other entries of s undefined; all of s sorted
 * when n < 64); nrank <= 12. 0, or -1 when out of memory. */
int rmx_fo_select(const double *a, size_t n, const size_t *rank, size_t nrank, double *s);

/* numpy.percentile(x, q) with the default linear method, on sorted data
 * (reads s[i], s[i + 1] and s[n - 1] for i = rmx_fo_percentile_rank(n, q)). */
double rmx_fo_percentile(const double *sorted, size_t n, double q);
size_t rmx_fo_percentile_rank(size_t n, double q);

#endif
