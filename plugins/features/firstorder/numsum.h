/* numsum.h: summation and order statistics that reproduce numpy's rounding. */
#ifndef RMX_FIRSTORDER_NUMSUM_H
#define RMX_FIRSTORDER_NUMSUM_H

#include <stddef.h>

/* numpy's pairwise summation (add.reduce on a contiguous float64 array), so
 * means and moments round exactly as PyRadiomics' do. */
double rmx_fo_pairwise_sum(const double *a, size_t n);

/* Sorts a (no NaN) ascending in place; 0, or -1 when out of memory. */
int rmx_fo_sort(double *a, size_t n);

/* numpy.percentile(x, q) with the default linear method, on sorted data. */
double rmx_fo_percentile(const double *sorted, size_t n, double q);

#endif
