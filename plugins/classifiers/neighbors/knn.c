/* knn.c: the knn classifier (brute-force Euclidean neighbours, uniform or distance votes). */
#include <stdlib.h>
#include <string.h>

#include "ml_plugin.h"
#include "ml_simple.h"

#define NAME "knn"

static const RmxParamSpec params[] = {
    {"n_neighbors", RMX_PARAM_INT, RMX_PARAM_SEARCH, "5", 1, 1e9, NULL, "neighbours that vote", 1,
     50, {0, 0}},
    {"weights", RMX_PARAM_STRING, RMX_PARAM_SEARCH, "uniform", 0, 0, "uniform|distance",
     "vote weights: equal, or 1 / distance", 0, 0, {0, 0}},
    {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0, 0}}};

static void model_free(void *m) {
  if (!m) return;
  rmx_knn_clear(m);
  free(m);
}

static int fit(RmxCtx *ctx, const RmxMatrix *X, const double *y, const double *sw, void **out) {
  int rc = rmx_ml_check_fit(ctx, X, y, sw);
  if (rc) return rc;
  size_t k = (size_t)rmx_host->param_int(ctx, "n_neighbors");
  if (k > X->rows)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "parameter 'n_neighbors' is %zu, but only %zu training rows", k,
                          X->rows);
  const char *wts = rmx_host->param_string(ctx, "weights");
  RmxKnn *m = calloc(1, sizeof *m);
  if (!m || rmx_knn_fit(m, X, y, sw, k, wts && strcmp(wts, "distance") == 0) != 0) {
    free(m);
    return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  }
  *out = m;
  return RMX_OK;
}

static int predict(RmxCtx *ctx, const void *m_, const RmxMatrix *X, double *out) {
  const RmxKnn *m = m_;
  int rc = rmx_ml_check_rows(ctx, X, m->p);
  if (!rc && rmx_knn_predict(m, X, out) != 0) rc = rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  return rc;
}

static int save(RmxCtx *ctx, const void *m, RmxBlob *out) {
  RmxMlWriter w = rmx_ml_blob_writer(out);
  rmx_ml_put_header(&w, NAME, 1);
  rmx_knn_save(&w, m);
  return w.bad ? rmx_host->fail(ctx, RMX_ERR_IO, "could not write the model") : RMX_OK;
}

static int load(RmxCtx *ctx, const void *data, size_t len, void **out) {
  RmxMlReader r = {data, len, 0};
  int rc = rmx_ml_check_header(ctx, &r, NAME, 1);
  if (rc) return rc;
  RmxKnn *m = calloc(1, sizeof *m);
  if (!m) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  if (rmx_knn_load(&r, m) != 0 || r.left) {
    model_free(m);
    return rmx_ml_bad_blob(ctx, NAME);
  }
  *out = m;
  return RMX_OK;
}

static const RmxClassifierClass klass = {
    {sizeof(RmxClassifierClass), RMX_KIND_CLASSIFIER, NAME,
     "k nearest neighbours (Euclidean, brute force); score = weighted share of positive neighbours",
     params, NULL},
    fit, predict, model_free, save, load, NULL, NULL};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("clf-neighbors", "0.1.0", "MIT", "nearest-neighbour classifier", init)
