/* simoncelli.c: the 'simoncelli' filter plugin (IBSI 2 non-separable
** wavelet, periodic, real response): one image 'simoncelli-<level>' per
** requested decomposition level. */
#include <stdio.h>
#include "glue.h"

static const RmxParamSpec params[] = {
  {"level", RMX_PARAM_LIST, 0, "[1]", 1, 10, NULL, "decomposition levels (1 = finest band)", 0, 0, {0}},
  {"riesz", RMX_PARAM_LIST, RMX_PARAM_NULLABLE, NULL, 0, 10, NULL,
   "Riesz transform orders along x, y, z (IBSI 2 test 10)", 0, 0, {0}},
  {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0}},
};

static int apply(RmxCtx *ctx, const RmxVolume *const *inputs, size_t n_inputs,
                 const RmxVolume *mask) {
  (void)n_inputs;
  (void)mask;
  const RmxVolume *in = inputs[0];
  const double *lv = NULL;
  static const double one = 1;
  size_t nl = rmx_host->param_list(ctx, "level", &lv);
  if (!nl) { lv = &one; nl = 1; }
  for (size_t i = 0; i < nl; i++)
    if (lv[i] != (double)(int)lv[i])
      return rmx_host->fail(ctx, RMX_ERR_INVALID, "parameter 'level': %g is not an integer", lv[i]);
  const double *rz = NULL;
  size_t nr = rmx_host->param_list(ctx, "riesz", &rz);
  int riesz[3] = {0, 0, 0};
  if (nr && nr != 3)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "parameter 'riesz': needs 3 orders (x, y, z), got %zu", nr);
  for (size_t i = 0; i < nr; i++) riesz[i] = (int)rz[i];
  if (!in->data || in->type < RMX_U8 || in->type > RMX_F64)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "input: no volume or unknown voxel type");
  /* Fourier domain: the whole image is transformed (read by type), the
     inverse only as far as the output region needs */
  size_t lo[3], hi[3];
  rmx_fg_region(ctx, in, lo, hi);
  int rc = RMX_OK;
  for (size_t i = 0; i < nl && !rc; i++) {
    RmxVolume *out = rmx_fg_out(ctx, RMX_F64, in, lo, hi);
    if (!out) { rc = RMX_ERR_NOMEM; break; }
    if (rmx_fc_simoncelli_box(in->data, in->type, in->dim, (int)lv[i], nr ? riesz : NULL, lo, hi, out->data)) {
      rmx_host->volume_free(out);
      rc = rmx_fg_nomem(ctx);
      break;
    }
    char name[64];
    if (nr) snprintf(name, sizeof name, "simoncelli-%d-riesz-%d%d%d", (int)lv[i], riesz[0], riesz[1], riesz[2]);
    else snprintf(name, sizeof name, "simoncelli-%d", (int)lv[i]);
    rc = rmx_host->emit(ctx, name, out);
  }
  return rc;
}

static const RmxFilterClass klass = {
  {sizeof(RmxFilterClass), RMX_KIND_FILTER, "simoncelli",
   "Isotropic Simoncelli wavelet band per level (IBSI 2, periodic)", params, NULL},
  1, 1, apply};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("filter-simoncelli", "0.1.0", "Apache-2.0", "Simoncelli wavelet filter (IBSI 2)", init)
