/* linear.c: linear_regression (|min-norm OLS coef|), logistic_regression (|exact L2 coef|) and rfe selectors on z-scored columns. */
#include <math.h>
#include <stdlib.h>

#include "ml_linear.h"
#include "ml_plugin.h"

#define P_STD                                                                                  \
  {"standardize", RMX_PARAM_BOOL, 0, "true", 0, 0, NULL,                                       \
   "z-score the columns first (mean, population sd), so coefficients are comparable", 0, 0,   \
   {0, 0}}
#define P_C                                                                                    \
  {"C", RMX_PARAM_DOUBLE, RMX_PARAM_SEARCH | RMX_PARAM_LOG, "1.0", 1e-12, 1e12, NULL,          \
   "inverse L2 strength of the logistic model", 1e-3, 1e3, {0, 0}},                           \
  {"tol", RMX_PARAM_DOUBLE, 0, "1e-10", 1e-15, 1e-2, NULL,                                     \
   "largest |gradient| accepted at the optimum", 0, 0, {0, 0}}
#define P_END {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0, 0}}

static const RmxParamSpec linreg_params[] = {
    P_STD,
    {"rcond", RMX_PARAM_DOUBLE, 0, "1e-10", 0, 1, NULL,
     "singular values below rcond x the largest count as zero (minimum-norm solution)", 0, 0, {0, 0}},
    P_END};
static const RmxParamSpec logreg_params[] = {P_STD, P_C, P_END};
static const RmxParamSpec rfe_params[] = {P_STD, P_C, P_END};

/* The design the models see: z-scored when asked (caller frees *owned). */
static int design(RmxCtx *ctx, const RmxMatrix *X, RmxMatrix *Z, double **owned) {
  *owned = NULL;
  *Z = *X;
  if (!rmx_host->param_bool(ctx, "standardize")) return RMX_OK;
  double *mean = malloc(X->cols * sizeof *mean), *scale = malloc(X->cols * sizeof *scale);
  if (mean && scale) {
    rmx_ml_zscore_fit(X, NULL, mean, scale);
    *owned = rmx_ml_zscore_apply(X, mean, scale);
  }
  free(mean);
  free(scale);
  if (!*owned) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  *Z = rmx_ml_view(*owned, X->rows, X->cols, X->rows);
  return RMX_OK;
}

static int linreg(RmxCtx *ctx, const RmxMatrix *X, const double *y, double *scores, size_t *ranking) {
  (void)ranking;
  RmxMatrix Z;
  double *own;
  int rc = rmx_ml_check_fit(ctx, X, y, NULL);
  if (!rc) rc = design(ctx, X, &Z, &own);
  if (rc) return rc;
  rc = rmx_linreg_minnorm(&Z, y, rmx_host->param_double(ctx, "rcond"), scores, NULL);
  free(own);
  if (rc) return rmx_host->fail(ctx, rc, "least squares failed (LAPACK dgelsd)");
  for (size_t j = 0; j < X->cols; j++) scores[j] = fabs(scores[j]);
  return RMX_OK;
}

static int logreg(RmxCtx *ctx, const RmxMatrix *X, const double *y, double *scores, size_t *ranking) {
  (void)ranking;
  RmxMatrix Z;
  double *own, b;
  int rc = rmx_ml_check_fit(ctx, X, y, NULL);
  if (!rc) rc = design(ctx, X, &Z, &own);
  if (rc) return rc;
  RmxLogregOpts o = {RMX_PENALTY_L2, rmx_host->param_double(ctx, "C"), 0,
                     rmx_host->param_double(ctx, "tol"), 200};
  rc = rmx_logreg_fit(&Z, y, NULL, &o, 0, scores, &b, NULL);
  free(own);
  if (rc == RMX_ERR_NUMERIC)
    return rmx_host->fail(ctx, rc, "logistic model did not reach |gradient| <= %g", o.tol);
  if (rc) return rmx_host->fail(ctx, rc, "out of memory");
  for (size_t j = 0; j < X->cols; j++) scores[j] = fabs(scores[j]);
  return RMX_OK;
}

static int rfe(RmxCtx *ctx, const RmxMatrix *X, const double *y, double *scores, size_t *ranking) {
  RmxMatrix Z;
  double *own;
  int rc = rmx_ml_check_fit(ctx, X, y, NULL);
  if (!rc) rc = design(ctx, X, &Z, &own);
  if (rc) return rc;
  rc = rmx_logreg_rfe(&Z, y, rmx_host->param_double(ctx, "C"), rmx_host->param_double(ctx, "tol"),
                      ranking);
  free(own);
  if (rc == RMX_ERR_NUMERIC) return rmx_host->fail(ctx, rc, "a refit did not converge");
  if (rc) return rmx_host->fail(ctx, rc, "out of memory");
  /* higher is better: the last survivor scores p, the first removed 1 */
  for (size_t k = 0; k < X->cols; k++) scores[ranking[k]] = (double)(X->cols - k);
  return RMX_OK;
}

static const RmxSelectorClass linreg_klass = {
    {sizeof(RmxSelectorClass), RMX_KIND_SELECTOR, "linear_regression",
     "|coefficient| of the minimum-norm least-squares fit of the label (LAPACK dgelsd)",
     linreg_params, NULL},
    0, linreg};
static const RmxSelectorClass logreg_klass = {
    {sizeof(RmxSelectorClass), RMX_KIND_SELECTOR, "logistic_regression",
     "|coefficient| of the exact L2 logistic regression optimum", logreg_params, NULL},
    0, logreg};
static const RmxSelectorClass rfe_klass = {
    {sizeof(RmxSelectorClass), RMX_KIND_SELECTOR, "rfe",
     "recursive feature elimination with the L2 logistic model, one column per step",
     rfe_params, NULL},
    RMX_SELECTOR_RANKS, rfe};

static int init(RmxCtx *ctx) {
  rmx_ml_blas_single_thread();
  int rc = rmx_host->register_component(ctx, &linreg_klass.hdr);
  if (!rc) rc = rmx_host->register_component(ctx, &logreg_klass.hdr);
  if (!rc) rc = rmx_host->register_component(ctx, &rfe_klass.hdr);
  return rc;
}

RMX_PLUGIN_DEFINE("sel-linear", "0.1.0", "MIT", "linear-model selectors: OLS, logistic, RFE", init)
