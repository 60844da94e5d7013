/* lua_radiomix.c: the 'radiomix' module: plugins, components and filters. */
#include "ctx.h"
#include "lua_module.h"
#include "registry.h"
#include "volume.h"

#include <math.h>
#include <string.h>

void rmx_lua_open_volume(lua_State *L, int mod);
void rmx_lua_open_ml(lua_State *L, int mod); /* lua_ml.c: tables, splits, metrics */
void rmx_lua_open_synth(lua_State *L, int mod);
void rmx_lua_open_util(lua_State *L, int mod);
void rmx_lua_open_plot(lua_State *L, int mod);
void rmx_lua_open_models(lua_State *L, int mod); /* lua_models.c: classifiers, selectors */
void rmx_lua_open_extract_many(lua_State *L, int mod);
void rmx_lua_open_pipeline(lua_State *L, int mod);
void rmx_lua_open_extract(lua_State *L, int mod); /* extract_lua.c: radiomix.extract */

/* Every part of the module; a new part adds one line here. */
static const RmxLuaOpener openers[] = {
    rmx_lua_open_volume,
    rmx_lua_open_ml,
    rmx_lua_open_synth,
    rmx_lua_open_util,
    rmx_lua_open_plot,
    rmx_lua_open_models,
    rmx_lua_open_extract_many,
    rmx_lua_open_pipeline,
    rmx_lua_open_extract,
};

void rmx_lua_table_to_params(lua_State *L, int idx, RmxParams *p) {
  idx = lua_absindex(L, idx);
  luaL_checktype(L, idx, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    if (lua_type(L, -2) != LUA_TSTRING) luaL_error(L, "parameter names must be strings");
    const char *key = lua_tostring(L, -2);
    switch (lua_type(L, -1)) {
    case LUA_TBOOLEAN: rmx_params_set_bool(p, key, lua_toboolean(L, -1)); break;
    case LUA_TNUMBER:
      if (lua_isinteger(L, -1)) rmx_params_set_int(p, key, lua_tointeger(L, -1));
      else rmx_params_set_double(p, key, lua_tonumber(L, -1));
      break;
    case LUA_TSTRING: rmx_params_set_string(p, key, lua_tostring(L, -1)); break;
    case LUA_TTABLE: {
      lua_Integer n = luaL_len(L, -1);
      GArray *a = g_array_sized_new(FALSE, FALSE, sizeof(double), (guint)n);
      for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, i);
        int ok;
        double x = lua_tonumberx(L, -1, &ok);
        lua_pop(L, 1);
        if (!ok) {
          g_array_unref(a);
          luaL_error(L, "parameter '%s': expected a list of numbers", key);
        }
        g_array_append_val(a, x);
      }
      rmx_params_set_list(p, key, (double *)(void *)a->data, a->len);
      g_array_unref(a);
      break;
    }
    default:
      luaL_error(L, "parameter '%s': unsupported value of type %s", key, luaL_typename(L, -1));
    }
    lua_pop(L, 1);
  }
}

int rmx_lua_fail(lua_State *L, GError *err) {
  luaL_pushfail(L);
  lua_pushstring(L, err ? err->message : "unknown error");
  g_clear_error(&err);
  return 2;
}

static int params_box_gc(lua_State *L) {
  RmxParams **b = luaL_checkudata(L, 1, "radiomix.ParamsBox");
  rmx_params_free(*b);
  *b = NULL;
  return 0;
}

RmxParams *rmx_lua_params_box(lua_State *L) {
  RmxParams **b = lua_newuserdatauv(L, sizeof *b, 0);
  *b = NULL;
  if (luaL_newmetatable(L, "radiomix.ParamsBox")) {
    lua_pushcfunction(L, params_box_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  *b = rmx_params_new();
  return *b;
}

static void set_str(lua_State *L, const char *k, const char *v) {
  if (!v) return;
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}

/* radiomix.plugins() -> {{name, version, license, description, abi, file}...} */
static int l_plugins(lua_State *L) {
  GPtrArray *ps = rmx_registry_plugins();
  lua_createtable(L, (int)ps->len, 0);
  for (guint i = 0; i < ps->len; i++) {
    const RmxPlugin *p = ps->pdata[i];
    lua_createtable(L, 0, 6);
    set_str(L, "name", p->desc->name);
    set_str(L, "version", p->desc->version);
    set_str(L, "license", p->desc->license);
    set_str(L, "description", p->desc->description);
    lua_pushfstring(L, "%d.%d", (int)p->desc->abi_major, (int)p->desc->abi_minor);
    lua_setfield(L, -2, "abi");
    set_str(L, "file", p->path);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* radiomix.refused() -> {message...}: plugin files refused at load. */
static int l_refused(lua_State *L) {
  GPtrArray *r = rmx_plugin_refusals();
  lua_createtable(L, (int)r->len, 0);
  for (guint i = 0; i < r->len; i++) {
    lua_pushstring(L, r->pdata[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* radiomix.load_plugin(path) -> true | fail, message */
static int l_load_plugin(lua_State *L) {
  GError *err = NULL;
  if (!rmx_plugin_load_file(luaL_checkstring(L, 1), &err)) {
    return rmx_lua_fail(L, err);
  }
  lua_pushboolean(L, 1);
  return 1;
}

static const char *const ptype_names[] = {"?", "bool", "int", "double", "string", "list"};

static void push_params_spec(lua_State *L, const RmxParamSpec *s) {
  lua_newtable(L);
  for (int i = 1; s && s->name; s++, i++) {
    lua_createtable(L, 0, 8);
    set_str(L, "name", s->name);
    set_str(L, "type", ptype_names[s->type >= 1 && s->type <= 5 ? s->type : 0]);
    set_str(L, "default", s->default_value);
    set_str(L, "choices", s->choices);
    set_str(L, "doc", s->doc);
    if (s->min <= s->max) {
      lua_pushnumber(L, s->min);
      lua_setfield(L, -2, "min");
      lua_pushnumber(L, s->max);
      lua_setfield(L, -2, "max");
    }
    if (s->flags & RMX_PARAM_SEARCH) {
      lua_pushboolean(L, 1);
      lua_setfield(L, -2, "search");
      lua_pushnumber(L, s->search_min);
      lua_setfield(L, -2, "search_min");
      lua_pushnumber(L, s->search_max);
      lua_setfield(L, -2, "search_max");
      lua_pushboolean(L, (s->flags & RMX_PARAM_LOG) != 0);
      lua_setfield(L, -2, "log");
    }
    lua_rawseti(L, -2, i);
  }
}

static void push_component(lua_State *L, const RmxComponent *c) {
  lua_createtable(L, 0, 6);
  set_str(L, "kind", rmx_kind_name(c->kind));
  set_str(L, "name", c->u.hdr.name);
  set_str(L, "description", c->u.hdr.description);
  set_str(L, "plugin", c->plugin ? c->plugin->desc->name : "host");
  push_params_spec(L, c->u.hdr.params);
  lua_setfield(L, -2, "params");
  if (c->kind == RMX_KIND_FEATURES) {
    lua_createtable(L, (int)c->n_features, 0);
    for (size_t f = 0; f < c->n_features; f++) {
      lua_pushstring(L, c->u.family.features[f].name);
      lua_rawseti(L, -2, (lua_Integer)f + 1);
    }
    lua_setfield(L, -2, "features");
  }
}

/* radiomix.components([kind]) -> sorted array of component descriptions */
static int l_components(lua_State *L) {
  int kind = 0;
  if (!lua_isnoneornil(L, 1)) {
    kind = rmx_kind_from_name(luaL_checkstring(L, 1));
    luaL_argcheck(L, kind, 1, "kind must be filter, features, selector or classifier");
  }
  GPtrArray *cs = rmx_registry_components();
  lua_newtable(L);
  int n = 0;
  for (guint i = 0; i < cs->len; i++) {
    const RmxComponent *c = cs->pdata[i];
    if (kind && c->kind != kind) continue;
    push_component(L, c);
    lua_rawseti(L, -2, ++n);
  }
  return 1;
}

/* radiomix.component(kind, name) -> description | nil */
static int l_component(lua_State *L) {
  int kind = rmx_kind_from_name(luaL_checkstring(L, 1));
  luaL_argcheck(L, kind, 1, "kind must be filter, features, selector or classifier");
  const RmxComponent *c = rmx_registry_find(kind, luaL_checkstring(L, 2));
  if (!c) lua_pushnil(L);
  else push_component(L, c);
  return 1;
}

typedef struct {
  lua_State *L;
  int out;   /* absolute index of the result table */
  int order; /* absolute index of the order array */
  int n;
} EmitSink;

static gboolean lua_emit(void *user, const char *image_type, RmxVolume *vol, GError **err) {
  EmitSink *s = user;
  (void)err;
  rmx_lua_push_volume(s->L, vol);
  lua_setfield(s->L, s->out, image_type);
  lua_pushstring(s->L, image_type);
  lua_rawseti(s->L, s->order, ++s->n);
  return TRUE;
}

/* radiomix.apply_filter(name, inputs, [params, [mask]])
 *   inputs: a Volume or an array of Volumes
 * -> {image_type = Volume, ...}, {image_type...} in emission order */
static int l_apply_filter(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  const RmxComponent *c = rmx_registry_find(RMX_KIND_FILTER, name);
  if (!c) return luaL_error(L, "no filter named '%s' (see radiomix plugins)", name);
  lua_settop(L, 4); /* optional arguments become nil, so the box lands at 5 */
  RmxParams *params = rmx_lua_params_box(L);
  if (!lua_isnoneornil(L, 3)) rmx_lua_table_to_params(L, 3, params); /* may raise: boxed */
  GPtrArray *inputs = g_ptr_array_new();
  if (lua_istable(L, 2)) {
    lua_Integer n = luaL_len(L, 2);
    for (lua_Integer i = 1; i <= n; i++) {
      lua_rawgeti(L, 2, i);
      RmxVolume *v = rmx_lua_to_volume(L, -1);
      lua_pop(L, 1);
      if (!v) {
        g_ptr_array_free(inputs, TRUE);
        return luaL_argerror(L, 2, "expected an array of radiomix.Volume");
      }
      g_ptr_array_add(inputs, v);
    }
  } else {
    RmxVolume *v = rmx_lua_to_volume(L, 2);
    if (!v) {
      g_ptr_array_free(inputs, TRUE);
      return luaL_argerror(L, 2, "expected a radiomix.Volume or an array of them");
    }
    g_ptr_array_add(inputs, v);
  }
  RmxVolume *mask = lua_isnoneornil(L, 4) ? NULL : rmx_lua_to_volume(L, 4);
  lua_newtable(L);
  lua_newtable(L);
  EmitSink sink = {L, lua_absindex(L, -2), lua_absindex(L, -1), 0};
  GError *err = NULL;
  gboolean ok = rmx_call_filter(c, params, NULL, (const RmxVolume *const *)inputs->pdata, inputs->len,
                                mask, lua_emit, &sink, &err);
  g_ptr_array_free(inputs, TRUE);
  if (!ok) {
    lua_pushstring(L, err->message);
    g_error_free(err);
    return lua_error(L); /* C state is already freed */
  }
  return 2;
}

static int l_set_threads(lua_State *L) {
  rmx_set_default_threads((int)luaL_checkinteger(L, 1));
  return 0;
}

static int l_set_seed(lua_State *L) {
  rmx_set_default_seed((uint64_t)luaL_checkinteger(L, 1));
  return 0;
}

static int l_threads(lua_State *L) {
  lua_pushinteger(L, rmx_default_threads());
  return 1;
}

int luaopen_radiomix(lua_State *L) {
  static const luaL_Reg funcs[] = {
      {"plugins", l_plugins},       {"refused", l_refused},
      {"load_plugin", l_load_plugin}, {"components", l_components},
      {"component", l_component},   {"apply_filter", l_apply_filter},
      {"set_threads", l_set_threads}, {"set_seed", l_set_seed},
      {"threads", l_threads},       {NULL, NULL}};
  luaL_newlib(L, funcs);
  lua_pushstring(L, RMX_VERSION_STRING);
  lua_setfield(L, -2, "version");
  lua_pushfstring(L, "%d.%d", RMX_ABI_MAJOR, RMX_ABI_MINOR);
  lua_setfield(L, -2, "abi");
  int mod = lua_gettop(L);
  for (size_t i = 0; i < G_N_ELEMENTS(openers); i++) openers[i](L, mod);
  lua_settop(L, mod);
  return 1;
}
