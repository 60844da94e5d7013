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
  else
    for (int a = 0; a < 3; a++)
      if (mask->dim[a] != in->dim[a])
        return rmx_host->fail(ctx, RMX_ERR_INVALID,
                              "mask size %zux%zux%zu differs from the image's %zux%zux%zu",
                              mask->dim[0], mask->dim[1], mask->dim[2], in->dim[0], in->dim[1],
                              in->dim[2]);
  if (!in->data) return rmx_host->fail(ctx, RMX_ERR_INVALID, "input: no volume");
  if (in->type < RMX_U8 || in->type > RMX_F64)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "input: unknown voxel type %d", (int)in->type);
  /* only the output region (with the mask over it) is computed; the core
     reads the input by type, so no whole-image copy is made */
  size_t lo[3], hi[3];
  rmx_fg_region(ctx, in, lo, hi);
  size_t nb = (hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]);
  int rc = RMX_OK;
  uint8_t *m = NULL;
  RmxVolume **out = calloc((size_t)levels + 1, sizeof *out);
  double **data = calloc((size_t)levels + 1, sizeof *data);
  if (!out || !data) { rc = rmx_fg_nomem(ctx); goto done; }
  if (mask) {
    double *md = rmx_fg_input_box(ctx, mask, lo, hi, "mask");
    if (!md || !(m = malloc(nb ? nb : 1))) { free(md); rc = md ? rmx_fg_nomem(ctx) : RMX_ERR_NOMEM; goto done; }
    for (size_t i = 0; i < nb; i++) m[i] = md[i] != 0;
    free(md);
  }
  for (int l = 0; l <= levels; l++) {
    if (!(out[l] = rmx_fg_out(ctx, RMX_F64, in, lo, hi))) { rc = RMX_ERR_NOMEM; goto done; }
    data[l] = out[l]->data;
  }
  if (rmx_fc_lbp3d_box(in->data, in->type, m, in->dim, lo, hi, levels, radius, sub, in->type,
                       data) != 0) {
    rc = rmx_fg_nomem(ctx);
    goto done;
  }
  for (int l = 0; l <= levels && !rc; l++) {
    char name[32];
    if (l < levels) snprintf(name, sizeof name, "lbp-3D-m%d", l + 1);
    else snprintf(name, sizeof name, "lbp-3D-k");
    rc = rmx_host->emit(ctx, name, out[l]); /* ownership passes */
    out[l] = NULL;
  }
done:
  if (out)
    for (int l = 0; l <= levels; l++) rmx_host->volume_free(out[l]);
  free(out);
  free(data);
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
