/* boost.c: second-order gradient boosting of the log-loss (xgboost's exact greedy scheme), used for gain importances. */
#include "ml_ensemble.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int rmx_boost_gain(const RmxMatrix *X, const double *y, const RmxBoostOpts *o, double *gain,
                   double *n_splits) {
  size_t n = X->rows, p = X->cols;
  double *m = calloc(n, sizeof *m), *t = malloc(n * sizeof *t), *h = malloc(n * sizeof *h);
  double *total = calloc(p ? p : 1, sizeof *total), *cnt = calloc(p ? p : 1, sizeof *cnt);
  int rc = RMX_ERR_NOMEM;
  RmxTree tree;
  uint32_t *order = NULL;
  rmx_tree_init(&tree);
  if (!m || !t || !h || !total || !cnt) goto out;
  RmxRng rng;
  rmx_rng_seed(&rng, o->seed, 0);
  /* weights h and targets -g/h make the squared-error split score
   * G_L^2/(H_L+lambda) + G_R^2/(H_R+lambda) and the leaf -G/(H+lambda) */
  RmxTreeOpts to = {RMX_CRIT_MSE, o->max_depth, 2, 1, 0, 0, o->lambda, o->min_child_weight, NULL};
  order = rmx_tree_presort(X);
  to.presorted = order;
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
  free(m);
  free(t);
  free(h);
  free(total);
  free(cnt);
  return rc;
}
