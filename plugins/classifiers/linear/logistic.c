/* logistic.c: the logistic_regression classifier (L2 Newton, L1/elastic-net proximal Newton) with exact linear SHAP in log-odds. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ml_linear.h"
#include "ml_plugin.h"

#define NAME "logistic_regression"

typedef struct Model {
  size_t p;
  double b;
  double *w, *mean; /* mean: training column means, the default SHAP background */
} Model;

static const RmxParamSpec params[] = {
    {"penalty", RMX_PARAM_STRING, RMX_PARAM_SEARCH, "l2", 0, 0, "l2|l1|elasticnet",
     "regularisation: l2 (Newton), l1 or elasticnet (proximal Newton)", 0, 0, {0, 0}},
    {"C", RMX_PARAM_DOUBLE, RMX_PARAM_SEARCH | RMX_PARAM_LOG, "1.0", 1e-12, 1e12, NULL,
     "inverse regularisation strength", 1e-3, 1e3, {0, 0}},
    {"l1_ratio", RMX_PARAM_DOUBLE, RMX_PARAM_SEARCH, "0.5", 0, 1, NULL,
     "elastic-net mixing: 0 = L2, 1 = L1 (penalty elasticnet only)", 0, 1, {0, 0}},
    {"tol", RMX_PARAM_DOUBLE, 0, "1e-4", 1e-15, 1, NULL,
     "stop when the largest |gradient| (L2) or |step| (L1) is below", 0, 0, {0, 0}},
    {"max_iter", RMX_PARAM_INT, 0, "100", 1, 1e6, NULL, "most (proximal) Newton iterations", 0, 0,
     {0, 0}},
    {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0, 0}}};

static void model_free(void *m_) {
  Model *m = m_;
  if (!m) return;
  free(m->w);
  free(m->mean);
  free(m);
}

static Model *model_new(size_t p) {
  Model *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  m->p = p;
  m->w = calloc(p, sizeof *m->w);
  m->mean = calloc(p, sizeof *m->mean);
  if (!m->w || !m->mean) {
    model_free(m);
    return NULL;
  }
  return m;
}

static int fit(RmxCtx *ctx, const RmxMatrix *X, const double *y, const double *sw, void **out) {
  int rc = rmx_ml_check_fit(ctx, X, y, sw);
  if (rc) return rc;
  const char *pen = rmx_host->param_string(ctx, "penalty");
  RmxLogregOpts o = {RMX_PENALTY_L2, rmx_host->param_double(ctx, "C"),
                     rmx_host->param_double(ctx, "l1_ratio"), rmx_host->param_double(ctx, "tol"),
                     (int)rmx_host->param_int(ctx, "max_iter")};
  if (pen && strcmp(pen, "l1") == 0) o.penalty = RMX_PENALTY_L1;
  if (pen && strcmp(pen, "elasticnet") == 0) o.penalty = RMX_PENALTY_ELASTICNET;
  Model *m = model_new(X->cols);
  if (!m) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  int it = 0;
  rc = rmx_logreg_fit(X, y, sw, &o, 0, m->w, &m->b, &it);
  if (rc == RMX_ERR_NUMERIC)
    rmx_host->log(ctx, RMX_LOG_WARNING, "did not converge in max_iter=%d iterations (tol %g)",
                  o.max_iter, o.tol);
  else if (rc != RMX_OK) {
    model_free(m);
    return rmx_host->fail(ctx, rc, "fit failed (out of memory)");
  }
  for (size_t j = 0; j < X->cols; j++) {
    double s = 0;
    for (size_t i = 0; i < X->rows; i++) s += RMX_ML_AT(X, i, j);
    m->mean[j] = s / (double)X->rows;
  }
  *out = m;
  return RMX_OK;
}

static double margin(const Model *m, const RmxMatrix *X, size_t r) {
  double s = m->b;
  for (size_t j = 0; j < m->p; j++) s += m->w[j] * RMX_ML_AT(X, r, j);
  return s;
}

static int decision(RmxCtx *ctx, const void *m_, const RmxMatrix *X, double *out) {
  const Model *m = m_;
  int rc = rmx_ml_check_rows(ctx, X, m->p);
  if (rc) return rc;
  for (size_t r = 0; r < X->rows; r++) out[r] = margin(m, X, r);
  return RMX_OK;
}

static int predict(RmxCtx *ctx, const void *m_, const RmxMatrix *X, double *proba) {
  int rc = decision(ctx, m_, X, proba);
  for (size_t r = 0; !rc && r < X->rows; r++) proba[r] = rmx_ml_sigmoid(proba[r]);
  return rc;
}

/* Exact SHAP of the margin for independent features: phi_j = w_j (x_j - E[x_j]). */
static int shap(RmxCtx *ctx, const void *m_, const RmxMatrix *X, const RmxMatrix *bg, double *phi) {
  const Model *m = m_;
  int rc = rmx_ml_check_rows(ctx, X, m->p);
  if (!rc && bg) rc = rmx_ml_check_rows(ctx, bg, m->p);
  if (rc) return rc;
  if (bg && bg->rows == 0) return rmx_host->fail(ctx, RMX_ERR_INVALID, "background has no rows");
  double base = m->b;
  double *mu = malloc((m->p + 1) * sizeof *mu);
  if (!mu) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  for (size_t j = 0; j < m->p; j++) {
    if (bg) {
      double s = 0;
      for (size_t i = 0; i < bg->rows; i++) s += RMX_ML_AT(bg, i, j);
      mu[j] = s / (double)bg->rows;
    } else {
      mu[j] = m->mean[j];
    }
    base += m->w[j] * mu[j];
  }
  for (size_t r = 0; r < X->rows; r++) {
    for (size_t j = 0; j < m->p; j++) RMX_PHI(phi, X, r, j) = m->w[j] * (RMX_ML_AT(X, r, j) - mu[j]);
    RMX_PHI(phi, X, r, m->p) = base;
  }
  free(mu);
  return RMX_OK;
}

static int save(RmxCtx *ctx, const void *m_, RmxBlob *out) {
  const Model *m = m_;
  RmxMlWriter w = rmx_ml_blob_writer(out);
  rmx_ml_put_header(&w, NAME, 1);
  rmx_ml_put_u64(&w, m->p);
  rmx_ml_put_f64(&w, m->b);
  rmx_ml_put_f64s(&w, m->w, m->p);
  rmx_ml_put_f64s(&w, m->mean, m->p);
  return w.bad ? rmx_host->fail(ctx, RMX_ERR_IO, "could not write the model") : RMX_OK;
}

static int load(RmxCtx *ctx, const void *data, size_t len, void **out) {
  RmxMlReader r = {data, len, 0};
  int rc = rmx_ml_check_header(ctx, &r, NAME, 1);
  if (rc) return rc;
  size_t p = rmx_ml_get_count(&r, len / 16);
  Model *m = p ? model_new(p) : NULL;
  if (!m) return rmx_ml_bad_blob(ctx, NAME);
  m->b = rmx_ml_get_f64(&r);
  rmx_ml_get(&r, m->w, p * sizeof *m->w);
  rmx_ml_get(&r, m->mean, p * sizeof *m->mean);
  if (r.bad || r.left) {
    model_free(m);
    return rmx_ml_bad_blob(ctx, NAME);
  }
  *out = m;
  return RMX_OK;
}

static const RmxClassifierClass klass = {
    {sizeof(RmxClassifierClass), RMX_KIND_CLASSIFIER, NAME,
     "logistic regression (L2, L1 or elastic net; unpenalised intercept)", params, NULL},
    fit, predict, model_free, save, load, decision, shap};

static int init(RmxCtx *ctx) {
  rmx_ml_blas_single_thread();
  return rmx_host->register_component(ctx, &klass.hdr);
}

RMX_PLUGIN_DEFINE("clf-linear", "0.1.0", "MIT", "linear classifiers: logistic regression", init)
