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
  {"rotationInvariance", RMX_PARAM_STRING, 0, "none", 0, 0, "none|average|max",
   "pool each band over the 24 right-angle rotations (IBSI 2)", 0, 0, {0}},
  {"dilate", RMX_PARAM_BOOL, 0, "false", 0, 0, NULL,
   "a trous: filters upsampled by 2^level (IBSI 2); false repeats level-1 filters (PyRadiomics)",
   0, 0, {0}},
  {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0}},
};

typedef struct Emit { RmxCtx *ctx; const RmxVolume *like; const size_t *lo, *hi; int rc; } Emit;

/* Each band goes to the host as soon as it is made (output region only). */
static int on_band(void *user, int level, const char *bands, const double *band) {
  Emit *e = user;
  char name[64];
  if (level == 1) snprintf(name, sizeof name, "wavelet-%s", bands);
  else snprintf(name, sizeof name, "wavelet%d-%s", level, bands);
  RmxVolume *v = rmx_fg_out(e->ctx, RMX_F64, e->like, e->lo, e->hi);
  if (!v) {
    e->rc = RMX_ERR_NOMEM;
    return 1;
  }
  memcpy(v->data, band, rmx_fc_count(v->dim) * sizeof *band);
  e->rc = rmx_host->emit(e->ctx, name, v);
  return e->rc != RMX_OK;
}

/* Rotation pooling: each band separately, the transform run per rotation. */
typedef struct Pool { RmxFcSwtOptions o; double *out; size_t n; } Pool;
static int keep(void *user, int level, const char *name, const double *band) {
  Pool *p = user;
  (void)level;
  (void)name;
  memcpy(p->out, band, p->n * sizeof *band); /* only the asked band arrives */
  return 0;
}
static int one_rotation(void *user, const double *in, const size_t dim[3], double *out) {
  Pool *p = user;
  p->out = out;
  p->n = rmx_fc_count(dim);
  return rmx_fc_swt3(in, dim, &p->o, keep, p);
}

/* Bands in PyRadiomics' order for the axes in use, then the approximation. */
static int pooled(RmxCtx *ctx, const RmxVolume *in, const double *x, const RmxFcSwtOptions *o,
                  int mode) {
  int naxes = 0;
  for (int a = 0; a < 3; a++) naxes += (o->axes >> a) & 1;
  size_t n = rmx_fc_count(in->dim), lo[3], hi[3], zero[3] = {0, 0, 0};
  rmx_fg_region(ctx, in, lo, hi); /* pooled whole, emitted over the output region */
  double *y = malloc((n ? n : 1) * sizeof *y);
  if (!y) return rmx_fg_nomem(ctx);
  int rc = RMX_OK;
  for (int lv = 1; lv <= o->level && !rc; lv++) {
    int last = lv == o->level;
    for (int b = 1; b < (1 << naxes) + (last ? 1 : 0) && !rc; b++) {
      char band[4];
      for (int a = 0; a < naxes; a++) band[a] = (b >> (naxes - 1 - a)) & 1 ? 'H' : 'L';
      band[naxes] = 0;
      if (b == 1 << naxes) memset(band, 'L', (size_t)naxes); /* the approximation, last */
      Pool p = {*o, NULL, 0};
      p.o.start_level = o->start_level + lv - 1;
      p.o.level = 1;
      p.o.only = band;
      if (rmx_fc_rot_pool(x, in->dim, mode, 0, one_rotation, &p, y)) { rc = rmx_fg_nomem(ctx); break; }
      char name[64];
      if (lv == 1) snprintf(name, sizeof name, "wavelet-%s", band);
      else snprintf(name, sizeof name, "wavelet%d-%s", lv, band);
      rc = rmx_fg_emit_box(ctx, name, RMX_F64, in, y, zero, in->dim, lo, hi);
    }
  }
  free(y);
  return rc;
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
  const char *ri = rmx_host->param_string(ctx, "rotationInvariance");
  int mode = !ri || !strcmp(ri, "none") ? RMX_FC_POOL_NONE
           : !strcmp(ri, "max") ? RMX_FC_POOL_MAX : RMX_FC_POOL_AVERAGE;
  if (!in || !in->data || in->type < RMX_U8 || in->type > RMX_F64)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "input: no volume or unknown voxel type");
  if (mode != RMX_FC_POOL_NONE) {
    if (o.axes != 7u)
      return rmx_host->fail(ctx, RMX_ERR_INVALID,
                            "parameter 'rotationInvariance': needs the 3D transform (force2D is on)");
    double *x = rmx_fg_input(ctx, in, "input");
    if (!x) return RMX_ERR_NOMEM;
    rc = pooled(ctx, in, x, &o, mode);
    free(x);
    return rc;
  }
  /* the bands only over the output region, read straight from the input */
  size_t lo[3], hi[3];
  rmx_fg_region(ctx, in, lo, hi);
  o.lo = lo;
  o.hi = hi;
  Emit e = {ctx, in, lo, hi, RMX_OK};
  int r = rmx_fc_swt3_typed(in->data, in->type, in->dim, &o, on_band, &e);
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
