/* lua_ml.c: Lua functions for scaling and splits; opens the table and evaluation parts too. */
#include "lua_ml.h"

#include <math.h>
#include <string.h>

#include "ctx.h"
#include "scale.h"
#include "split.h"

/* Labels from an array of numbers, or the label column of a Table. */
double *rmx_lua_check_labels(lua_State *L, int idx, size_t *n) {
  RmxTable *t = rmx_lua_to_table(L, idx);
  if (!t) return rmx_lua_check_numbers(L, idx, n, "labels");
  if (!t->label) luaL_error(L, "labels: the table has no label column");
  double *y = lua_newuserdatauv(L, sizeof(double) * (t->nrows ? t->nrows : 1), 0);
  memcpy(y, t->label, sizeof(double) * t->nrows);
  *n = t->nrows;
  return y;
}

/* Groups: an array of strings or numbers, copied into one Lua-owned block. */
static const char *const *check_groups(lua_State *L, int idx, size_t n) {
  idx = lua_absindex(L, idx);
  luaL_checktype(L, idx, LUA_TTABLE);
  if ((size_t)luaL_len(L, idx) != n)
    luaL_error(L, "groups: %d values for %d rows", (int)luaL_len(L, idx), (int)n);
  size_t total = 0;
  for (size_t i = 0; i < n; i++) {
    lua_rawgeti(L, idx, (lua_Integer)i + 1);
    size_t len;
    if (!lua_tolstring(L, -1, &len)) luaL_error(L, "groups: element %d is not a string or number", (int)i + 1);
    total += len + 1;
    lua_pop(L, 1);
  }
  char **ptr = lua_newuserdatauv(L, sizeof(char *) * (n ? n : 1) + total, 0);
  char *p = (char *)(ptr + (n ? n : 1));
  for (size_t i = 0; i < n; i++) {
    lua_rawgeti(L, idx, (lua_Integer)i + 1);
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    memcpy(p, s, len + 1);
    ptr[i] = p;
    p += len + 1;
    lua_pop(L, 1);
  }
  return (const char *const *)ptr;
}

/* 1-based Lua row numbers -> 0-based, checked against nrows. */
static size_t *check_rows(lua_State *L, int idx, size_t nrows, size_t *n, const char *what) {
  idx = lua_absindex(L, idx);
  luaL_checktype(L, idx, LUA_TTABLE);
  lua_Integer len = luaL_len(L, idx);
  size_t *rows = lua_newuserdatauv(L, sizeof(size_t) * (size_t)(len > 0 ? len : 1), 0);
  for (lua_Integer i = 1; i <= len; i++) {
    lua_rawgeti(L, idx, i);
    int ok;
    lua_Integer r = lua_tointegerx(L, -1, &ok);
    lua_pop(L, 1);
    if (!ok || r < 1 || (size_t)r > nrows)
      luaL_error(L, "%s: element %d is not a row number in 1..%d", what, (int)i, (int)nrows);
    rows[i - 1] = (size_t)r - 1;
  }
  *n = (size_t)len;
  return rows;
}

double rmx_lua_opt_number(lua_State *L, int idx, const char *key, double dflt) {
  if (lua_isnoneornil(L, idx)) return dflt;
  lua_getfield(L, idx, key);
  int ok = 1;
  double v = lua_isnil(L, -1) ? dflt : lua_tonumberx(L, -1, &ok);
  if (!ok) luaL_error(L, "option '%s' must be a number, got %s", key, luaL_typename(L, -1));
  lua_pop(L, 1);
  return v;
}

uint64_t rmx_lua_opt_seed(lua_State *L, int idx) {
  if (lua_isnoneornil(L, idx)) return rmx_default_seed();
  lua_getfield(L, idx, "seed");
  int ok = 1;
  uint64_t s = lua_isnil(L, -1) ? rmx_default_seed() : (uint64_t)lua_tointegerx(L, -1, &ok);
  if (!ok) luaL_error(L, "option 'seed' must be an integer");
  lua_pop(L, 1);
  return s;
}

/* Groups from the options table at idx (pushes a block), or NULL. */
static const char *const *opt_groups(lua_State *L, int idx, size_t n) {
  if (lua_isnoneornil(L, idx)) return NULL;
  lua_getfield(L, idx, "groups");
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return NULL;
  }
  return check_groups(L, -1, n);
}

/* Pushes the 1-based rows i with mark[i] == want. */
static void push_rows_where(lua_State *L, const int *mark, size_t n, int want) {
  lua_newtable(L);
  lua_Integer k = 0;
  for (size_t i = 0; i < n; i++)
    if (mark[i] == want) {
      lua_pushinteger(L, (lua_Integer)i + 1);
      lua_rawseti(L, -2, ++k);
    }
}

/* Pushes train, test from 0/1 test flags. */
static int push_split(lua_State *L, const guint8 *is_test, size_t n) {
  int *mark = lua_newuserdatauv(L, sizeof(int) * (n ? n : 1), 0);
  for (size_t i = 0; i < n; i++) mark[i] = is_test[i];
  push_rows_where(L, mark, n, 0);
  push_rows_where(L, mark, n, 1);
  return 2;
}

/* Pushes folds {{train=, test=}...} and the 1-based fold of each row (0: none). */
static int push_folds(lua_State *L, const int *fold, size_t n, size_t k) {
  lua_createtable(L, (int)k, 0);
  int *mark = lua_newuserdatauv(L, sizeof(int) * (n ? n : 1), 0);
  for (size_t f = 0; f < k; f++) {
    for (size_t i = 0; i < n; i++) mark[i] = fold[i] < 0 ? -1 : fold[i] == (int)f;
    lua_createtable(L, 0, 2);
    push_rows_where(L, mark, n, 0);
    lua_setfield(L, -2, "train");
    push_rows_where(L, mark, n, 1);
    lua_setfield(L, -2, "test");
    lua_rawseti(L, -3, (lua_Integer)f + 1);
  }
  lua_pop(L, 1);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushinteger(L, fold[i] + 1);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 2;
}

/* radiomix.split(labels, [{test_size=0.25, seed=, groups=}]) -> train, test */
static int l_split(lua_State *L) {
  lua_settop(L, 2); /* optional arguments become nil before buffers are pushed */
  size_t n;
  const double *y = rmx_lua_check_labels(L, 1, &n);
  if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TTABLE);
  const char *const *groups = opt_groups(L, 2, n);
  guint8 *is_test = lua_newuserdatauv(L, n ? n : 1, 0);
  GError *err = NULL;
  if (!rmx_split_stratified(y, groups, n, rmx_lua_opt_number(L, 2, "test_size", 0.25), rmx_lua_opt_seed(L, 2),
                            is_test, &err))
    return rmx_lua_gerror(L, err);
  return push_split(L, is_test, n);
}

/* radiomix.kfold(labels, [{k=5, seed=, groups=}]) -> folds, fold_of_row */
static int l_kfold(lua_State *L) {
  lua_settop(L, 2); /* optional arguments become nil before buffers are pushed */
  size_t n;
  const double *y = rmx_lua_check_labels(L, 1, &n);
  if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TTABLE);
  const char *const *groups = opt_groups(L, 2, n);
  double k = rmx_lua_opt_number(L, 2, "k", 5);
  if (k != floor(k) || k < 2) return luaL_error(L, "kfold: k must be an integer >= 2, got %f", k);
  int *fold = lua_newuserdatauv(L, sizeof(int) * (n ? n : 1), 0);
  GError *err = NULL;
  if (!rmx_kfold_stratified(y, groups, n, (size_t)k, rmx_lua_opt_seed(L, 2), fold, &err))
    return rmx_lua_gerror(L, err);
  return push_folds(L, fold, n, (size_t)k);
}

/* radiomix.split_from_column(values) -> train, test (value 1 = test, 0 = train) */
static int l_split_from_column(lua_State *L) {
  lua_settop(L, 1); /* optional arguments become nil before buffers are pushed */
  size_t n;
  const double *v = rmx_lua_check_numbers(L, 1, &n, "split_from_column");
  guint8 *is_test = lua_newuserdatauv(L, n ? n : 1, 0);
  GError *err = NULL;
  if (!rmx_split_from_column(v, n, "split_from_column", is_test, &err)) return rmx_lua_gerror(L, err);
  return push_split(L, is_test, n);
}

/* radiomix.folds_from_column(values) -> folds, fold_of_row (negative values: in no fold) */
static int l_folds_from_column(lua_State *L) {
  lua_settop(L, 1); /* optional arguments become nil before buffers are pushed */
  size_t n, k;
  const double *v = rmx_lua_check_numbers(L, 1, &n, "folds_from_column");
  int *fold = lua_newuserdatauv(L, sizeof(int) * (n ? n : 1), 0);
  GError *err = NULL;
  if (!rmx_folds_from_column(v, n, "folds_from_column", fold, &k, &err)) return rmx_lua_gerror(L, err);
  return push_folds(L, fold, n, k);
}

/* ---- scaling ---- */

static int fit(lua_State *L, int kind) {
  lua_settop(L, 2); /* optional arguments become nil before buffers are pushed */
  RmxTable *t = rmx_lua_check_table(L, 1);
  size_t n = 0;
  const size_t *rows = lua_isnoneornil(L, 2) ? NULL : check_rows(L, 2, t->nrows, &n, "rows");
  RmxMatrix m = rmx_table_matrix(t);
  GError *err = NULL;
  RmxScaler *s = rmx_scaler_fit(kind, &m, rows, n, &err);
  if (!s) return rmx_lua_gerror(L, err);
  lua_createtable(L, 0, 6);
  lua_pushstring(L, kind == RMX_SCALE_ZSCORE ? "zscore" : "minmax");
  lua_setfield(L, -2, "kind");
  lua_createtable(L, (int)t->ncols, 0);
  for (size_t c = 0; c < t->ncols; c++) {
    lua_pushstring(L, t->names[c]);
    lua_rawseti(L, -2, (lua_Integer)c + 1);
  }
  lua_setfield(L, -2, "columns");
  rmx_lua_push_numbers(L, s->center, s->ncols);
  lua_setfield(L, -2, "center");
  rmx_lua_push_numbers(L, s->scale, s->ncols);
  lua_setfield(L, -2, "scale");
  rmx_lua_push_numbers(L, s->var, s->ncols);
  lua_setfield(L, -2, "var");
  rmx_scaler_free(s);
  return 1;
}

/* radiomix.zscore_fit(table, [rows]) -> {kind, columns, center (= mean), scale, var} */
static int l_zscore_fit(lua_State *L) { return fit(L, RMX_SCALE_ZSCORE); }
/* radiomix.minmax_fit(table, [rows]) -> {kind, columns, center (= min), scale (= range), var} */
static int l_minmax_fit(lua_State *L) { return fit(L, RMX_SCALE_MINMAX); }

/* radiomix.scale(table, scaler) -> new Table, every feature as (x - center) / scale.
 * Each feature of the table must be among the scaler's columns (matched by name). */
static int l_scale(lua_State *L) {
  lua_settop(L, 2); /* optional arguments become nil before buffers are pushed */
  RmxTable *t = rmx_lua_check_table(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  size_t nc, ns, nn;
  lua_getfield(L, 2, "center");
  const double *center = rmx_lua_check_numbers(L, -1, &nc, "scaler.center");
  lua_getfield(L, 2, "scale");
  const double *scale = rmx_lua_check_numbers(L, -1, &ns, "scaler.scale");
  lua_getfield(L, 2, "columns");
  luaL_argcheck(L, lua_istable(L, -1), 2, "scaler has no 'columns' array");
  nn = (size_t)luaL_len(L, -1);
  if (nc != nn || ns != nn) return luaL_error(L, "scale: scaler arrays differ in length");
  int cols = lua_gettop(L);
  /* Usually the scaler was fitted on a table with the same columns in the same
   * order: then column c is scaler entry c (checked name by name, no map). */
  int same = nn == t->ncols;
  for (size_t c = 0; same && c < nn; c++) {
    lua_rawgeti(L, cols, (lua_Integer)c + 1);
    const char *name = lua_tostring(L, -1);
    same = name && strcmp(name, t->names[c]) == 0;
    lua_pop(L, 1);
  }
  int map = 0;
  if (!same) { /* name -> position via a Lua table (keeps the strings alive) */
    lua_createtable(L, 0, (int)nn);
    for (size_t i = 0; i < nn; i++) {
      lua_rawgeti(L, cols, (lua_Integer)i + 1);
      lua_pushinteger(L, (lua_Integer)i);
      lua_rawset(L, -3);
    }
    map = lua_gettop(L);
  }
  RmxTable *o = rmx_table_copy(t);
  rmx_lua_push_table(L, o);
  for (size_t c = 0; c < o->ncols; c++) {
    size_t k = c;
    if (map) {
      lua_getfield(L, map, o->names[c]);
      if (!lua_isinteger(L, -1)) return luaL_error(L, "scale: column '%s' was not fitted by this scaler", o->names[c]);
      k = (size_t)lua_tointeger(L, -1);
      lua_pop(L, 1);
    }
    rmx_scale_column(rmx_table_col(o, c), o->nrows, center[k], scale[k]);
  }
  return 1;
}

void rmx_lua_open_ml(lua_State *L, int mod) {
  static const luaL_Reg funcs[] = {
      {"split", l_split},
      {"kfold", l_kfold},
      {"split_from_column", l_split_from_column},
      {"folds_from_column", l_folds_from_column},
      {"zscore_fit", l_zscore_fit},
      {"minmax_fit", l_minmax_fit},
      {"scale", l_scale},
      {NULL, NULL}};
  mod = lua_absindex(L, mod);
  rmx_lua_open_table(L, mod);
  rmx_lua_open_eval(L, mod);
  for (const luaL_Reg *f = funcs; f->name; f++) {
    lua_pushcfunction(L, f->func);
    lua_setfield(L, mod, f->name);
  }
}
