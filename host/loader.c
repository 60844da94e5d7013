/* loader.c: finds plugin files and loads them with libltdl (the only ltdl user),
 * all of them or only those a command needs (plugin_cache.c). */
#include "ctx.h"
#include "elf_deps.h"
#include "plugin_cache.h"
#include "registry.h"
#include "volume.h"

#include <dlfcn.h>
#include <ltdl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static GPtrArray *plugins;  /* RmxPlugin*, load order */
static GPtrArray *opened;   /* RmxPlugin*, load order, also those put aside (demote) */
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

/* A plugin's libraries are bound against the global scope (the host and
 * every library it links) before their own: OpenBLAS's ~16 000 symbol
 * relocations searched ~14 objects each, ~13 M instructions, more than all
 * the rest of loading the extraction's plugins. So a library a plugin needs
 * that is not loaded yet is opened first with RTLD_DEEPBIND (its own scope
 * first), and the plugin then finds it loaded. Only for plugins without a
 * search path of their own (elf_deps.c), never under a sanitizer (they
 * refuse RTLD_DEEPBIND); a failure here is left to the plugin's own open,
 * which reports it as before. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define RMX_NO_DEEPBIND 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define RMX_NO_DEEPBIND 1
#endif
#endif
static GPtrArray *dep_handles; /* kept open until unload_all */

#ifndef RMX_NO_DEEPBIND
/* Where the dynamic linker will find 'name' for a plugin in 'plugin_dir'
 * with 'runpath': LD_LIBRARY_PATH, then the RUNPATH ($ORIGIN expanded, an
 * empty entry being the current folder), then, only if the host has no
 * search path of its own (so a plain dlopen searches as the plugin would),
 * the system's. NULL: not found, or unsure. */
static char *dependency_path(const char *name, const char *plugin_dir, const char *runpath,
                             gboolean host_plain) {
  const char *env = g_getenv("LD_LIBRARY_PATH");
  char **lists[2] = {env && *env ? g_strsplit_set(env, ":;", -1) : NULL,
                     runpath && *runpath ? g_strsplit(runpath, ":", -1) : NULL};
  char *found = NULL;
  gboolean unsure = FALSE;
  for (int l = 0; l < 2 && !found && !unsure; l++)
    for (char **p = lists[l]; p && *p && !found; p++) {
      const char *e = *p;
      char *d;
      if (g_str_has_prefix(e, "${ORIGIN}")) d = g_strconcat(plugin_dir, e + 9, NULL);
      else if (g_str_has_prefix(e, "$ORIGIN")) d = g_strconcat(plugin_dir, e + 7, NULL);
      else d = g_strdup(*e ? e : "."); /* empty: the current folder, as ld.so reads it */
      if (strchr(d, '$')) { /* $LIB, $PLATFORM: not handled */
        unsure = TRUE;
        g_free(d);
        break;
      }
      char *f = g_build_filename(d, name, NULL);
      if (g_file_test(f, G_FILE_TEST_IS_REGULAR)) found = f;
      else g_free(f);
      g_free(d);
    }
  g_strfreev(lists[0]);
  g_strfreev(lists[1]);
  if (unsure) g_clear_pointer(&found, g_free);
  else if (!found && host_plain) found = g_strdup(name);
  return found;
}
#endif

static void preopen_dependencies(const char *path) {
#ifndef RMX_NO_DEEPBIND
  static int host_plain = -1; /* the host has no RUNPATH/RPATH */
  if (g_getenv("RADIOMIX_NO_DEEPBIND")) return;
  if (host_plain < 0) {
    char **n = NULL, *rp = NULL;
    host_plain = rmx_elf_deps("/proc/self/exe", &n, &rp) && !rp;
    g_strfreev(n);
    g_free(rp);
  }
  char **needed = NULL, *runpath = NULL;
  if (!rmx_elf_deps(path, &needed, &runpath)) return;
  char *dir = g_path_get_dirname(path);
  char *abs_dir = g_canonicalize_filename(dir, NULL);
  for (char **n = needed; *n; n++) {
    if (strchr(*n, '/')) continue;
    void *h = dlopen(*n, RTLD_LAZY | RTLD_NOLOAD);
    if (h) { /* already loaded: nothing to gain */
      dlclose(h);
      continue;
    }
    char *where = dependency_path(*n, abs_dir, runpath, host_plain == 1);
    h = where ? dlopen(where, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND) : NULL;
    g_free(where);
    if (!h) continue;
    if (!dep_handles) dep_handles = g_ptr_array_new();
    g_ptr_array_add(dep_handles, h);
  }
  g_free(abs_dir);
  g_free(dir);
  g_free(runpath);
  g_strfreev(needed);
#else
  (void)path;
#endif
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
  preopen_dependencies(path);
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
  if (!opened) opened = g_ptr_array_new();
  g_ptr_array_add(opened, p);
  return TRUE;
fail:
  plugin_free(p);
  return FALSE;
}

static gint cmp_str(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One file of the search path, in load order. */
typedef struct {
  char *path;
  char *abs;              /* absolute form: the cache's key (the cwd may differ next time) */
  char *skip;             /* a later file of the same name: the warning; else NULL */
  RmxCacheEntry key;      /* size, mtime, inode now (valid if has_key) */
  gboolean has_key;
  const RmxCacheEntry *cached; /* matching cache entry, or NULL */
  gboolean opened, marked;
  RmxPlugin *plugin;      /* loaded from it, or NULL */
} Candidate;

static GPtrArray *candidates_of(char **dirs) {
  GPtrArray *out = g_ptr_array_new();
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
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
      Candidate *c = g_new0(Candidate, 1);
      c->path = g_build_filename(*d, base, NULL);
      c->abs = g_canonicalize_filename(c->path, NULL);
      const char *first = g_hash_table_lookup(seen, base);
      if (first)
        c->skip = g_strdup_printf("%s: skipped, %s of the same name comes first in the search path",
                                  c->path, first);
      else
        g_hash_table_insert(seen, g_strdup(base), g_strdup(c->path));
      g_ptr_array_add(out, c);
    }
    g_ptr_array_free(files, TRUE);
  }
  g_hash_table_destroy(seen);
  return out;
}

static void candidate_free(Candidate *c) {
  g_free(c->path);
  g_free(c->abs);
  g_free(c->skip);
  g_free(c);
}


static int open_candidate(Candidate *c, gboolean quiet) {
  GError *err = NULL;
  c->opened = TRUE;
  guint before = rmx_registry_plugins()->len;
  if (!rmx_plugin_load_file(c->path, &err)) {
    refuse(quiet, err->message);
    g_error_free(err);
    return 1;
  }
  c->plugin = rmx_registry_plugins()->pdata[before];
  return 0;
}

/* The cache entry describing what a candidate holds now. */
static RmxCacheEntry *entry_of(const Candidate *c) {
  RmxCacheEntry *e = g_new0(RmxCacheEntry, 1);
  *e = c->key;
  e->path = g_strdup(c->abs);
  if (c->plugin) {
    e->plugin = g_strdup(c->plugin->desc->name);
    GPtrArray *comps = rmx_registry_components(), *names = g_ptr_array_new();
    for (guint i = 0; i < comps->len; i++) {
      const RmxComponent *k = comps->pdata[i];
      if (k->plugin == c->plugin)
        g_ptr_array_add(names, g_strdup_printf("%d\t%s", k->kind, k->u.hdr.name));
    }
    g_ptr_array_add(names, NULL);
    e->comps = (char **)g_ptr_array_free(names, FALSE);
  }
  return e;
}

static gboolean comp_wanted(const char *comp, const RmxLoadNeed *need) {
  int kind = (int)g_ascii_strtoll(comp, NULL, 10);
  const char *name = strchr(comp, '\t') + 1;
  if (need->every & (1u << kind)) return TRUE;
  for (size_t i = 0; i < need->n; i++)
    if (need->kinds[i] == kind && !g_ascii_strcasecmp(need->names[i], name)) return TRUE;
  return FALSE;
}

static gboolean share_a_name(const RmxCacheEntry *a, const RmxCacheEntry *b) {
  if (!strcmp(a->plugin, b->plugin)) return TRUE;
  for (char **x = a->comps; x && *x; x++)
    for (char **y = b->comps; y && *y; y++)
      if (!g_ascii_strcasecmp(*x, *y)) return TRUE;
  return FALSE;
}

/* Marks the plugins holding a needed component, then every plugin sharing a
 * plugin or component name with a marked one: opened in load order, they
 * meet exactly as in a full load, so the same one wins a name clash. */
static void mark_needed(GPtrArray *cands, const RmxCacheEntry *const *info, const RmxLoadNeed *need) {
  for (guint i = 0; i < cands->len; i++) {
    Candidate *c = cands->pdata[i];
    c->marked = FALSE;
    for (char **k = info[i] && info[i]->plugin ? info[i]->comps : NULL; k && *k && !c->marked; k++)
      c->marked = comp_wanted(*k, need);
  }
  for (gboolean grew = TRUE; grew;) {
    grew = FALSE;
    for (guint i = 0; i < cands->len; i++) {
      Candidate *a = cands->pdata[i];
      if (!a->marked) continue;
      for (guint j = 0; j < cands->len; j++) {
        Candidate *b = cands->pdata[j];
        if (b->marked || !info[j] || !info[j]->plugin || !share_a_name(info[i], info[j])) continue;
        b->marked = grew = TRUE;
      }
    }
  }
}

static gboolean named_needs_met(const RmxLoadNeed *need) {
  for (size_t i = 0; i < need->n; i++)
    if (!rmx_registry_find(need->kinds[i], need->names[i])) return FALSE;
  return TRUE;
}

/* A loaded plugin nothing needs leaves the registry (its module stays open
 * until exit), so what a command sees does not depend on the cache's state. */
static void demote(RmxPlugin *p) {
  rmx_registry_remove_plugin(p);
  g_ptr_array_remove(rmx_registry_plugins(), p);
}

int rmx_plugins_load_all(const RmxLoadOptions *opt) {
  gboolean quiet = opt && opt->quiet;
  const RmxLoadNeed *need = opt ? opt->need : NULL;
  char **dirs = rmx_plugin_search_path(opt ? opt->extra_dirs : NULL);
  GPtrArray *cands = candidates_of(dirs);
  char *cache_path = rmx_plugin_cache_path((const char *const *)dirs);
  g_strfreev(dirs);
  char *old_text = NULL;
  GHashTable *cache = rmx_plugin_cache_read(cache_path, &old_text);
  gboolean full = need == NULL;
  for (guint i = 0; i < cands->len; i++) {
    Candidate *c = cands->pdata[i];
    if (c->skip) continue;
    c->has_key = rmx_cache_stat(c->path, &c->key);
    const RmxCacheEntry *e = g_hash_table_lookup(cache, c->abs);
    if (!c->has_key) continue; /* not a regular file: opened (and refused) every time */
    if (rmx_cache_entry_matches(e, &c->key)) c->cached = e;
    else full = TRUE; /* new or changed: what it holds is unknown */
  }
  const RmxCacheEntry **info = g_new0(const RmxCacheEntry *, cands->len ? cands->len : 1);
  for (guint i = 0; i < cands->len; i++) info[i] = ((Candidate *)cands->pdata[i])->cached;
  if (!full) mark_needed(cands, info, need);
  /* Lazy: the needed plugins, and those refused last time, tried again so
   * the warning and its reason stay as they were; as a refusal may depend
   * on what was loaded before (a name clash), every plugin before the last
   * of them is opened too. */
  guint upto = 0;
  for (guint i = 0; i < cands->len; i++) {
    const Candidate *c = cands->pdata[i];
    if (!c->skip && (!c->cached || !c->cached->plugin)) upto = i + 1;
  }
  int refused = 0;
  for (guint i = 0; i < cands->len; i++) {
    Candidate *c = cands->pdata[i];
    if (c->skip) {
      if (!quiet) fprintf(stderr, "radiomix: warning: %s\n", c->skip);
    } else if (full || c->marked || i < upto) {
      refused += open_candidate(c, quiet);
    }
  }
  /* A named component not found: open the rest too, so the error lists
   * everything installed, as before. */
  gboolean met = full || named_needs_met(need);
  for (guint i = 0; !met && i < cands->len; i++) {
    Candidate *c = cands->pdata[i];
    if (!c->skip && !c->opened) refused += open_candidate(c, quiet);
  }
  /* The cache: fresh entries for the files opened, the old ones for the rest. */
  GHashTable *fresh = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify)rmx_cache_entry_free);
  RmxCacheEntry **now = g_new0(RmxCacheEntry *, cands->len ? cands->len : 1);
  for (guint i = 0; i < cands->len; i++) {
    Candidate *c = cands->pdata[i];
    if (c->skip) continue;
    RmxCacheEntry *e = c->opened ? entry_of(c) : NULL;
    if (!e) {
      e = g_new0(RmxCacheEntry, 1);
      *e = *c->cached;
      e->path = g_strdup(c->cached->path);
      e->plugin = g_strdup(c->cached->plugin);
      e->comps = g_strdupv(c->cached->comps);
    }
    now[i] = e;
    if (c->has_key && !g_hash_table_contains(fresh, e->path)) g_hash_table_insert(fresh, e->path, e);
  }
  char *text = rmx_plugin_cache_format(fresh);
  if (!old_text || strcmp(text, old_text)) rmx_plugin_cache_write(cache_path, text);
  g_free(cache_path);
  /* Same registry whether the cache was warm or not: only what the need
   * (and name clashes) pulls in stays. */
  if (need && met) {
    mark_needed(cands, (const RmxCacheEntry *const *)now, need);
    for (guint i = 0; i < cands->len; i++) {
      Candidate *c = cands->pdata[i];
      if (c->plugin && !c->marked) demote(c->plugin);
    }
  }
  for (guint i = 0; i < cands->len; i++)
    if (now[i] && g_hash_table_lookup(fresh, now[i]->path) != now[i]) rmx_cache_entry_free(now[i]);
  g_free(text);
  g_free(old_text);
  g_free(now);
  g_free(info);
  g_hash_table_destroy(fresh);
  g_hash_table_destroy(cache);
  for (guint i = 0; i < cands->len; i++) candidate_free(cands->pdata[i]);
  g_ptr_array_free(cands, TRUE);
  return refused;
}

void rmx_plugins_unload_all(void) {
  rmx_registry_clear();
  /* Unload in reverse order of loading: later plugins may point into earlier ones. */
  for (guint i = opened ? opened->len : 0; i-- > 0;) plugin_free(opened->pdata[i]);
  if (opened) g_ptr_array_set_size(opened, 0);
  if (plugins) g_ptr_array_set_size(plugins, 0);
  for (guint i = dep_handles ? dep_handles->len : 0; i-- > 0;) dlclose(dep_handles->pdata[i]);
  if (dep_handles) g_ptr_array_set_size(dep_handles, 0);
  if (ltdl_ready) lt_dlexit();
  ltdl_ready = FALSE;
}
