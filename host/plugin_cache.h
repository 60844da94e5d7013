/* plugin_cache.h: the plugin registry cache (plugin_cache.c), one file per
 * search path: $XDG_CACHE_HOME/radiomix/plugins-1-HASH.cache, HASH from
 * the folders' absolute paths. Per plugin file: its path, size,
 * mtime and inode, its plugin name (none: refused last time) and its
 * components as "KIND\tNAME" (KIND the RmxKind number). */
#ifndef RMX_HOST_PLUGIN_CACHE_H
#define RMX_HOST_PLUGIN_CACHE_H

#include "registry.h"

typedef struct RmxCacheEntry {
  char *path;
  guint64 size;
  gint64 mtime_ns;
  guint64 ino;
  char *plugin;  /* descriptor name; NULL: the file was refused */
  char **comps;  /* "KIND\tNAME", NULL-terminated; may be NULL */
} RmxCacheEntry;

void rmx_cache_entry_free(RmxCacheEntry *e);
/* The cache file for this search path (NULL-terminated folders, in order). */
char *rmx_plugin_cache_path(const char *const *dirs);
/* Fills key's size, mtime and inode; FALSE if path is not a regular file. */
gboolean rmx_cache_stat(const char *path, RmxCacheEntry *key);
gboolean rmx_cache_entry_matches(const RmxCacheEntry *e, const RmxCacheEntry *key);
gboolean rmx_cache_entry_storable(const RmxCacheEntry *e);
/* path -> RmxCacheEntry*; empty when text is NULL, of another version or corrupt. */
GHashTable *rmx_plugin_cache_parse(const char *text);
/* Reads a cache file; its text goes to *text_out (may be NULL) when wanted. */
GHashTable *rmx_plugin_cache_read(const char *path, char **text_out);
/* The file's text for these entries (sorted by path). */
char *rmx_plugin_cache_format(GHashTable *entries);
/* Writes atomically; failures are ignored (no cache is only slower). */
void rmx_plugin_cache_write(const char *path, const char *text);

#endif
