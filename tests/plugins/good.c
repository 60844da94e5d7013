/* good.c: a fixture plugin with one working component of each kind. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <radiomix/plugin.h>

/* filter "fx_scale": out = factor * in, as F64 */
static const RmxParamSpec scale_params[] = {
    {.name = "factor", .type = RMX_PARAM_DOUBLE, .default_value = "2", .min = -1e6, .max = 1e6,
     .doc = "multiplier"},
    {.name = NULL}};

static int scale_apply(RmxCtx *ctx, const RmxVolume *const *in, size_t n, const RmxVolume *mask) {
  (void)n;
  (void)mask;
  if (in[0]->type != RMX_I16 && in[0]->type != RMX_F64)
    return rmx_host->fail(ctx, RMX_ERR_UNSUPPORTED, "fixture handles int16 and double only");
  RmxVolume *out = rmx_host->volume_new(ctx, RMX_F64, in[0]->dim, in[0]);
  double f = rmx_host->param_double(ctx, "factor");
  size_t nv = in[0]->dim[0] * in[0]->dim[1] * in[0]->dim[2];
  for (size_t i = 0; i < nv; i++)
    ((double *)out->data)[i] = f * (in[0]->type == RMX_I16 ? ((int16_t *)in[0]->data)[i]
                                                            : ((double *)in[0]->data)[i]);
  return rmx_host->emit(ctx, "fx_scale", out);
}

static const RmxFilterClass scale = {
    {sizeof(RmxFilterClass), RMX_KIND_FILTER, "fx_scale", "multiply by a factor", scale_params, 0},
    1, 1, scale_apply};

/* feature family "fx_count": the ROI voxel count and the level count */
static const RmxFeatureInfo count_features[] = {{"Voxels", 0}, {"Levels", 0}, {NULL, 0}};

static int count_compute(RmxCtx *ctx, const RmxFeatureInput *in, const uint8_t *en, double *v) {
  (void)ctx;
  if (en[0]) v[0] = (double)in->n_roi;
  if (en[1]) v[1] = in->n_levels;
  return RMX_OK;
}

static const RmxFeatureFamilyClass count = {
    {sizeof(RmxFeatureFamilyClass), RMX_KIND_FEATURES, "fx_count", "ROI size", NULL, 0},
    count_features, 0, count_compute};

/* selector "fx_variance": column variance as score */
static int var_score(RmxCtx *ctx, const RmxMatrix *X, const double *y, double *s, size_t *rank) {
  (void)ctx;
  (void)y;
  (void)rank;
  for (size_t c = 0; c < X->cols; c++) {
    double m = 0, q = 0;
    for (size_t r = 0; r < X->rows; r++) m += X->data[r + c * X->ld];
    m /= (double)X->rows;
    for (size_t r = 0; r < X->rows; r++) q += pow(X->data[r + c * X->ld] - m, 2);
    s[c] = q / (double)X->rows;
  }
  return RMX_OK;
}

static const RmxSelectorClass variance = {
    {sizeof(RmxSelectorClass), RMX_KIND_SELECTOR, "fx_variance", "variance", NULL, 0}, 0,
    var_score};

/* classifier "fx_prior": predicts the training prevalence for every row */
static const RmxParamSpec prior_params[] = {
    {.name = "smoothing", .type = RMX_PARAM_DOUBLE, .flags = RMX_PARAM_SEARCH,
     .default_value = "0", .min = 0, .max = 100, .search_min = 0, .search_max = 10,
     .doc = "Laplace smoothing"},
    {.name = NULL}};

static int prior_fit(RmxCtx *ctx, const RmxMatrix *X, const double *y, const double *w, void **m) {
  (void)w;
  double a = rmx_host->param_double(ctx, "smoothing"), pos = 0;
  for (size_t r = 0; r < X->rows; r++) pos += y[r];
  double *p = malloc(sizeof *p);
  if (!p) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  *p = (pos + a) / ((double)X->rows + 2 * a);
  *m = p;
  return RMX_OK;
}

static int prior_predict(RmxCtx *ctx, const void *m, const RmxMatrix *X, double *proba) {
  (void)ctx;
  for (size_t r = 0; r < X->rows; r++) proba[r] = *(const double *)m;
  return RMX_OK;
}

static int prior_save(RmxCtx *ctx, const void *m, RmxBlob *out) {
  (void)ctx;
  return rmx_host->blob_write(out, m, sizeof(double));
}

static int prior_load(RmxCtx *ctx, const void *data, size_t len, void **m) {
  if (len != sizeof(double)) return rmx_host->fail(ctx, RMX_ERR_INVALID, "bad model size %zu", len);
  double *p = malloc(sizeof *p);
  if (!p) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  memcpy(p, data, sizeof *p);
  *m = p;
  return RMX_OK;
}

static const RmxClassifierClass prior = {
    {sizeof(RmxClassifierClass), RMX_KIND_CLASSIFIER, "fx_prior", "prevalence", prior_params, 0},
    prior_fit, prior_predict, free, prior_save, prior_load, NULL, NULL};

static int init(RmxCtx *ctx) {
  int rc = rmx_host->register_component(ctx, &scale.hdr);
  if (!rc) rc = rmx_host->register_component(ctx, &count.hdr);
  if (!rc) rc = rmx_host->register_component(ctx, &variance.hdr);
  if (!rc) rc = rmx_host->register_component(ctx, &prior.hdr);
  return rc;
}

RMX_PLUGIN_DEFINE("fixture_good", "1.2.3", "MIT", "one component of each kind", init)
