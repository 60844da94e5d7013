/* adc.c: the 'adc' filter plugin: apparent diffusion coefficient map
** (mm^2/s for b in s/mm^2) from 2-16 diffusion-weighted inputs on one grid,
** one b-value per input in 'bValues', same order. See core/adc.c for the
** fit and the handling of S <= 0. */
#include <math.h>
#include <stdlib.h>
#include "glue.h"

static const RmxParamSpec params[] = {
  {"bValues", RMX_PARAM_LIST, RMX_PARAM_NULLABLE, NULL, 0, 1e5, NULL,
   "b-value (s/mm^2) of each input, in input order", 0, 0, {0}},
  {"weighted", RMX_PARAM_BOOL, 0, "true", 0, 0, NULL,
   "weight ln S by S^2 (inverse variance); false: plain least squares", 0, 0, {0}},
  {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0}},
};

#define GEOM_TOL 1e-4 /* mm, and for direction cosines */

static int same_grid(RmxCtx *ctx, const RmxVolume *a, const RmxVolume *b, size_t idx) {
  for (int k = 0; k < 3; k++)
    if (a->dim[k] != b->dim[k])
      return rmx_host->fail(ctx, RMX_ERR_INVALID,
                            "input %zu: size %zux%zux%zu differs from input 1's %zux%zux%zu", idx,
                            b->dim[0], b->dim[1], b->dim[2], a->dim[0], a->dim[1], a->dim[2]);
  for (int k = 0; k < 3; k++)
    if (fabs(a->spacing[k] - b->spacing[k]) > GEOM_TOL || fabs(a->origin[k] - b->origin[k]) > GEOM_TOL)
      return rmx_host->fail(ctx, RMX_ERR_INVALID,
                            "input %zu: spacing/origin differ from input 1's (axis %d)", idx, k);
  for (int k = 0; k < 9; k++)
    if (fabs(a->direction[k] - b->direction[k]) > GEOM_TOL)
      return rmx_host->fail(ctx, RMX_ERR_INVALID, "input %zu: direction differs from input 1's", idx);
  return RMX_OK;
}

static int apply(RmxCtx *ctx, const RmxVolume *const *inputs, size_t n_inputs,
                 const RmxVolume *mask) {
  (void)mask;
  const double *b = NULL;
  size_t nb = rmx_host->param_list(ctx, "bValues", &b);
  if (nb != n_inputs)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "parameter 'bValues': %zu values for %zu inputs",
                          nb, n_inputs);
  double bmin = b[0], bmax = b[0];
  for (size_t i = 0; i < nb; i++) {
    if (!(b[i] >= 0)) return rmx_host->fail(ctx, RMX_ERR_INVALID, "parameter 'bValues': %g < 0", b[i]);
    if (b[i] < bmin) bmin = b[i];
    if (b[i] > bmax) bmax = b[i];
  }
  if (!(bmax > bmin))
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "parameter 'bValues': needs two different b-values");
  for (size_t i = 1; i < n_inputs; i++) {
    int rc = same_grid(ctx, inputs[0], inputs[i], i + 1);
    if (rc) return rc;
  }
  int weighted = rmx_host->param_is_set(ctx, "weighted") ? rmx_host->param_bool(ctx, "weighted") : 1;
  /* a per-voxel fit: only the output region is read and fitted */
  size_t lo[3], hi[3];
  rmx_fg_region(ctx, inputs[0], lo, hi);
  double **s = calloc(n_inputs, sizeof *s);
  RmxVolume *out = NULL;
  int rc = RMX_OK;
  if (!s) rc = rmx_fg_nomem(ctx);
  for (size_t i = 0; i < n_inputs && !rc; i++)
    if (!(s[i] = rmx_fg_input_box(ctx, inputs[i], lo, hi, "input"))) rc = RMX_ERR_NOMEM;
  if (!rc && !(out = rmx_fg_out(ctx, RMX_F64, inputs[0], lo, hi))) rc = RMX_ERR_NOMEM;
  if (!rc) {
    RmxAdcStats st;
    rmx_fc_adc((const double *const *)s, b, n_inputs, rmx_fc_count(out->dim), weighted, out->data,
               &st);
    if (st.n_fallback)
      rmx_host->log(ctx, RMX_LOG_INFO,
                    "%zu voxels have fewer than two positive signals at distinct b: ADC set to 0",
                    st.n_fallback);
    rc = rmx_host->emit(ctx, "adc", out);
  }
  if (s)
    for (size_t i = 0; i < n_inputs; i++) free(s[i]);
  free(s);
  return rc;
}

static const RmxFilterClass klass = {
  {sizeof(RmxFilterClass), RMX_KIND_FILTER, "adc",
   "ADC map (mm^2/s) from diffusion-weighted images by log-linear least squares", params, NULL},
  2, 16, apply};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("filter-adc", "0.1.0", "Apache-2.0", "Apparent diffusion coefficient map", init)
