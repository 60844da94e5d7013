/* csv_out.c: writes extraction results as CSV (atomically) and reads batch manifests. */
#include "csv_out.h"
#include "atomic_file.h"
#include "volume.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void field(GString *out, const char *s) {
  if (!strpbrk(s, ",\"\n\r")) {
    g_string_append(out, s);
    return;
  }
  g_string_append_c(out, '"');
  for (; *s; s++) {
    if (*s == '"') g_string_append_c(out, '"');
    g_string_append_c(out, *s);
  }
  g_string_append_c(out, '"');
}

static void number(GString *out, double v) {
  if (v != v) g_string_append(out, "nan");
  else g_string_append_printf(out, "%.17g", v);
}

static gboolean write_out(const char *path, GString *s, GError **err) {
  if (!path || !strcmp(path, "-")) {
    gboolean ok = fwrite(s->str, 1, s->len, stdout) == s->len && fflush(stdout) == 0;
    if (!ok) g_set_error(err, RMX_ERROR, RMX_ERR_IO, "cannot write to standard output");
    return ok;
  }
  return rmx_write_file_atomic(path, s->str, s->len, err);
}

gboolean rmx_csv_write_case(const char *path, const RmxFeatureSet *fs, gboolean diagnostics,
                            GError **err) {
  GString *s = g_string_new("feature,value\n");
  for (guint i = 0; i < fs->names->len; i++) {
    field(s, fs->names->pdata[i]);
    g_string_append_c(s, ',');
    number(s, g_array_index(fs->values, double, i));
    g_string_append_c(s, '\n');
  }
  for (guint i = 0; diagnostics && i < fs->diag_names->len; i++) {
    field(s, fs->diag_names->pdata[i]);
    g_string_append_c(s, ',');
    field(s, fs->diag_values->pdata[i]);
    g_string_append_c(s, '\n');
  }
  gboolean ok = write_out(path, s, err);
  g_string_free(s, TRUE);
  return ok;
}

/* Column order: first appearance over the cases, in case order. */
static void add_columns(GPtrArray *cols, GHashTable *seen, const GPtrArray *names) {
  for (guint i = 0; i < names->len; i++)
    if (!g_hash_table_contains(seen, names->pdata[i])) {
      g_hash_table_add(seen, names->pdata[i]);
      g_ptr_array_add(cols, names->pdata[i]);
    }
}

gboolean rmx_csv_write_batch(const char *path, const GPtrArray *cases, gboolean diagnostics,
                             GError **err) {
  GPtrArray *dcols = g_ptr_array_new(), *fcols = g_ptr_array_new();
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint c = 0; c < cases->len; c++) {
    const RmxBatchCase *bc = cases->pdata[c];
    if (!bc->fs) continue;
    if (diagnostics) add_columns(dcols, seen, bc->fs->diag_names);
    add_columns(fcols, seen, bc->fs->names);
  }
  GString *s = g_string_new("ID,Image,Mask");
  for (guint i = 0; i < dcols->len; i++) g_string_append_c(s, ','), field(s, dcols->pdata[i]);
  for (guint i = 0; i < fcols->len; i++) g_string_append_c(s, ','), field(s, fcols->pdata[i]);
  g_string_append_c(s, '\n');
  for (guint c = 0; c < cases->len; c++) {
    const RmxBatchCase *bc = cases->pdata[c];
    if (!bc->fs) continue;
    field(s, bc->id);
    g_string_append_c(s, ',');
    field(s, bc->image);
    g_string_append_c(s, ',');
    field(s, bc->mask);
    /* per-row name -> index maps keep this linear in the number of columns */
    GHashTable *dix = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *fix = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < bc->fs->diag_names->len; i++)
      g_hash_table_insert(dix, bc->fs->diag_names->pdata[i], GUINT_TO_POINTER(i + 1));
    for (guint i = 0; i < bc->fs->names->len; i++)
      g_hash_table_insert(fix, bc->fs->names->pdata[i], GUINT_TO_POINTER(i + 1));
    for (guint i = 0; i < dcols->len; i++) {
      guint k = GPOINTER_TO_UINT(g_hash_table_lookup(dix, dcols->pdata[i]));
      g_string_append_c(s, ',');
      if (k) field(s, bc->fs->diag_values->pdata[k - 1]);
    }
    for (guint i = 0; i < fcols->len; i++) {
      guint k = GPOINTER_TO_UINT(g_hash_table_lookup(fix, fcols->pdata[i]));
      g_string_append_c(s, ',');
      if (k) number(s, g_array_index(bc->fs->values, double, k - 1));
    }
    g_string_append_c(s, '\n');
    g_hash_table_destroy(dix);
    g_hash_table_destroy(fix);
  }
  gboolean ok = write_out(path, s, err);
  g_string_free(s, TRUE);
  g_hash_table_destroy(seen);
  g_ptr_array_unref(dcols);
  g_ptr_array_unref(fcols);
  return ok;
}

/* ------------------------------------------------------------- manifest */

static void case_free(gpointer p) {
  RmxBatchCase *c = p;
  g_free(c->id);
  g_free(c->image);
  g_free(c->mask);
  g_free(c->error);
  rmx_feature_set_free(c->fs);
  g_free(c);
}

/* Splits one CSV record (RFC 4180 quotes, no embedded newlines). */
static GPtrArray *split_record(const char *line) {
  GPtrArray *f = g_ptr_array_new_with_free_func(g_free);
  GString *cur = g_string_new(NULL);
  gboolean q = FALSE;
  for (const char *p = line;; p++) {
    if (q) {
      if (*p == '"' && p[1] == '"') g_string_append_c(cur, '"'), p++;
      else if (*p == '"') q = FALSE;
      else if (!*p) break;
      else g_string_append_c(cur, *p);
    } else if (*p == '"') {
      q = TRUE;
    } else if (*p == ',' || !*p || *p == '\r') {
      g_ptr_array_add(f, g_strdup(g_strstrip(cur->str)));
      g_string_truncate(cur, 0);
      if (*p != ',') break;
    } else {
      g_string_append_c(cur, *p);
    }
  }
  g_string_free(cur, TRUE);
  return f;
}

static char *resolve(const char *dir, const char *p) {
  return g_path_is_absolute(p) ? g_strdup(p) : g_build_filename(dir, p, NULL);
}

GPtrArray *rmx_manifest_read(const char *path, GError **err) {
  char *text = NULL;
  GError *e = NULL;
  if (!g_file_get_contents(path, &text, NULL, &e)) {
    g_set_error(err, RMX_ERROR, RMX_ERR_IO, "%s: cannot read manifest: %s", path, e->message);
    g_error_free(e);
    return NULL;
  }
  /* spreadsheets save "CSV UTF-8" with a byte-order mark before the header */
  char **lines = g_strsplit(g_str_has_prefix(text, "\xEF\xBB\xBF") ? text + 3 : text, "\n", -1);
  g_free(text);
  GPtrArray *cases = g_ptr_array_new_with_free_func(case_free);
  char *dir = g_path_get_dirname(path);
  int col[4] = {-1, -1, -1, -1}; /* ID, Image, Mask, Label */
  static const char *const names[4] = {"ID", "Image", "Mask", "Label"};
  gboolean header = FALSE, ok = TRUE;
  guint ncols = 0;
  /* output rows and resume checkpoints are keyed by ID: it must be unique */
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (int ln = 0; ok && lines[ln]; ln++) {
    char *l = g_strstrip(lines[ln]);
    if (!*l || *l == '#') continue;
    /* quotes come in pairs ("" inside a field is two): an odd count never closes */
    guint nq = 0;
    for (const char *q = l; *q; q++) nq += *q == '"';
    if (nq % 2) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s:%d: unterminated quoted field", path, ln + 1);
      ok = FALSE;
      break;
    }
    GPtrArray *f = split_record(l);
    if (!header) {
      header = TRUE;
      ncols = f->len;
      for (guint i = 0; i < f->len; i++)
        for (int k = 0; k < 4; k++)
          if (!g_ascii_strcasecmp(f->pdata[i], names[k]) && col[k] < 0) col[k] = (int)i;
      for (int k = 0; k < 3 && ok; k++)
        if (col[k] < 0) {
          g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                      "%s:%d: the header has no '%s' column (need ID,Image,Mask[,Label])", path,
                      ln + 1, names[k]);
          ok = FALSE;
        }
    } else if (f->len != ncols) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s:%d: %u fields, the header has %u", path,
                  ln + 1, f->len, ncols);
      ok = FALSE;
    } else {
      RmxBatchCase *c = g_new0(RmxBatchCase, 1);
      c->id = g_strdup(f->pdata[col[0]]);
      c->image = resolve(dir, f->pdata[col[1]]);
      c->mask = resolve(dir, f->pdata[col[2]]);
      c->label = -1;
      c->line = ln + 1;
      g_ptr_array_add(cases, c);
      if (col[3] >= 0 && *(char *)f->pdata[col[3]]) {
        char *end;
        long v = strtol(f->pdata[col[3]], &end, 10);
        if (*end || v < 1 || v > G_MAXINT) {
          g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s:%d: Label '%s' is not a positive integer",
                      path, ln + 1, (char *)f->pdata[col[3]]);
          ok = FALSE;
        }
        c->label = (int)v;
      }
      if (ok && (!*c->id || !*(char *)f->pdata[col[1]] || !*(char *)f->pdata[col[2]])) {
        g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s:%d: ID, Image and Mask must not be empty",
                    path, ln + 1);
        ok = FALSE;
      }
      if (ok && g_hash_table_contains(seen, c->id)) {
        g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s:%d: duplicate ID '%s' (IDs must be unique)",
                    path, ln + 1, c->id);
        ok = FALSE;
      }
      g_hash_table_add(seen, c->id);
    }
    g_ptr_array_unref(f);
  }
  if (ok && !cases->len) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: no cases", path);
    ok = FALSE;
  }
  g_hash_table_destroy(seen);
  g_strfreev(lines);
  g_free(dir);
  if (!ok) {
    g_ptr_array_unref(cases);
    return NULL;
  }
  return cases;
}
