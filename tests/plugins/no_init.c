/* no_init.c: a descriptor but no rmx_plugin_init entry point. */
#include <radiomix/plugin.h>

RMX_EXPORT const RmxPluginDesc rmx_plugin_descriptor = {
    sizeof(RmxPluginDesc), RMX_ABI_MAJOR, RMX_ABI_MINOR, "fixture_no_init", "0.1", "MIT",
    "entry point missing", {0}};
