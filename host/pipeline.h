/* pipeline.h: scaler -> selector (top k) -> classifier pipelines, fitting and parallel CV. */
#ifndef RMX_HOST_PIPELINE_H
#define RMX_HOST_PIPELINE_H

#include <glib.h>
#include "params.h"
#include "registry.h"
#include "scale.h"

typedef struct RmxPipeline {
  int scaler;                     /* 0: none, else RmxScaleKind */
  const RmxComponent *selector;   /* NULL: keep every column */
  RmxParams *selector_params;
  size_t k;                       /* columns the selector keeps */
  const RmxComponent *classifier;
  RmxParams *classifier_params;
} RmxPipeline;

typedef struct RmxFittedPipeline {
  RmxScaler *scaler;              /* NULL when none */
  size_t *cols, ncols;            /* input columns the classifier sees */
  const RmxComponent *classifier;
  RmxParams *classifier_params;   /* validated copy */
  void *model;
} RmxFittedPipeline;

/* Fits every step on all rows of X. The pipeline's params are copied, so
 * one pipeline can be fitted from several threads at once. */
RmxFittedPipeline *rmx_pipeline_fit(const RmxPipeline *p, const RmxMatrix *X, const double *y,
                                    GError **err);
/* The classifier's input for X: scaled and column-selected (caller frees data). */
gboolean rmx_pipeline_transform(const RmxFittedPipeline *f, const RmxMatrix *X, RmxMatrix *out,
                                GError **err);
gboolean rmx_pipeline_predict(const RmxFittedPipeline *f, const RmxMatrix *X, double *proba,
                              GError **err);
void rmx_fitted_pipeline_free(RmxFittedPipeline *f); /* accepts NULL */

/* Cross-validation of n pipelines on the folds given by fold_of_row (values
 * 1..k; 0 = in no fold), all (pipeline, fold) pairs in parallel. auc[i] is
 * the mean fold ROC AUC of pipeline i (NaN if a fold failed; its message in
 * errors[i], caller frees), fold_auc[i*k + f] each fold's. Deterministic:
 * a pair's result does not depend on the thread count. */
void rmx_pipeline_cv(const RmxPipeline *const *p, size_t n, const RmxMatrix *X, const double *y,
                     const int *fold_of_row, int k, double *auc, double *fold_auc, char **errors);

#endif
