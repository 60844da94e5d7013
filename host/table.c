/* table.c: feature tables in memory: construction, lookup, column selection and row subsets. */
#include "table.h"

#include <math.h>
#include <string.h>

#include "volume.h" /* RMX_ERROR */

/* g_new(T, 0) returns NULL; empty tables still get a valid pointer. */
static size_t at_least1(size_t n) { return n ? n : 1; }

void rmx_table_free(RmxTable *t) {
  if (!t) return;
  g_strfreev(t->names);
  g_free(t->data);
  g_free(t->label_name);
  g_free(t->label);
  for (size_t j = 0; j < t->ntext; j++) {
    for (size_t r = 0; r < t->nrows; r++) g_free(t->text[j][r]);
    g_free(t->text[j]);
  }
  g_free(t->text);
  g_strfreev(t->text_names);
  g_free(t->order);
  g_free(t);
}

RmxTable *rmx_table_new(size_t nrows, size_t ncols, const char *const *names) {
  RmxTable *t = g_new0(RmxTable, 1);
  t->nrows = nrows;
  t->ncols = ncols;
  t->names = g_new0(char *, ncols + 1);
  for (size_t c = 0; c < ncols; c++)
    t->names[c] = names ? g_strdup(names[c]) : g_strdup_printf("x%zu", c);
  t->data = g_new0(double, at_least1(nrows * ncols));
  t->text_names = g_new0(char *, 1);
  t->id_text = -1;
  t->norder = ncols;
  t->order = g_new(ptrdiff_t, ncols ? ncols : 1);
  for (size_t c = 0; c < ncols; c++) t->order[c] = (ptrdiff_t)c;
  return t;
}

/* Copies the structure of t with rows picked by 'rows' (all when NULL). */
static RmxTable *copy_rows(const RmxTable *t, const size_t *rows, size_t n) {
  if (!rows) n = t->nrows;
  RmxTable *o = g_new0(RmxTable, 1);
  o->nrows = n;
  o->ncols = t->ncols;
  o->names = g_strdupv(t->names);
  o->data = g_new(double, at_least1(n * t->ncols));
  for (size_t c = 0; c < t->ncols; c++) {
    const double *src = rmx_table_col(t, c);
    double *dst = o->data + c * n;
    if (!rows) memcpy(dst, src, n * sizeof *dst);
    else
      for (size_t i = 0; i < n; i++) dst[i] = src[rows[i]];
  }
  if (t->label) {
    o->label_name = g_strdup(t->label_name);
    o->label = g_new(double, n ? n : 1);
    for (size_t i = 0; i < n; i++) o->label[i] = t->label[rows ? rows[i] : i];
  }
  o->ntext = t->ntext;
  o->text_names = g_strdupv(t->text_names);
  o->text = g_new0(char **, t->ntext ? t->ntext : 1);
  for (size_t j = 0; j < t->ntext; j++) {
    o->text[j] = g_new(char *, n ? n : 1);
    for (size_t i = 0; i < n; i++) o->text[j][i] = g_strdup(t->text[j][rows ? rows[i] : i]);
  }
  o->id_text = t->id_text;
  o->norder = t->norder;
  o->order = g_memdup2(t->order, sizeof(ptrdiff_t) * (t->norder ? t->norder : 1));
  return o;
}

RmxTable *rmx_table_copy(const RmxTable *t) { return copy_rows(t, NULL, 0); }

void rmx_table_set_id(RmxTable *t, const char *name, char **cells) {
  size_t j = t->ntext++;
  t->text_names = g_renew(char *, t->text_names, t->ntext + 1);
  t->text_names[j] = g_strdup(name);
  t->text_names[j + 1] = NULL;
  t->text = g_renew(char **, t->text, t->ntext);
  t->text[j] = cells;
  t->id_text = (ptrdiff_t)j;
  t->order = g_renew(ptrdiff_t, t->order, t->norder + 1);
  memmove(t->order + 1, t->order, t->norder * sizeof(ptrdiff_t));
  t->order[0] = RMX_TABLE_TEXT(j);
  t->norder++;
}

gboolean rmx_table_add_column(RmxTable *t, const char *name, const double *values, GError **err) {
  gboolean label = t->label_name && strcmp(t->label_name, name) == 0;
  if (rmx_table_find(t, name) >= 0 || rmx_table_find_text(t, name) >= 0 || label) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "add_column: the table already has a column '%s'", name);
    return FALSE;
  }
  size_t c = t->ncols++;
  t->data = g_renew(double, t->data, at_least1(t->nrows * t->ncols));
  memcpy(t->data + c * t->nrows, values, t->nrows * sizeof(double));
  t->names = g_renew(char *, t->names, t->ncols + 1);
  t->names[c] = g_strdup(name);
  t->names[c + 1] = NULL;
  /* Written after the last feature column (before a label that follows it). */
  size_t at = t->norder;
  for (size_t k = 0; k < t->norder; k++)
    if (t->order[k] >= 0) at = k + 1;
  if (c == 0)
    for (size_t k = 0; k < t->norder; k++)
      if (t->order[k] == RMX_TABLE_LABEL) at = k;
  t->order = g_renew(ptrdiff_t, t->order, t->norder + 1);
  memmove(t->order + at + 1, t->order + at, (t->norder - at) * sizeof(ptrdiff_t));
  t->order[at] = (ptrdiff_t)c;
  t->norder++;
  return TRUE;
}

void rmx_table_set_label(RmxTable *t, const char *name, double *values) {
  if (!t->label) {
    t->order = g_renew(ptrdiff_t, t->order, t->norder + 1);
    t->order[t->norder++] = RMX_TABLE_LABEL;
  }
  g_free(t->label);
  g_free(t->label_name);
  t->label = values;
  t->label_name = g_strdup(name);
}

ptrdiff_t rmx_table_find(const RmxTable *t, const char *name) {
  for (size_t c = 0; c < t->ncols; c++)
    if (strcmp(t->names[c], name) == 0) return (ptrdiff_t)c;
  return -1;
}

ptrdiff_t rmx_table_find_text(const RmxTable *t, const char *name) {
  for (size_t j = 0; j < t->ntext; j++)
    if (strcmp(t->text_names[j], name) == 0) return (ptrdiff_t)j;
  return -1;
}

const char *rmx_table_id(const RmxTable *t, size_t r) {
  return t->id_text >= 0 && r < t->nrows ? t->text[t->id_text][r] : NULL;
}

size_t rmx_table_count_missing(const RmxTable *t) {
  size_t n = 0;
  for (size_t i = 0; i < t->nrows * t->ncols; i++) n += isnan(t->data[i]) != 0;
  return n;
}

RmxMatrix rmx_table_matrix(const RmxTable *t) {
  RmxMatrix m = {sizeof(RmxMatrix), t->nrows, t->ncols, t->nrows ? t->nrows : 1, t->data,
                 (const char *const *)t->names};
  return m;
}

/* ---- subsets ---- */

RmxTable *rmx_table_select(const RmxTable *t, const char *const *patterns, size_t npatterns,
                           GError **err) {
  GArray *cols = g_array_new(FALSE, FALSE, sizeof(size_t));
  guint8 *taken = g_new0(guint8, t->ncols ? t->ncols : 1);
  /* Plain names go through a hash (selecting thousands of names stays linear);
   * globs are compiled once each. */
  GHashTable *index = g_hash_table_new(g_str_hash, g_str_equal);
  for (size_t c = t->ncols; c-- > 0;) g_hash_table_insert(index, t->names[c], GSIZE_TO_POINTER(c + 1));
  for (size_t p = 0; p < npatterns; p++) {
    gboolean any = FALSE;
    if (!strpbrk(patterns[p], "*?")) {
      size_t hit = GPOINTER_TO_SIZE(g_hash_table_lookup(index, patterns[p])); /* column + 1, or 0 */
      any = hit != 0;
      if (hit && !taken[hit - 1]) {
        size_t c = hit - 1;
        taken[c] = 1;
        g_array_append_val(cols, c);
      }
    } else {
      GPatternSpec *spec = g_pattern_spec_new(patterns[p]);
      for (size_t c = 0; c < t->ncols; c++) {
        if (!g_pattern_spec_match_string(spec, t->names[c])) continue;
        any = TRUE;
        if (!taken[c]) {
          taken[c] = 1;
          g_array_append_val(cols, c);
        }
      }
      g_pattern_spec_free(spec);
    }
    /* Label and text columns are always kept, so naming them is fine. */
    if (!any && !(t->label_name && g_pattern_match_simple(patterns[p], t->label_name))) {
      for (size_t j = 0; j < t->ntext && !any; j++)
        any = g_pattern_match_simple(patterns[p], t->text_names[j]);
      if (!any) {
        g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "select: '%s' matches no column", patterns[p]);
        g_array_free(cols, TRUE);
        g_free(taken);
        g_hash_table_destroy(index);
        return NULL;
      }
    }
  }
  g_free(taken);
  g_hash_table_destroy(index);
  RmxTable *o = copy_rows(t, NULL, 0);
  size_t n = t->nrows, k = cols->len;
  g_strfreev(o->names);
  g_free(o->data);
  o->ncols = k;
  o->names = g_new0(char *, k + 1);
  o->data = g_new(double, at_least1(n * k));
  for (size_t i = 0; i < k; i++) {
    size_t c = g_array_index(cols, size_t, i);
    o->names[i] = g_strdup(t->names[c]);
    memcpy(o->data + i * n, rmx_table_col(t, c), n * sizeof(double));
  }
  /* Write order: text columns and label where they were, features in selection order. */
  g_free(o->order);
  o->order = g_new(ptrdiff_t, t->norder - t->ncols + k + 1);
  o->norder = 0;
  gboolean placed = FALSE;
  for (size_t i = 0; i < t->norder; i++) {
    ptrdiff_t v = t->order[i];
    if (v >= 0) {
      if (!placed)
        for (size_t c = 0; c < k; c++) o->order[o->norder++] = (ptrdiff_t)c;
      placed = TRUE;
    } else {
      o->order[o->norder++] = v;
    }
  }
  if (!placed) /* the source had no features: append them */
    for (size_t c = 0; c < k; c++) o->order[o->norder++] = (ptrdiff_t)c;
  g_array_free(cols, TRUE);
  return o;
}

RmxTable *rmx_table_rows(const RmxTable *t, const size_t *rows, size_t n, GError **err) {
  for (size_t i = 0; i < n; i++)
    if (rows[i] >= t->nrows) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "rows: row %zu out of range (table has %zu rows)",
                  rows[i], t->nrows);
      return NULL;
    }
  static const size_t none = 0;
  return copy_rows(t, n ? rows : &none, n);
}
