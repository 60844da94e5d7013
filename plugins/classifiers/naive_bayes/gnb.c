/* gnb.c: the gaussian_nb classifier. */
#include <stdlib.h>

#include "ml_plugin.h"
#include "ml_simple.h"

#define NAME "gaussian_nb"

static const RmxParamSpec params[] = {
    {"var_smoothing", RMX_PARAM_DOUBLE, RMX_PARAM_SEARCH | RMX_PARAM_LOG, "1e-9", 0, 1, NULL,
     "added to every variance, times the largest feature variance", 1e-12, 1e-3, {0, 0}},
    {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0, 0}}};

static void model_free(void *m) {
  if (!m) return;
  rmx_gnb_clear(m);
  free(m);
}

static int fit(RmxCtx *ctx, const RmxMatrix *X, const double *y, const double *sw, void **out) {
  int rc = rmx_ml_check_fit(ctx, X, y, sw);
  if (rc) return rc;
  RmxGnb *m = calloc(1, sizeof *m);
  if (!m) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  rc = rmx_gnb_fit(m, X, y, sw, rmx_host->param_double(ctx, "var_smoothing"));
  if (rc) {
    free(m);
    return rmx_host->fail(ctx, rc, rc == RMX_ERR_INVALID ? "a class has zero total sample weight" : "out of memory");
  }
  for (size_t j = 0; j < 2 * m->p; j++)
    if (!(m->var[j] > 0)) {
      model_free(m);
      return rmx_host->fail(ctx, RMX_ERR_NUMERIC,
                            "column %zu is constant within a class and the smoothing (var_smoothing x the largest column variance) is 0",
                            j % X->cols + 1);
    }
  *out = m;
  return RMX_OK;
}

static int predict(RmxCtx *ctx, const void *m_, const RmxMatrix *X, double *out) {
  const RmxGnb *m = m_;
  int rc = rmx_ml_check_rows(ctx, X, m->p);
  if (!rc) rmx_gnb_predict(m, X, out);
  return rc;
}

static int save(RmxCtx *ctx, const void *m, RmxBlob *out) {
  RmxMlWriter w = rmx_ml_blob_writer(out);
  rmx_ml_put_header(&w, NAME, 1);
  rmx_gnb_save(&w, m);
  return w.bad ? rmx_host->fail(ctx, RMX_ERR_IO, "could not write the model") : RMX_OK;
}

static int load(RmxCtx *ctx, const void *data, size_t len, void **out) {
  RmxMlReader r = {data, len, 0};
  int rc = rmx_ml_check_header(ctx, &r, NAME, 1);
  if (rc) return rc;
  RmxGnb *m = calloc(1, sizeof *m);
  if (!m) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  if (rmx_gnb_load(&r, m) != 0 || r.left) {
    model_free(m);
    return rmx_ml_bad_blob(ctx, NAME);
  }
  *out = m;
  return RMX_OK;
}

static const RmxClassifierClass klass = {
    {sizeof(RmxClassifierClass), RMX_KIND_CLASSIFIER, NAME, "Gaussian naive Bayes", params, NULL},
    fit, predict, model_free, save, load, NULL, NULL};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("clf-naive-bayes", "0.1.0", "MIT", "Gaussian naive Bayes classifier", init)
