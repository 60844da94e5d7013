/* wavelet.c: the 'wavelet' filter plugin, undecimated wavelet sub-bands as
** PyRadiomics names them (wavelet-LLH ... wavelet-LLL, wavelet2-... for
** later levels; letters in x, y, z order). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "glue.h"

static const RmxParamSpec params[] = {
  {"wavelet", RMX_PARAM_STRING, 0, "coif1", 0, 0, RMX_FC_WAVELET_NAMES,
   "wavelet family and order (PyWavelets names)", 0, 0, {0}},
  {"level", RMX_PARAM_INT, 0, "1", 1, 8, NULL, "number of decomposition levels reported", 0, 0, {0}},
  {"start_level", RMX_PARAM_INT, 0, "0", 0, 8, NULL,
   "levels decomposed (approximation only) before the first reported one", 0, 0, {0}},
  {"boundary", RMX_PARAM_STRING, 0, "periodic", 0, 0, "zero|nearest|periodic|mirror",
   "signal extension; periodic is PyWavelets' swt", 0, 0, {0}},
  {"dilate", RMX_PARAM_BOOL, 0, "false", 0, 0, NULL,
   "a trous: filters upsampled by 2^level (IBSI 2); false repeats level-1 filters (PyRadiomics)",
   0, 0, {0}},
  {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0}},
};

typedef struct Emit { RmxCtx *ctx; const RmxVolume *like; int rc; } Emit;

static int on_band(void *user, int level, const char *bands, const double *band) {
  Emit *e = user;
  char name[64];
  if (level == 1) snprintf(name, sizeof name, "wavelet-%s", bands);
  else snprintf(name, sizeof name, "wavelet%d-%s", level, bands);
  e->rc = rmx_fg_emit_f64(e->ctx, name, e->like, band);
  return e->rc != RMX_OK;
}

static int apply(RmxCtx *ctx, const RmxVolume *const *inputs, size_t n_inputs,
                 const RmxVolume *mask) {
  (void)n_inputs;
  (void)mask;
  const RmxVolume *in = inputs[0];
  const char *wname = rmx_host->param_string(ctx, "wavelet");
  if (!wname) wname = "coif1";
  RmxFcSwtOptions o;
  memset(&o, 0, sizeof o);
  o.wavelet = rmx_fc_wavelet_find(wname);
  if (!o.wavelet)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "parameter 'wavelet': unknown wavelet '%s' (%s)",
                          wname, rmx_fc_wavelet_names());
  o.level = rmx_host->param_is_set(ctx, "level") ? (int)rmx_host->param_int(ctx, "level") : 1;
  o.start_level = (int)rmx_host->param_int(ctx, "start_level");
  o.dilate = rmx_host->param_bool(ctx, "dilate");
  o.pad_odd = 1;
  int rc = rmx_fg_boundary(ctx, "boundary", RMX_FC_PERIODIC, &o.boundary);
  if (rc) return rc;
  o.axes = 7u;
  /* force2D: no transform along the slice axis (PyRadiomics drops that axis,
     force2Ddimension counts numpy axes: 0 = z) */
  if (rmx_host->param_bool(ctx, "force2D")) {
    int64_t d = rmx_host->param_int(ctx, "force2Ddimension");
    if (d < 0 || d > 2)
      return rmx_host->fail(ctx, RMX_ERR_INVALID, "setting 'force2Ddimension': %lld not in 0..2",
                            (long long)d);
    o.axes &= ~(1u << (2 - d));
  }
  double *x = rmx_fg_input(ctx, in, "input");
  if (!x) return RMX_ERR_NOMEM;
  Emit e = {ctx, in, RMX_OK};
  int r = rmx_fc_swt3(x, in->dim, &o, on_band, &e);
  free(x);
  if (e.rc) return e.rc;
  if (r) return rmx_fg_nomem(ctx);
  return RMX_OK;
}

static const RmxFilterClass klass = {
  {sizeof(RmxFilterClass), RMX_KIND_FILTER, "wavelet",
   "Undecimated separable wavelet sub-bands (PyRadiomics Wavelet)", params, NULL},
  1, 1, apply};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("filter-wavelet", "0.1.0", "Apache-2.0",
                  "Stationary wavelet transform filter (PyRadiomics Wavelet, IBSI 2 options)", init)
