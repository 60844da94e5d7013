/* mlp.c: the mlp classifier (ReLU hidden layers, logistic output, Adam; seeded). */
#include <math.h>
#include <stdlib.h>

#include "ml_mlp.h"
#include "ml_plugin.h"

#define NAME "mlp"

static const RmxParamSpec params[] = {
    {"hidden_layer_sizes", RMX_PARAM_LIST, RMX_PARAM_SEARCH, "[100]", 1, 100000, NULL,
     "units of each hidden layer, e.g. [64, 32]", 4, 256, {0, 0}},
    {"alpha", RMX_PARAM_DOUBLE, RMX_PARAM_SEARCH | RMX_PARAM_LOG, "1e-4", 0, 1e6, NULL,
     "L2 penalty (scikit-learn's scaling)", 1e-6, 1, {0, 0}},
    {"learning_rate_init", RMX_PARAM_DOUBLE, RMX_PARAM_SEARCH | RMX_PARAM_LOG, "1e-3", 1e-9, 10, NULL,
     "Adam step size", 1e-4, 1e-1, {0, 0}},
    {"max_iter", RMX_PARAM_INT, 0, "200", 1, 1e7, NULL, "most epochs", 0, 0, {0, 0}},
    {"batch_size", RMX_PARAM_INT, RMX_PARAM_NULLABLE, NULL, 1, 1e9, NULL,
     "rows per Adam step; unset: min(200, n)", 0, 0, {0, 0}},
    {"tol", RMX_PARAM_DOUBLE, 0, "1e-4", 0, 1, NULL, "training-loss improvement that counts", 0, 0,
     {0, 0}},
    {"n_iter_no_change", RMX_PARAM_INT, 0, "10", 1, 1e6, NULL,
     "epochs without improvement before stopping", 0, 0, {0, 0}},
    {"random_state", RMX_PARAM_INT, RMX_PARAM_NULLABLE, NULL, 0, 9.007199254740992e15, NULL,
     "seed of the initial weights and batch order (default: the run's seed)", 0, 0, {0, 0}},
    {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0, 0}}};

static void model_free(void *m) {
  if (!m) return;
  rmx_mlp_clear(m);
  free(m);
}

static int fit(RmxCtx *ctx, const RmxMatrix *X, const double *y, const double *sw, void **out) {
  int rc = rmx_ml_check_fit(ctx, X, y, sw);
  if (rc) return rc;
  const double *h = NULL;
  size_t nh = rmx_host->param_list(ctx, "hidden_layer_sizes", &h);
  if (nh == 0 || nh > 32)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "parameter 'hidden_layer_sizes': expected 1 to 32 layer widths, got %zu", nh);
  size_t hidden[32];
  for (size_t l = 0; l < nh; l++) {
    if (h[l] != floor(h[l]) || h[l] < 1)
      return rmx_host->fail(ctx, RMX_ERR_INVALID, "parameter 'hidden_layer_sizes': layer %zu width %g is not a positive integer",
                            l + 1, h[l]);
    hidden[l] = (size_t)h[l];
  }
  RmxMlpOpts o = {hidden, nh, rmx_host->param_double(ctx, "alpha"),
                  rmx_host->param_double(ctx, "learning_rate_init"),
                  (int)rmx_host->param_int(ctx, "max_iter"),
                  rmx_host->param_is_set(ctx, "batch_size") ? (size_t)rmx_host->param_int(ctx, "batch_size") : 0,
                  rmx_host->param_double(ctx, "tol"), (int)rmx_host->param_int(ctx, "n_iter_no_change"),
                  rmx_host->seed(ctx)};
  RmxMlp *m = calloc(1, sizeof *m);
  if (!m) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  int it = 0;
  rc = rmx_mlp_fit(m, X, y, sw, &o, &it);
  if (rc == RMX_ERR_NUMERIC && it < o.max_iter) {
    model_free(m);
    return rmx_host->fail(ctx, rc, "training diverged (loss not finite) after %d epochs; lower learning_rate_init", it);
  }
  if (rc == RMX_ERR_NUMERIC)
    rmx_host->log(ctx, RMX_LOG_WARNING, "stopped at max_iter=%d epochs before the loss settled", o.max_iter);
  else if (rc) {
    model_free(m);
    return rmx_host->fail(ctx, rc, "out of memory");
  }
  *out = m;
  return RMX_OK;
}

static int predict(RmxCtx *ctx, const void *m_, const RmxMatrix *X, double *out) {
  const RmxMlp *m = m_;
  int rc = rmx_ml_check_rows(ctx, X, m->sizes[0]);
  if (rc) return rc;
  rmx_mlp_predict(m, X, out);
  for (size_t r = 0; r < X->rows; r++)
    if (isnan(out[r])) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  return RMX_OK;
}

static int save(RmxCtx *ctx, const void *m, RmxBlob *out) {
  RmxMlWriter w = rmx_ml_blob_writer(out);
  rmx_ml_put_header(&w, NAME, 1);
  rmx_mlp_save(&w, m);
  return w.bad ? rmx_host->fail(ctx, RMX_ERR_IO, "could not write the model") : RMX_OK;
}

static int load(RmxCtx *ctx, const void *data, size_t len, void **out) {
  RmxMlReader r = {data, len, 0};
  int rc = rmx_ml_check_header(ctx, &r, NAME, 1);
  if (rc) return rc;
  RmxMlp *m = calloc(1, sizeof *m);
  if (!m) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  if (rmx_mlp_load(&r, m) != 0 || r.left) {
    model_free(m);
    return rmx_ml_bad_blob(ctx, NAME);
  }
  *out = m;
  return RMX_OK;
}

static const RmxClassifierClass klass = {
    {sizeof(RmxClassifierClass), RMX_KIND_CLASSIFIER, NAME,
     "multi-layer perceptron (ReLU hidden layers, logistic output, Adam)", params, NULL},
    fit, predict, model_free, save, load, NULL, NULL};

static int init(RmxCtx *ctx) {
  rmx_ml_blas_single_thread();
  return rmx_host->register_component(ctx, &klass.hdr);
}

RMX_PLUGIN_DEFINE("clf-mlp", "0.1.0", "MIT", "multi-layer perceptron classifier", init)
