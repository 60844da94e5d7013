/* lua_volume.c: the radiomix.Volume userdata. */
#include "lua_module.h"
#include "volume.h"

#include <math.h>
#include <string.h>

typedef struct {
  RmxVolume *v; /* NULL once closed */
} LVolume;

void rmx_lua_push_volume(lua_State *L, RmxVolume *v) {
  /* Consistent before acquire: the userdata exists before it owns v. */
  LVolume *u = lua_newuserdatauv(L, sizeof *u, 0);
  u->v = NULL;
  luaL_setmetatable(L, RMX_VOLUME_MT);
  u->v = v;
}

RmxVolume *rmx_lua_to_volume(lua_State *L, int idx) {
  LVolume *u = luaL_testudata(L, idx, RMX_VOLUME_MT);
  return u ? u->v : NULL;
}

RmxVolume *rmx_lua_check_volume(lua_State *L, int idx) {
  LVolume *u = luaL_checkudata(L, idx, RMX_VOLUME_MT);
  if (!u->v) luaL_argerror(L, idx, "volume is closed");
  return u->v;
}

static int v_gc(lua_State *L) {
  LVolume *u = luaL_checkudata(L, 1, RMX_VOLUME_MT);
  rmx_volume_free(u->v);
  u->v = NULL;
  return 0;
}

static void push_vec(lua_State *L, const double *x, int n) {
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; i++) {
    lua_pushnumber(L, x[i]);
    lua_rawseti(L, -2, i + 1);
  }
}

static int v_dims(lua_State *L) {
  RmxVolume *v = rmx_lua_check_volume(L, 1);
  lua_createtable(L, 3, 0);
  for (int i = 0; i < 3; i++) {
    lua_pushinteger(L, (lua_Integer)v->dim[i]);
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

static int v_spacing(lua_State *L) {
  push_vec(L, rmx_lua_check_volume(L, 1)->spacing, 3);
  return 1;
}

static int v_origin(lua_State *L) {
  push_vec(L, rmx_lua_check_volume(L, 1)->origin, 3);
  return 1;
}

static int v_direction(lua_State *L) {
  push_vec(L, rmx_lua_check_volume(L, 1)->direction, 9);
  return 1;
}

static int v_type(lua_State *L) {
  lua_pushstring(L, rmx_scalar_name(rmx_lua_check_volume(L, 1)->type));
  return 1;
}

/* 1-based (i, j, k), as Lua arrays are. */
static size_t check_index(lua_State *L, const RmxVolume *v) {
  size_t idx = 0, stride = 1;
  for (int a = 0; a < 3; a++) {
    lua_Integer i = luaL_checkinteger(L, 2 + a);
    luaL_argcheck(L, i >= 1 && (size_t)i <= v->dim[a], 2 + a, "index out of range");
    idx += (size_t)(i - 1) * stride;
    stride *= v->dim[a];
  }
  return idx;
}

static int v_get(lua_State *L) {
  RmxVolume *v = rmx_lua_check_volume(L, 1);
  lua_pushnumber(L, rmx_volume_get(v, check_index(L, v)));
  return 1;
}

static int v_set(lua_State *L) {
  RmxVolume *v = rmx_lua_check_volume(L, 1);
  size_t idx = check_index(L, v);
  rmx_volume_set(v, idx, luaL_checknumber(L, 5));
  return 0;
}

static int v_len(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)rmx_volume_voxels(rmx_lua_check_volume(L, 1)));
  return 1;
}

/* stats([mask]) -> {n, min, max, mean, sum} over all voxels or mask != 0 */
static int v_stats(lua_State *L) {
  RmxVolume *v = rmx_lua_check_volume(L, 1);
  RmxVolume *m = lua_isnoneornil(L, 2) ? NULL : rmx_lua_check_volume(L, 2);
  size_t n = rmx_volume_voxels(v), count = 0;
  if (m && rmx_volume_voxels(m) != n) return luaL_argerror(L, 2, "mask size differs from volume");
  double lo = HUGE_VAL, hi = -HUGE_VAL, sum = 0;
  for (size_t i = 0; i < n; i++) {
    if (m && rmx_volume_get(m, i) == 0) continue;
    double x = rmx_volume_get(v, i);
    lo = x < lo ? x : lo;
    hi = x > hi ? x : hi;
    sum += x;
    count++;
  }
  lua_createtable(L, 0, 5);
  lua_pushinteger(L, (lua_Integer)count);
  lua_setfield(L, -2, "n");
  lua_pushnumber(L, count ? lo : NAN);
  lua_setfield(L, -2, "min");
  lua_pushnumber(L, count ? hi : NAN);
  lua_setfield(L, -2, "max");
  lua_pushnumber(L, sum);
  lua_setfield(L, -2, "sum");
  lua_pushnumber(L, count ? sum / (double)count : NAN);
  lua_setfield(L, -2, "mean");
  return 1;
}

static int v_write(lua_State *L) {
  RmxVolume *v = rmx_lua_check_volume(L, 1);
  const char *path = luaL_checkstring(L, 2);
  int compress = lua_isnoneornil(L, 3) ? 1 : lua_toboolean(L, 3);
  GError *err = NULL;
  if (!rmx_nrrd_write(v, path, compress, &err)) {
    return rmx_lua_fail(L, err);
  }
  lua_pushboolean(L, 1);
  return 1;
}

static const struct { const char *name; int type; } type_names[] = {
    {"u8", RMX_U8}, {"i8", RMX_I8}, {"u16", RMX_U16}, {"i16", RMX_I16}, {"u32", RMX_U32},
    {"i32", RMX_I32}, {"u64", RMX_U64}, {"i64", RMX_I64}, {"f32", RMX_F32}, {"f64", RMX_F64}};

static int check_type(lua_State *L, int idx) {
  const char *s = luaL_checkstring(L, idx);
  for (size_t i = 0; i < G_N_ELEMENTS(type_names); i++)
    if (!strcmp(s, type_names[i].name) || !strcmp(s, rmx_scalar_name(type_names[i].type)))
      return type_names[i].type;
  return luaL_argerror(L, idx, lua_pushfstring(L, "unknown voxel type '%s'", s));
}

static int v_convert(lua_State *L) {
  RmxVolume *v = rmx_lua_check_volume(L, 1);
  RmxVolume *c = rmx_volume_convert(v, check_type(L, 2));
  if (!c) return luaL_error(L, "out of memory converting a volume");
  rmx_lua_push_volume(L, c);
  return 1;
}

/* v:affine(scale, [offset = 0], [type]): a new volume scale * x + offset,
 * rounded and clamped when type is an integer type (e.g. ADC in mm^2/s to
 * the usual 1e-6 mm^2/s integers: adc:affine(1e6, 0, "u16")). */
static int v_affine(lua_State *L) {
  RmxVolume *v = rmx_lua_check_volume(L, 1);
  double a = luaL_checknumber(L, 2), b = luaL_optnumber(L, 3, 0);
  int type = lua_isnoneornil(L, 4) ? v->type : check_type(L, 4);
  RmxVolume *tmp = rmx_volume_convert(v, RMX_F64);
  if (!tmp) return luaL_error(L, "out of memory in affine");
  size_t n = rmx_volume_voxels(tmp);
  double *x = tmp->data;
  for (size_t i = 0; i < n; i++) x[i] = a * x[i] + b;
  RmxVolume *out = type == RMX_F64 ? tmp : rmx_volume_convert(tmp, type);
  if (out != tmp) rmx_volume_free(tmp);
  if (!out) return luaL_error(L, "out of memory in affine");
  rmx_lua_push_volume(L, out);
  return 1;
}

static int v_tostring(lua_State *L) {
  LVolume *u = luaL_checkudata(L, 1, RMX_VOLUME_MT);
  if (!u->v) lua_pushliteral(L, "radiomix.Volume (closed)");
  else
    lua_pushfstring(L, "radiomix.Volume %s %dx%dx%d", rmx_scalar_name(u->v->type), (int)u->v->dim[0],
                    (int)u->v->dim[1], (int)u->v->dim[2]);
  return 1;
}

/* radiomix.new_volume{dims = {x, y, z}, type = "f64", spacing =, origin =, like = vol} */
static int l_new_volume(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  size_t dim[3] = {1, 1, 1};
  lua_getfield(L, 1, "dims");
  luaL_argcheck(L, lua_istable(L, -1), 1, "field 'dims' must be a table of 3 integers");
  for (int a = 0; a < 3; a++) {
    lua_rawgeti(L, -1, a + 1);
    lua_Integer d = lua_isnil(L, -1) ? 1 : luaL_checkinteger(L, -1);
    luaL_argcheck(L, d >= 1 && d <= (1 << 20), 1, "dims must be positive");
    dim[a] = (size_t)d;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  int type = RMX_F64;
  if (lua_getfield(L, 1, "type") != LUA_TNIL) type = check_type(L, -1);
  lua_pop(L, 1);
  RmxVolume *like = NULL;
  if (lua_getfield(L, 1, "like") != LUA_TNIL) like = rmx_lua_check_volume(L, -1);
  lua_pop(L, 1);
  RmxVolume *v = rmx_volume_new(type, dim, like);
  if (!v) return luaL_error(L, "out of memory allocating a volume");
  rmx_lua_push_volume(L, v); /* owned now, so errors below cannot leak it */
  const char *vecs[] = {"spacing", "origin"};
  double *dst[] = {v->spacing, v->origin};
  for (int k = 0; k < 2; k++) {
    if (lua_getfield(L, 1, vecs[k]) == LUA_TTABLE)
      for (int a = 0; a < 3; a++) {
        lua_rawgeti(L, -1, a + 1);
        dst[k][a] = luaL_checknumber(L, -1);
        lua_pop(L, 1);
      }
    lua_pop(L, 1);
  }
  return 1;
}

static void push_result_or_fail(lua_State *L, RmxVolume *v, GError *err) {
  if (v) {
    rmx_lua_push_volume(L, v);
  } else {
    rmx_lua_fail(L, err);
    err = NULL;
  }
  g_clear_error(&err);
}

/* radiomix.read(path) -> Volume | fail, message */
static int l_read(lua_State *L) {
  GError *err = NULL;
  RmxVolume *v = rmx_nrrd_read(luaL_checkstring(L, 1), &err);
  push_result_or_fail(L, v, err);
  return v ? 1 : 2;
}

/* radiomix.read_mask(path, image [, label = 1 [, tolerance = 1e-6]]) */
static int l_read_mask(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  RmxVolume *img = lua_isnoneornil(L, 2) ? NULL : rmx_lua_check_volume(L, 2);
  int label = (int)luaL_optinteger(L, 3, 1);
  double tol = luaL_optnumber(L, 4, 1e-6);
  GError *err = NULL;
  RmxVolume *v = rmx_mask_read(path, img, label, tol, &err);
  push_result_or_fail(L, v, err);
  return v ? 1 : 2;
}

void rmx_lua_open_volume(lua_State *L, int mod);
void rmx_lua_open_volume(lua_State *L, int mod) {
  static const luaL_Reg methods[] = {
      {"dims", v_dims}, {"spacing", v_spacing}, {"origin", v_origin},
      {"direction", v_direction}, {"type", v_type}, {"get", v_get},
      {"set", v_set}, {"stats", v_stats}, {"write", v_write},
      {"convert", v_convert}, {"affine", v_affine}, {"close", v_gc}, {NULL, NULL}};
  static const luaL_Reg meta[] = {{"__gc", v_gc}, {"__close", v_gc}, {"__len", v_len},
                                  {"__tostring", v_tostring}, {NULL, NULL}};
  if (luaL_newmetatable(L, RMX_VOLUME_MT)) {
    luaL_setfuncs(L, meta, 0);
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
  }
  lua_pop(L, 1);
  static const luaL_Reg funcs[] = {{"read", l_read}, {"read_mask", l_read_mask},
                                   {"new_volume", l_new_volume}, {NULL, NULL}};
  lua_pushvalue(L, mod);
  luaL_setfuncs(L, funcs, 0);
  lua_pop(L, 1);
}
