/* trees.c: random_forest (mean decrease in impurity) and gradient_boosting (average split gain) selectors. */
#include <stdlib.h>

#include "ml_ensemble.h"
#include "ml_plugin.h"

#define P_SEED                                                                                 \
  {"random_state", RMX_PARAM_INT, RMX_PARAM_NULLABLE, NULL, 0, 9.007199254740992e15, NULL,      \
   "seed (default: the run's seed)", 0, 0, {0, 0}}
#define P_END {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0, 0}}

static const RmxParamSpec rf_params[] = {
    {"n_estimators", RMX_PARAM_INT, RMX_PARAM_SEARCH, "100", 1, 100000, NULL, "number of trees", 10,
     500, {0, 0}},
    {"max_features", RMX_PARAM_STRING, RMX_PARAM_SEARCH, "sqrt", 0, 0, "sqrt|log2|all",
     "features tried per split", 0, 0, {0, 0}},
    {"max_depth", RMX_PARAM_INT, RMX_PARAM_SEARCH | RMX_PARAM_NULLABLE, NULL, 1, 10000, NULL,
     "deepest level; unset: grow until pure", 1, 20, {0, 0}},
    P_SEED,
    P_END};

static const RmxParamSpec gb_params[] = {
    {"n_estimators", RMX_PARAM_INT, RMX_PARAM_SEARCH, "100", 1, 100000, NULL, "boosting rounds", 10,
     500, {0, 0}},
    {"learning_rate", RMX_PARAM_DOUBLE, RMX_PARAM_SEARCH | RMX_PARAM_LOG, "0.3", 1e-6, 10, NULL,
     "shrinkage (eta)", 0.01, 1, {0, 0}},
    {"max_depth", RMX_PARAM_INT, RMX_PARAM_SEARCH, "6", 1, 64, NULL, "depth of each tree", 1, 10,
     {0, 0}},
    {"reg_lambda", RMX_PARAM_DOUBLE, RMX_PARAM_SEARCH, "1.0", 0, 1e6, NULL,
     "L2 penalty on leaf values", 0, 10, {0, 0}},
    {"min_child_weight", RMX_PARAM_DOUBLE, RMX_PARAM_SEARCH, "1.0", 0, 1e9, NULL,
     "smallest Hessian sum in a child", 0, 10, {0, 0}},
    {"subsample", RMX_PARAM_DOUBLE, RMX_PARAM_SEARCH, "1.0", 1e-6, 1, NULL, "share of rows per round",
     0.5, 1, {0, 0}},
    {"max_bins", RMX_PARAM_INT, 0, "256", 0, 1e6, NULL,
     "histogram bins per feature (quantiles); 0: exact greedy splits", 0, 0, {0, 0}},
    P_SEED,
    P_END};

typedef struct Job {
  RmxForest *f;
  const RmxMatrix *X;
  const double *y;
  RmxForestOpts o;
} Job;

static int grow_one(RmxCtx *ctx, void *user, size_t i) {
  Job *j = user;
  int rc = rmx_forest_fit_tree(j->f, i, j->X, j->y, NULL, &j->o);
  return rc ? rmx_host->fail(ctx, rc, "tree %zu: out of memory", i) : RMX_OK;
}

static int rf(RmxCtx *ctx, const RmxMatrix *X, const double *y, double *scores, size_t *ranking) {
  (void)ranking;
  int rc = rmx_ml_check_fit(ctx, X, y, NULL);
  if (rc) return rc;
  Job j = {NULL, X, y, {{RMX_CRIT_GINI, 0, 2, 1, 0, 0, 0, 0, NULL, NULL}, 1, 1, rmx_host->seed(ctx)}};
  j.o.n_estimators = (size_t)rmx_host->param_int(ctx, "n_estimators");
  j.o.tree.max_features = rmx_ml_max_features(rmx_host->param_string(ctx, "max_features"), X->cols);
  if (rmx_host->param_is_set(ctx, "max_depth")) j.o.tree.max_depth = (int)rmx_host->param_int(ctx, "max_depth");
  RmxForest f;
  uint32_t *order = rmx_tree_presort(X);
  if (!order || rmx_forest_alloc(&f, j.o.n_estimators, X->cols) != 0) {
    free(order);
    return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  }
  j.o.tree.presorted = order;
  j.f = &f;
  rc = rmx_host->parallel_for(ctx, j.o.n_estimators, grow_one, &j);
  if (!rc) rmx_forest_importance(&f, scores);
  rmx_forest_clear(&f);
  free(order);
  return rc;
}

static int gb(RmxCtx *ctx, const RmxMatrix *X, const double *y, double *scores, size_t *ranking) {
  (void)ranking;
  int rc = rmx_ml_check_fit(ctx, X, y, NULL);
  if (rc) return rc;
  RmxBoostOpts o = {(size_t)rmx_host->param_int(ctx, "n_estimators"),
                    rmx_host->param_double(ctx, "learning_rate"),
                    rmx_host->param_double(ctx, "reg_lambda"),
                    rmx_host->param_double(ctx, "min_child_weight"),
                    rmx_host->param_double(ctx, "subsample"),
                    (int)rmx_host->param_int(ctx, "max_depth"),
                    rmx_host->seed(ctx),
                    (size_t)rmx_host->param_int(ctx, "max_bins")};
  rc = rmx_boost_gain(X, y, &o, scores, NULL);
  return rc ? rmx_host->fail(ctx, rc, "out of memory") : RMX_OK;
}

static const RmxSelectorClass rf_klass = {
    {sizeof(RmxSelectorClass), RMX_KIND_SELECTOR, "random_forest",
     "random-forest mean decrease in Gini impurity (normalised to sum 1)", rf_params, NULL},
    0, rf};
static const RmxSelectorClass gb_klass = {
    {sizeof(RmxSelectorClass), RMX_KIND_SELECTOR, "gradient_boosting",
     "average split gain of second-order boosted trees on histogram bins (xgboost-style 'gain'); 0 if never split on",
     gb_params, NULL},
    0, gb};

static int init(RmxCtx *ctx) {
  int rc = rmx_host->register_component(ctx, &rf_klass.hdr);
  return rc ? rc : rmx_host->register_component(ctx, &gb_klass.hdr);
}

RMX_PLUGIN_DEFINE("sel-trees", "0.1.0", "MIT", "tree-based selectors: random forest, boosting gain", init)
