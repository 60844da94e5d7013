/* lua_plot.c: radiomix.plot_roc and radiomix.plot_beeswarm. */
#include "lua_module.h"
#include "plot.h"

/* Lua-owned buffers, kept alive by the anchor table at stack index 3 until
 * the call returns, so a Lua error cannot leak them. */
static void *buffer(lua_State *L, size_t bytes) {
  void *p = lua_newuserdatauv(L, bytes ? bytes : 1, 0);
  lua_rawseti(L, 3, luaL_len(L, 3) + 1);
  return p;
}

/* Reads the array at index t into a buffer. */
static double *numbers(lua_State *L, int t, const char *what, size_t *n) {
  if (!lua_istable(L, t)) luaL_error(L, "%s must be an array of numbers", what);
  *n = (size_t)luaL_len(L, t);
  double *x = buffer(L, *n * sizeof *x);
  for (size_t i = 0; i < *n; i++) {
    lua_rawgeti(L, t, (lua_Integer)i + 1);
    int ok;
    x[i] = lua_tonumberx(L, -1, &ok);
    if (!ok) luaL_error(L, "%s[%d] is not a number", what, (int)i + 1);
    lua_pop(L, 1);
  }
  return x;
}

/* radiomix.plot_roc(base, {title =, curves = {{label =, fpr = {...}, tpr = {...}}...}}) */
static int l_plot_roc(lua_State *L) {
  const char *base = luaL_checkstring(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  lua_newtable(L); /* 3: anchor */
  lua_getfield(L, 2, "title");
  const char *title = luaL_optstring(L, -1, "ROC");
  lua_getfield(L, 2, "curves");
  int ct = lua_gettop(L);
  luaL_argcheck(L, lua_istable(L, ct), 2, "field 'curves' must be an array");
  size_t nc = (size_t)luaL_len(L, ct);
  RmxPlotCurve *cs = buffer(L, nc * sizeof *cs);
  for (size_t c = 0; c < nc; c++) {
    lua_rawgeti(L, ct, (lua_Integer)c + 1);
    int k = lua_gettop(L);
    lua_getfield(L, k, "label");
    cs[c].label = luaL_optstring(L, -1, "");
    lua_getfield(L, k, "fpr");
    size_t n1, n2;
    cs[c].x = numbers(L, lua_gettop(L), "fpr", &n1);
    lua_getfield(L, k, "tpr");
    cs[c].y = numbers(L, lua_gettop(L), "tpr", &n2);
    if (n1 != n2) return luaL_error(L, "plot_roc: curve %d: fpr and tpr differ in length", (int)c + 1);
    cs[c].n = n1;
    lua_settop(L, k); /* the label string stays referenced by the spec table */
    lua_pop(L, 1);
  }
  RmxPlotRoc p = {title, cs, nc};
  GError *err = NULL;
  if (!rmx_plot_roc(base, &p, &err)) return rmx_lua_fail(L, err);
  lua_pushboolean(L, 1);
  return 1;
}

/* radiomix.plot_beeswarm(base, {title =, names = {...}, phi = {{...}...}, values = {{...}...}})
 * phi[f][i] and values[f][i]: feature f (top to bottom), sample i. */
static int l_plot_beeswarm(lua_State *L) {
  const char *base = luaL_checkstring(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  lua_newtable(L); /* 3: anchor */
  lua_getfield(L, 2, "title");
  const char *title = luaL_optstring(L, -1, "SHAP summary");
  lua_getfield(L, 2, "names");
  int nt = lua_gettop(L);
  luaL_argcheck(L, lua_istable(L, nt), 2, "field 'names' must be an array");
  size_t nf = (size_t)luaL_len(L, nt);
  luaL_argcheck(L, nf >= 1, 2, "at least one feature");
  const char **names = buffer(L, nf * sizeof *names);
  for (size_t f = 0; f < nf; f++) {
    lua_rawgeti(L, nt, (lua_Integer)f + 1);
    names[f] = luaL_checkstring(L, -1);
    lua_pop(L, 1);
  }
  lua_getfield(L, 2, "phi");
  int pt = lua_gettop(L);
  lua_getfield(L, 2, "values");
  int vt = lua_gettop(L);
  luaL_argcheck(L, lua_istable(L, pt) && lua_istable(L, vt), 2, "fields 'phi' and 'values' must be arrays");
  size_t ns = 0;
  double *phi = NULL, *val = NULL;
  for (size_t f = 0; f < nf; f++) {
    size_t n1, n2;
    lua_rawgeti(L, pt, (lua_Integer)f + 1);
    double *a = numbers(L, lua_gettop(L), "phi", &n1);
    lua_rawgeti(L, vt, (lua_Integer)f + 1);
    double *b = numbers(L, lua_gettop(L), "values", &n2);
    lua_pop(L, 2);
    if (f == 0) {
      ns = n1;
      phi = buffer(L, ns * nf * sizeof *phi);
      val = buffer(L, ns * nf * sizeof *val);
    }
    if (n1 != ns || n2 != ns) return luaL_error(L, "plot_beeswarm: feature %d: %d SHAP values and %d feature values, expected %d", (int)f + 1, (int)n1, (int)n2, (int)ns);
    for (size_t i = 0; i < ns; i++) {
      phi[f * ns + i] = a[i];
      val[f * ns + i] = b[i];
    }
  }
  RmxPlotBeeswarm p = {title, names, phi, val, ns, nf};
  GError *err = NULL;
  if (!rmx_plot_beeswarm(base, &p, &err)) return rmx_lua_fail(L, err);
  lua_pushboolean(L, 1);
  return 1;
}

void rmx_lua_open_plot(lua_State *L, int mod);
void rmx_lua_open_plot(lua_State *L, int mod) {
  lua_pushcfunction(L, l_plot_roc);
  lua_setfield(L, mod, "plot_roc");
  lua_pushcfunction(L, l_plot_beeswarm);
  lua_setfield(L, mod, "plot_beeswarm");
}
