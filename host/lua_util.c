/* lua_util.c: small file and system helpers workflows need (atomic writes, hashes). */
#include "lua_module.h"
#include "atomic_file.h"
#include "volume.h"

#include <errno.h>
#include <math.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static int push_fail(lua_State *L, const char *fmt, const char *a, const char *b) {
  luaL_pushfail(L);
  lua_pushfstring(L, fmt, a, b);
  return 2;
}

/* radiomix.mkdir(path): creates path and its parents -> true | fail, msg */
static int l_mkdir(lua_State *L) {
  const char *p = luaL_checkstring(L, 1);
  if (g_mkdir_with_parents(p, 0755) != 0) return push_fail(L, "%s: %s", p, g_strerror(errno));
  lua_pushboolean(L, 1);
  return 1;
}

/* radiomix.write_file(path, text): atomic (temporary file, then rename) */
static int l_write_file(lua_State *L) {
  const char *p = luaL_checkstring(L, 1);
  size_t n;
  const char *text = luaL_checklstring(L, 2, &n);
  GError *err = NULL;
  if (!rmx_write_file_atomic(p, text, n, &err)) {
    return rmx_lua_fail(L, err);
  }
  lua_pushboolean(L, 1);
  return 1;
}

/* radiomix.read_file(path) -> text | fail, msg */
static int l_read_file(lua_State *L) {
  const char *p = luaL_checkstring(L, 1);
  char *text;
  gsize n;
  GError *err = NULL;
  if (!g_file_get_contents(p, &text, &n, &err)) {
    return rmx_lua_fail(L, err);
  }
  lua_pushlstring(L, text, n);
  g_free(text);
  return 1;
}

static int l_exists(lua_State *L) {
  lua_pushboolean(L, g_file_test(luaL_checkstring(L, 1), G_FILE_TEST_EXISTS));
  return 1;
}

static int l_remove(lua_State *L) {
  lua_pushboolean(L, g_remove(luaL_checkstring(L, 1)) == 0);
  return 1;
}

/* radiomix.sha256(text) -> hex */
static int l_sha256(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  char *h = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)s, n);
  lua_pushstring(L, h);
  g_free(h);
  return 1;
}

/* radiomix.sha256_file(path) -> hex | fail, msg (streams the file) */
static int l_sha256_file(lua_State *L) {
  const char *p = luaL_checkstring(L, 1);
  FILE *f = fopen(p, "rb");
  if (!f) return push_fail(L, "%s: %s", p, g_strerror(errno));
  GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
  guchar buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) g_checksum_update(c, buf, n);
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    g_checksum_free(c);
    return push_fail(L, "%s: %s", p, "read error");
  }
  lua_pushstring(L, g_checksum_get_string(c));
  g_checksum_free(c);
  return 1;
}

/* radiomix.read_features(path) -> {names = {...}, values = {...}} | fail, msg
 * A feature cache CSV: "name,value" lines, the "feature,value" header skipped.
 * Values convert as tonumber() converts them; "inf" and "-inf" as such, anything
 * else unreadable as NaN. A cached study rerun reads ~4000 lines per lesion:
 * Lua patterns spent ~0.4 s per sequence on it. */
static int l_read_features(lua_State *L) {
  const char *p = luaL_checkstring(L, 1);
  char *text;
  gsize n;
  GError *err = NULL;
  if (!g_file_get_contents(p, &text, &n, &err)) return rmx_lua_fail(L, err);
  lua_createtable(L, 0, 2);
  lua_createtable(L, 4096, 0);
  lua_createtable(L, 4096, 0);
  int names = lua_absindex(L, -2), values = lua_absindex(L, -1);
  lua_Integer k = 0;
  char num[128];
  for (const char *s = text, *end = text + n; s < end;) {
    const char *eol = memchr(s, '\n', (size_t)(end - s));
    if (!eol) eol = end;
    const char *comma = memchr(s, ',', (size_t)(eol - s));
    if (comma && comma > s && !(comma - s == 7 && !memcmp(s, "feature", 7))) {
      size_t vl = (size_t)(eol - comma - 1);
      const char *v = comma + 1;
      int ok = 0;
      if (vl < sizeof num) {
        memcpy(num, v, vl);
        num[vl] = 0;
        ok = lua_stringtonumber(L, num) != 0;
        if (!ok) {
          if (!strcmp(num, "inf")) lua_pushnumber(L, HUGE_VAL);
          else if (!strcmp(num, "-inf")) lua_pushnumber(L, -HUGE_VAL);
          else lua_pushnumber(L, NAN);
        }
      } else {
        lua_pushnumber(L, NAN);
      }
      lua_rawseti(L, values, ++k);
      lua_pushlstring(L, s, (size_t)(comma - s));
      lua_rawseti(L, names, k);
    }
    s = eol + 1;
  }
  g_free(text);
  lua_setfield(L, -3, "values");
  lua_setfield(L, -2, "names");
  return 1;
}

/* radiomix.isatty([fd = 2]): progress displays show only on terminals */
static int l_isatty(lua_State *L) {
  lua_pushboolean(L, isatty((int)luaL_optinteger(L, 1, 2)));
  return 1;
}

/* radiomix.now(): monotonic seconds, for timings and time-left estimates */
static int l_now(lua_State *L) {
  lua_pushnumber(L, (double)g_get_monotonic_time() / 1e6);
  return 1;
}

void rmx_lua_open_util(lua_State *L, int mod);
void rmx_lua_open_util(lua_State *L, int mod) {
  static const luaL_Reg funcs[] = {
      {"mkdir", l_mkdir},   {"write_file", l_write_file}, {"read_file", l_read_file},
      {"read_features", l_read_features},
      {"exists", l_exists}, {"remove", l_remove},         {"sha256", l_sha256},
      {"sha256_file", l_sha256_file}, {"isatty", l_isatty}, {"now", l_now},
      {NULL, NULL}};
  lua_pushvalue(L, mod);
  luaL_setfuncs(L, funcs, 0);
  lua_pop(L, 1);
}
