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
  double *x = rmx_fg_input(ctx, in, "input");
  if (!x) return RMX_ERR_NOMEM;
  size_t n = rmx_fc_count(in->dim);
  float *y = malloc((n ? n : 1) * sizeof *y);
  int rc;
  if (!y) rc = rmx_fg_nomem(ctx);
  else {
    rmx_fc_gradient(x, in->dim, in->spacing, use, y);
    rc = rmx_fg_emit_f32(ctx, "gradient", in, y);
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
