/* bad_abi.c: a descriptor claiming SDK FIX_MAJOR.FIX_MINOR (set by CMake). */
#include <radiomix/plugin.h>

RMX_EXPORT const RmxPluginDesc rmx_plugin_descriptor = {
    sizeof(RmxPluginDesc), FIX_MAJOR, FIX_MINOR, FIX_NAME, "0.1", "MIT", "wrong SDK version", {0}};

RMX_EXPORT int rmx_plugin_init(const RmxHostApi *host, RmxCtx *ctx);
RMX_EXPORT int rmx_plugin_init(const RmxHostApi *host, RmxCtx *ctx) {
  (void)host;
  (void)ctx;
  return 0;
}
