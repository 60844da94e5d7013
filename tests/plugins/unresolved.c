/* unresolved.c: calls a function no library defines; must fail at load, not at call. */
#include <radiomix/plugin.h>

extern int rmx_fixture_symbol_nobody_defines(void);

static int init(RmxCtx *ctx) {
  (void)ctx;
  return rmx_fixture_symbol_nobody_defines();
}

RMX_PLUGIN_DEFINE("fixture_unresolved", "0.1", "MIT", "unresolved symbol", init)
