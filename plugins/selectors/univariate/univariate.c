/* univariate.c: chi2 (on min-max scaled columns) and correlation (|Pearson r| with the label) selectors. */
#include <math.h>

#include "ml_linear.h"
#include "ml_plugin.h"

static const RmxParamSpec no_params[] = {{NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0, 0}}};

static int chi2(RmxCtx *ctx, const RmxMatrix *X, const double *y, double *scores, size_t *ranking) {
  (void)ranking;
  int rc = rmx_ml_check_fit(ctx, X, y, NULL);
  if (!rc) rmx_ml_chi2(X, y, scores);
  return rc;
}

static int correlation(RmxCtx *ctx, const RmxMatrix *X, const double *y, double *scores,
                       size_t *ranking) {
  (void)ranking;
  int rc = rmx_ml_check_fit(ctx, X, y, NULL);
  if (rc) return rc;
  rmx_ml_pearson(X, y, scores);
  for (size_t j = 0; j < X->cols; j++) scores[j] = fabs(scores[j]);
  return RMX_OK;
}

static const RmxSelectorClass chi2_klass = {
    {sizeof(RmxSelectorClass), RMX_KIND_SELECTOR, "chi2",
     "chi-squared statistic of each column min-max scaled to [0, 1] (scikit-learn's chi2)", no_params,
     NULL},
    0, chi2};
static const RmxSelectorClass corr_klass = {
    {sizeof(RmxSelectorClass), RMX_KIND_SELECTOR, "correlation",
     "absolute Pearson correlation with the 0/1 label (point-biserial)", no_params, NULL},
    0, correlation};

static int init(RmxCtx *ctx) {
  int rc = rmx_host->register_component(ctx, &chi2_klass.hdr);
  return rc ? rc : rmx_host->register_component(ctx, &corr_klass.hdr);
}

RMX_PLUGIN_DEFINE("sel-univariate", "0.1.0", "MIT", "univariate selectors: chi2, correlation", init)
