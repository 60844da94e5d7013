/* normalize.c: the 'normalize' filter plugin: z-score intensities (as
** PyRadiomics' normalize setting) over the whole image or the ROI, clipped
** at +-removeOutliers sd when set, times normalizeScale; image 'normalize'. */
#include <stdlib.h>
#include <string.h>
#include "glue.h"

static const RmxParamSpec params[] = {
  {"normalizeScale", RMX_PARAM_DOUBLE, 0, "1", 1e-9, 1e9, NULL, "factor applied after the z-score", 0, 0, {0}},
  {"removeOutliers", RMX_PARAM_DOUBLE, RMX_PARAM_NULLABLE, NULL, 1e-9, 1e9, NULL,
   "clip z-scores beyond +- this many sd (unset: no clipping)", 0, 0, {0}},
  {"normalizeRegion", RMX_PARAM_STRING, 0, "image", 0, 0, "image|mask",
   "voxels whose mean and sd are used (PyRadiomics: image)", 0, 0, {0}},
  {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0}},
};

static int apply(RmxCtx *ctx, const RmxVolume *const *inputs, size_t n_inputs,
                 const RmxVolume *mask) {
  (void)n_inputs;
  const RmxVolume *in = inputs[0];
  double scale = rmx_host->param_is_set(ctx, "normalizeScale") ? rmx_host->param_double(ctx, "normalizeScale") : 1;
  double outl = rmx_host->param_is_set(ctx, "removeOutliers") ? rmx_host->param_double(ctx, "removeOutliers") : 0;
  const char *region = rmx_host->param_string(ctx, "normalizeRegion");
  int use_mask = region && !strcmp(region, "mask");
  if (use_mask && !mask)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "parameter 'normalizeRegion': 'mask' needs a mask");
  int rc;
  uint8_t *m = use_mask ? rmx_fg_mask(ctx, mask, in, &rc) : NULL;
  if (use_mask && !m) return rc;
  double *x = rmx_fg_input(ctx, in, "input");
  size_t n = rmx_fc_count(in->dim);
  double *y = malloc((n ? n : 1) * sizeof *y);
  if (!x || !y) rc = x ? rmx_fg_nomem(ctx) : RMX_ERR_NOMEM;
  else {
    int r = rmx_fc_normalize(x, m, n, scale, outl, y);
    if (r == -1) rc = rmx_host->fail(ctx, RMX_ERR_INVALID, "fewer than 2 voxels to normalise over");
    else if (r == -2) rc = rmx_host->fail(ctx, RMX_ERR_INVALID, "constant intensities: sd is 0");
    else rc = rmx_fg_emit_f64(ctx, "normalize", in, y);
  }
  free(m);
  free(x);
  free(y);
  return rc;
}

static const RmxFilterClass klass = {
  {sizeof(RmxFilterClass), RMX_KIND_FILTER, "normalize",
   "Z-score intensity normalisation (PyRadiomics normalize), over image or ROI", params, NULL},
  1, 1, apply};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("filter-normalize", "0.1.0", "Apache-2.0", "Intensity normalisation filter", init)
