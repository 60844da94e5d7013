/* forest.c: decision_tree, random_forest and extra_trees classifiers; trees grown with parallel_for, each seeded from (seed, tree index); TreeSHAP. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ml_ensemble.h"
#include "ml_plugin.h"

#define P_END {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0, 0}}
#define P_TREE(maxf)                                                                             \
  {"max_depth", RMX_PARAM_INT, RMX_PARAM_SEARCH | RMX_PARAM_NULLABLE, NULL, 1, 10000, NULL,      \
   "deepest level; unset: grow until pure", 1, 20, {0, 0}},                                     \
  {"min_samples_split", RMX_PARAM_INT, RMX_PARAM_SEARCH, "2", 2, 1e9, NULL,                      \
   "fewest rows a node needs to be split", 2, 20, {0, 0}},                                      \
  {"min_samples_leaf", RMX_PARAM_INT, RMX_PARAM_SEARCH, "1", 1, 1e9, NULL,                       \
   "fewest rows in a leaf", 1, 20, {0, 0}},                                                     \
  {"max_features", RMX_PARAM_STRING, RMX_PARAM_SEARCH, maxf, 0, 0, "sqrt|log2|all",              \
   "features tried per split", 0, 0, {0, 0}},                                                   \
  {"random_state", RMX_PARAM_INT, RMX_PARAM_NULLABLE, NULL, 0, 9.007199254740992e15, NULL,        \
   "seed (default: the run's seed)", 0, 0, {0, 0}}
#define P_FOREST(boot)                                                                           \
  {"n_estimators", RMX_PARAM_INT, RMX_PARAM_SEARCH, "100", 1, 100000, NULL, "number of trees",   \
   10, 500, {0, 0}},                                                                            \
  {"bootstrap", RMX_PARAM_BOOL, RMX_PARAM_SEARCH, boot, 0, 0, NULL,                             \
   "grow each tree on a bootstrap sample of the rows", 0, 0, {0, 0}}

static const RmxParamSpec tree_params[] = {P_TREE("all"), P_END};
static const RmxParamSpec rf_params[] = {P_TREE("sqrt"), P_FOREST("true"), P_END};
static const RmxParamSpec et_params[] = {P_TREE("sqrt"), P_FOREST("false"), P_END};

enum { DT = 0, RF = 1, ET = 2 };
static const char *const names[] = {"decision_tree", "random_forest", "extra_trees"};

static void model_free(void *m) {
  if (!m) return;
  rmx_forest_clear(m);
  free(m);
}

typedef struct Job {
  RmxForest *f;
  const RmxMatrix *X;
  const double *y, *sw;
  RmxForestOpts o;
} Job;

static int grow_one(RmxCtx *ctx, void *user, size_t i) {
  Job *j = user;
  if (rmx_host->cancelled(ctx)) return rmx_host->fail(ctx, RMX_ERR_CANCELLED, "cancelled");
  int rc = rmx_forest_fit_tree(j->f, i, j->X, j->y, j->sw, &j->o);
  return rc ? rmx_host->fail(ctx, rc, "tree %zu: out of memory", i) : RMX_OK;
}

static int fit_kind(RmxCtx *ctx, int kind, const RmxMatrix *X, const double *y, const double *sw,
                    void **out) {
  int rc = rmx_ml_check_fit(ctx, X, y, sw);
  if (rc) return rc;
  const char *mf = rmx_host->param_string(ctx, "max_features");
  Job j = {NULL, X, y, sw, {{RMX_CRIT_GINI, 0, 2, 1, 0, 0, 0, 0, NULL, NULL}, 1, 0, rmx_host->seed(ctx)}};
  if (rmx_host->param_is_set(ctx, "max_depth")) j.o.tree.max_depth = (int)rmx_host->param_int(ctx, "max_depth");
  j.o.tree.min_samples_split = (size_t)rmx_host->param_int(ctx, "min_samples_split");
  j.o.tree.min_samples_leaf = (size_t)rmx_host->param_int(ctx, "min_samples_leaf");
  j.o.tree.max_features = rmx_ml_max_features(mf, X->cols);
  j.o.tree.random_splits = kind == ET;
  if (kind != DT) {
    j.o.n_estimators = (size_t)rmx_host->param_int(ctx, "n_estimators");
    j.o.bootstrap = rmx_host->param_bool(ctx, "bootstrap");
  }
  RmxForest *f = calloc(1, sizeof *f);
  uint32_t *order = kind == ET ? NULL : rmx_tree_presort(X); /* shared, read-only */
  if (!f || (kind != ET && !order) || rmx_forest_alloc(f, j.o.n_estimators, X->cols) != 0) {
    free(f);
    free(order);
    return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  }
  j.o.tree.presorted = order;
  j.f = f;
  rc = rmx_host->parallel_for(ctx, j.o.n_estimators, grow_one, &j);
  free(order);
  if (rc) {
    model_free(f);
    return rc;
  }
  *out = f;
  return RMX_OK;
}

static int fit_dt(RmxCtx *c, const RmxMatrix *X, const double *y, const double *w, void **o) {
  return fit_kind(c, DT, X, y, w, o);
}
static int fit_rf(RmxCtx *c, const RmxMatrix *X, const double *y, const double *w, void **o) {
  return fit_kind(c, RF, X, y, w, o);
}
static int fit_et(RmxCtx *c, const RmxMatrix *X, const double *y, const double *w, void **o) {
  return fit_kind(c, ET, X, y, w, o);
}

static int predict(RmxCtx *ctx, const void *m_, const RmxMatrix *X, double *out) {
  const RmxForest *f = m_;
  int rc = rmx_ml_check_rows(ctx, X, f->n_features);
  if (!rc) rmx_forest_predict(f, X, out);
  return rc;
}

/* Mean over trees of exact tree SHAP of P(y=1): path-dependent without a
 * background, interventional against the background rows with one. */
static int shap(RmxCtx *ctx, const void *m_, const RmxMatrix *X, const RmxMatrix *bg, double *phi) {
  const RmxForest *f = m_;
  int rc = rmx_ml_check_rows(ctx, X, f->n_features);
  if (!rc && bg) rc = rmx_ml_check_rows(ctx, bg, f->n_features);
  if (rc) return rc;
  if (bg && bg->rows == 0) return rmx_host->fail(ctx, RMX_ERR_INVALID, "background has no rows");
  size_t p = f->n_features;
  double *row = malloc((p + 1) * sizeof *row), s = 1.0 / (double)f->n_trees;
  if (!row) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  for (size_t r = 0; r < X->rows; r++) {
    memset(row, 0, p * sizeof *row);
    double base = 0;
    for (size_t t = 0; t < f->n_trees; t++)
      base += s * (bg ? rmx_tree_shap_interventional(&f->trees[t], X, r, bg, s, row)
                      : rmx_tree_shap_path(&f->trees[t], X, r, s, row));
    for (size_t j = 0; j < p; j++) RMX_PHI(phi, X, r, j) = row[j];
    RMX_PHI(phi, X, r, p) = base;
  }
  free(row);
  return RMX_OK;
}

static int save_kind(RmxCtx *ctx, int kind, const void *m, RmxBlob *out) {
  RmxMlWriter w = rmx_ml_blob_writer(out);
  rmx_ml_put_header(&w, names[kind], 1);
  rmx_forest_save(&w, m);
  return w.bad ? rmx_host->fail(ctx, RMX_ERR_IO, "could not write the model") : RMX_OK;
}

static int load_kind(RmxCtx *ctx, int kind, const void *data, size_t len, void **out) {
  RmxMlReader r = {data, len, 0};
  int rc = rmx_ml_check_header(ctx, &r, names[kind], 1);
  if (rc) return rc;
  RmxForest *f = calloc(1, sizeof *f);
  if (!f) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  if (rmx_forest_load(&r, f) != 0 || r.left) {
    model_free(f);
    return rmx_ml_bad_blob(ctx, names[kind]);
  }
  *out = f;
  return RMX_OK;
}

static int save_dt(RmxCtx *c, const void *m, RmxBlob *o) { return save_kind(c, DT, m, o); }
static int save_rf(RmxCtx *c, const void *m, RmxBlob *o) { return save_kind(c, RF, m, o); }
static int save_et(RmxCtx *c, const void *m, RmxBlob *o) { return save_kind(c, ET, m, o); }
static int load_dt(RmxCtx *c, const void *d, size_t n, void **o) { return load_kind(c, DT, d, n, o); }
static int load_rf(RmxCtx *c, const void *d, size_t n, void **o) { return load_kind(c, RF, d, n, o); }
static int load_et(RmxCtx *c, const void *d, size_t n, void **o) { return load_kind(c, ET, d, n, o); }

static const RmxClassifierClass dt_klass = {
    {sizeof(RmxClassifierClass), RMX_KIND_CLASSIFIER, "decision_tree",
     "CART decision tree (Gini); score = leaf share of positives", tree_params, NULL},
    fit_dt, predict, model_free, save_dt, load_dt, NULL, shap};
static const RmxClassifierClass rf_klass = {
    {sizeof(RmxClassifierClass), RMX_KIND_CLASSIFIER, "random_forest",
     "random forest (bootstrap, random feature subsets, Gini trees)", rf_params, NULL},
    fit_rf, predict, model_free, save_rf, load_rf, NULL, shap};
static const RmxClassifierClass et_klass = {
    {sizeof(RmxClassifierClass), RMX_KIND_CLASSIFIER, "extra_trees",
     "extremely randomised trees (random thresholds)", et_params, NULL},
    fit_et, predict, model_free, save_et, load_et, NULL, shap};

static int init(RmxCtx *ctx) {
  int rc = rmx_host->register_component(ctx, &dt_klass.hdr);
  if (!rc) rc = rmx_host->register_component(ctx, &rf_klass.hdr);
  if (!rc) rc = rmx_host->register_component(ctx, &et_klass.hdr);
  return rc;
}

RMX_PLUGIN_DEFINE("clf-trees", "0.1.0", "MIT", "tree classifiers: decision tree, random forest, extra trees", init)
