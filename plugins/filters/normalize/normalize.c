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
  /* statistics over the whole image (or ROI), the map over the output region */
  size_t lo[3], hi[3];
  rmx_fg_region(ctx, in, lo, hi);
  double *x = rmx_fg_input_box(ctx, in, lo, hi, "input"), mean = 0, sd = 1;
  RmxVolume *out = NULL;
  if (!x) rc = RMX_ERR_NOMEM;
  else {
    int r = rmx_fc_normalize_stats(in->data, in->type, m, rmx_fc_count(in->dim), &mean, &sd);
    if (r == -1) rc = rmx_host->fail(ctx, RMX_ERR_INVALID, "fewer than 2 voxels to normalise over");
    else if (r == -2) rc = rmx_host->fail(ctx, RMX_ERR_INVALID, "constant intensities: sd is 0");
    else if (!(out = rmx_fg_out(ctx, RMX_F64, in, lo, hi))) rc = RMX_ERR_NOMEM;
    else {
      rmx_fc_normalize_map(x, rmx_fc_count(out->dim), mean, sd, scale, outl, out->data);
      rc = rmx_host->emit(ctx, "normalize", out);
    }
  }
  free(m);
  free(x);
  return rc;
}

static const RmxFilterClass klass = {
  {sizeof(RmxFilterClass), RMX_KIND_FILTER, "normalize",
   "Z-score intensity normalisation (PyRadiomics normalize), over image or ROI", params, NULL},
  1, 1, apply};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("filter-normalize", "0.1.0", "Apache-2.0", "Intensity normalisation filter", init)
