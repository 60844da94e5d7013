/* ml_plugin.h: glue shared by the classifier and selector plugins (input checks, model blobs); uses rmx_host. */
#ifndef RMX_ML_PLUGIN_H
#define RMX_ML_PLUGIN_H

#include <radiomix/plugin.h>
#include "ml_base.h"

/* Checks a training set: rows >= 2, cols >= 1, finite X, y 0/1 with both
 * classes, weights finite and >= 0. Fails the ctx with one line. */
int rmx_ml_check_fit(RmxCtx *ctx, const RmxMatrix *X, const double *y, const double *sw);
/* Checks rows to score: finite, cols == expected. */
int rmx_ml_check_rows(RmxCtx *ctx, const RmxMatrix *X, size_t expected_cols);

/* A writer that appends to a model blob through host->blob_write. */
RmxMlWriter rmx_ml_blob_writer(RmxBlob *out);
/* Every saved model starts with "RMXM", the component name and a format
 * version; load checks them and fails the ctx with one line otherwise. */
void rmx_ml_put_header(RmxMlWriter *w, const char *name, uint64_t version);
int rmx_ml_check_header(RmxCtx *ctx, RmxMlReader *r, const char *name, uint64_t version);
/* Fails the ctx for a truncated or inconsistent blob. */
int rmx_ml_bad_blob(RmxCtx *ctx, const char *name);

/* Shapley output: phi is rows x (cols + 1), column-major, last column the base. */
#define RMX_PHI(phi, X, r, j) ((phi)[(size_t)(r) + (size_t)(j) * (X)->rows])

#endif
