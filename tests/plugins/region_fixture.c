/* region_fixture.c: fixture filters for the SDK 1.1 output region, end to
** end through extraction (check_region.sh):
**   fx_region: out = in as F64, computed and emitted only over the output
**              region when the host asks for one;
**   fx_badsize: emits a volume one voxel short on x (refused by the host). */
#include <string.h>
#include <radiomix/plugin.h>

static double get(const RmxVolume *v, size_t i) {
  switch (v->type) {
  case RMX_U8: return ((const uint8_t *)v->data)[i];
  case RMX_I16: return ((const int16_t *)v->data)[i];
  case RMX_U16: return ((const uint16_t *)v->data)[i];
  case RMX_F64: return ((const double *)v->data)[i];
  default: return 0;
  }
}

static int region_apply(RmxCtx *ctx, const RmxVolume *const *in, size_t n, const RmxVolume *mask) {
  (void)n;
  (void)mask;
  const RmxVolume *v = in[0];
  if (v->type != RMX_U8 && v->type != RMX_I16 && v->type != RMX_U16 && v->type != RMX_F64)
    return rmx_host->fail(ctx, RMX_ERR_UNSUPPORTED, "fixture reads u8, i16, u16, f64");
  size_t lo[3] = {0, 0, 0}, hi[3] = {v->dim[0], v->dim[1], v->dim[2]};
  int region = RMX_HOST_HAS(rmx_host, volume_new_region) && rmx_host->output_region(ctx, lo, hi);
  RmxVolume *out = region ? rmx_host->volume_new_region(ctx, RMX_F64, v, lo, hi)
                          : rmx_host->volume_new(ctx, RMX_F64, v->dim, v);
  if (!out) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  double *o = out->data;
  for (size_t k = lo[2]; k < hi[2]; k++)
    for (size_t j = lo[1]; j < hi[1]; j++)
      for (size_t i = lo[0]; i < hi[0]; i++) *o++ = get(v, i + v->dim[0] * (j + v->dim[1] * k));
  return rmx_host->emit(ctx, "fx_region", out);
}

static int badsize_apply(RmxCtx *ctx, const RmxVolume *const *in, size_t n, const RmxVolume *mask) {
  (void)n;
  (void)mask;
  size_t dim[3] = {in[0]->dim[0] - 1, in[0]->dim[1], in[0]->dim[2]};
  RmxVolume *out = rmx_host->volume_new(ctx, RMX_F64, dim, in[0]);
  if (!out) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  return rmx_host->emit(ctx, "fx_badsize", out);
}

static const RmxFilterClass region_filter = {
    {sizeof(RmxFilterClass), RMX_KIND_FILTER, "fx_region", "identity over the output region", NULL, 0},
    1, 1, region_apply};
static const RmxFilterClass badsize_filter = {
    {sizeof(RmxFilterClass), RMX_KIND_FILTER, "fx_badsize", "emits a volume of the wrong size", NULL, 0},
    1, 1, badsize_apply};

static int init(RmxCtx *ctx) {
  int rc = rmx_host->register_component(ctx, &region_filter.hdr);
  return rc ? rc : rmx_host->register_component(ctx, &badsize_filter.hdr);
}

RMX_PLUGIN_DEFINE("fixture_region", "0.1.0", "MIT", "output region fixtures", init)
