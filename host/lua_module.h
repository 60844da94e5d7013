/* lua_module.h: the 'radiomix' Lua module and helpers its parts share. */
#ifndef RMX_HOST_LUA_MODULE_H
#define RMX_HOST_LUA_MODULE_H

#include <lua.h>
#include <lauxlib.h>
#include <glib.h>
#include <radiomix/types.h>

#define RMX_VOLUME_MT "radiomix.Volume"

/* Opens the module (luaL_requiref-compatible). */
int luaopen_radiomix(lua_State *L);

/* Pushes a Volume userdata that takes ownership of v. */
void rmx_lua_push_volume(lua_State *L, RmxVolume *v);
/* The volume at idx, or raises "bad argument #idx (radiomix.Volume expected)". */
RmxVolume *rmx_lua_check_volume(lua_State *L, int idx);
RmxVolume *rmx_lua_to_volume(lua_State *L, int idx); /* NULL if not a Volume */

/* A module part adds its functions to the module table at index 'mod'.
 * Parts are listed in lua_radiomix.c. */
typedef void (*RmxLuaOpener)(lua_State *L, int mod);

/* Converts a Lua table of parameters (string keys; booleans, numbers,
 * strings, arrays of numbers) into p. Raises a Lua error naming the key. */
struct RmxParams;
void rmx_lua_table_to_params(lua_State *L, int idx, struct RmxParams *p);

/* Pushes fail, message (as Lua's io library does for expected failures),
 * frees err and returns 2, the count of results. */
int rmx_lua_fail(lua_State *L, GError *err);

/* A parameter set owned by a userdata pushed on the stack (freed by the
 * GC), so a Lua error while filling it cannot leak it. */
struct RmxParams *rmx_lua_params_box(lua_State *L);

#endif
