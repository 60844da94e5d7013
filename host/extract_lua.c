/* extract_lua.c: radiomix.extract(image, mask [, params]) for Lua scripts. */
#include "extract.h"

#include <lauxlib.h>

int rmx_extract_lua(lua_State *L) {
  const char *image = luaL_checkstring(L, 1);
  const char *mask = luaL_checkstring(L, 2);
  GError *e = NULL;
  RmxExtractConfig *cfg;
  if (lua_type(L, 3) == LUA_TSTRING) cfg = rmx_param_file_read(lua_tostring(L, 3), &e);
  else if (lua_isnoneornil(L, 3) || lua_istable(L, 3)) cfg = rmx_param_from_lua(L, 3, "radiomix.extract params", &e);
  else return luaL_argerror(L, 3, "expected a parameter table or a file path");
  if (!cfg) goto fail;
  rmx_cli_load_plugins(FALSE);
  RmxExtractor *ex = rmx_extractor_new(cfg, NULL, &e);
  rmx_extract_config_free(cfg);
  if (!ex) goto fail;
  RmxFeatureSet *fs = rmx_feature_set_new();
  gboolean ok = rmx_extract_files(ex, image, mask, -1, fs, &e);
  rmx_extractor_free(ex);
  if (!ok) {
    rmx_feature_set_free(fs);
    goto fail;
  }
  lua_createtable(L, 0, (int)fs->names->len);
  for (guint i = 0; i < fs->names->len; i++) {
    lua_pushnumber(L, g_array_index(fs->values, double, i));
    lua_setfield(L, -2, fs->names->pdata[i]);
  }
  rmx_feature_set_free(fs);
  return 1;
fail:
  lua_pushfstring(L, "radiomix.extract: %s", e ? e->message : "failed");
  g_clear_error(&e);
  return lua_error(L);
}
