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
  double lo = rmx_host->param_double(ctx, "lower"), hi = rmx_host->param_double(ctx, "upper");
  if (lo > hi) return rmx_host->fail(ctx, RMX_ERR_INVALID, "lower (%g) is above upper (%g)", lo, hi);
  RmxVolume *out = rmx_host->volume_new(ctx, RMX_F64, in[0]->dim, in[0]);
  if (!out) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  double *o = out->data;
  size_t n = in[0]->dim[0] * in[0]->dim[1] * in[0]->dim[2];
  for (size_t i = 0; i < n; i++) o[i] = fmin(fmax(get(in[0], i), lo), hi);
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
