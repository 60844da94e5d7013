/* split.h: stratified train/test splits and k-fold assignments, optionally grouped. */
#ifndef RMX_HOST_SPLIT_H
#define RMX_HOST_SPLIT_H

#include <glib.h>
#include <stdint.h>

/*
 * Rows are stratified by label value (any finite numbers; NaN is an error).
 * When groups is given (one key per row, e.g. a patient id), every group
 * lands wholly on one side; a group is stratified by its majority label
 * (lowest label value on a tie). The same seed gives the same result.
 */

/* Marks ceil(test_fraction * n) rows (as near as groups allow) as test,
 * each class contributing in proportion to its size; a test_fraction >= 1
 * is a whole number of test rows instead (scikit-learn's test_size). */
gboolean rmx_split_stratified(const double *labels, const char *const *groups, size_t n,
                              double test_fraction, uint64_t seed, guint8 *is_test, GError **err);
/* Assigns fold[i] in 0..k-1; per class, fold sizes differ by at most one
 * (without groups). */
gboolean rmx_kfold_stratified(const double *labels, const char *const *groups, size_t n, size_t k,
                              uint64_t seed, int *fold, GError **err);

/* Splits stored in a column (e.g. splits.csv). 'what' names the column in errors.
 * is_test: every value must be 0 or 1. */
gboolean rmx_split_from_column(const double *col, size_t n, const char *what, guint8 *is_test,
                               GError **err);
/* Folds: integer values; a negative value means "in no fold". The distinct
 * non-negative values, ascending, become folds 0..k-1 (so 0..4 stay 0..4). */
gboolean rmx_folds_from_column(const double *col, size_t n, const char *what, int *fold,
                               size_t *k, GError **err);

#endif
