/* lua_table.c: the radiomix.Table userdata (feature tables in Lua, 1-based rows and columns). */
#include "lua_ml.h"
#include "lua_module.h"

#include <math.h>
#include <string.h>

typedef struct {
  RmxTable *t; /* NULL once closed */
} LTable;

int rmx_lua_gerror(lua_State *L, GError *err) {
  luaL_where(L, 1); /* "script.lua:12: ", as luaL_error would add */
  lua_pushstring(L, err ? err->message : "unknown error");
  if (err) g_error_free(err);
  lua_concat(L, 2);
  return lua_error(L);
}

static void ensure_mt(lua_State *L);

void rmx_lua_push_table(lua_State *L, RmxTable *t) {
  /* The userdata exists before it owns t, so a memory error cannot leak it. */
  LTable *u = lua_newuserdatauv(L, sizeof *u, 0);
  u->t = NULL;
  ensure_mt(L);
  lua_setmetatable(L, -2);
  u->t = t;
}

RmxTable *rmx_lua_to_table(lua_State *L, int idx) {
  LTable *u = luaL_testudata(L, idx, RMX_TABLE_MT);
  return u ? u->t : NULL;
}

RmxTable *rmx_lua_check_table(lua_State *L, int idx) {
  LTable *u = luaL_checkudata(L, idx, RMX_TABLE_MT);
  if (!u->t) luaL_argerror(L, idx, "table is closed");
  return u->t;
}

double *rmx_lua_check_numbers(lua_State *L, int idx, size_t *n, const char *what) {
  idx = lua_absindex(L, idx);
  if (!lua_istable(L, idx)) luaL_error(L, "%s: expected an array of numbers, got %s", what, luaL_typename(L, idx));
  lua_Integer len = luaL_len(L, idx);
  double *x = lua_newuserdatauv(L, sizeof(double) * (size_t)(len > 0 ? len : 1), 0);
  for (lua_Integer i = 1; i <= len; i++) {
    int ok;
    lua_rawgeti(L, idx, i);
    x[i - 1] = lua_tonumberx(L, -1, &ok);
    if (!ok) luaL_error(L, "%s: element %d is %s, not a number", what, (int)i, luaL_typename(L, -1));
    lua_pop(L, 1);
  }
  *n = (size_t)len;
  return x;
}

void rmx_lua_push_numbers(lua_State *L, const double *x, size_t n) {
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushnumber(L, x[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

static void push_strings(lua_State *L, char *const *s, size_t n) {
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushstring(L, s[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

/* Feature column from a 1-based index or a name. */
static size_t check_col(lua_State *L, const RmxTable *t, int idx) {
  if (lua_type(L, idx) == LUA_TNUMBER) {
    lua_Integer c = luaL_checkinteger(L, idx);
    if (c < 1 || (size_t)c > t->ncols)
      luaL_error(L, "column %d out of range 1..%d", (int)c, (int)t->ncols);
    return (size_t)c - 1;
  }
  const char *name = luaL_checkstring(L, idx);
  ptrdiff_t c = rmx_table_find(t, name);
  if (c < 0) luaL_error(L, "no feature column '%s' in the table", name);
  return (size_t)c;
}

static size_t check_row(lua_State *L, const RmxTable *t, int idx) {
  lua_Integer r = luaL_checkinteger(L, idx);
  if (r < 1 || (size_t)r > t->nrows) luaL_error(L, "row %d out of range 1..%d", (int)r, (int)t->nrows);
  return (size_t)r - 1;
}

static int t_nrows(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)rmx_lua_check_table(L, 1)->nrows);
  return 1;
}

static int t_ncols(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)rmx_lua_check_table(L, 1)->ncols);
  return 1;
}

/* t:columns() -> feature names (label and text columns excluded). */
static int t_columns(lua_State *L) {
  RmxTable *t = rmx_lua_check_table(L, 1);
  push_strings(L, t->names, t->ncols);
  return 1;
}

/* t:column(name) -> array: a feature, the label, or a text column (strings). */
static int t_column(lua_State *L) {
  RmxTable *t = rmx_lua_check_table(L, 1);
  const char *name = luaL_checkstring(L, 2);
  ptrdiff_t c = rmx_table_find(t, name), j;
  if (c >= 0) rmx_lua_push_numbers(L, rmx_table_col(t, (size_t)c), t->nrows);
  else if (t->label_name && strcmp(t->label_name, name) == 0) rmx_lua_push_numbers(L, t->label, t->nrows);
  else if ((j = rmx_table_find_text(t, name)) >= 0) push_strings(L, t->text[j], t->nrows);
  else return luaL_error(L, "column: no column '%s' in the table", name);
  return 1;
}

static int t_has(lua_State *L) {
  RmxTable *t = rmx_lua_check_table(L, 1);
  const char *name = luaL_checkstring(L, 2);
  lua_pushboolean(L, rmx_table_find(t, name) >= 0 || rmx_table_find_text(t, name) >= 0 ||
                         (t->label_name && strcmp(t->label_name, name) == 0));
  return 1;
}

/* t:label() -> array, or nil without a label column. */
static int t_label(lua_State *L) {
  RmxTable *t = rmx_lua_check_table(L, 1);
  if (!t->label) lua_pushnil(L);
  else rmx_lua_push_numbers(L, t->label, t->nrows);
  return 1;
}

/* t:ids() -> array of strings, or nil without an id column. */
static int t_ids(lua_State *L) {
  RmxTable *t = rmx_lua_check_table(L, 1);
  if (t->id_text < 0) lua_pushnil(L);
  else push_strings(L, t->text[t->id_text], t->nrows);
  return 1;
}

static int t_label_name(lua_State *L) {
  RmxTable *t = rmx_lua_check_table(L, 1);
  lua_pushstring(L, t->label_name); /* nil when NULL */
  lua_pushstring(L, t->id_text >= 0 ? t->text_names[t->id_text] : NULL);
  return 2;
}

/* t:select(pattern | {patterns...}) -> new Table */
static int t_select(lua_State *L) {
  lua_settop(L, 2);
  RmxTable *t = rmx_lua_check_table(L, 1);
  GPtrArray *pats = g_ptr_array_new();
  if (lua_type(L, 2) == LUA_TSTRING) g_ptr_array_add(pats, (gpointer)lua_tostring(L, 2));
  else if (lua_istable(L, 2)) {
    lua_Integer n = luaL_len(L, 2);
    for (lua_Integer i = 1; i <= n; i++) {
      lua_rawgeti(L, 2, i);
      if (lua_type(L, -1) != LUA_TSTRING) {
        g_ptr_array_free(pats, TRUE);
        return luaL_error(L, "select: pattern %d is not a string", (int)i);
      }
      g_ptr_array_add(pats, (gpointer)lua_tostring(L, -1));
      lua_pop(L, 1); /* the array at 2 keeps the string alive */
    }
  } else {
    g_ptr_array_free(pats, TRUE);
    return luaL_argerror(L, 2, "expected a pattern or an array of patterns");
  }
  GError *err = NULL;
  RmxTable *o = rmx_table_select(t, (const char *const *)pats->pdata, pats->len, &err);
  g_ptr_array_free(pats, TRUE);
  if (!o) return rmx_lua_gerror(L, err);
  rmx_lua_push_table(L, o);
  return 1;
}

/* t:rows({1-based rows...}) -> new Table (repeats allowed) */
static int t_rows(lua_State *L) {
  lua_settop(L, 2);
  RmxTable *t = rmx_lua_check_table(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_Integer n = luaL_len(L, 2);
  size_t *rows = lua_newuserdatauv(L, sizeof(size_t) * (size_t)(n > 0 ? n : 1), 0);
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, 2, i);
    int ok;
    lua_Integer r = lua_tointegerx(L, -1, &ok);
    lua_pop(L, 1);
    if (!ok || r < 1 || (size_t)r > t->nrows)
      return luaL_error(L, "rows: element %d is not a row number in 1..%d", (int)i, (int)t->nrows);
    rows[i - 1] = (size_t)r - 1;
  }
  GError *err = NULL;
  RmxTable *o = rmx_table_rows(t, rows, (size_t)n, &err);
  if (!o) return rmx_lua_gerror(L, err);
  rmx_lua_push_table(L, o);
  return 1;
}

static int t_write(lua_State *L) {
  RmxTable *t = rmx_lua_check_table(L, 1);
  GError *err = NULL;
  if (!rmx_table_write_csv(t, luaL_checkstring(L, 2), &err)) return rmx_lua_fail(L, err); /* fail, message, as Lua's io does */
  lua_pushboolean(L, 1);
  return 1;
}

/* t:get(row, col): 1-based row, feature by 1-based index or name. */
static int t_get(lua_State *L) {
  RmxTable *t = rmx_lua_check_table(L, 1);
  size_t r = check_row(L, t, 2), c = check_col(L, t, 3);
  lua_pushnumber(L, rmx_table_get(t, r, c));
  return 1;
}

static int t_set(lua_State *L) {
  RmxTable *t = rmx_lua_check_table(L, 1);
  size_t r = check_row(L, t, 2), c = check_col(L, t, 3);
  rmx_table_col(t, c)[r] = luaL_checknumber(L, 4);
  return 0;
}

/* t:matrix() -> array of rows, each an array of the feature values. */
static int t_matrix(lua_State *L) {
  RmxTable *t = rmx_lua_check_table(L, 1);
  lua_createtable(L, (int)t->nrows, 0);
  for (size_t r = 0; r < t->nrows; r++) {
    lua_createtable(L, (int)t->ncols, 0);
    for (size_t c = 0; c < t->ncols; c++) {
      lua_pushnumber(L, rmx_table_get(t, r, c));
      lua_rawseti(L, -2, (lua_Integer)c + 1);
    }
    lua_rawseti(L, -2, (lua_Integer)r + 1);
  }
  return 1;
}

/* t:add_column(name, values): appends a feature column in place (e.g. scores). */
static int t_add_column(lua_State *L) {
  lua_settop(L, 3);
  RmxTable *t = rmx_lua_check_table(L, 1);
  const char *name = luaL_checkstring(L, 2);
  size_t n;
  const double *v = rmx_lua_check_numbers(L, 3, &n, "add_column");
  if (n != t->nrows) return luaL_error(L, "add_column: %d values for %d rows", (int)n, (int)t->nrows);
  GError *err = NULL;
  if (!rmx_table_add_column(t, name, v, &err)) return rmx_lua_gerror(L, err);
  return 0;
}

static int t_copy(lua_State *L) {
  rmx_lua_push_table(L, rmx_table_copy(rmx_lua_check_table(L, 1)));
  return 1;
}

static int t_missing(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)rmx_table_count_missing(rmx_lua_check_table(L, 1)));
  return 1;
}

static int t_gc(lua_State *L) {
  LTable *u = luaL_checkudata(L, 1, RMX_TABLE_MT);
  rmx_table_free(u->t);
  u->t = NULL;
  return 0;
}

static int t_tostring(lua_State *L) {
  LTable *u = luaL_checkudata(L, 1, RMX_TABLE_MT);
  if (!u->t) lua_pushliteral(L, "radiomix.Table (closed)");
  else lua_pushfstring(L, "radiomix.Table (%d rows, %d features%s)", (int)u->t->nrows,
                       (int)u->t->ncols, u->t->label ? ", label" : "");
  return 1;
}

static int t_len(lua_State *L) { return t_nrows(L); }

static void ensure_mt(lua_State *L) {
  static const luaL_Reg methods[] = {
      {"nrows", t_nrows},   {"ncols", t_ncols},   {"columns", t_columns}, {"column", t_column},
      {"has", t_has},       {"label", t_label},   {"ids", t_ids},         {"names", t_label_name},
      {"select", t_select}, {"rows", t_rows},     {"write", t_write},     {"get", t_get},
      {"set", t_set},       {"matrix", t_matrix}, {"copy", t_copy},       {"add_column", t_add_column},       {"missing", t_missing},
      {"close", t_gc},      {NULL, NULL}};
  if (luaL_newmetatable(L, RMX_TABLE_MT)) {
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, t_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, t_gc);
    lua_setfield(L, -2, "__close");
    lua_pushcfunction(L, t_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushcfunction(L, t_len);
    lua_setfield(L, -2, "__len");
  }
}

/* Reads a string option of the table at idx, or NULL. */
static const char *opt_string(lua_State *L, int idx, const char *key) {
  if (lua_isnoneornil(L, idx)) return NULL;
  lua_getfield(L, idx, key);
  const char *s = NULL;
  if (lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1)) s = "";
  else if (!lua_isnil(L, -1)) s = luaL_checkstring(L, -1);
  lua_pop(L, 1); /* the string stays alive in the options table */
  return s;
}

/* radiomix.read_table(path, [{id=, label= (false: none), text={globs}}]) -> Table | fail, message */
static int l_read_table(lua_State *L) {
  lua_settop(L, 2);
  const char *path = luaL_checkstring(L, 1);
  if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TTABLE);
  RmxTableReadOptions o = {opt_string(L, 2, "id"), opt_string(L, 2, "label"), NULL};
  GPtrArray *text = g_ptr_array_new();
  gboolean text_given = FALSE; /* else the reader's default text columns apply */
  if (!lua_isnoneornil(L, 2)) {
    lua_getfield(L, 2, "text"); /* stays on the stack: keeps the strings alive */
    text_given = !lua_isnil(L, -1);
    if (lua_type(L, -1) == LUA_TSTRING) g_ptr_array_add(text, (gpointer)lua_tostring(L, -1));
    else if (!lua_isnil(L, -1) && !lua_istable(L, -1)) {
      g_ptr_array_free(text, TRUE);
      return luaL_error(L, "read_table: option 'text' must be a glob or an array of globs");
    } else if (lua_istable(L, -1))
      for (lua_Integer i = 1; i <= luaL_len(L, -1); i++) {
        lua_rawgeti(L, -1, i);
        /* Only real strings: they stay alive in the options table after the pop. */
        const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        lua_pop(L, 1);
        if (s) g_ptr_array_add(text, (gpointer)s);
      }
  }
  g_ptr_array_add(text, NULL);
  o.text_columns = text_given ? (const char *const *)text->pdata : NULL;
  GError *err = NULL;
  RmxTable *t = rmx_table_read_csv(path, &o, &err);
  g_ptr_array_free(text, TRUE);
  if (!t) return rmx_lua_fail(L, err); /* fail, message, as Lua's io does */
  rmx_lua_push_table(L, t);
  return 1;
}

/* radiomix.new_table{names={...}, columns={{...}...}, [label={...}, label_name=, ids={...}, id_name=]} */
static int l_new_table(lua_State *L) {
  lua_settop(L, 1);
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_getfield(L, 1, "names");   /* 2 */
  lua_getfield(L, 1, "columns"); /* 3 */
  luaL_argcheck(L, lua_istable(L, 2) && lua_istable(L, 3), 1, "expected names and columns arrays");
  size_t p = (size_t)luaL_len(L, 2), n = 0, nl = 0;
  luaL_argcheck(L, (size_t)luaL_len(L, 3) == p, 1, "names and columns differ in length");
  if (p) {
    lua_rawgeti(L, 3, 1);
    if (!lua_istable(L, -1)) return luaL_error(L, "new_table: column 1 is not an array");
    n = (size_t)luaL_len(L, -1);
    lua_pop(L, 1);
  }
  double *label = NULL;
  lua_getfield(L, 1, "label"); /* 4 */
  if (!lua_isnil(L, 4)) {
    label = rmx_lua_check_numbers(L, 4, &nl, "label"); /* 5 */
    if (p && nl != n) return luaL_error(L, "new_table: label has %d values, columns have %d", (int)nl, (int)n);
    if (!p) n = nl;
  }
  /* Names stay alive in the names array, so the pointers need no stack slots. */
  const char **names = lua_newuserdatauv(L, sizeof(char *) * (p ? p : 1), 0);
  for (size_t c = 0; c < p; c++) {
    lua_rawgeti(L, 2, (lua_Integer)c + 1);
    if (lua_type(L, -1) != LUA_TSTRING) return luaL_error(L, "new_table: name %d is not a string", (int)c + 1);
    names[c] = lua_tostring(L, -1);
    lua_pop(L, 1);
  }
  lua_createtable(L, 0, (int)p); /* a set of names: a repeat would make lookups ambiguous */
  for (size_t c = 0; c < p; c++) {
    if (lua_getfield(L, -1, names[c]) != LUA_TNIL) return luaL_error(L, "new_table: duplicate column name '%s'", names[c]);
    lua_pop(L, 1);
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, names[c]);
  }
  lua_pop(L, 1);
  RmxTable *t = rmx_table_new(n, p, (const char *const *)names);
  rmx_lua_push_table(L, t); /* owned by Lua from here, so errors below cannot leak it */
  int tidx = lua_gettop(L);
  for (size_t c = 0; c < p; c++) {
    lua_rawgeti(L, 3, (lua_Integer)c + 1);
    if (!lua_istable(L, -1) || (size_t)luaL_len(L, -1) != n)
      return luaL_error(L, "new_table: column '%s' is not an array of %d numbers", names[c], (int)n);
    double *dst = rmx_table_col(t, c);
    for (size_t r = 0; r < n; r++) {
      int ok;
      lua_rawgeti(L, -1, (lua_Integer)r + 1);
      dst[r] = lua_tonumberx(L, -1, &ok);
      if (!ok) return luaL_error(L, "new_table: column '%s', element %d is not a number", names[c], (int)r + 1);
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  const char *lname = opt_string(L, 1, "label_name");
  lua_getfield(L, 1, "ids");
  if (lua_istable(L, -1)) {
    if ((size_t)luaL_len(L, -1) != n) return luaL_error(L, "new_table: ids has %d values, expected %d", (int)luaL_len(L, -1), (int)n);
    const char *iname = opt_string(L, 1, "id_name");
    char **ids = g_new0(char *, n ? n : 1);
    rmx_table_set_id(t, iname ? iname : "id", ids); /* owned by t before anything can raise */
    for (size_t r = 0; r < n; r++) {
      lua_rawgeti(L, -1, (lua_Integer)r + 1);
      ids[r] = g_strdup(lua_tostring(L, -1) ? lua_tostring(L, -1) : "");
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
  if (label) rmx_table_set_label(t, lname ? lname : "label", g_memdup2(label, sizeof(double) * (n ? n : 1)));
  lua_pushvalue(L, tidx);
  return 1;
}

void rmx_lua_open_table(lua_State *L, int mod) {
  ensure_mt(L);
  lua_pop(L, 1);
  lua_pushcfunction(L, l_read_table);
  lua_setfield(L, mod, "read_table");
  lua_pushcfunction(L, l_new_table);
  lua_setfield(L, mod, "new_table");
}
