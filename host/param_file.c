/* param_file.c: parses PyRadiomics parameter files (YAML via libyaml, or Lua) into RmxExtractConfig. */
#include "param_file.h"
#include "volume.h"

#include <errno.h>
#include <lauxlib.h>
#include <lualib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static void image_type_free(gpointer p) {
  RmxImageTypeCfg *t = p;
  g_free(t->name);
  rmx_params_free(t->params);
  g_free(t);
}

static void family_free(gpointer p) {
  RmxFamilyCfg *f = p;
  g_free(f->name);
  if (f->features) g_ptr_array_unref(f->features);
  g_free(f);
}

static RmxExtractConfig *config_empty(const char *source) {
  RmxExtractConfig *c = g_new0(RmxExtractConfig, 1);
  c->source = g_strdup(source);
  c->settings = rmx_params_new();
  c->image_types = g_ptr_array_new_with_free_func(image_type_free);
  c->families = g_ptr_array_new_with_free_func(family_free);
  c->key_lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  return c;
}

static void add_image_type(RmxExtractConfig *c, const char *name, RmxParams *p, int line) {
  /* A repeated key replaces the earlier one, as in PyRadiomics (last wins). */
  for (guint i = 0; i < c->image_types->len; i++) {
    RmxImageTypeCfg *t = c->image_types->pdata[i];
    if (!strcmp(t->name, name)) {
      rmx_params_free(t->params);
      t->params = p;
      t->line = line;
      return;
    }
  }
  RmxImageTypeCfg *t = g_new0(RmxImageTypeCfg, 1);
  t->name = g_strdup(name);
  t->params = p;
  t->line = line;
  g_ptr_array_add(c->image_types, t);
}

static void add_family(RmxExtractConfig *c, const char *name, GPtrArray *features, int line) {
  for (guint i = 0; i < c->families->len; i++) {
    RmxFamilyCfg *f = c->families->pdata[i];
    if (!strcmp(f->name, name)) {
      if (f->features) g_ptr_array_unref(f->features);
      f->features = features;
      f->line = line;
      return;
    }
  }
  RmxFamilyCfg *f = g_new0(RmxFamilyCfg, 1);
  f->name = g_strdup(name);
  f->features = features;
  f->line = line;
  g_ptr_array_add(c->families, f);
}

/* PyRadiomics falls back to Original when imageType is absent or empty. */
static void finish(RmxExtractConfig *c) {
  if (c->image_types->len == 0) add_image_type(c, "Original", rmx_params_new(), 0);
}

RmxExtractConfig *rmx_extract_config_new(void) {
  RmxExtractConfig *c = config_empty("defaults");
  finish(c);
  return c;
}

void rmx_extract_config_free(RmxExtractConfig *c) {
  if (!c) return;
  g_free(c->source);
  rmx_params_free(c->settings);
  g_ptr_array_unref(c->image_types);
  g_ptr_array_unref(c->families);
  g_hash_table_destroy(c->key_lines);
  g_free(c);
}

int rmx_extract_config_line(const RmxExtractConfig *c, const char *image_type, const char *key) {
  char *k = g_strdup_printf("%s/%s", image_type ? image_type : "", key);
  int line = GPOINTER_TO_INT(g_hash_table_lookup(c->key_lines, k));
  g_free(k);
  return line;
}

/* ------------------------------------------------------------------ YAML */

typedef struct {
  const char *path;
  yaml_document_t *doc;
} Yctx;

static int line_of(const yaml_node_t *n) { return (int)n->start_mark.line + 1; }

static gboolean fail_at(GError **err, const Yctx *y, const yaml_node_t *n, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);
static gboolean fail_at(GError **err, const Yctx *y, const yaml_node_t *n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s:%d: %s", y->path, n ? line_of(n) : 0, msg);
  g_free(msg);
  return FALSE;
}

static const char *scalar(const yaml_node_t *n) { return (const char *)n->data.scalar.value; }

static gboolean is_plain(const yaml_node_t *n) {
  return n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* YAML 1.1 (PyYAML) null: '', ~, null. */
static gboolean is_null(const yaml_node_t *n) {
  if (!n) return TRUE;
  if (!is_plain(n)) return FALSE;
  const char *s = scalar(n);
  return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

static int yaml_bool(const char *s) {
  static const char *const t[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", NULL};
  static const char *const f[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", NULL};
  for (int i = 0; t[i]; i++)
    if (!strcmp(s, t[i])) return 1;
  for (int i = 0; f[i]; i++)
    if (!strcmp(s, f[i])) return 0;
  return -1;
}

/* A plain scalar as a number; *is_int when written without '.', exponent or inf/nan. */
static gboolean yaml_number(const char *s, double *d, gboolean *is_int) {
  if (!*s) return FALSE;
  char *end;
  errno = 0;
  if (!strcmp(s, ".inf") || !strcmp(s, "+.inf") || !strcmp(s, ".Inf")) { *d = INFINITY; *is_int = FALSE; return TRUE; }
  if (!strcmp(s, "-.inf") || !strcmp(s, "-.Inf")) { *d = -INFINITY; *is_int = FALSE; return TRUE; }
  *d = g_ascii_strtod(s, &end);
  if (*end || end == s || errno == ERANGE) return FALSE;
  if (strpbrk(s, "nNiI")) return FALSE; /* strtod accepts nan/inf words; YAML does not */
  *is_int = strpbrk(s, ".eE") == NULL;
  return TRUE;
}

/* Sets key from a scalar or a sequence of numbers; null leaves it unset. */
static gboolean yaml_value(const Yctx *y, RmxParams *p, const char *section, const char *key,
                           yaml_node_t *v, GError **err) {
  if (is_null(v)) return TRUE;
  if (v->type == YAML_SCALAR_NODE) {
    const char *s = scalar(v);
    double d;
    gboolean is_int;
    int b;
    if (!is_plain(v)) rmx_params_set_string(p, key, s);
    else if ((b = yaml_bool(s)) >= 0) rmx_params_set_bool(p, key, b);
    else if (yaml_number(s, &d, &is_int)) {
      if (is_int && fabs(d) < 9e15) rmx_params_set_int(p, key, (gint64)d);
      else rmx_params_set_double(p, key, d);
    } else rmx_params_set_string(p, key, s);
    return TRUE;
  }
  if (v->type == YAML_SEQUENCE_NODE) {
    GArray *a = g_array_new(FALSE, FALSE, sizeof(double));
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
      yaml_node_t *e = yaml_document_get_node(y->doc, *it);
      double d;
      gboolean is_int;
      if (!e || !is_plain(e) || !yaml_number(scalar(e), &d, &is_int)) {
        g_array_unref(a);
        return fail_at(err, y, e ? e : v, "%s: '%s': expected a list of numbers, got '%s'", section,
                       key, e && e->type == YAML_SCALAR_NODE ? scalar(e) : "a nested structure");
      }
      g_array_append_val(a, d);
    }
    rmx_params_set_list(p, key, (const double *)(const void *)a->data, a->len);
    g_array_unref(a);
    return TRUE;
  }
  return fail_at(err, y, v, "%s: '%s': expected a value or a list of numbers, got a mapping", section, key);
}

static gboolean yaml_settings_map(const Yctx *y, yaml_node_t *m, const char *section, RmxParams *p,
                                  RmxExtractConfig *c, const char *type, GError **err) {
  if (is_null(m)) return TRUE;
  if (m->type != YAML_MAPPING_NODE)
    return fail_at(err, y, m, "%s: expected a mapping of settings", section);
  for (yaml_node_pair_t *pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top; pr++) {
    yaml_node_t *k = yaml_document_get_node(y->doc, pr->key);
    yaml_node_t *v = yaml_document_get_node(y->doc, pr->value);
    if (!k || k->type != YAML_SCALAR_NODE) return fail_at(err, y, k, "%s: keys must be names", section);
    /* interpolator: None switches resampling off in PyRadiomics; keep it visible */
    if (!strcmp(scalar(k), "interpolator") && is_null(v)) rmx_params_set_string(p, "interpolator", "None");
    else if (!yaml_value(y, p, section, scalar(k), v, err)) return FALSE;
    g_hash_table_insert(c->key_lines, g_strdup_printf("%s/%s", type ? type : "", scalar(k)),
                        GINT_TO_POINTER(line_of(k)));
  }
  return TRUE;
}

static gboolean yaml_image_types(const Yctx *y, yaml_node_t *m, RmxExtractConfig *c, GError **err) {
  if (is_null(m)) return TRUE;
  if (m->type != YAML_MAPPING_NODE)
    return fail_at(err, y, m, "imageType: expected a mapping such as {Original: {}, LoG: {sigma: [1.0]}}");
  for (yaml_node_pair_t *pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top; pr++) {
    yaml_node_t *k = yaml_document_get_node(y->doc, pr->key);
    yaml_node_t *v = yaml_document_get_node(y->doc, pr->value);
    if (!k || k->type != YAML_SCALAR_NODE) return fail_at(err, y, k, "imageType: keys must be names");
    char *sect = g_strdup_printf("imageType '%s'", scalar(k));
    RmxParams *p = rmx_params_new();
    gboolean ok = yaml_settings_map(y, v, sect, p, c, scalar(k), err);
    g_free(sect);
    if (!ok) {
      rmx_params_free(p);
      return FALSE;
    }
    add_image_type(c, scalar(k), p, line_of(k));
  }
  return TRUE;
}

static gboolean yaml_families(const Yctx *y, yaml_node_t *m, RmxExtractConfig *c, GError **err) {
  if (is_null(m)) return TRUE;
  if (m->type != YAML_MAPPING_NODE)
    return fail_at(err, y, m, "featureClass: expected a mapping such as {glcm: null, firstorder: [Mean]}");
  for (yaml_node_pair_t *pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top; pr++) {
    yaml_node_t *k = yaml_document_get_node(y->doc, pr->key);
    yaml_node_t *v = yaml_document_get_node(y->doc, pr->value);
    if (!k || k->type != YAML_SCALAR_NODE) return fail_at(err, y, k, "featureClass: keys must be names");
    GPtrArray *feats = NULL;
    if (!is_null(v)) {
      if (v->type != YAML_SEQUENCE_NODE)
        return fail_at(err, y, v, "featureClass '%s': expected null or a list of feature names", scalar(k));
      feats = g_ptr_array_new_with_free_func(g_free);
      for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
        yaml_node_t *e = yaml_document_get_node(y->doc, *it);
        if (!e || e->type != YAML_SCALAR_NODE || !*scalar(e)) {
          g_ptr_array_unref(feats);
          return fail_at(err, y, e ? e : v, "featureClass '%s': feature names must be strings", scalar(k));
        }
        g_ptr_array_add(feats, g_strdup(scalar(e)));
      }
      if (feats->len == 0) { /* [] means all, as in PyRadiomics */
        g_ptr_array_unref(feats);
        feats = NULL;
      }
    }
    add_family(c, scalar(k), feats, line_of(k));
  }
  return TRUE;
}

RmxExtractConfig *rmx_param_yaml_read(const char *path, GError **err) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    g_set_error(err, RMX_ERROR, RMX_ERR_IO, "%s: cannot open parameter file: %s", path, g_strerror(errno));
    return NULL;
  }
  yaml_parser_t parser;
  yaml_document_t doc;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_file(&parser, f);
  if (!yaml_parser_load(&parser, &doc)) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s:%zu: YAML error: %s", path,
                parser.problem_mark.line + 1, parser.problem ? parser.problem : "syntax error");
    yaml_parser_delete(&parser);
    fclose(f);
    return NULL;
  }
  RmxExtractConfig *c = config_empty(path);
  Yctx y = {path, &doc};
  yaml_node_t *root = yaml_document_get_root_node(&doc);
  gboolean ok = TRUE;
  if (root && !is_null(root)) {
    if (root->type != YAML_MAPPING_NODE)
      ok = fail_at(err, &y, root, "expected a mapping with sections setting, imageType, featureClass");
    for (yaml_node_pair_t *pr = root->data.mapping.pairs.start; ok && pr < root->data.mapping.pairs.top; pr++) {
      yaml_node_t *k = yaml_document_get_node(&doc, pr->key);
      yaml_node_t *v = yaml_document_get_node(&doc, pr->value);
      const char *name = k && k->type == YAML_SCALAR_NODE ? scalar(k) : "";
      if (!strcmp(name, "setting")) ok = yaml_settings_map(&y, v, "setting", c->settings, c, NULL, err);
      else if (!strcmp(name, "imageType")) ok = yaml_image_types(&y, v, c, err);
      else if (!strcmp(name, "featureClass")) ok = yaml_families(&y, v, c, err);
      else
        ok = fail_at(err, &y, k, "unknown section '%s' (expected setting, imageType or featureClass%s)",
                     name, !strcmp(name, "voxelSetting") ? "; voxel-based extraction is not supported" : "");
    }
  }
  yaml_document_delete(&doc);
  yaml_parser_delete(&parser);
  fclose(f);
  if (!ok) {
    rmx_extract_config_free(c);
    return NULL;
  }
  finish(c);
  return c;
}

/* ------------------------------------------------------------------- Lua */

static gboolean lua_fail(GError **err, const char *where, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static gboolean lua_fail(GError **err, const char *where, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: %s", where, msg);
  g_free(msg);
  return FALSE;
}

/* String keys of the table at idx, unsorted; NULL if a key is not a string. */
static GPtrArray *lua_keys(lua_State *L, int idx) {
  GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
  gboolean ok = TRUE;
  idx = lua_absindex(L, idx);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) == LUA_TSTRING) g_ptr_array_add(keys, g_strdup(lua_tostring(L, -1)));
    else ok = FALSE;
  }
  if (!ok) {
    g_ptr_array_unref(keys);
    return NULL;
  }
  return keys;
}

static gint cmp_pstr(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Keys sorted (Lua tables have no order); 'first' (if present) goes first. */
static GPtrArray *sorted_keys(lua_State *L, int idx, const char *first) {
  GPtrArray *k = lua_keys(L, idx);
  if (!k) return NULL;
  g_ptr_array_sort(k, cmp_pstr);
  if (first)
    for (guint i = 0; i < k->len; i++)
      if (!g_ascii_strcasecmp(k->pdata[i], first)) {
        gpointer p = k->pdata[i];
        memmove(&k->pdata[1], &k->pdata[0], i * sizeof(gpointer));
        k->pdata[0] = p;
        break;
      }
  return k;
}

static gboolean lua_value(lua_State *L, int idx, RmxParams *p, const char *where, const char *key,
                          GError **err) {
  idx = lua_absindex(L, idx);
  switch (lua_type(L, idx)) {
  case LUA_TNIL: return TRUE;
  case LUA_TBOOLEAN: rmx_params_set_bool(p, key, lua_toboolean(L, idx)); return TRUE;
  case LUA_TNUMBER:
    if (lua_isinteger(L, idx)) rmx_params_set_int(p, key, lua_tointeger(L, idx));
    else rmx_params_set_double(p, key, lua_tonumber(L, idx));
    return TRUE;
  case LUA_TSTRING: rmx_params_set_string(p, key, lua_tostring(L, idx)); return TRUE;
  case LUA_TTABLE: {
    lua_Integer n = luaL_len(L, idx);
    GArray *a = g_array_new(FALSE, FALSE, sizeof(double));
    for (lua_Integer i = 1; i <= n; i++) {
      lua_geti(L, idx, i);
      if (lua_type(L, -1) != LUA_TNUMBER) {
        lua_pop(L, 1);
        g_array_unref(a);
        return lua_fail(err, where, "'%s': expected a list of numbers", key);
      }
      double d = lua_tonumber(L, -1);
      g_array_append_val(a, d);
      lua_pop(L, 1);
    }
    rmx_params_set_list(p, key, (const double *)(const void *)a->data, a->len);
    g_array_unref(a);
    return TRUE;
  }
  default: return lua_fail(err, where, "'%s': unsupported value of type %s", key, luaL_typename(L, idx));
  }
}

static gboolean lua_settings(lua_State *L, int idx, RmxParams *p, const char *where, GError **err) {
  if (lua_isnil(L, idx)) return TRUE;
  if (!lua_istable(L, idx)) return lua_fail(err, where, "expected a table of settings");
  GPtrArray *keys = sorted_keys(L, idx, NULL);
  if (!keys) return lua_fail(err, where, "keys must be strings");
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < keys->len; i++) {
    lua_getfield(L, idx, keys->pdata[i]);
    ok = lua_value(L, -1, p, where, keys->pdata[i], err);
    lua_pop(L, 1);
  }
  g_ptr_array_unref(keys);
  return ok;
}

RmxExtractConfig *rmx_param_from_lua(lua_State *L, int idx, const char *where, GError **err) {
  idx = lua_absindex(L, idx);
  RmxExtractConfig *c = config_empty(where);
  if (lua_isnoneornil(L, idx)) {
    finish(c);
    return c;
  }
  if (!lua_istable(L, idx)) {
    lua_fail(err, where, "expected a table with setting, imageType, featureClass");
    rmx_extract_config_free(c);
    return NULL;
  }
  GPtrArray *top = sorted_keys(L, idx, NULL);
  gboolean ok = top != NULL;
  if (!ok) lua_fail(err, where, "section names must be strings");
  for (guint i = 0; ok && i < top->len; i++) {
    const char *s = top->pdata[i];
    if (strcmp(s, "setting") && strcmp(s, "imageType") && strcmp(s, "featureClass"))
      ok = lua_fail(err, where, "unknown section '%s' (expected setting, imageType or featureClass)", s);
  }
  if (ok) {
    lua_getfield(L, idx, "setting");
    char *w = g_strdup_printf("%s: setting", where);
    ok = lua_settings(L, -1, c->settings, w, err);
    g_free(w);
    lua_pop(L, 1);
  }
  if (ok) {
    lua_getfield(L, idx, "imageType");
    int t = lua_gettop(L);
    if (!lua_isnil(L, t)) {
      GPtrArray *keys = lua_istable(L, t) ? sorted_keys(L, t, "Original") : NULL;
      if (!keys) ok = lua_fail(err, where, "imageType: expected a table name -> settings");
      for (guint i = 0; ok && i < keys->len; i++) {
        char *w = g_strdup_printf("%s: imageType '%s'", where, (char *)keys->pdata[i]);
        RmxParams *p = rmx_params_new();
        lua_getfield(L, t, keys->pdata[i]);
        ok = lua_settings(L, -1, p, w, err);
        lua_pop(L, 1);
        g_free(w);
        if (ok) add_image_type(c, keys->pdata[i], p, 0);
        else rmx_params_free(p);
      }
      if (keys) g_ptr_array_unref(keys);
    }
    lua_pop(L, 1);
  }
  if (ok) {
    lua_getfield(L, idx, "featureClass");
    int t = lua_gettop(L);
    if (!lua_isnil(L, t)) {
      GPtrArray *keys = lua_istable(L, t) ? sorted_keys(L, t, NULL) : NULL;
      if (!keys) ok = lua_fail(err, where, "featureClass: expected a table name -> list of features");
      for (guint i = 0; ok && i < keys->len; i++) {
        lua_getfield(L, t, keys->pdata[i]);
        GPtrArray *feats = NULL;
        /* true, {} or an empty string stand for "all", like YAML null */
        if (lua_istable(L, -1) && luaL_len(L, -1) > 0) {
          feats = g_ptr_array_new_with_free_func(g_free);
          for (lua_Integer j = 1; ok && j <= luaL_len(L, -1); j++) {
            lua_geti(L, -1, j);
            if (lua_type(L, -1) != LUA_TSTRING)
              ok = lua_fail(err, where, "featureClass '%s': feature names must be strings",
                            (char *)keys->pdata[i]);
            else g_ptr_array_add(feats, g_strdup(lua_tostring(L, -1)));
            lua_pop(L, 1);
          }
        } else if (!lua_istable(L, -1) && !lua_isboolean(L, -1)) {
          ok = lua_fail(err, where, "featureClass '%s': expected true or a list of feature names",
                        (char *)keys->pdata[i]);
        }
        lua_pop(L, 1);
        if (ok) add_family(c, keys->pdata[i], feats, 0);
        else if (feats) g_ptr_array_unref(feats);
      }
      if (keys) g_ptr_array_unref(keys);
    }
    lua_pop(L, 1);
  }
  if (top) g_ptr_array_unref(top);
  if (!ok) {
    rmx_extract_config_free(c);
    return NULL;
  }
  finish(c);
  return c;
}

/* A parameter file is a few table constructors: budgets turn an endless loop or
 * an unbounded table into one error line instead of a hang or an OOM kill. */
#define PARAM_LUA_MAX_BYTES ((size_t)256 << 20)
#define PARAM_LUA_HOOK_EVERY 10000
#define PARAM_LUA_MAX_HOOKS 10000 /* 1e8 VM instructions, about a second */

typedef struct LuaBudget {
  size_t bytes;
  int hooks;
} LuaBudget;

static void *budget_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  LuaBudget *b = ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    b->bytes -= old;
    free(ptr);
    return NULL;
  }
  if (nsize > old && b->bytes - old + nsize > PARAM_LUA_MAX_BYTES) return NULL;
  void *p = realloc(ptr, nsize);
  if (p) b->bytes = b->bytes - old + nsize;
  return p;
}

static void budget_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  LuaBudget *b;
  lua_getallocf(L, (void **)&b);
  if (++b->hooks > PARAM_LUA_MAX_HOOKS)
    luaL_error(L, "parameter file runs too long (over 100 million Lua instructions)");
}

RmxExtractConfig *rmx_param_lua_read(const char *path, GError **err) {
  /* A fresh state with the base library only: a parameter file computes, it does not do I/O. */
  LuaBudget budget = {0, 0};
  lua_State *L = lua_newstate(budget_alloc, &budget);
  if (!L) {
    g_set_error(err, RMX_ERROR, RMX_ERR_NOMEM, "%s: cannot create a Lua state", path);
    return NULL;
  }
  lua_sethook(L, budget_hook, LUA_MASKCOUNT, PARAM_LUA_HOOK_EVERY);
  luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
  lua_pop(L, 1);
  RmxExtractConfig *c = NULL;
  int st = luaL_dofile(L, path);
  const char *m = st != LUA_OK ? lua_tostring(L, -1) : NULL;
  if (st == LUA_ERRMEM || (m && !strcmp(m, "not enough memory"))) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: parameter file uses too much memory (over %zu MiB)",
                path, PARAM_LUA_MAX_BYTES >> 20);
  } else if (st != LUA_OK) {
    /* messages from the budget hook carry no position: name the file */
    gboolean named = m && g_str_has_prefix(m, path);
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s%s%s", named ? "" : path, named ? "" : ": ",
                m ? m : "parameter file raised a non-string error");
  } else if (!lua_istable(L, -1)) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: the file must return a table", path);
  } else {
    c = rmx_param_from_lua(L, -1, path, err);
  }
  lua_close(L);
  return c;
}

RmxExtractConfig *rmx_param_file_read(const char *path, GError **err) {
  if (g_str_has_suffix(path, ".lua")) return rmx_param_lua_read(path, err);
  return rmx_param_yaml_read(path, err);
}
