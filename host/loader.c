/* loader.c: finds plugin files and loads them with libltdl (the only ltdl user). */
#include "ctx.h"
#include "registry.h"
#include "volume.h"

#include <dlfcn.h>
#include <ltdl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static GPtrArray *plugins;  /* RmxPlugin*, load order */
static GPtrArray *refusals; /* char*, one line each */
static gboolean ltdl_ready;

GPtrArray *rmx_registry_plugins(void) {
  if (!plugins) plugins = g_ptr_array_new();
  return plugins;
}

GPtrArray *rmx_plugin_refusals(void) {
  if (!refusals) refusals = g_ptr_array_new_with_free_func(g_free);
  return refusals;
}

/* <prefix>/lib/radiomix/plugins/1, with <prefix> the parent of our bin/. */
static char *installed_dir(void) {
  char *exe = g_file_read_link("/proc/self/exe", NULL);
  if (!exe) return NULL;
  char *bindir = g_path_get_dirname(exe);
  char *prefix = g_path_get_dirname(bindir);
  char *dir = g_build_filename(prefix, RMX_PLUGIN_SUBDIR, NULL);
  g_free(prefix);
  g_free(bindir);
  g_free(exe);
  return dir;
}

char **rmx_plugin_search_path(const char *const *extra_dirs) {
  GPtrArray *dirs = g_ptr_array_new();
  for (const char *const *d = extra_dirs; d && *d; d++)
    if (**d) g_ptr_array_add(dirs, g_strdup(*d));
  const char *env = g_getenv("RADIOMIX_PLUGIN_PATH");
  if (env) {
    char **parts = g_strsplit(env, G_SEARCHPATH_SEPARATOR_S, -1);
    for (char **p = parts; *p; p++)
      if (**p) g_ptr_array_add(dirs, g_strdup(*p));
    g_strfreev(parts);
  }
  g_ptr_array_add(dirs, g_build_filename(g_get_user_data_dir(), "radiomix", "plugins",
                                         G_STRINGIFY(RMX_ABI_MAJOR), NULL));
  char *inst = installed_dir();
  if (inst) g_ptr_array_add(dirs, inst);
  g_ptr_array_add(dirs, NULL);
  return (char **)g_ptr_array_free(dirs, FALSE);
}

static void refuse(gboolean quiet, const char *msg) {
  g_ptr_array_add(rmx_plugin_refusals(), g_strdup(msg));
  if (!quiet) fprintf(stderr, "radiomix: warning: %s\n", msg);
}

static const RmxPlugin *find_plugin_by_name(const char *name) {
  for (guint i = 0; plugins && i < plugins->len; i++) {
    const RmxPlugin *p = plugins->pdata[i];
    if (!strcmp(p->desc->name, name)) return p;
  }
  return NULL;
}

static void plugin_free(RmxPlugin *p) {
  if (!p) return;
  if (p->handle) lt_dlclose(p->handle);
  g_free(p->path);
  g_free(p);
}

gboolean rmx_plugin_load_file(const char *path, GError **err) {
  if (!ltdl_ready) {
    if (lt_dlinit() != 0) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INTERNAL, "libltdl failed to initialise");
      return FALSE;
    }
    ltdl_ready = TRUE;
  }
  /* libltdl's dlopen loader binds lazily and reports little; open the file
   * once ourselves with RTLD_NOW so an unresolved symbol fails here, with the
   * dynamic linker's own message, and ltdl's open then finds it bound. */
  void *pre = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!pre) {
    const char *why = dlerror();
    g_set_error(err, RMX_ERROR, RMX_ERR_IO, "%s: cannot load: %s", path, why ? why : "unknown error");
    return FALSE;
  }
  lt_dladvise advise;
  lt_dladvise_init(&advise);
  lt_dladvise_local(&advise);
  lt_dlhandle h = lt_dlopenadvise(path, advise);
  lt_dladvise_destroy(&advise);
  dlclose(pre);
  if (!h) {
    g_set_error(err, RMX_ERROR, RMX_ERR_IO, "%s: cannot load: %s", path, lt_dlerror());
    return FALSE;
  }
  RmxPlugin *p = g_new0(RmxPlugin, 1);
  p->path = g_strdup(path);
  p->handle = h;
  const RmxPluginDesc *d = lt_dlsym(h, RMX_PLUGIN_DESCRIPTOR_SYMBOL);
  RmxPluginInitFn init = (RmxPluginInitFn)(uintptr_t)lt_dlsym(h, RMX_PLUGIN_INIT_SYMBOL);
  if (!d) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "%s: not a radiomix plugin: no symbol '" RMX_PLUGIN_DESCRIPTOR_SYMBOL "'", path);
    goto fail;
  }
  if (d->struct_size < offsetof(RmxPluginDesc, description) + sizeof(char *) || !d->name ||
      !d->version || !d->license || !d->description) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: plugin descriptor is incomplete", path);
    goto fail;
  }
  if (d->abi_major != RMX_ABI_MAJOR || d->abi_minor > RMX_ABI_MINOR) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "%s: plugin '%s' was built for SDK %u.%u, this host provides %d.%d (%s)", path,
                d->name, d->abi_major, d->abi_minor, RMX_ABI_MAJOR, RMX_ABI_MINOR,
                d->abi_major != RMX_ABI_MAJOR ? "the major version must match"
                                              : "rebuild it against this SDK or upgrade radiomix");
    goto fail;
  }
  if (!init) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "%s: plugin '%s' has no entry point '" RMX_PLUGIN_INIT_SYMBOL "'", path, d->name);
    goto fail;
  }
  const RmxPlugin *other = find_plugin_by_name(d->name);
  if (other) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: plugin name '%s' is already loaded from %s",
                path, d->name, other->path);
    goto fail;
  }
  p->desc = d;
  RmxCtx ctx;
  rmx_ctx_init(&ctx, NULL, NULL);
  ctx.init_plugin = p;
  int rc = init(&rmx_host_api, &ctx);
  if (rc != 0 || ctx.init_error) {
    const char *why = ctx.init_error ? ctx.init_error->message
                                     : ctx.error ? ctx.error : "no reason given";
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: plugin '%s' failed to initialise: %s",
                path, d->name, why);
    g_clear_error(&ctx.init_error);
    rmx_ctx_clear(&ctx);
    rmx_registry_remove_plugin(p); /* undo what init registered */
    goto fail;
  }
  rmx_ctx_clear(&ctx);
  g_ptr_array_add(rmx_registry_plugins(), p);
  return TRUE;
fail:
  plugin_free(p);
  return FALSE;
}

static gint cmp_str(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int rmx_plugins_load_all(const RmxLoadOptions *opt) {
  gboolean quiet = opt && opt->quiet;
  char **dirs = rmx_plugin_search_path(opt ? opt->extra_dirs : NULL);
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  int refused = 0;
  for (char **d = dirs; *d; d++) {
    GDir *dir = g_dir_open(*d, 0, NULL);
    if (!dir) continue; /* absent folders are normal */
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(dir)))
      if (g_str_has_suffix(name, ".so")) g_ptr_array_add(files, g_strdup(name));
    g_dir_close(dir);
    g_ptr_array_sort(files, cmp_str);
    for (guint i = 0; i < files->len; i++) {
      const char *base = files->pdata[i];
      char *path = g_build_filename(*d, base, NULL);
      const char *first = g_hash_table_lookup(seen, base);
      if (first) {
        char *msg = g_strdup_printf("%s: skipped, %s of the same name comes first in the search path",
                                    path, first);
        if (!quiet) fprintf(stderr, "radiomix: warning: %s\n", msg);
        g_free(msg);
      } else {
        GError *err = NULL;
        g_hash_table_insert(seen, g_strdup(base), g_strdup(path));
        if (!rmx_plugin_load_file(path, &err)) {
          refuse(quiet, err->message);
          refused++;
          g_error_free(err);
        }
      }
      g_free(path);
    }
    g_ptr_array_free(files, TRUE);
  }
  g_hash_table_destroy(seen);
  g_strfreev(dirs);
  return refused;
}

void rmx_plugins_unload_all(void) {
  rmx_registry_clear();
  /* Unload in reverse order of loading: later plugins may point into earlier ones. */
  for (guint i = plugins ? plugins->len : 0; i-- > 0;) plugin_free(plugins->pdata[i]);
  if (plugins) g_ptr_array_set_size(plugins, 0);
  if (ltdl_ready) lt_dlexit();
  ltdl_ready = FALSE;
}
