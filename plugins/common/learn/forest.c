/* forest.c: random forests and extra trees: per-tree seeded growth, averaged probabilities, MDI importances. */
#include "ml_ensemble.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

size_t rmx_ml_max_features(const char *name, size_t p) {
  if (!name || strcmp(name, "all") == 0) return p;
  if (strcmp(name, "sqrt") == 0) {
    size_t k = (size_t)floor(sqrt((double)p));
    return k ? k : 1;
  }
  if (strcmp(name, "log2") == 0) {
    size_t k = (size_t)floor(log2((double)p));
    return k ? k : 1;
  }
  return 0;
}

int rmx_forest_alloc(RmxForest *f, size_t n_trees, size_t n_features) {
  f->trees = calloc(n_trees ? n_trees : 1, sizeof *f->trees);
  f->n_trees = f->trees ? n_trees : 0;
  f->n_features = n_features;
  return f->trees ? 0 : -1;
}

void rmx_forest_clear(RmxForest *f) {
  for (size_t i = 0; i < f->n_trees; i++) rmx_tree_clear(&f->trees[i]);
  free(f->trees);
  memset(f, 0, sizeof *f);
}

int rmx_forest_fit_tree(RmxForest *f, size_t i, const RmxMatrix *X, const double *y,
                        const double *sw, const RmxForestOpts *o) {
  RmxRng rng;
  rmx_rng_seed(&rng, o->seed, (uint64_t)i);
  size_t n = X->rows;
  double *w = malloc((n ? n : 1) * sizeof *w);
  if (!w) return RMX_ERR_NOMEM;
  if (o->bootstrap) { /* n draws with replacement: counts become weights */
    memset(w, 0, n * sizeof *w);
    for (size_t k = 0; k < n; k++) w[rmx_rng_below(&rng, n)] += 1;
    if (sw)
      for (size_t k = 0; k < n; k++) w[k] *= sw[k];
  } else {
    for (size_t k = 0; k < n; k++) w[k] = sw ? sw[k] : 1.0;
  }
  int rc = rmx_tree_fit(&f->trees[i], X, y, w, &o->tree, &rng, NULL);
  free(w);
  return rc;
}

void rmx_forest_predict(const RmxForest *f, const RmxMatrix *X, double *proba) {
  for (size_t r = 0; r < X->rows; r++) {
    double s = 0;
    for (size_t i = 0; i < f->n_trees; i++) s += rmx_tree_predict_row(&f->trees[i], X, r);
    proba[r] = s / (double)f->n_trees;
  }
}

void rmx_forest_importance(const RmxForest *f, double *imp) {
  size_t p = f->n_features;
  double *t = calloc(p ? p : 1, sizeof *t), total = 0;
  memset(imp, 0, p * sizeof *imp);
  if (!t) return;
  for (size_t i = 0; i < f->n_trees; i++) {
    memset(t, 0, p * sizeof *t);
    rmx_tree_importance(&f->trees[i], t);
    double s = 0;
    for (size_t j = 0; j < p; j++) s += t[j];
    if (s > 0)
      for (size_t j = 0; j < p; j++) imp[j] += t[j] / s;
  }
  for (size_t j = 0; j < p; j++) total += imp[j];
  if (total > 0)
    for (size_t j = 0; j < p; j++) imp[j] /= total;
  free(t);
}

void rmx_forest_save(RmxMlWriter *w, const RmxForest *f) {
  rmx_ml_put_u64(w, f->n_trees);
  rmx_ml_put_u64(w, f->n_features);
  for (size_t i = 0; i < f->n_trees; i++) rmx_tree_save(w, &f->trees[i]);
}

int rmx_forest_load(RmxMlReader *r, RmxForest *f) {
  size_t n = rmx_ml_get_count(r, r->left / 8), p = rmx_ml_get_count(r, 1u << 30);
  if (r->bad || n == 0 || rmx_forest_alloc(f, n, p) != 0) return -1;
  for (size_t i = 0; i < n; i++)
    if (rmx_tree_load(r, &f->trees[i], p) != 0) return -1;
  return 0;
}
