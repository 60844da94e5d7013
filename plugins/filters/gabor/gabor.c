/* gabor.c: the 'gabor' filter plugin (IBSI 2 Gabor, modulus response):
** in-plane kernel per axial slice, averaged over the orientations in 'theta'
** and, with orthogonalPlanes, over the three orthogonal planes; image 'gabor'. */
#include <stdlib.h>
#include "glue.h"

static const RmxParamSpec params[] = {
  {"sigma", RMX_PARAM_DOUBLE, 0, "10", 1e-6, 1e4, NULL, "Gaussian envelope width (mm)", 0, 0, {0}},
  {"lambda", RMX_PARAM_DOUBLE, 0, "4", 1e-6, 1e4, NULL, "wavelength of the harmonic (mm)", 0, 0, {0}},
  {"gamma", RMX_PARAM_DOUBLE, 0, "1", 1e-6, 1e3, NULL, "spatial aspect ratio of the envelope", 0, 0, {0}},
  {"theta", RMX_PARAM_LIST, 0, "[0]", -100, 100, NULL,
   "orientations in radians; the response is averaged over them", 0, 0, {0}},
  {"orthogonalPlanes", RMX_PARAM_BOOL, 0, "false", 0, 0, NULL,
   "also filter the two other orthogonal planes and average (IBSI rotation invariance)", 0, 0, {0}},
  {"boundary", RMX_PARAM_STRING, 0, "mirror", 0, 0, "zero|nearest|periodic|mirror",
   "padding outside the slice", 0, 0, {0}},
  {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0}},
};

static double param_or(RmxCtx *ctx, const char *key, double dflt) {
  return rmx_host->param_is_set(ctx, key) ? rmx_host->param_double(ctx, key) : dflt;
}

static int apply(RmxCtx *ctx, const RmxVolume *const *inputs, size_t n_inputs,
                 const RmxVolume *mask) {
  (void)n_inputs;
  (void)mask;
  const RmxVolume *in = inputs[0];
  RmxFcGabor g;
  g.sigma = param_or(ctx, "sigma", 10);
  g.lambda = param_or(ctx, "lambda", 4);
  g.gamma = param_or(ctx, "gamma", 1);
  static const double zero = 0;
  const double *th = NULL;
  size_t nt = rmx_host->param_list(ctx, "theta", &th);
  g.theta = nt ? th : &zero;
  g.n_theta = nt ? (int)nt : 1;
  g.orthogonal_planes = rmx_host->param_bool(ctx, "orthogonalPlanes");
  int rc = rmx_fg_boundary(ctx, "boundary", RMX_FC_MIRROR, &g.boundary);
  if (rc) return rc;
  /* the slices crossing the output region are filtered (whole), the
     response kept only inside it; axial slices alone need only their slab
     of the input (the slices are independent) */
  size_t lo[3], hi[3], slo[3] = {0, 0, 0}, shi[3], sd[3], blo[3], bhi[3];
  rmx_fg_region(ctx, in, lo, hi);
  for (int a = 0; a < 3; a++) shi[a] = in->dim[a];
  if (!g.orthogonal_planes) slo[2] = lo[2], shi[2] = hi[2];
  for (int a = 0; a < 3; a++) sd[a] = shi[a] - slo[a], blo[a] = lo[a] - slo[a], bhi[a] = hi[a] - slo[a];
  double *x = rmx_fg_input_box(ctx, in, slo, shi, "input");
  RmxVolume *out = x ? rmx_fg_out(ctx, RMX_F64, in, lo, hi) : NULL;
  if (!out) rc = RMX_ERR_NOMEM;
  else if (rmx_fc_gabor_box(x, sd, in->spacing, &g, blo, bhi, out->data) != 0) {
    rmx_host->volume_free(out);
    rc = rmx_fg_nomem(ctx);
  } else rc = rmx_host->emit(ctx, "gabor", out);
  free(x);
  return rc;
}

static const RmxFilterClass klass = {
  {sizeof(RmxFilterClass), RMX_KIND_FILTER, "gabor",
   "Gabor filter modulus, orientation (and plane) averaged (IBSI 2)", params, NULL},
  1, 1, apply};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("filter-gabor", "0.1.0", "Apache-2.0", "Gabor filter (IBSI 2)", init)
