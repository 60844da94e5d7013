/* lbp3d.c: the 'lbp3d' filter plugin (PyRadiomics LBP3D: lbp-3D-m1 ..
** lbp-3D-m<levels> and the kurtosis image lbp-3D-k; values inside the ROI). */
#include <stdio.h>
#include <stdlib.h>
#include "glue.h"

static const RmxParamSpec params[] = {
  {"lbp3DLevels", RMX_PARAM_INT, 0, "2", 1, 10, NULL, "spherical harmonic levels", 0, 0, {0}},
  {"lbp3DIcosphereRadius", RMX_PARAM_DOUBLE, 0, "1", 0.01, 100, NULL,
   "sampling sphere radius in voxels", 0, 0, {0}},
  {"lbp3DIcosphereSubdivision", RMX_PARAM_INT, 0, "1", 0, 4, NULL,
   "icosphere subdivisions (1: 42 samples)", 0, 0, {0}},
  {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0}},
};

static int apply(RmxCtx *ctx, const RmxVolume *const *inputs, size_t n_inputs,
                 const RmxVolume *mask) {
  (void)n_inputs;
  const RmxVolume *in = inputs[0];
  int levels = rmx_host->param_is_set(ctx, "lbp3DLevels") ? (int)rmx_host->param_int(ctx, "lbp3DLevels") : 2;
  double radius = rmx_host->param_is_set(ctx, "lbp3DIcosphereRadius")
                      ? rmx_host->param_double(ctx, "lbp3DIcosphereRadius") : 1.0;
  int sub = rmx_host->param_is_set(ctx, "lbp3DIcosphereSubdivision")
                ? (int)rmx_host->param_int(ctx, "lbp3DIcosphereSubdivision") : 1;
  if (!mask)
    rmx_host->log(ctx, RMX_LOG_INFO, "no mask: LBP computed on every voxel (slow on large images)");
  int rc;
  uint8_t *m = rmx_fg_mask(ctx, mask, in, &rc);
  if (rc) return rc;
  double *x = rmx_fg_input(ctx, in, "input");
  size_t n = rmx_fc_count(in->dim);
  double **out = calloc((size_t)levels + 1, sizeof *out);
  if (!x || !out) { rc = x ? rmx_fg_nomem(ctx) : RMX_ERR_NOMEM; goto done; }
  for (int l = 0; l <= levels; l++)
    if (!(out[l] = malloc((n ? n : 1) * sizeof **out))) { rc = rmx_fg_nomem(ctx); goto done; }
  if (rmx_fc_lbp3d_typed(x, m, in->dim, levels, radius, sub, in->type, out) != 0) {
    rc = rmx_fg_nomem(ctx);
    goto done;
  }
  for (int l = 0; l <= levels && !rc; l++) {
    char name[32];
    if (l < levels) snprintf(name, sizeof name, "lbp-3D-m%d", l + 1);
    else snprintf(name, sizeof name, "lbp-3D-k");
    rc = rmx_fg_emit_f64(ctx, name, in, out[l]);
  }
done:
  if (out)
    for (int l = 0; l <= levels; l++) free(out[l]);
  free(out);
  free(x);
  free(m);
  return rc;
}

static const RmxFilterClass klass = {
  {sizeof(RmxFilterClass), RMX_KIND_FILTER, "lbp3d",
   "3D local binary patterns by spherical harmonics, plus kurtosis (PyRadiomics LBP3D)", params, NULL},
  1, 1, apply};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("filter-lbp3d", "0.1.0", "Apache-2.0",
                  "3D LBP filter (PyRadiomics LBP3D)", init)
