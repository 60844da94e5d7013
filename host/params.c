/* params.c: typed parameter sets and their validation against specs. */
#include "params.h"
#include "volume.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct RmxParams {
  GPtrArray *keys;   /* char*, insertion order */
  GHashTable *map;   /* key -> RmxValue* */
};

static void value_free(gpointer p) {
  RmxValue *v = p;
  if (!v) return;
  g_free(v->s);
  if (v->list) g_array_unref(v->list);
  g_free(v);
}

static RmxValue *value_copy(const RmxValue *v) {
  RmxValue *c = g_new0(RmxValue, 1);
  *c = *v;
  c->s = g_strdup(v->s);
  if (v->list) {
    c->list = g_array_sized_new(FALSE, FALSE, sizeof(double), v->list->len);
    g_array_append_vals(c->list, v->list->data, v->list->len);
  }
  return c;
}

RmxParams *rmx_params_new(void) {
  RmxParams *p = g_new0(RmxParams, 1);
  p->keys = g_ptr_array_new_with_free_func(g_free);
  p->map = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, value_free);
  return p;
}

void rmx_params_free(RmxParams *p) {
  if (!p) return;
  g_hash_table_destroy(p->map);
  g_ptr_array_free(p->keys, TRUE);
  g_free(p);
}

static void put(RmxParams *p, const char *key, RmxValue *v) {
  gpointer orig = NULL;
  if (g_hash_table_lookup_extended(p->map, key, &orig, NULL)) {
    g_hash_table_insert(p->map, orig, v); /* key string stays owned by keys[] */
    return;
  }
  char *k = g_strdup(key);
  g_ptr_array_add(p->keys, k);
  g_hash_table_insert(p->map, k, v);
}

RmxParams *rmx_params_copy(const RmxParams *p) {
  RmxParams *c = rmx_params_new();
  if (p) rmx_params_merge(c, p);
  return c;
}

void rmx_params_merge(RmxParams *dst, const RmxParams *src) {
  for (guint i = 0; i < src->keys->len; i++) {
    const char *k = src->keys->pdata[i];
    put(dst, k, value_copy(g_hash_table_lookup(src->map, k)));
  }
}

static RmxValue *value_new(int type) {
  RmxValue *v = g_new0(RmxValue, 1);
  v->type = type;
  return v;
}

void rmx_params_set_bool(RmxParams *p, const char *key, gboolean b) {
  RmxValue *v = value_new(RMX_PARAM_BOOL);
  v->b = b;
  put(p, key, v);
}

void rmx_params_set_int(RmxParams *p, const char *key, gint64 i) {
  RmxValue *v = value_new(RMX_PARAM_INT);
  v->i = i;
  v->d = (double)i;
  put(p, key, v);
}

void rmx_params_set_double(RmxParams *p, const char *key, double d) {
  RmxValue *v = value_new(RMX_PARAM_DOUBLE);
  v->d = d;
  put(p, key, v);
}

void rmx_params_set_string(RmxParams *p, const char *key, const char *s) {
  RmxValue *v = value_new(RMX_PARAM_STRING);
  v->s = g_strdup(s ? s : "");
  put(p, key, v);
}

void rmx_params_set_list(RmxParams *p, const char *key, const double *x, size_t n) {
  RmxValue *v = value_new(RMX_PARAM_LIST);
  v->list = g_array_sized_new(FALSE, FALSE, sizeof(double), (guint)n);
  if (n) g_array_append_vals(v->list, x, (guint)n);
  put(p, key, v);
}

static gboolean parse_number(const char *s, double *out, gboolean *is_int) {
  char *end;
  while (g_ascii_isspace(*s)) s++;
  if (!*s) return FALSE;
  errno = 0;
  double d = g_ascii_strtod(s, &end);
  while (g_ascii_isspace(*end)) end++;
  /* "inf", "infinity", "nan" stay strings (weightingNorm: infinity). */
  if (*end || errno == ERANGE || !isfinite(d)) return FALSE;
  *out = d;
  *is_int = strpbrk(s, ".eEnN") == NULL && fabs(d) < 9.0e15;
  return TRUE;
}

void rmx_params_set_text(RmxParams *p, const char *key, const char *text) {
  double d;
  gboolean is_int;
  if (!g_ascii_strcasecmp(text, "true") || !g_ascii_strcasecmp(text, "yes"))
    rmx_params_set_bool(p, key, TRUE);
  else if (!g_ascii_strcasecmp(text, "false") || !g_ascii_strcasecmp(text, "no"))
    rmx_params_set_bool(p, key, FALSE);
  else if (parse_number(text, &d, &is_int)) {
    if (is_int) rmx_params_set_int(p, key, (gint64)d);
    else rmx_params_set_double(p, key, d);
  } else if (text[0] == '[') {
    size_t len = strlen(text);
    char *inner = g_strndup(text + 1, len > 1 && text[len - 1] == ']' ? len - 2 : len - 1);
    char **parts = g_strsplit(inner, ",", -1);
    GArray *a = g_array_new(FALSE, FALSE, sizeof(double));
    gboolean ok = TRUE;
    for (char **q = parts; *q && ok; q++) {
      if (!*g_strstrip(*q)) continue;
      ok = parse_number(*q, &d, &is_int);
      if (ok) g_array_append_val(a, d);
    }
    if (ok) rmx_params_set_list(p, key, (double *)(void *)a->data, a->len);
    else rmx_params_set_string(p, key, text);
    g_array_unref(a);
    g_strfreev(parts);
    g_free(inner);
  } else {
    rmx_params_set_string(p, key, text);
  }
}

gboolean rmx_params_unset(RmxParams *p, const char *key) {
  if (!g_hash_table_remove(p->map, key)) return FALSE;
  for (guint i = 0; i < p->keys->len; i++)
    if (!strcmp(p->keys->pdata[i], key)) {
      g_ptr_array_remove_index(p->keys, i);
      break;
    }
  return TRUE;
}

const RmxValue *rmx_params_get(const RmxParams *p, const char *key) {
  return p ? g_hash_table_lookup(p->map, key) : NULL;
}

guint rmx_params_size(const RmxParams *p) { return p ? p->keys->len : 0; }

const char *rmx_params_key(const RmxParams *p, guint i) {
  return i < p->keys->len ? p->keys->pdata[i] : NULL;
}

gboolean rmx_params_bool(const RmxParams *p, const char *key, gboolean dflt) {
  const RmxValue *v = rmx_params_get(p, key);
  if (!v) return dflt;
  if (v->type == RMX_PARAM_BOOL) return v->b;
  if (v->type == RMX_PARAM_INT || v->type == RMX_PARAM_DOUBLE) return v->d != 0;
  return dflt;
}

gint64 rmx_params_int(const RmxParams *p, const char *key, gint64 dflt) {
  const RmxValue *v = rmx_params_get(p, key);
  if (!v) return dflt;
  if (v->type == RMX_PARAM_INT) return v->i;
  if (v->type == RMX_PARAM_DOUBLE) return (gint64)v->d;
  if (v->type == RMX_PARAM_BOOL) return v->b;
  return dflt;
}

double rmx_params_double(const RmxParams *p, const char *key, double dflt) {
  const RmxValue *v = rmx_params_get(p, key);
  if (!v) return dflt;
  if (v->type == RMX_PARAM_INT || v->type == RMX_PARAM_DOUBLE) return v->d;
  if (v->type == RMX_PARAM_BOOL) return v->b;
  if (v->type == RMX_PARAM_LIST && v->list->len == 1) return g_array_index(v->list, double, 0);
  return dflt;
}

const char *rmx_params_string(const RmxParams *p, const char *key, const char *dflt) {
  const RmxValue *v = rmx_params_get(p, key);
  return v && v->type == RMX_PARAM_STRING ? v->s : dflt;
}

char *rmx_value_to_string(const RmxValue *v) {
  switch (v->type) {
  case RMX_PARAM_BOOL: return g_strdup(v->b ? "true" : "false");
  case RMX_PARAM_INT: return g_strdup_printf("%" G_GINT64_FORMAT, v->i);
  case RMX_PARAM_DOUBLE: return g_strdup_printf("%.17g", v->d);
  case RMX_PARAM_STRING: return g_strdup(v->s);
  case RMX_PARAM_LIST: {
    GString *s = g_string_new("[");
    for (guint i = 0; i < v->list->len; i++)
      g_string_append_printf(s, "%s%.17g", i ? ", " : "", g_array_index(v->list, double, i));
    g_string_append_c(s, ']');
    return g_string_free(s, FALSE);
  }
  default: return g_strdup("?");
  }
}

const RmxParamSpec *rmx_spec_find(const RmxParamSpec *const *specs, const char *key) {
  for (; specs && *specs; specs++)
    for (const RmxParamSpec *s = *specs; s->name; s++)
      if (!strcmp(s->name, key)) return s;
  return NULL;
}

static const char *type_word(int t) {
  switch (t) {
  case RMX_PARAM_BOOL: return "true or false";
  case RMX_PARAM_INT: return "an integer";
  case RMX_PARAM_DOUBLE: return "a number";
  case RMX_PARAM_STRING: return "a string";
  case RMX_PARAM_LIST: return "a list of numbers";
  default: return "a value";
  }
}

static gboolean has_range(const RmxParamSpec *s) { return s->min <= s->max; }

static gboolean in_range(const RmxParamSpec *s, double x) {
  return isfinite(x) && (!has_range(s) || (x >= s->min && x <= s->max));
}

static gboolean choice_ok(const char *choices, const char *s) {
  char **c = g_strsplit(choices, "|", -1);
  gboolean ok = FALSE;
  for (char **q = c; *q && !ok; q++) ok = !strcmp(*q, s);
  g_strfreev(c);
  return ok;
}

/* Coerces *v to spec's type; FALSE when it cannot. */
static gboolean coerce(RmxValue *v, const RmxParamSpec *s) {
  if (v->type == s->type) return TRUE;
  switch (s->type) {
  case RMX_PARAM_DOUBLE:
    if (v->type == RMX_PARAM_INT) { v->type = RMX_PARAM_DOUBLE; return TRUE; }
    if (v->type == RMX_PARAM_LIST && v->list->len == 1) {
      v->d = g_array_index(v->list, double, 0);
      g_array_unref(v->list);
      v->list = NULL;
      v->type = RMX_PARAM_DOUBLE;
      return TRUE;
    }
    return FALSE;
  case RMX_PARAM_INT:
    if (v->type == RMX_PARAM_DOUBLE && v->d == floor(v->d) && fabs(v->d) < 9e15) {
      v->i = (gint64)v->d;
      v->type = RMX_PARAM_INT;
      return TRUE;
    }
    return FALSE;
  case RMX_PARAM_LIST:
    if (v->type == RMX_PARAM_INT || v->type == RMX_PARAM_DOUBLE) {
      v->list = g_array_new(FALSE, FALSE, sizeof(double));
      g_array_append_val(v->list, v->d);
      v->type = RMX_PARAM_LIST;
      return TRUE;
    }
    return FALSE;
  case RMX_PARAM_STRING:
    if (v->type == RMX_PARAM_INT || v->type == RMX_PARAM_DOUBLE) {
      v->s = rmx_value_to_string(v);
      v->type = RMX_PARAM_STRING;
      return TRUE;
    }
    return FALSE;
  default:
    return FALSE;
  }
}

static void range_text(GString *out, const RmxParamSpec *s) {
  if (!has_range(s)) return;
  if (isinf(s->max)) g_string_append_printf(out, " >= %g", s->min);
  else if (isinf(s->min)) g_string_append_printf(out, " <= %g", s->max);
  else g_string_append_printf(out, " in [%g, %g]", s->min, s->max);
}

static gboolean check_one(RmxValue *v, const RmxParamSpec *s, const char *where,
                          GError **err) {
  char *got = rmx_value_to_string(v);
  gboolean ok = coerce(v, s);
  if (ok) {
    if (s->type == RMX_PARAM_INT || s->type == RMX_PARAM_DOUBLE)
      ok = in_range(s, v->d = s->type == RMX_PARAM_INT ? (double)v->i : v->d);
    else if (s->type == RMX_PARAM_LIST)
      for (guint i = 0; i < v->list->len && ok; i++)
        ok = in_range(s, g_array_index(v->list, double, i));
    else if (s->type == RMX_PARAM_STRING && s->choices)
      ok = choice_ok(s->choices, v->s);
  }
  if (!ok) {
    GString *want = g_string_new(type_word(s->type));
    if (s->type == RMX_PARAM_LIST) g_string_append(want, " each");
    range_text(want, s);
    if (s->type == RMX_PARAM_STRING && s->choices)
      g_string_printf(want, "one of %s", s->choices);
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s%sparameter '%s': expected %s, got '%s'",
                where ? where : "", where ? ": " : "", s->name, want->str, got);
    g_string_free(want, TRUE);
  }
  g_free(got);
  return ok;
}

gboolean rmx_params_validate(RmxParams *p, const RmxParamSpec *const *specs,
                             gboolean strict, const char *where, GError **err) {
  for (guint i = 0; i < p->keys->len; i++) {
    const char *key = p->keys->pdata[i];
    const RmxParamSpec *s = rmx_spec_find(specs, key);
    if (!s) {
      if (!strict) continue;
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s%sunknown parameter '%s'",
                  where ? where : "", where ? ": " : "", key);
      return FALSE;
    }
    if (!check_one(g_hash_table_lookup(p->map, key), s, where, err)) return FALSE;
  }
  for (; specs && *specs; specs++)
    for (const RmxParamSpec *s = *specs; s->name; s++) {
      if (rmx_params_get(p, s->name) || !s->default_value) continue;
      RmxParams *tmp = rmx_params_new();
      rmx_params_set_text(tmp, s->name, s->default_value);
      RmxValue *v = value_copy(rmx_params_get(tmp, s->name));
      rmx_params_free(tmp);
      if (!coerce(v, s)) {
        value_free(v);
        g_set_error(err, RMX_ERROR, RMX_ERR_INTERNAL,
                    "parameter '%s': default '%s' is not %s (plugin bug)", s->name,
                    s->default_value, type_word(s->type));
        return FALSE;
      }
      put(p, s->name, v);
    }
  return TRUE;
}
