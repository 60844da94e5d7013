/* faulty.c: fixture plugin whose components fail, return NaN or crash, for the bad-input catalogue. */
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <radiomix/plugin.h>

static int filter_fails(RmxCtx *ctx, const RmxVolume *const *in, size_t n, const RmxVolume *mask) {
  (void)in;
  (void)n;
  (void)mask;
  return rmx_host->fail(ctx, RMX_ERR_INVALID, "filter refuses this image on purpose");
}

static const RmxFilterClass fail_filter = {
    {sizeof(RmxFilterClass), RMX_KIND_FILTER, "fx_fail_filter", "always fails", NULL, 0}, 1, 1,
    filter_fails};

static const RmxFeatureInfo one_feature[] = {{"Value", 0}, {NULL, 0}};

static int family_fails(RmxCtx *ctx, const RmxFeatureInput *in, const uint8_t *en, double *v) {
  (void)in;
  (void)en;
  (void)v;
  return rmx_host->fail(ctx, RMX_ERR_INVALID, "family refuses this ROI on purpose");
}

static int family_nan(RmxCtx *ctx, const RmxFeatureInput *in, const uint8_t *en, double *v) {
  (void)ctx;
  (void)in;
  if (en[0]) v[0] = NAN;
  return RMX_OK;
}

/* Crashes only on a ROI of exactly 64 voxels, so a batch can hold cases it survives. */
static int family_crash(RmxCtx *ctx, const RmxFeatureInput *in, const uint8_t *en, double *v) {
  (void)ctx;
  if (in->n_roi == 64) raise(SIGSEGV);
  if (en[0]) v[0] = (double)in->n_roi;
  return RMX_OK;
}

static const RmxFeatureFamilyClass fail_family = {
    {sizeof(RmxFeatureFamilyClass), RMX_KIND_FEATURES, "fx_fail_family", "always fails", NULL, 0},
    one_feature, 0, family_fails};
static const RmxFeatureFamilyClass nan_family = {
    {sizeof(RmxFeatureFamilyClass), RMX_KIND_FEATURES, "fx_nan_family", "NaN value", NULL, 0},
    one_feature, 0, family_nan};
static const RmxFeatureFamilyClass crash_family = {
    {sizeof(RmxFeatureFamilyClass), RMX_KIND_FEATURES, "fx_crash_family", "segfaults on 64 voxels",
     NULL, 0},
    one_feature, 0, family_crash};

static int selector_fails(RmxCtx *ctx, const RmxMatrix *X, const double *y, double *s, size_t *r) {
  (void)X;
  (void)y;
  (void)s;
  (void)r;
  return rmx_host->fail(ctx, RMX_ERR_INVALID, "selector refuses these data on purpose");
}

static const RmxSelectorClass fail_selector = {
    {sizeof(RmxSelectorClass), RMX_KIND_SELECTOR, "fx_fail_selector", "always fails", NULL, 0}, 0,
    selector_fails};

static int clf_fit_fails(RmxCtx *ctx, const RmxMatrix *X, const double *y, const double *w,
                         void **m) {
  (void)X;
  (void)y;
  (void)w;
  (void)m;
  return rmx_host->fail(ctx, RMX_ERR_INVALID, "classifier cannot fit on purpose");
}

static int clf_fit_ok(RmxCtx *ctx, const RmxMatrix *X, const double *y, const double *w,
                      void **m) {
  (void)X;
  (void)y;
  (void)w;
  *m = malloc(1);
  return *m ? RMX_OK : rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
}

static int clf_predict_nan(RmxCtx *ctx, const void *m, const RmxMatrix *X, double *p) {
  (void)ctx;
  (void)m;
  for (size_t r = 0; r < X->rows; r++) p[r] = NAN;
  return RMX_OK;
}

static const RmxClassifierClass fail_classifier = {
    {sizeof(RmxClassifierClass), RMX_KIND_CLASSIFIER, "fx_fail_classifier", "fit fails", NULL, 0},
    clf_fit_fails, clf_predict_nan, free, NULL, NULL, NULL, NULL};
static const RmxClassifierClass nan_classifier = {
    {sizeof(RmxClassifierClass), RMX_KIND_CLASSIFIER, "fx_nan_classifier", "predicts NaN", NULL, 0},
    clf_fit_ok, clf_predict_nan, free, NULL, NULL, NULL, NULL};

static int init(RmxCtx *ctx) {
  const RmxComponentHeader *all[] = {&fail_filter.hdr,   &fail_family.hdr,     &nan_family.hdr,
                                     &crash_family.hdr,  &fail_selector.hdr,   &fail_classifier.hdr,
                                     &nan_classifier.hdr};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    int rc = rmx_host->register_component(ctx, all[i]);
    if (rc) return rc;
  }
  return RMX_OK;
}

RMX_PLUGIN_DEFINE("fixture_faulty", "0.1", "MIT", "components that fail, return NaN or crash", init)
