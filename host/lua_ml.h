/* lua_ml.h: Lua bindings of the tabular ML host code (tables, splits, metrics, tests). */
#ifndef RMX_HOST_LUA_ML_H
#define RMX_HOST_LUA_ML_H

#include <lua.h>
#include <lauxlib.h>
#include "table.h"

#define RMX_TABLE_MT "radiomix.Table"

/* Adds read_table, new_table, zscore_fit, split, kfold, metrics, ... to the
 * module table at module_index (called from luaopen_radiomix). */
void rmx_lua_open_ml(lua_State *L, int module_index);

/* lua_eval.c: metrics, curves, bootstrap_ci, mannwhitneyu. */
void rmx_lua_open_eval(lua_State *L, int module_index);

/* lua_ml.c helpers shared by the parts:
 * labels from an array or a Table's label (Lua-owned copy pushed on the stack);
 * a number / the seed (default: the run's seed) from the options table at idx. */
double *rmx_lua_check_labels(lua_State *L, int idx, size_t *n);
double rmx_lua_opt_number(lua_State *L, int idx, const char *key, double dflt);
uint64_t rmx_lua_opt_seed(lua_State *L, int idx);

/* lua_table.c: the Table userdata. */
void rmx_lua_open_table(lua_State *L, int module_index);
/* Pushes a Table userdata that takes ownership of t. */
void rmx_lua_push_table(lua_State *L, RmxTable *t);
/* The table at idx, or raises "bad argument #idx (radiomix.Table expected)". */
RmxTable *rmx_lua_check_table(lua_State *L, int idx);
RmxTable *rmx_lua_to_table(lua_State *L, int idx); /* NULL if not an open Table */

/* A Lua array of numbers at idx as doubles in memory owned by a userdata
 * pushed on the stack (freed by the GC, so a later Lua error cannot leak
 * it). 'what' names the argument in errors. */
double *rmx_lua_check_numbers(lua_State *L, int idx, size_t *n, const char *what);
/* Pushes x[0..n-1] as a Lua array. */
void rmx_lua_push_numbers(lua_State *L, const double *x, size_t n);
/* Raises err's message as a Lua error (and frees err). */
int rmx_lua_gerror(lua_State *L, GError *err);

#endif
