/* gbm.c: the gradient_boosting classifier (log-loss, squared-error trees, Newton leaves) with TreeSHAP in log-odds. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ml_ensemble.h"
#include "ml_plugin.h"

#define NAME "gradient_boosting"

static const RmxParamSpec params[] = {
    {"n_estimators", RMX_PARAM_INT, RMX_PARAM_SEARCH, "100", 1, 100000, NULL, "boosting stages", 10,
     500, {0, 0}},
    {"learning_rate", RMX_PARAM_DOUBLE, RMX_PARAM_SEARCH | RMX_PARAM_LOG, "0.1", 1e-6, 10, NULL,
     "shrinkage of each stage", 0.01, 1, {0, 0}},
    {"max_depth", RMX_PARAM_INT, RMX_PARAM_SEARCH, "3", 1, 1000, NULL, "depth of each tree", 1, 8,
     {0, 0}},
    {"subsample", RMX_PARAM_DOUBLE, RMX_PARAM_SEARCH, "1.0", 1e-6, 1, NULL,
     "share of rows per stage (drawn without replacement)", 0.5, 1, {0, 0}},
    {"min_samples_split", RMX_PARAM_INT, RMX_PARAM_SEARCH, "2", 2, 1e9, NULL,
     "fewest rows a node needs to be split", 2, 20, {0, 0}},
    {"min_samples_leaf", RMX_PARAM_INT, RMX_PARAM_SEARCH, "1", 1, 1e9, NULL, "fewest rows in a leaf",
     1, 20, {0, 0}},
    {"random_state", RMX_PARAM_INT, RMX_PARAM_NULLABLE, NULL, 0, 9.007199254740992e15, NULL,
     "seed for subsampling (default: the run's seed)", 0, 0, {0, 0}},
    {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0, 0}}};

static void model_free(void *m) {
  if (!m) return;
  rmx_gbm_clear(m);
  free(m);
}

static int fit(RmxCtx *ctx, const RmxMatrix *X, const double *y, const double *sw, void **out) {
  int rc = rmx_ml_check_fit(ctx, X, y, sw);
  if (rc) return rc;
  RmxGbmOpts o = {(size_t)rmx_host->param_int(ctx, "n_estimators"),
                  rmx_host->param_double(ctx, "learning_rate"),
                  rmx_host->param_double(ctx, "subsample"),
                  (int)rmx_host->param_int(ctx, "max_depth"),
                  (size_t)rmx_host->param_int(ctx, "min_samples_split"),
                  (size_t)rmx_host->param_int(ctx, "min_samples_leaf"),
                  0,
                  rmx_host->seed(ctx)};
  RmxGbm *g = calloc(1, sizeof *g);
  if (!g) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  rc = rmx_gbm_fit(g, X, y, sw, &o);
  if (rc) {
    model_free(g);
    return rmx_host->fail(ctx, rc, rc == RMX_ERR_INVALID ? "a class has zero total sample weight" : "out of memory");
  }
  *out = g;
  return RMX_OK;
}

static int decision(RmxCtx *ctx, const void *m_, const RmxMatrix *X, double *out) {
  const RmxGbm *g = m_;
  int rc = rmx_ml_check_rows(ctx, X, g->n_features);
  if (!rc) rmx_gbm_raw(g, X, out);
  return rc;
}

static int predict(RmxCtx *ctx, const void *m_, const RmxMatrix *X, double *out) {
  int rc = decision(ctx, m_, X, out);
  for (size_t r = 0; !rc && r < X->rows; r++) out[r] = rmx_ml_sigmoid(out[r]);
  return rc;
}

/* SHAP of the log-odds: learning_rate times the sum of the trees' values. */
static int shap(RmxCtx *ctx, const void *m_, const RmxMatrix *X, const RmxMatrix *bg, double *phi) {
  const RmxGbm *g = m_;
  int rc = rmx_ml_check_rows(ctx, X, g->n_features);
  if (!rc && bg) rc = rmx_ml_check_rows(ctx, bg, g->n_features);
  if (rc) return rc;
  if (bg && bg->rows == 0) return rmx_host->fail(ctx, RMX_ERR_INVALID, "background has no rows");
  size_t p = g->n_features;
  double *row = malloc((p + 1) * sizeof *row), s = g->learning_rate;
  if (!row) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  for (size_t r = 0; r < X->rows; r++) {
    memset(row, 0, p * sizeof *row);
    double base = g->init;
    for (size_t t = 0; t < g->n_trees; t++)
      base += s * (bg ? rmx_tree_shap_interventional(&g->trees[t], X, r, bg, s, row)
                      : rmx_tree_shap_path(&g->trees[t], X, r, s, row));
    for (size_t j = 0; j < p; j++) RMX_PHI(phi, X, r, j) = row[j];
    RMX_PHI(phi, X, r, p) = base;
  }
  free(row);
  return RMX_OK;
}

static int save(RmxCtx *ctx, const void *m, RmxBlob *out) {
  RmxMlWriter w = rmx_ml_blob_writer(out);
  rmx_ml_put_header(&w, NAME, 1);
  rmx_gbm_save(&w, m);
  return w.bad ? rmx_host->fail(ctx, RMX_ERR_IO, "could not write the model") : RMX_OK;
}

static int load(RmxCtx *ctx, const void *data, size_t len, void **out) {
  RmxMlReader r = {data, len, 0};
  int rc = rmx_ml_check_header(ctx, &r, NAME, 1);
  if (rc) return rc;
  RmxGbm *g = calloc(1, sizeof *g);
  if (!g) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  if (rmx_gbm_load(&r, g) != 0 || r.left) {
    model_free(g);
    return rmx_ml_bad_blob(ctx, NAME);
  }
  *out = g;
  return RMX_OK;
}

static const RmxClassifierClass klass = {
    {sizeof(RmxClassifierClass), RMX_KIND_CLASSIFIER, NAME,
     "gradient boosting of the log-loss (squared-error trees, Newton leaf values)", params, NULL},
    fit, predict, model_free, save, load, decision, shap};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("clf-boosting", "0.1.0", "MIT", "gradient boosting classifier", init)
