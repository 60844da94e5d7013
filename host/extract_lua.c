/* extract_lua.c: radiomix.extract(image, mask [, params]) for Lua scripts. */
#include "extract.h"
#include "lua_module.h"
#include "volume.h"

#include <lauxlib.h>

/* A volume argument: a radiomix.Volume, or a file path read here (*owned set). */
static const RmxVolume *volume_arg(lua_State *L, int idx, RmxVolume **owned, GError **err) {
  *owned = NULL;
  const RmxVolume *v = rmx_lua_to_volume(L, idx);
  if (v) return v;
  if (lua_type(L, idx) != LUA_TSTRING) {
    luaL_argerror(L, idx, "expected a radiomix.Volume or a NRRD file path");
    return NULL;
  }
  *owned = rmx_nrrd_read(lua_tostring(L, idx), err);
  return *owned;
}

int rmx_extract_lua(lua_State *L) {
  GError *e = NULL;
  RmxExtractConfig *cfg;
  if (lua_type(L, 3) == LUA_TSTRING) cfg = rmx_param_file_read(lua_tostring(L, 3), &e);
  else if (lua_isnoneornil(L, 3) || lua_istable(L, 3)) cfg = rmx_param_from_lua(L, 3, "radiomix.extract params", &e);
  else return luaL_argerror(L, 3, "expected a parameter table or a file path");
  if (!cfg) goto misuse;
  rmx_cli_load_plugins(TRUE);
  RmxExtractor *ex = rmx_extractor_new(cfg, NULL, &e);
  rmx_extract_config_free(cfg);
  if (!ex) goto misuse;
  RmxVolume *own_img = NULL, *own_mask = NULL;
  const RmxVolume *img = volume_arg(L, 1, &own_img, &e);
  const RmxVolume *mask = img ? volume_arg(L, 2, &own_mask, &e) : NULL;
  RmxFeatureSet *fs = rmx_feature_set_new();
  gboolean ok = img && mask && rmx_extract_volumes(ex, img, mask, -1, fs, &e);
  rmx_volume_free(own_img);
  rmx_volume_free(own_mask);
  rmx_extractor_free(ex);
  if (!ok) { /* bad input data: nil, message (the module's convention) */
    rmx_feature_set_free(fs);
    lua_pushnil(L);
    lua_pushstring(L, e ? e->message : "extraction failed");
    g_clear_error(&e);
    return 2;
  }
  lua_createtable(L, 0, (int)fs->names->len);
  for (guint i = 0; i < fs->names->len; i++) {
    lua_pushnumber(L, g_array_index(fs->values, double, i));
    lua_setfield(L, -2, fs->names->pdata[i]);
  }
  rmx_feature_set_free(fs);
  return 1;
misuse: /* a bad parameter table or file: an error, like other misuse */
  lua_pushfstring(L, "radiomix.extract: %s", e ? e->message : "failed");
  g_clear_error(&e);
  return lua_error(L);
}

void rmx_lua_open_extract(lua_State *L, int mod) {
  lua_pushcfunction(L, rmx_extract_lua);
  lua_setfield(L, mod, "extract");
}
