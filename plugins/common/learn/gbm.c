/* gbm.c: gradient boosting for the log-loss (Friedman; scikit-learn's GradientBoostingClassifier scheme). */
#include "ml_ensemble.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void rmx_gbm_clear(RmxGbm *g) {
  for (size_t i = 0; i < g->n_trees; i++) rmx_tree_clear(&g->trees[i]);
  free(g->trees);
  memset(g, 0, sizeof *g);
}

int rmx_gbm_fit(RmxGbm *g, const RmxMatrix *X, const double *y, const double *sw,
                const RmxGbmOpts *o) {
  size_t n = X->rows;
  memset(g, 0, sizeof *g);
  g->trees = calloc(o->n_estimators ? o->n_estimators : 1, sizeof *g->trees);
  double *raw = malloc(n * sizeof *raw), *res = malloc(n * sizeof *res);
  double *w = malloc(n * sizeof *w), *num = NULL, *den = NULL;
  int32_t *leaf = malloc(n * sizeof *leaf);
  uint32_t *order = NULL;
  double *sorted_x = NULL;
  size_t *perm = malloc(n * sizeof *perm);
  int rc = RMX_ERR_NOMEM;
  if (!g->trees || !raw || !res || !w || !leaf || !perm) goto out;
  g->learning_rate = o->learning_rate;
  g->n_features = X->cols;
  double sp = 0, sa = 0;
  for (size_t i = 0; i < n; i++) {
    double s = sw ? sw[i] : 1.0;
    sp += s * y[i];
    sa += s;
  }
  double prior = sp / sa;
  if (!(prior > 0 && prior < 1)) {
    rc = RMX_ERR_INVALID;
    goto out;
  }
  g->init = log(prior / (1 - prior));
  for (size_t i = 0; i < n; i++) raw[i] = g->init;
  RmxRng rng;
  rmx_rng_seed(&rng, o->seed, 0);
  RmxTreeOpts to = {RMX_CRIT_MSE, o->max_depth, o->min_samples_split, o->min_samples_leaf,
                    o->max_features, 0, 0, 0, NULL, NULL};
  order = rmx_tree_presort(X); /* X is the same for every stage */
  to.presorted = order;
  sorted_x = order ? rmx_tree_presort_values(X, order) : NULL;
  to.presorted_x = sorted_x;
  size_t n_in = (size_t)(o->subsample * (double)n);
  if (n_in < 1) n_in = 1;
  if (n_in > n) n_in = n;
  for (size_t m = 0; m < o->n_estimators; m++) {
    for (size_t i = 0; i < n; i++) {
      res[i] = y[i] - rmx_ml_sigmoid(raw[i]);
      w[i] = sw ? sw[i] : 1.0;
    }
    if (n_in < n) { /* stochastic boosting: a subsample without replacement */
      for (size_t i = 0; i < n; i++) perm[i] = i;
      for (size_t i = 0; i < n_in; i++) {
        size_t r = i + (size_t)rmx_rng_below(&rng, n - i), t = perm[i];
        perm[i] = perm[r];
        perm[r] = t;
      }
      for (size_t i = n_in; i < n; i++) w[perm[i]] = 0;
    }
    RmxTree *t = &g->trees[m];
    rc = rmx_tree_fit(t, X, res, w, &to, &rng, leaf);
    if (rc != RMX_OK) goto out;
    g->n_trees = m + 1;
    /* Newton step per leaf: sum(w r) / sum(w p (1 - p)) */
    num = calloc(t->n_nodes, sizeof *num);
    den = calloc(t->n_nodes, sizeof *den);
    if (!num || !den) {
      rc = RMX_ERR_NOMEM;
      goto out;
    }
    for (size_t i = 0; i < n; i++) {
      if (leaf[i] < 0) continue;
      double pr = y[i] - res[i];
      num[leaf[i]] += w[i] * res[i];
      den[leaf[i]] += w[i] * pr * (1 - pr);
    }
    for (size_t k = 0; k < t->n_nodes; k++)
      if (t->left[k] < 0) t->value[k] = fabs(den[k]) < 1e-150 ? 0 : num[k] / den[k];
    free(num);
    free(den);
    num = den = NULL;
    for (size_t i = 0; i < n; i++) raw[i] += o->learning_rate * rmx_tree_predict_row(t, X, i);
  }
  rc = RMX_OK;
out:
  free(order);
  free(sorted_x);
  free(raw);
  free(res);
  free(w);
  free(leaf);
  free(perm);
  free(num);
  free(den);
  return rc;
}

void rmx_gbm_raw(const RmxGbm *g, const RmxMatrix *X, double *raw) {
  for (size_t r = 0; r < X->rows; r++) {
    double s = g->init;
    for (size_t m = 0; m < g->n_trees; m++)
      s += g->learning_rate * rmx_tree_predict_row(&g->trees[m], X, r);
    raw[r] = s;
  }
}

void rmx_gbm_save(RmxMlWriter *w, const RmxGbm *g) {
  rmx_ml_put_f64(w, g->init);
  rmx_ml_put_f64(w, g->learning_rate);
  rmx_ml_put_u64(w, g->n_trees);
  rmx_ml_put_u64(w, g->n_features);
  for (size_t i = 0; i < g->n_trees; i++) rmx_tree_save(w, &g->trees[i]);
}

int rmx_gbm_load(RmxMlReader *r, RmxGbm *g) {
  memset(g, 0, sizeof *g);
  g->init = rmx_ml_get_f64(r);
  g->learning_rate = rmx_ml_get_f64(r);
  size_t n = rmx_ml_get_count(r, r->left / 8);
  g->n_features = rmx_ml_get_count(r, 1u << 30);
  if (r->bad || n == 0) return -1;
  g->trees = calloc(n, sizeof *g->trees);
  if (!g->trees) return -1;
  for (size_t i = 0; i < n; i++) {
    g->n_trees = i + 1; /* counted before loading, so a failed tree is freed too */
    if (rmx_tree_load(r, &g->trees[i], g->n_features) != 0) return -1;
  }
  return 0;
}
