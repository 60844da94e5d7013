/* gradient.c: the 'gradient' filter plugin (ITK GradientMagnitude as
** PyRadiomics calls it; float32 output). */
#include <stdlib.h>
#include "glue.h"

static const RmxParamSpec params[] = {
  {"gradientUseSpacing", RMX_PARAM_BOOL, 0, "true", 0, 0, NULL,
   "divide the differences by the voxel spacing (mm)", 0, 0, {0}},
  {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0}},
};

static int apply(RmxCtx *ctx, const RmxVolume *const *inputs, size_t n_inputs,
                 const RmxVolume *mask) {
  (void)n_inputs;
  (void)mask;
  const RmxVolume *in = inputs[0];
  int use = rmx_host->param_is_set(ctx, "gradientUseSpacing")
                ? rmx_host->param_bool(ctx, "gradientUseSpacing") : 1;
  /* the output region plus the 1-voxel margin the differences read; where
     the margin would leave the image the core's edge rule is the image's */
  size_t lo[3], hi[3], mlo[3], mhi[3], md[3];
  rmx_fg_region(ctx, in, lo, hi);
  for (int a = 0; a < 3; a++) {
    mlo[a] = lo[a] > 0 ? lo[a] - 1 : 0;
    mhi[a] = hi[a] < in->dim[a] ? hi[a] + 1 : hi[a];
    md[a] = mhi[a] - mlo[a];
  }
  double *x = rmx_fg_input_box(ctx, in, mlo, mhi, "input");
  if (!x) return RMX_ERR_NOMEM;
  size_t n = rmx_fc_count(md);
  float *y = malloc((n ? n : 1) * sizeof *y);
  RmxVolume *out = y ? rmx_fg_out(ctx, RMX_F32, in, lo, hi) : NULL;
  int rc;
  if (!y) rc = rmx_fg_nomem(ctx);
  else if (!out) rc = RMX_ERR_NOMEM;
  else {
    rmx_fc_gradient(x, md, in->spacing, use, y);
    rmx_fg_crop(out->data, y, sizeof *y, mlo, mhi, lo, hi);
    rc = rmx_host->emit(ctx, "gradient", out);
  }
  free(x);
  free(y);
  return rc;
}

static const RmxFilterClass klass = {
  {sizeof(RmxFilterClass), RMX_KIND_FILTER, "gradient",
   "Gradient magnitude by central differences (ITK / PyRadiomics)", params, NULL},
  1, 1, apply};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("filter-gradient", "0.1.0", "Apache-2.0",
                  "Gradient magnitude filter (PyRadiomics Gradient)", init)
