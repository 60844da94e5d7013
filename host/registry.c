/* registry.c: the components that loaded plugins registered. */
#include "registry.h"
#include "volume.h"

#include <string.h>

static GPtrArray *components; /* RmxComponent*, sorted by kind, name */
static GMutex lock;           /* registration happens on the main thread; lookups anywhere */

static const char *const kind_names[] = {NULL, "filter", "features", "selector", "classifier"};

const char *rmx_kind_name(int kind) {
  return kind >= RMX_KIND_FILTER && kind <= RMX_KIND_CLASSIFIER ? kind_names[kind] : "unknown";
}

int rmx_kind_from_name(const char *name) {
  for (int k = RMX_KIND_FILTER; k <= RMX_KIND_CLASSIFIER; k++)
    if (!g_ascii_strcasecmp(name, kind_names[k])) return k;
  if (!g_ascii_strcasecmp(name, "family") || !g_ascii_strcasecmp(name, "feature"))
    return RMX_KIND_FEATURES;
  return 0;
}

/* Smallest class struct a 1.0 plugin may pass for each kind. */
static size_t min_class_size(int kind) {
  switch (kind) {
  case RMX_KIND_FILTER: return offsetof(RmxFilterClass, apply) + sizeof(void *);
  case RMX_KIND_FEATURES: return offsetof(RmxFeatureFamilyClass, compute) + sizeof(void *);
  case RMX_KIND_SELECTOR: return offsetof(RmxSelectorClass, score) + sizeof(void *);
  case RMX_KIND_CLASSIFIER: return offsetof(RmxClassifierClass, load) + sizeof(void *);
  default: return 0;
  }
}

static gboolean valid_name(const char *s) {
  if (!s || !*s) return FALSE;
  for (; *s; s++)
    if (!g_ascii_isalnum(*s) && *s != '_' && *s != '-') return FALSE;
  return TRUE;
}

static gint cmp_comp(gconstpointer a, gconstpointer b) {
  const RmxComponent *x = *(RmxComponent *const *)a, *y = *(RmxComponent *const *)b;
  if (x->kind != y->kind) return x->kind - y->kind;
  return g_ascii_strcasecmp(x->u.hdr.name, y->u.hdr.name);
}

static gboolean check_class(const RmxComponent *c, GError **err) {
  const char *n = c->u.hdr.name;
  switch (c->kind) {
  case RMX_KIND_FILTER:
    if (!c->u.filter.apply || c->u.filter.min_inputs < 1 ||
        c->u.filter.max_inputs < c->u.filter.min_inputs)
      goto bad;
    return TRUE;
  case RMX_KIND_FEATURES:
    if (!c->u.family.compute || !c->u.family.features || !c->u.family.features[0].name) goto bad;
    return TRUE;
  case RMX_KIND_SELECTOR:
    if (!c->u.selector.score) goto bad;
    return TRUE;
  case RMX_KIND_CLASSIFIER:
    if (!c->u.classifier.fit || !c->u.classifier.predict || !c->u.classifier.model_free) goto bad;
    return TRUE;
  }
bad:
  g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s '%s': required callbacks or fields missing",
              rmx_kind_name(c->kind), n);
  return FALSE;
}

gboolean rmx_registry_add(const RmxPlugin *plugin, const RmxComponentHeader *klass,
                          GError **err) {
  if (!klass || klass->kind < RMX_KIND_FILTER || klass->kind > RMX_KIND_CLASSIFIER) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "component of unknown kind %d",
                klass ? klass->kind : -1);
    return FALSE;
  }
  if (!valid_name(klass->name)) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "component name '%s' is not [A-Za-z0-9_-]+",
                klass->name ? klass->name : "(null)");
    return FALSE;
  }
  size_t need = min_class_size(klass->kind);
  if (klass->struct_size < need) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "%s '%s': class struct is %u bytes, ABI 1.0 needs at least %zu",
                rmx_kind_name(klass->kind), klass->name, klass->struct_size, need);
    return FALSE;
  }
  RmxComponent *c = g_new0(RmxComponent, 1);
  c->kind = klass->kind;
  c->plugin = plugin;
  /* Zero-extended copy: members a plugin's older minor lacks read as NULL. */
  memcpy(&c->u, klass, MIN((size_t)klass->struct_size, sizeof c->u));
  c->u.hdr.struct_size = sizeof c->u;
  if (!check_class(c, err)) {
    g_free(c);
    return FALSE;
  }
  if (c->kind == RMX_KIND_FEATURES)
    while (c->u.family.features[c->n_features].name) c->n_features++;

  g_mutex_lock(&lock);
  if (!components) components = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < components->len; i++) {
    const RmxComponent *o = components->pdata[i];
    if (o->kind == c->kind && !g_ascii_strcasecmp(o->u.hdr.name, c->u.hdr.name)) {
      g_mutex_unlock(&lock);
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s '%s' is already registered by %s",
                  rmx_kind_name(c->kind), c->u.hdr.name,
                  o->plugin ? o->plugin->path : "the host");
      g_free(c);
      return FALSE;
    }
  }
  g_ptr_array_add(components, c);
  g_ptr_array_sort(components, cmp_comp);
  g_mutex_unlock(&lock);
  return TRUE;
}

void rmx_registry_remove_plugin(const RmxPlugin *plugin) {
  g_mutex_lock(&lock);
  for (guint i = components ? components->len : 0; i-- > 0;)
    if (((RmxComponent *)components->pdata[i])->plugin == plugin)
      g_ptr_array_remove_index(components, i);
  g_mutex_unlock(&lock);
}

void rmx_registry_clear(void) {
  g_mutex_lock(&lock);
  if (components) g_ptr_array_set_size(components, 0);
  g_mutex_unlock(&lock);
}

const RmxComponent *rmx_registry_find(int kind, const char *name) {
  const RmxComponent *found = NULL;
  g_mutex_lock(&lock);
  for (guint i = 0; components && i < components->len && !found; i++) {
    const RmxComponent *c = components->pdata[i];
    if (c->kind == kind && !g_ascii_strcasecmp(c->u.hdr.name, name)) found = c;
  }
  g_mutex_unlock(&lock);
  return found;
}

GPtrArray *rmx_registry_components(void) {
  if (!components) components = g_ptr_array_new_with_free_func(g_free);
  return components;
}
