/* extract_lua.c: radiomix.extract(image, mask [, params]) for Lua scripts. */
#include "extract.h"
#include "lua_module.h"
#include "volume.h"

#include <lauxlib.h>

/* Image and mask arguments: a radiomix.Volume or a NRRD file path each,
 * checked before anything is allocated (a Lua error unwinds past C). */
static void check_volume_arg(lua_State *L, int idx) {
  if (!rmx_lua_to_volume(L, idx) && lua_type(L, idx) != LUA_TSTRING)
    luaL_argerror(L, idx, "expected a radiomix.Volume or a NRRD file path");
}

/* Files are read by the extraction itself, which reads a mask file
 * straight into the mask of its label (no whole label volume in memory). */
static gboolean extract_args(lua_State *L, const RmxExtractor *ex, RmxFeatureSet *fs,
                             GError **err) {
  const RmxVolume *img = rmx_lua_to_volume(L, 1), *mask = rmx_lua_to_volume(L, 2);
  if (!img && !mask) return rmx_extract_files(ex, lua_tostring(L, 1), lua_tostring(L, 2), -1, fs, err);
  RmxVolume *own_img = img ? NULL : rmx_nrrd_read(lua_tostring(L, 1), err);
  if (!img && !(img = own_img)) return FALSE;
  gboolean ok = mask ? rmx_extract_volumes(ex, img, mask, -1, fs, err)
                     : rmx_extract_mask_file(ex, img, lua_tostring(L, 2), -1, fs, err);
  rmx_volume_free(own_img);
  return ok;
}

int rmx_extract_lua(lua_State *L) {
  check_volume_arg(L, 1);
  check_volume_arg(L, 2);
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
  RmxFeatureSet *fs = rmx_feature_set_new();
  gboolean ok = extract_args(L, ex, fs, &e);
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
