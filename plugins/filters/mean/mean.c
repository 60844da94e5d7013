/* mean.c: the 'mean' filter plugin (IBSI 2 mean filter): average over an
** odd support, 3D or per x-y slice, with a chosen boundary; image 'mean'. */
#include <stdlib.h>
#include <string.h>
#include "glue.h"

static const RmxParamSpec params[] = {
  {"support", RMX_PARAM_INT, 0, "3", 1, 101, NULL, "filter width in voxels (odd)", 0, 0, {0}},
  {"boundary", RMX_PARAM_STRING, 0, "nearest", 0, 0, "zero|nearest|periodic|mirror",
   "padding outside the image", 0, 0, {0}},
  {"dimensionality", RMX_PARAM_STRING, 0, "3D", 0, 0, "3D|2D", "2D: each x-y slice alone", 0, 0, {0}},
  {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0}},
};

static int apply(RmxCtx *ctx, const RmxVolume *const *inputs, size_t n_inputs,
                 const RmxVolume *mask) {
  (void)n_inputs;
  (void)mask;
  const RmxVolume *in = inputs[0];
  int support = rmx_host->param_is_set(ctx, "support") ? (int)rmx_host->param_int(ctx, "support") : 3;
  if (support % 2 == 0)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "parameter 'support': %d is even, needs an odd width", support);
  RmxFcBoundary bc;
  int rc = rmx_fg_boundary(ctx, "boundary", RMX_FC_NEAREST, &bc);
  if (rc) return rc;
  const char *d = rmx_host->param_string(ctx, "dimensionality");
  int is2d = d && !strcmp(d, "2D");
  /* only the output region, from the input around it the support reaches */
  size_t h = (size_t)support / 2, m[3] = {h, h, is2d ? 0 : h}, lo[3], hi[3], glo[3], ghi[3], gd[3];
  double *x = rmx_fg_input_grown(ctx, in, m, lo, hi, glo, ghi, gd);
  size_t n = rmx_fc_count(gd);
  double *y = malloc((n ? n : 1) * sizeof *y);
  if (!x || !y) rc = x ? rmx_fg_nomem(ctx) : RMX_ERR_NOMEM;
  else if (rmx_fc_mean(x, gd, support, is2d, bc, y) != 0) rc = rmx_fg_nomem(ctx);
  else rc = rmx_fg_emit_box(ctx, "mean", RMX_F64, in, y, glo, ghi, lo, hi);
  free(x);
  free(y);
  return rc;
}

static const RmxFilterClass klass = {
  {sizeof(RmxFilterClass), RMX_KIND_FILTER, "mean",
   "Mean filter over an odd support, 3D or 2D, chosen boundary (IBSI 2)", params, NULL},
  1, 1, apply};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("filter-mean", "0.1.0", "Apache-2.0", "Mean filter (IBSI 2)", init)
