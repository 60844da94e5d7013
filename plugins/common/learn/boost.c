/* boost.c: second-order (xgboost-style) gradient boosting of the log-loss on quantile-binned features, for gain importances. */
#include "ml_ensemble.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_dbl(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : (x > y);
}

/* Bin index of every value: the distinct values when they are few, else
 * max_bins groups of equal row counts (ties never straddle a bin edge). */
static double *bin_columns(const RmxMatrix *X, size_t max_bins) {
  size_t n = X->rows, p = X->cols;
  double *B = malloc((n * p + 1) * sizeof *B), *v = malloc((n + 1) * sizeof *v);
  double *edge = malloc((n + 1) * sizeof *edge);
  if (!B || !v || !edge) {
    free(B);
    free(v);
    free(edge);
    return NULL;
  }
  for (size_t j = 0; j < p; j++) {
    for (size_t i = 0; i < n; i++) v[i] = RMX_ML_AT(X, i, j);
    qsort(v, n, sizeof *v, cmp_dbl);
    size_t nd = 0; /* distinct values */
    for (size_t i = 0; i < n; i++)
      if (i == 0 || v[i] != v[i - 1]) v[nd++] = v[i];
    size_t ne = 0; /* upper edges of the bins, ascending */
    if (nd <= max_bins) {
      for (size_t i = 0; i < nd; i++) edge[ne++] = v[i];
    } else {
      for (size_t b = 1; b <= max_bins; b++) {
        double e = v[(b * nd) / max_bins - 1];
        if (ne == 0 || e > edge[ne - 1]) edge[ne++] = e;
      }
    }
    for (size_t i = 0; i < n; i++) { /* first edge >= x */
      double x = RMX_ML_AT(X, i, j);
      size_t lo = 0, hi = ne - 1;
      while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (edge[mid] >= x) hi = mid;
        else lo = mid + 1;
      }
      B[i + j * n] = (double)lo;
    }
  }
  free(v);
  free(edge);
  return B;
}

int rmx_boost_gain(const RmxMatrix *X, const double *y, const RmxBoostOpts *o, double *gain,
                   double *n_splits) {
  size_t n = X->rows, p = X->cols;
  double *m = calloc(n, sizeof *m), *t = malloc(n * sizeof *t), *h = malloc(n * sizeof *h);
  double *total = calloc(p ? p : 1, sizeof *total), *cnt = calloc(p ? p : 1, sizeof *cnt);
  int rc = RMX_ERR_NOMEM;
  RmxTree tree;
  uint32_t *order = NULL;
  double *sorted_x = NULL;
  double *binned = NULL;
  rmx_tree_init(&tree);
  if (!m || !t || !h || !total || !cnt) goto out;
  RmxRng rng;
  rmx_rng_seed(&rng, o->seed, 0);
  RmxMatrix Xb_view;
  if (o->max_bins > 0) {
    binned = bin_columns(X, o->max_bins);
    if (!binned) goto out;
    Xb_view = rmx_ml_view(binned, n, p, n ? n : 1);
    X = &Xb_view;
  }
  /* weights h and targets -g/h make the squared-error split score
   * G_L^2/(H_L+lambda) + G_R^2/(H_R+lambda) and the leaf -G/(H+lambda) */
  RmxTreeOpts to = {RMX_CRIT_MSE, o->max_depth, 2, 1, 0, 0, o->lambda, o->min_child_weight, NULL, NULL};
  order = rmx_tree_presort(X);
  to.presorted = order;
  sorted_x = order ? rmx_tree_presort_values(X, order) : NULL;
  to.presorted_x = sorted_x;
  for (size_t k = 0; k < o->n_estimators; k++) {
    for (size_t i = 0; i < n; i++) {
      double pr = rmx_ml_sigmoid(m[i]), hh = pr * (1 - pr);
      h[i] = hh > 1e-16 ? hh : 1e-16;
      t[i] = -(pr - y[i]) / h[i];
      if (o->subsample < 1 && rmx_rng_uniform(&rng) >= o->subsample) h[i] = 0;
    }
    rc = rmx_tree_fit(&tree, X, t, h, &to, NULL, NULL);
    if (rc != RMX_OK) goto out;
    for (size_t q = 0; q < tree.n_nodes; q++)
      if (tree.left[q] >= 0) {
        total[tree.feature[q]] += tree.gain[q];
        cnt[tree.feature[q]] += 1;
      }
    for (size_t i = 0; i < n; i++) m[i] += o->eta * rmx_tree_predict_row(&tree, X, i);
  }
  for (size_t j = 0; j < p; j++) {
    gain[j] = cnt[j] > 0 ? total[j] / cnt[j] : 0;
    if (n_splits) n_splits[j] = cnt[j];
  }
  rc = RMX_OK;
out:
  rmx_tree_clear(&tree);
  free(order);
  free(sorted_x);
  free(binned);
  free(m);
  free(t);
  free(h);
  free(total);
  free(cnt);
  return rc;
}
