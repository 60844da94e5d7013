/* plugin_cache.c: what each plugin file registered last time it was opened,
 * so a command can open only the plugins it needs (loader.c). A cache: any
 * doubt (unreadable, corrupt, another version, a changed file) means the
 * plugin is opened again. */
#include "plugin_cache.h"
#include "atomic_file.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#define HEADER_FMT "radiomix-plugin-cache 1\t%s\t%d.%d\n"

void rmx_cache_entry_free(RmxCacheEntry *e) {
  if (!e) return;
  g_free(e->path);
  g_free(e->plugin);
  g_strfreev(e->comps);
  g_free(e);
}

char *rmx_plugin_cache_path(const char *const *dirs) {
  /* one file per search path: build trees and --plugin-path folders side
   * by side never evict each other's entries */
  GString *all = g_string_new(NULL);
  for (const char *const *d = dirs; d && *d; d++) {
    char *abs = g_canonicalize_filename(*d, NULL);
    g_string_append_printf(all, "%s\n", abs);
    g_free(abs);
  }
  char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA1, all->str, -1);
  g_string_free(all, TRUE);
  char *name = g_strdup_printf("plugins-%d-%.16s.cache", RMX_ABI_MAJOR, sum);
  g_free(sum);
  char *p = g_build_filename(g_get_user_cache_dir(), "radiomix", name, NULL);
  g_free(name);
  return p;
}

gboolean rmx_cache_stat(const char *path, RmxCacheEntry *key) {
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return FALSE;
  key->size = (guint64)st.st_size;
  key->mtime_ns = (gint64)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
  key->ino = (guint64)st.st_ino;
  return TRUE;
}

gboolean rmx_cache_entry_matches(const RmxCacheEntry *e, const RmxCacheEntry *key) {
  return e && e->size == key->size && e->mtime_ns == key->mtime_ns && e->ino == key->ino;
}

/* A name or path that would break the line format is never cached. */
static gboolean storable(const char *s) { return s && *s && !strpbrk(s, "\t\n\r"); }

gboolean rmx_cache_entry_storable(const RmxCacheEntry *e) {
  if (!storable(e->path) || (e->plugin && !storable(e->plugin))) return FALSE;
  for (char **c = e->comps; c && *c; c++) /* "KIND\tNAME" */
    if (!storable(strchr(*c, '\t') ? strchr(*c, '\t') + 1 : NULL)) return FALSE;
  return TRUE;
}

static gboolean parse_u64(const char *s, guint64 *out) {
  return g_ascii_string_to_unsigned(s, 10, 0, G_MAXUINT64, out, NULL);
}

GHashTable *rmx_plugin_cache_parse(const char *text) {
  GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify)rmx_cache_entry_free);
  char *head = g_strdup_printf(HEADER_FMT, RMX_VERSION_STRING, RMX_ABI_MAJOR, RMX_ABI_MINOR);
  gboolean ok = text && g_str_has_prefix(text, head);
  char **lines = ok ? g_strsplit(text + strlen(head), "\n", -1) : NULL;
  g_free(head);
  RmxCacheEntry *cur = NULL;
  GPtrArray *comps = NULL;
  for (char **l = lines; ok && *l; l++) {
    if (!**l) {
      ok = l[1] == NULL; /* only the final newline may leave an empty line */
      continue;
    }
    char **f = g_strsplit(*l, "\t", 6);
    guint n = g_strv_length(f);
    guint64 size, mtime, ino;
    if (!strcmp(f[0], "F") && n == 6 && parse_u64(f[1], &size) && parse_u64(f[2], &mtime) &&
        parse_u64(f[3], &ino) && storable(f[5]) && !g_hash_table_contains(t, f[5])) {
      if (cur) {
        g_ptr_array_add(comps, NULL);
        cur->comps = (char **)g_ptr_array_free(comps, FALSE);
      }
      cur = g_new0(RmxCacheEntry, 1);
      cur->size = size;
      cur->mtime_ns = (gint64)mtime;
      cur->ino = ino;
      cur->plugin = *f[4] ? g_strdup(f[4]) : NULL; /* empty: refused */
      cur->path = g_strdup(f[5]);
      comps = g_ptr_array_new();
      g_hash_table_insert(t, cur->path, cur);
    } else if (!strcmp(f[0], "C") && n == 3 && cur && cur->plugin && parse_u64(f[1], &size) &&
               size >= RMX_KIND_FILTER && size <= RMX_KIND_CLASSIFIER && storable(f[2])) {
      g_ptr_array_add(comps, g_strdup_printf("%s\t%s", f[1], f[2]));
    } else {
      ok = FALSE;
    }
    g_strfreev(f);
  }
  if (cur) {
    g_ptr_array_add(comps, NULL);
    cur->comps = (char **)g_ptr_array_free(comps, FALSE);
  }
  g_strfreev(lines);
  if (!ok) g_hash_table_remove_all(t); /* corrupt: as if there were none */
  return t;
}

GHashTable *rmx_plugin_cache_read(const char *path, char **text_out) {
  char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, NULL)) text = NULL;
  GHashTable *t = rmx_plugin_cache_parse(text);
  if (text_out) *text_out = text;
  else g_free(text);
  return t;
}

static gint cmp_path(gconstpointer a, gconstpointer b) {
  const RmxCacheEntry *x = *(RmxCacheEntry *const *)a, *y = *(RmxCacheEntry *const *)b;
  return strcmp(x->path, y->path);
}

char *rmx_plugin_cache_format(GHashTable *entries) {
  GString *s = g_string_new(NULL);
  g_string_printf(s, HEADER_FMT, RMX_VERSION_STRING, RMX_ABI_MAJOR, RMX_ABI_MINOR);
  GPtrArray *all = g_ptr_array_new();
  GHashTableIter it;
  gpointer v;
  g_hash_table_iter_init(&it, entries);
  while (g_hash_table_iter_next(&it, NULL, &v))
    if (rmx_cache_entry_storable(v)) g_ptr_array_add(all, v);
  g_ptr_array_sort(all, cmp_path); /* same content, same bytes */
  for (guint i = 0; i < all->len; i++) {
    const RmxCacheEntry *e = all->pdata[i];
    g_string_append_printf(s, "F\t%" G_GUINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%" G_GUINT64_FORMAT
                           "\t%s\t%s\n", e->size, e->mtime_ns, e->ino,
                           e->plugin ? e->plugin : "", e->path);
    for (char **c = e->comps; e->plugin && c && *c; c++) g_string_append_printf(s, "C\t%s\n", *c);
  }
  g_ptr_array_free(all, TRUE);
  return g_string_free(s, FALSE);
}

void rmx_plugin_cache_write(const char *path, const char *text) {
  char *dir = g_path_get_dirname(path);
  /* best effort: a read-only home only means no cache */
  if (g_mkdir_with_parents(dir, 0700) == 0)
    rmx_write_file_atomic(path, text, strlen(text), NULL);
  g_free(dir);
}
