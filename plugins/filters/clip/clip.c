/* clip.c: the example filter plugin: clamps intensities to [lower, upper].
 * Small on purpose: docs/plugin-guide.md walks through it line by line. */
#include <math.h>
#include <radiomix/plugin.h>

static const RmxParamSpec params[] = {
    {.name = "lower", .type = RMX_PARAM_DOUBLE, .default_value = "-1e308", .min = 1, .max = 0,
     .doc = "values below are raised to this"},
    {.name = "upper", .type = RMX_PARAM_DOUBLE, .default_value = "1e308", .min = 1, .max = 0,
     .doc = "values above are lowered to this"},
    {.name = NULL}};

/* Reads any scalar type as double: the filter then works for every input. */
static double get(const RmxVolume *v, size_t i) {
  switch (v->type) {
  case RMX_U8: return ((const uint8_t *)v->data)[i];
  case RMX_I8: return ((const int8_t *)v->data)[i];
  case RMX_U16: return ((const uint16_t *)v->data)[i];
  case RMX_I16: return ((const int16_t *)v->data)[i];
  case RMX_U32: return ((const uint32_t *)v->data)[i];
  case RMX_I32: return ((const int32_t *)v->data)[i];
  case RMX_U64: return (double)((const uint64_t *)v->data)[i];
  case RMX_I64: return (double)((const int64_t *)v->data)[i];
  case RMX_F32: return ((const float *)v->data)[i];
  default: return ((const double *)v->data)[i];
  }
}

static int apply(RmxCtx *ctx, const RmxVolume *const *in, size_t n_in, const RmxVolume *mask) {
  (void)n_in;
  (void)mask;
  double lower = rmx_host->param_double(ctx, "lower"), upper = rmx_host->param_double(ctx, "upper");
  if (lower > upper)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "lower (%g) is above upper (%g)", lower, upper);
  /* SDK 1.1: compute only the box [lo, hi) the host needs (an extraction's
     ROI box); a 1.0 host, or no region asked, gets the whole volume */
  const size_t *dim = in[0]->dim;
  size_t lo[3] = {0, 0, 0}, hi[3] = {dim[0], dim[1], dim[2]};
  int region = RMX_HOST_HAS(rmx_host, volume_new_region) && rmx_host->output_region(ctx, lo, hi);
  RmxVolume *out = region ? rmx_host->volume_new_region(ctx, RMX_F64, in[0], lo, hi)
                          : rmx_host->volume_new(ctx, RMX_F64, dim, in[0]);
  if (!out) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  double *o = out->data; /* out voxel (i, j, k) is input voxel lo + (i, j, k) */
  for (size_t k = lo[2]; k < hi[2]; k++)
    for (size_t j = lo[1]; j < hi[1]; j++)
      for (size_t i = lo[0]; i < hi[0]; i++)
        *o++ = fmin(fmax(get(in[0], i + dim[0] * (j + dim[1] * k)), lower), upper);
  return rmx_host->emit(ctx, "clip", out); /* the host owns 'out' from here */
}

static const RmxFilterClass clip_filter = {
    .hdr = {.struct_size = sizeof(RmxFilterClass), .kind = RMX_KIND_FILTER, .name = "clip",
            .description = "clamp intensities to [lower, upper]", .params = params},
    .min_inputs = 1,
    .max_inputs = 1,
    .apply = apply};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &clip_filter.hdr); }

RMX_PLUGIN_DEFINE("clip", "1.0.0", "MIT", "Example filter: clamp intensities to a range", init)
