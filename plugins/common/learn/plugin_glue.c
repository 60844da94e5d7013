/* plugin_glue.c: input validation and model-blob helpers for the ML plugins. */
#include "ml_plugin.h"

#include <math.h>
#include <string.h>

int rmx_ml_check_fit(RmxCtx *ctx, const RmxMatrix *X, const double *y, const double *sw) {
  if (!X || !X->data || !y) return rmx_host->fail(ctx, RMX_ERR_INVALID, "no training data");
  if (X->rows < 2 || X->cols < 1)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "training data has %zu rows and %zu columns; need >= 2 rows and >= 1 column",
                          X->rows, X->cols);
  for (size_t c = 0; c < X->cols; c++)
    for (size_t r = 0; r < X->rows; r++)
      if (!isfinite(RMX_ML_AT(X, r, c)))
        return rmx_host->fail(ctx, RMX_ERR_INVALID, "training value at row %zu, column %zu%s%s%s is not finite",
                              r + 1, c + 1, X->col_names ? " ('" : "",
                              X->col_names ? X->col_names[c] : "", X->col_names ? "')" : "");
  size_t n1 = 0;
  for (size_t r = 0; r < X->rows; r++) {
    if (y[r] != 0 && y[r] != 1)
      return rmx_host->fail(ctx, RMX_ERR_INVALID, "label of row %zu is %g; labels must be 0 or 1", r + 1, y[r]);
    n1 += y[r] == 1;
  }
  if (n1 == 0 || n1 == X->rows)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "training labels are all %d; both classes are needed",
                          n1 ? 1 : 0);
  for (size_t r = 0; sw && r < X->rows; r++)
    if (!(sw[r] >= 0) || !isfinite(sw[r]))
      return rmx_host->fail(ctx, RMX_ERR_INVALID, "sample weight of row %zu is %g; must be finite and >= 0",
                            r + 1, sw[r]);
  return RMX_OK;
}

int rmx_ml_check_rows(RmxCtx *ctx, const RmxMatrix *X, size_t expected_cols) {
  if (!X || (!X->data && X->rows)) return rmx_host->fail(ctx, RMX_ERR_INVALID, "no data to score");
  if (X->cols != expected_cols)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "data has %zu columns; the model was fitted on %zu",
                          X->cols, expected_cols);
  for (size_t c = 0; c < X->cols; c++)
    for (size_t r = 0; r < X->rows; r++)
      if (!isfinite(RMX_ML_AT(X, r, c)))
        return rmx_host->fail(ctx, RMX_ERR_INVALID, "value at row %zu, column %zu is not finite", r + 1, c + 1);
  return RMX_OK;
}

static int blob_fn(void *user, const void *data, size_t len) {
  return rmx_host->blob_write((RmxBlob *)user, data, len);
}

RmxMlWriter rmx_ml_blob_writer(RmxBlob *out) {
  RmxMlWriter w = {blob_fn, out, 0};
  return w;
}

void rmx_ml_put_header(RmxMlWriter *w, const char *name, uint64_t version) {
  rmx_ml_put(w, "RMXM", 4);
  uint64_t len = strlen(name);
  rmx_ml_put_u64(w, len);
  rmx_ml_put(w, name, len);
  rmx_ml_put_u64(w, version);
}

int rmx_ml_check_header(RmxCtx *ctx, RmxMlReader *r, const char *name, uint64_t version) {
  char magic[4], buf[64];
  rmx_ml_get(r, magic, 4);
  if (r->bad || memcmp(magic, "RMXM", 4) != 0)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "not a radiomix model (bad magic)");
  uint64_t len = rmx_ml_get_count(r, sizeof buf - 1);
  rmx_ml_get(r, buf, len);
  buf[r->bad ? 0 : len] = 0;
  if (r->bad || strcmp(buf, name) != 0)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "the model was saved by '%s', not '%s'", buf, name);
  uint64_t v = rmx_ml_get_u64(r);
  if (r->bad || v != version)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "model format version %llu; this plugin reads %llu",
                          (unsigned long long)v, (unsigned long long)version);
  return RMX_OK;
}

int rmx_ml_bad_blob(RmxCtx *ctx, const char *name) {
  return rmx_host->fail(ctx, RMX_ERR_INVALID, "saved '%s' model is truncated or corrupt", name);
}
