/* batch_resume.c: the append-only, fsync'd checkpoint of a batch extraction (OUT.csv.partial). */
#include "batch_resume.h"
#include "registry.h"
#include "volume.h"

#include <radiomix/version.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "radiomix-checkpoint 1"

struct RmxCheckpoint {
  char *path;
  int fd;
};

const char *rmx_checkpoint_path(const RmxCheckpoint *cp) { return cp->path; }

static void put_text(GString *s, const char *t) {
  char *e = g_strescape(t ? t : "", NULL); /* no tab or newline survives escaping */
  g_string_append_c(s, '\t');
  g_string_append(s, e);
  g_free(e);
}

static void put_double(GString *s, double v) {
  /* hex floats are exact, so a resumed row equals the uninterrupted one bit for bit */
  if (v != v) g_string_append(s, "\tnan");
  else g_string_append_printf(s, "\t%a", v);
}

static char *record(const RmxBatchCase *c) {
  const RmxFeatureSet *fs = c->fs;
  GString *s = g_string_new("C");
  put_text(s, c->id);
  put_text(s, c->image);
  put_text(s, c->mask);
  g_string_append_printf(s, "\t%d\t%u", c->label, fs->names->len);
  for (guint i = 0; i < fs->names->len; i++) {
    put_text(s, fs->names->pdata[i]);
    put_double(s, g_array_index(fs->values, double, i));
  }
  g_string_append_printf(s, "\t%u", fs->diag_names->len);
  for (guint i = 0; i < fs->diag_names->len; i++) {
    put_text(s, fs->diag_names->pdata[i]);
    put_text(s, fs->diag_values->pdata[i]);
  }
  g_string_append_c(s, '\n');
  return g_string_free(s, FALSE);
}

static gboolean parse_uint(const char *s, guint *out) {
  char *end;
  unsigned long v = strtoul(s, &end, 10);
  if (!*s || *end || v > G_MAXUINT) return FALSE;
  *out = (guint)v;
  return TRUE;
}

/* One record (without its newline) into the matching case; FALSE if malformed. */
static gboolean apply_record(const char *line, GHashTable *by_id) {
  gchar **f = g_strsplit(line, "\t", -1);
  guint nf = g_strv_length(f), n = 0, nd = 0, k = 6;
  gboolean ok = nf >= 7 && !strcmp(f[0], "C") && parse_uint(f[5], &n) && nf >= 7 + 2 * n &&
                parse_uint(f[6 + 2 * n], &nd) && nf == 7 + 2 * n + 2 * nd;
  RmxFeatureSet *fs = NULL;
  if (ok) {
    char *id = g_strcompress(f[1]), *image = g_strcompress(f[2]), *mask = g_strcompress(f[3]);
    RmxBatchCase *c = g_hash_table_lookup(by_id, id);
    char *end;
    long label = strtol(f[4], &end, 10);
    /* the same ID with other inputs is another case: recompute it */
    if (c && !c->fs && !*end && label == c->label && !strcmp(image, c->image) &&
        !strcmp(mask, c->mask)) {
      fs = rmx_feature_set_new();
      for (guint i = 0; ok && i < n; i++, k += 2) {
        const char *v = f[k + 1];
        double x = strcmp(v, "nan") ? g_ascii_strtod(v, &end) : NAN;
        if (strcmp(v, "nan") && (*end || end == v)) ok = FALSE;
        g_ptr_array_add(fs->names, g_strcompress(f[k]));
        g_array_append_val(fs->values, x);
      }
      k++;
      for (guint i = 0; ok && i < nd; i++, k += 2) {
        g_ptr_array_add(fs->diag_names, g_strcompress(f[k]));
        g_ptr_array_add(fs->diag_values, g_strcompress(f[k + 1]));
      }
      if (ok) c->fs = fs;
      else rmx_feature_set_free(fs);
    }
    g_free(id);
    g_free(image);
    g_free(mask);
  }
  g_strfreev(f);
  return ok;
}

static gint cmp_str(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

char *rmx_checkpoint_fingerprint(const char *params_path, const char *overrides, int label,
                                 gboolean diagnostics) {
  GChecksum *h = g_checksum_new(G_CHECKSUM_SHA256);
  char *text = NULL;
  gsize len = 0;
  g_checksum_update(h, (const guchar *)RMX_VERSION_STRING, -1);
  if (params_path && g_file_get_contents(params_path, &text, &len, NULL))
    g_checksum_update(h, (const guchar *)text, (gssize)len);
  g_free(text);
  char *rest = g_strdup_printf("\n%s\n%d\n%d\n", overrides ? overrides : "", label, diagnostics);
  g_checksum_update(h, (const guchar *)rest, -1);
  g_free(rest);
  /* the registry's own array (not ours to free), sorted: load order may vary */
  const GPtrArray *plugins = rmx_registry_plugins();
  GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < plugins->len; i++) {
    const RmxPlugin *p = plugins->pdata[i];
    g_ptr_array_add(lines, g_strdup_printf("%s=%s\n", p->desc->name,
                                           p->desc->version ? p->desc->version : ""));
  }
  g_ptr_array_sort(lines, cmp_str);
  for (guint i = 0; i < lines->len; i++)
    g_checksum_update(h, (const guchar *)lines->pdata[i], -1);
  g_ptr_array_unref(lines);
  char *r = g_strdup(g_checksum_get_string(h));
  g_checksum_free(h);
  return r;
}

RmxCheckpoint *rmx_checkpoint_open(const char *out_path, const char *fingerprint,
                                   GPtrArray *cases, gboolean resume, guint *restored,
                                   GError **err) {
  *restored = 0;
  char *path = g_strconcat(out_path, ".partial", NULL);
  char *head = g_strdup_printf("%s\t%s\n", MAGIC, fingerprint);
  char *text = NULL;
  gsize len = 0, good = 0;
  if (resume && g_file_get_contents(path, &text, &len, NULL) && g_str_has_prefix(text, head)) {
    GHashTable *by_id = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < cases->len; i++) {
      RmxBatchCase *c = cases->pdata[i];
      g_hash_table_insert(by_id, c->id, c);
    }
    good = strlen(head);
    /* complete lines only: a kill during a write leaves a torn last line */
    for (char *p = text + good, *nl; (nl = memchr(p, '\n', len - (gsize)(p - text))); p = nl + 1) {
      *nl = '\0';
      if (!apply_record(p, by_id)) break;
      good = (gsize)(nl + 1 - text);
    }
    g_hash_table_destroy(by_id);
    for (guint i = 0; i < cases->len; i++) *restored += ((RmxBatchCase *)cases->pdata[i])->fs != NULL;
  }
  g_free(text);
  /* O_APPEND: each record lands whole at the end even if another run shares the file */
  int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  gboolean ok = fd >= 0;
  if (ok && good == 0) /* new, or made with other settings: start over */
    ok = ftruncate(fd, 0) == 0 && write(fd, head, strlen(head)) == (ssize_t)strlen(head);
  else if (ok)
    ok = ftruncate(fd, (off_t)good) == 0;
  ok = ok && lseek(fd, 0, SEEK_END) >= 0 && fsync(fd) == 0;
  g_free(head);
  if (!ok) {
    int e = errno;
    if (fd >= 0) close(fd);
    g_set_error(err, RMX_ERROR, RMX_ERR_IO, "%s: cannot write the checkpoint: %s", path,
                g_strerror(e));
    g_free(path);
    return NULL;
  }
  RmxCheckpoint *cp = g_new0(RmxCheckpoint, 1);
  cp->path = path;
  cp->fd = fd;
  return cp;
}

gboolean rmx_checkpoint_add(RmxCheckpoint *cp, const RmxBatchCase *c, GError **err) {
  char *r = record(c);
  size_t n = strlen(r), off = 0;
  while (off < n) {
    ssize_t w = write(cp->fd, r + off, n - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    off += (size_t)w;
  }
  g_free(r);
  if (off < n || fsync(cp->fd) != 0) {
    g_set_error(err, RMX_ERROR, RMX_ERR_IO, "%s: cannot append to the checkpoint: %s", cp->path,
                g_strerror(errno));
    return FALSE;
  }
  return TRUE;
}

void rmx_checkpoint_close(RmxCheckpoint *cp, gboolean remove) {
  if (!cp) return;
  close(cp->fd);
  if (remove) unlink(cp->path);
  g_free(cp->path);
  g_free(cp);
}
