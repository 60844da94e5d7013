/* clash.c: registers a filter named like fixture_good's; that one is refused. */
#include <radiomix/plugin.h>

static int apply(RmxCtx *ctx, const RmxVolume *const *in, size_t n, const RmxVolume *mask) {
  (void)in;
  (void)n;
  (void)mask;
  return rmx_host->fail(ctx, RMX_ERR_INTERNAL, "never called");
}

static const RmxFilterClass f = {
    {sizeof(RmxFilterClass), RMX_KIND_FILTER, "fx_scale", "clashing name", NULL, 0}, 1, 1, apply};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &f.hdr); }

RMX_PLUGIN_DEFINE("fixture_clash", "0.1", "MIT", "name clash", init)
