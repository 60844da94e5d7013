/* params.h: typed parameter sets and their validation against specs. */
#ifndef RMX_HOST_PARAMS_H
#define RMX_HOST_PARAMS_H

#include <glib.h>
#include <radiomix/types.h>

/* One value: a bool, an int, a double, a string or a list of numbers. */
typedef struct RmxValue {
  int type; /* RmxParamType */
  gboolean b;
  gint64 i;
  double d;
  char *s;
  GArray *list; /* of double */
} RmxValue;

/* A set of key -> value; keys keep insertion order for printing. */
typedef struct RmxParams RmxParams;

RmxParams *rmx_params_new(void);
void rmx_params_free(RmxParams *p);             /* accepts NULL */
RmxParams *rmx_params_copy(const RmxParams *p);
/* Values as parsed (YAML/Lua/CLI); the type may still be loose, e.g. an
 * int for a double parameter. Setting replaces. */
void rmx_params_set_bool(RmxParams *p, const char *key, gboolean v);
void rmx_params_set_int(RmxParams *p, const char *key, gint64 v);
void rmx_params_set_double(RmxParams *p, const char *key, double v);
void rmx_params_set_string(RmxParams *p, const char *key, const char *v);
void rmx_params_set_list(RmxParams *p, const char *key, const double *v, size_t n);
/* Parses text the way YAML would type it ("true", "25", "2.5", "[1,2]", other: string). */
void rmx_params_set_text(RmxParams *p, const char *key, const char *text);
gboolean rmx_params_unset(RmxParams *p, const char *key);
const RmxValue *rmx_params_get(const RmxParams *p, const char *key);
/* Copies every key of src into dst (src wins). */
void rmx_params_merge(RmxParams *dst, const RmxParams *src);
guint rmx_params_size(const RmxParams *p);
const char *rmx_params_key(const RmxParams *p, guint i); /* insertion order */

/* Typed reads with a fallback (used by host code). */
gboolean rmx_params_bool(const RmxParams *p, const char *key, gboolean dflt);
gint64 rmx_params_int(const RmxParams *p, const char *key, gint64 dflt);
double rmx_params_double(const RmxParams *p, const char *key, double dflt);
const char *rmx_params_string(const RmxParams *p, const char *key, const char *dflt);

/*
 * Checks p against one or more NULL-terminated spec arrays (specs is a
 * NULL-terminated array of them): coerces loose types (int -> double,
 * number -> one-element list), range-checks, applies defaults for unset
 * keys, and, when strict, rejects keys no spec declares. Errors name the
 * key: "parameter 'binWidth': expected a number > 0, got 'abc'".
 * 'where' prefixes the message (e.g. "params.yaml: setting").
 */
gboolean rmx_params_validate(RmxParams *p, const RmxParamSpec *const *specs,
                             gboolean strict, const char *where, GError **err);
const RmxParamSpec *rmx_spec_find(const RmxParamSpec *const *specs, const char *key);

/* Text form of a value, for messages and cache keys (caller frees). */
char *rmx_value_to_string(const RmxValue *v);

#endif
