/* init_fails.c: registers a component, then fails; the host must undo it. */
#include <radiomix/plugin.h>

static int apply(RmxCtx *ctx, const RmxVolume *const *in, size_t n, const RmxVolume *mask) {
  (void)in;
  (void)n;
  (void)mask;
  return rmx_host->fail(ctx, RMX_ERR_INTERNAL, "never called");
}

static const RmxFilterClass f = {
    {sizeof(RmxFilterClass), RMX_KIND_FILTER, "fx_orphan", "must not survive", NULL, 0}, 1, 1, apply};

static int init(RmxCtx *ctx) {
  rmx_host->register_component(ctx, &f.hdr);
  return rmx_host->fail(ctx, RMX_ERR_UNSUPPORTED, "licence server unreachable");
}

RMX_PLUGIN_DEFINE("fixture_init_fails", "0.1", "MIT", "init fails", init)
