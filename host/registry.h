/* registry.h: loaded plugins and the components they registered. */
#ifndef RMX_HOST_REGISTRY_H
#define RMX_HOST_REGISTRY_H

#include <glib.h>
#include <radiomix/plugin.h>

typedef struct RmxPlugin {
  char *path;                 /* file it was loaded from */
  const RmxPluginDesc *desc;  /* points into the loaded module */
  void *handle;               /* loader-private */
} RmxPlugin;

/* A registered component: a zero-extended copy of the plugin's class
 * struct (so members the plugin's minor lacks read as NULL). */
typedef struct RmxComponent {
  int kind;                   /* RmxKind */
  const RmxPlugin *plugin;    /* NULL for host built-ins */
  union {
    RmxComponentHeader hdr;
    RmxFilterClass filter;
    RmxFeatureFamilyClass family;
    RmxSelectorClass selector;
    RmxClassifierClass classifier;
  } u;
  size_t n_features;          /* families: length of u.family.features */
} RmxComponent;

const char *rmx_kind_name(int kind);          /* "filter", "features", ... */
int rmx_kind_from_name(const char *name);     /* 0 if unknown */

/* Lookup by kind and name (case-insensitive). NULL if absent. */
const RmxComponent *rmx_registry_find(int kind, const char *name);
/* All components, sorted by kind then name. Array owned by the registry. */
GPtrArray *rmx_registry_components(void);
GPtrArray *rmx_registry_plugins(void);

/* loader.c: search path and loading. */
/* What a command needs: every component of the kinds in 'every' (bit
 * 1 << RmxKind) and the named ones (kinds[i], names[i], case-insensitive). */
typedef struct RmxLoadNeed {
  unsigned every;
  const int *kinds;
  const char *const *names;
  size_t n;
} RmxLoadNeed;
typedef struct RmxLoadOptions {
  const char *const *extra_dirs; /* --plugin-path dirs, NULL-terminated, may be NULL */
  gboolean quiet;                /* do not print refusals to stderr */
  const RmxLoadNeed *need;       /* NULL: load every plugin */
} RmxLoadOptions;
/* The search path in order: --plugin-path, $RADIOMIX_PLUGIN_PATH, user folder,
 * installed folder. Caller frees with g_strfreev. */
char **rmx_plugin_search_path(const char *const *extra_dirs);
/* Loads every plugin found, or with opt->need only the plugins that hold a
 * needed component according to the registry cache (plugin_cache.h), plus
 * any plugin the cache does not know as is (then all are opened once and
 * the unneeded ones put aside), those refused last time and those sharing a
 * plugin or component name with a needed one; the registry then holds the
 * same components whatever the cache's state. Refusals are reported (one
 * line each) and counted, never fatal. Returns the number refused. */
int rmx_plugins_load_all(const RmxLoadOptions *opt);
/* Loads one file; FALSE with a message naming the file on refusal. */
gboolean rmx_plugin_load_file(const char *path, GError **err);
/* Refusal messages collected so far (for 'radiomix plugins' and Lua). */
GPtrArray *rmx_plugin_refusals(void);
void rmx_plugins_unload_all(void);

/* registry.c (called by the loader) */
gboolean rmx_registry_add(const RmxPlugin *plugin, const RmxComponentHeader *klass,
                          GError **err);
void rmx_registry_remove_plugin(const RmxPlugin *plugin);
void rmx_registry_clear(void);

#endif
