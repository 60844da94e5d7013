/* hello.c: a third-party plugin built outside the radiomix tree against the
 * installed SDK only. Its filter adds 'offset' to every voxel. */
#include <radiomix/plugin.h>

static const RmxParamSpec params[] = {
    {.name = "offset", .type = RMX_PARAM_DOUBLE, .default_value = "1", .min = 1, .max = 0,
     .doc = "added to every voxel"},
    {.name = NULL}};

static int apply(RmxCtx *ctx, const RmxVolume *const *in, size_t n, const RmxVolume *mask) {
  (void)n;
  (void)mask;
  if (in[0]->type != RMX_F64) return rmx_host->fail(ctx, RMX_ERR_UNSUPPORTED, "needs f64 input");
  RmxVolume *out = rmx_host->volume_new(ctx, RMX_F64, in[0]->dim, in[0]);
  if (!out) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory");
  double off = rmx_host->param_double(ctx, "offset");
  size_t nv = in[0]->dim[0] * in[0]->dim[1] * in[0]->dim[2];
  for (size_t i = 0; i < nv; i++) ((double *)out->data)[i] = ((const double *)in[0]->data)[i] + off;
  return rmx_host->emit(ctx, HELLO_NAME, out);
}

static const RmxFilterClass hello = {
    {sizeof(RmxFilterClass), RMX_KIND_FILTER, HELLO_NAME, "add an offset", params, 0}, 1, 1, apply};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &hello.hdr); }

RMX_PLUGIN_DEFINE(HELLO_NAME, "0.0.1", "MIT", "out-of-tree example", init)
