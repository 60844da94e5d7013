/* lbp2d.c: the 'lbp2d' filter plugin (PyRadiomics LBP2D, image 'lbp-2D'),
** slice by slice in the plane normal to force2Ddimension (0: z). */
#include <math.h>
#include <stdlib.h>
#include "glue.h"

static const RmxParamSpec params[] = {
  {"lbp2DRadius", RMX_PARAM_DOUBLE, 0, "1", 0.01, 100, NULL, "sampling circle radius (voxels)", 0, 0, {0}},
  {"lbp2DSamples", RMX_PARAM_INT, 0, "8", 1, 30, NULL, "samples on the circle", 0, 0, {0}},
  {"lbp2DMethod", RMX_PARAM_STRING, 0, "uniform", 0, 0, "default|ror|uniform|var",
   "scikit-image local_binary_pattern method", 0, 0, {0}},
  {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0}},
};

static int apply(RmxCtx *ctx, const RmxVolume *const *inputs, size_t n_inputs,
                 const RmxVolume *mask) {
  (void)n_inputs;
  (void)mask;
  const RmxVolume *in = inputs[0];
  double radius = rmx_host->param_is_set(ctx, "lbp2DRadius") ? rmx_host->param_double(ctx, "lbp2DRadius") : 1;
  int samples = rmx_host->param_is_set(ctx, "lbp2DSamples") ? (int)rmx_host->param_int(ctx, "lbp2DSamples") : 8;
  const char *method = rmx_host->param_string(ctx, "lbp2DMethod");
  if (!method) method = "uniform";
  int64_t axis = rmx_host->param_int(ctx, "force2Ddimension");
  if (axis < 0 || axis > 2)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "setting 'force2Ddimension': %lld not in 0..2",
                          (long long)axis);
  if (!rmx_host->param_bool(ctx, "force2D") && in->dim[2] > 1)
    rmx_host->log(ctx, RMX_LOG_WARNING, "LBP is computed in 2D slices but features are extracted in 3D");
  /* only the output region, from the input box around it that the
     samples reach within each slice (not across slices) */
  size_t lo[3], hi[3], ilo[3], ihi[3], m = (size_t)ceil(radius) + 1;
  rmx_fg_region(ctx, in, lo, hi);
  int slice_axis = 2 - (int)axis; /* numpy axis -> grid axis */
  for (int a = 0; a < 3; a++) {
    size_t g = a == slice_axis ? 0 : m;
    ilo[a] = lo[a] > g ? lo[a] - g : 0;
    ihi[a] = hi[a] + g < in->dim[a] ? hi[a] + g : in->dim[a];
  }
  double *x = rmx_fg_input_box(ctx, in, ilo, ihi, "input");
  if (!x) return RMX_ERR_NOMEM;
  size_t n = (hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]);
  RmxVolume *out = rmx_fg_out(ctx, RMX_F64, in, lo, hi);
  double *y = out ? out->data : NULL;
  int rc = RMX_OK;
  if (!out) rc = RMX_ERR_NOMEM;
  else if (rmx_fc_lbp2d_box(x, ilo, ihi, in->dim, lo, hi, (int)axis, radius, samples, method, y) != 0)
    rc = rmx_host->fail(ctx, RMX_ERR_INVALID, "parameter 'lbp2DMethod': unsupported '%s'", method);
  else {
    /* PyRadiomics writes the result back into the input's array: integer
       images keep integer values (truncated) */
    if (in->type != RMX_F32 && in->type != RMX_F64)
      for (size_t i = 0; i < n; i++)
        if (isfinite(y[i])) y[i] = trunc(y[i]);
    rc = rmx_host->emit(ctx, "lbp-2D", out); /* ownership passes */
    out = NULL;
  }
  rmx_host->volume_free(out);
  free(x);
  return rc;
}

static const RmxFilterClass klass = {
  {sizeof(RmxFilterClass), RMX_KIND_FILTER, "lbp2d",
   "2D local binary patterns per slice (PyRadiomics LBP2D, scikit-image methods)", params, NULL},
  1, 1, apply};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("filter-lbp2d", "0.1.0", "Apache-2.0", "2D LBP filter (PyRadiomics LBP2D)", init)
