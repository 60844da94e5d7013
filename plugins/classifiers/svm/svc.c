/* svc.c: linear_svm and rbf_svm classifiers (SMO C-SVC; decision function; Platt probabilities). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ml_plugin.h"
#include "ml_svm.h"

#define PARAM_END {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0, 0}}
#define COMMON_PARAMS                                                                        \
  {"C", RMX_PARAM_DOUBLE, RMX_PARAM_SEARCH | RMX_PARAM_LOG, "1.0", 1e-12, 1e12, NULL,        \
   "penalty on margin violations", 1e-3, 1e3, {0, 0}},                                       \
  {"tol", RMX_PARAM_DOUBLE, 0, "1e-3", 1e-15, 1, NULL,                                       \
   "stopping tolerance on the KKT violation (libsvm eps)", 0, 0, {0, 0}},                   \
  {"max_iter", RMX_PARAM_INT, 0, "-1", -1, 1e12, NULL, "most SMO iterations; -1: no limit", \
   0, 0, {0, 0}},                                                                            \
  {"probability", RMX_PARAM_BOOL, 0, "true", 0, 0, NULL,                                     \
   "Platt-scaled probabilities from a 5-fold internal CV (else a logistic of the decision)", \
   0, 0, {0, 0}},                                                                            \
  {"random_state", RMX_PARAM_INT, RMX_PARAM_NULLABLE, NULL, 0, 9.007199254740992e15, NULL,    \
   "seed of the internal CV split (default: the run's seed)", 0, 0, {0, 0}}

static const RmxParamSpec linear_params[] = {COMMON_PARAMS, PARAM_END};
static const RmxParamSpec rbf_params[] = {
    COMMON_PARAMS,
    {"gamma", RMX_PARAM_DOUBLE, RMX_PARAM_SEARCH | RMX_PARAM_LOG | RMX_PARAM_NULLABLE, NULL, 1e-300,
     1e300, NULL, "RBF width; unset: 'scale' = 1 / (p * Var(X))", 1e-4, 1, {0, 0}},
    PARAM_END};

static void model_free(void *m) {
  if (!m) return;
  rmx_svm_clear(m);
  free(m);
}

static int fit_kernel(RmxCtx *ctx, int kernel, const RmxMatrix *X, const double *y,
                      const double *sw, void **out) {
  int rc = rmx_ml_check_fit(ctx, X, y, sw);
  if (rc) return rc;
  RmxSvmOpts o = {kernel, rmx_host->param_double(ctx, "C"), 0, rmx_host->param_double(ctx, "tol"),
                  (long)rmx_host->param_int(ctx, "max_iter"), rmx_host->param_bool(ctx, "probability"),
                  rmx_host->seed(ctx)};
  if (kernel == RMX_KERNEL_RBF && rmx_host->param_is_set(ctx, "gamma"))
    o.gamma = rmx_host->param_double(ctx, "gamma");
  RmxSvm *m = calloc(1, sizeof *m);
  if (!m) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  rc = rmx_svm_fit(m, X, y, sw, &o);
  if (rc == RMX_ERR_NUMERIC)
    rmx_host->log(ctx, RMX_LOG_WARNING, "SMO stopped at max_iter=%ld before tol %g", o.max_iter, o.tol);
  else if (rc != RMX_OK) {
    model_free(m);
    return rmx_host->fail(ctx, rc, "fit failed (out of memory)");
  }
  *out = m;
  return RMX_OK;
}

static int fit_linear(RmxCtx *c, const RmxMatrix *X, const double *y, const double *sw, void **o) {
  return fit_kernel(c, RMX_KERNEL_LINEAR, X, y, sw, o);
}
static int fit_rbf(RmxCtx *c, const RmxMatrix *X, const double *y, const double *sw, void **o) {
  return fit_kernel(c, RMX_KERNEL_RBF, X, y, sw, o);
}

static int decision(RmxCtx *ctx, const void *m_, const RmxMatrix *X, double *out) {
  const RmxSvm *m = m_;
  int rc = rmx_ml_check_rows(ctx, X, m->p);
  if (!rc) rmx_svm_decision(m, X, out);
  return rc;
}

static int predict(RmxCtx *ctx, const void *m_, const RmxMatrix *X, double *out) {
  const RmxSvm *m = m_;
  int rc = rmx_ml_check_rows(ctx, X, m->p);
  if (!rc) rmx_svm_proba(m, X, out);
  return rc;
}

static int save_named(RmxCtx *ctx, const char *name, const void *m, RmxBlob *out) {
  RmxMlWriter w = rmx_ml_blob_writer(out);
  rmx_ml_put_header(&w, name, 1);
  rmx_svm_save(&w, m);
  return w.bad ? rmx_host->fail(ctx, RMX_ERR_IO, "could not write the model") : RMX_OK;
}

static int load_named(RmxCtx *ctx, const char *name, int kernel, const void *data, size_t len,
                      void **out) {
  RmxMlReader r = {data, len, 0};
  int rc = rmx_ml_check_header(ctx, &r, name, 1);
  if (rc) return rc;
  RmxSvm *m = calloc(1, sizeof *m);
  if (!m) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  if (rmx_svm_load(&r, m) != 0 || r.left || m->kernel != kernel) {
    model_free(m);
    return rmx_ml_bad_blob(ctx, name);
  }
  *out = m;
  return RMX_OK;
}

static int save_linear(RmxCtx *c, const void *m, RmxBlob *o) { return save_named(c, "linear_svm", m, o); }
static int save_rbf(RmxCtx *c, const void *m, RmxBlob *o) { return save_named(c, "rbf_svm", m, o); }
static int load_linear(RmxCtx *c, const void *d, size_t n, void **o) {
  return load_named(c, "linear_svm", RMX_KERNEL_LINEAR, d, n, o);
}
static int load_rbf(RmxCtx *c, const void *d, size_t n, void **o) {
  return load_named(c, "rbf_svm", RMX_KERNEL_RBF, d, n, o);
}

static const RmxClassifierClass linear_klass = {
    {sizeof(RmxClassifierClass), RMX_KIND_CLASSIFIER, "linear_svm",
     "support vector classifier, linear kernel (SMO, libsvm-style)", linear_params, NULL},
    fit_linear, predict, model_free, save_linear, load_linear, decision, NULL};

static const RmxClassifierClass rbf_klass = {
    {sizeof(RmxClassifierClass), RMX_KIND_CLASSIFIER, "rbf_svm",
     "support vector classifier, RBF kernel (SMO, libsvm-style)", rbf_params, NULL},
    fit_rbf, predict, model_free, save_rbf, load_rbf, decision, NULL};

static int init(RmxCtx *ctx) {
  int rc = rmx_host->register_component(ctx, &linear_klass.hdr);
  return rc ? rc : rmx_host->register_component(ctx, &rbf_klass.hdr);
}

RMX_PLUGIN_DEFINE("clf-svm", "0.1.0", "MIT", "support vector classifiers (linear and RBF)", init)
