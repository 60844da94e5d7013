/* table.h: feature tables (CSV in/out, column selection, row subsets). */
#ifndef RMX_HOST_TABLE_H
#define RMX_HOST_TABLE_H

#include <glib.h>
#include <stddef.h>
#include <radiomix/types.h>

/*
 * A table read from a CSV file, split by role:
 *  - numeric feature columns, column-major (ld = nrows) so that
 *    rmx_table_matrix() can hand them to selectors/classifiers unchanged;
 *  - an optional numeric label column, kept apart from the features;
 *  - text columns (the id column and any declared text columns).
 * A missing cell ("nan", "NaN" or empty) is stored as a quiet NaN. Fields
 * may be double-quoted (RFC 4180, no line breaks inside).
 * 'order' remembers the file's column order for writing back:
 * entry >= 0 is feature column c, RMX_TABLE_LABEL is the label and
 * RMX_TABLE_TEXT(j) is text column j.
 */
#define RMX_TABLE_LABEL (-1)
#define RMX_TABLE_TEXT(j) (-2 - (ptrdiff_t)(j))

typedef struct RmxTable {
  size_t nrows, ncols;   /* ncols counts feature columns only */
  char **names;          /* ncols names + NULL */
  double *data;          /* nrows * ncols, column-major */
  char *label_name;      /* NULL when there is no label column */
  double *label;         /* nrows values, or NULL */
  size_t ntext;
  char **text_names;     /* ntext names + NULL */
  char ***text;          /* text[j][r] */
  ptrdiff_t id_text;     /* index of the id column among text columns, or -1 */
  size_t norder;
  ptrdiff_t *order;      /* column order for writing */
} RmxTable;

typedef struct RmxTableReadOptions {
  const char *id_column;    /* NULL: the first id-like column ("id", "*_id", "patient", "case", "subject") */
  const char *label_column; /* NULL: "label" if present; "" for none */
  /* NULL-terminated globs of columns kept as text; NULL: Image, Mask and
   * diagnostics_* (the text columns of 'radiomix extract --batch'). */
  const char *const *text_columns;
} RmxTableReadOptions;

/* Reads a CSV with one header line. Ragged rows, duplicate names and
 * non-numeric cells in numeric columns fail with one line naming the
 * file, line and column. opt may be NULL. */
RmxTable *rmx_table_read_csv(const char *path, const RmxTableReadOptions *opt, GError **err);
/* Writes atomically (temporary file, then rename). Doubles use the
 * shortest text that reads back bit for bit; NaN is written "nan". */
gboolean rmx_table_write_csv(const RmxTable *t, const char *path, GError **err);
void rmx_table_free(RmxTable *t); /* accepts NULL */

/* An empty nrows x ncols feature table (zero-filled), no label, no text. */
RmxTable *rmx_table_new(size_t nrows, size_t ncols, const char *const *names);
RmxTable *rmx_table_copy(const RmxTable *t);
/* Adds a text id column, written first; takes cells (nrows g_malloc'd strings, g_malloc'd array). */
void rmx_table_set_id(RmxTable *t, const char *name, char **cells);
/* Appends a feature column (copied from values, nrows of them); fails on a name in use. */
gboolean rmx_table_add_column(RmxTable *t, const char *name, const double *values, GError **err);
/* Sets the label column (written last when new); takes values (g_malloc'd, nrows). */
void rmx_table_set_label(RmxTable *t, const char *name, double *values);
/* The CSV text rmx_table_write_csv writes ('what' names it in errors); g_free it. */
char *rmx_table_format_csv(const RmxTable *t, const char *what, GError **err);

/* Feature column index by exact name, or -1. */
ptrdiff_t rmx_table_find(const RmxTable *t, const char *name);
ptrdiff_t rmx_table_find_text(const RmxTable *t, const char *name);
static inline double *rmx_table_col(const RmxTable *t, size_t c) { return t->data + c * t->nrows; }
static inline double rmx_table_get(const RmxTable *t, size_t r, size_t c) {
  return t->data[r + c * t->nrows];
}
/* The id of row r (its text), or NULL without an id column. */
const char *rmx_table_id(const RmxTable *t, size_t r);
/* Number of missing (NaN) cells among the features. */
size_t rmx_table_count_missing(const RmxTable *t);

/* A zero-copy matrix view of the feature columns (valid while t lives). */
RmxMatrix rmx_table_matrix(const RmxTable *t);

/* New table with the feature columns matching any of the patterns (exact
 * names or g_pattern_match_simple globs), in pattern order, each column
 * once; label and text columns are kept. A pattern matching nothing is an
 * error. */
RmxTable *rmx_table_select(const RmxTable *t, const char *const *patterns, size_t npatterns,
                           GError **err);
/* New table with the given rows (0-based, repeats allowed), all columns. */
RmxTable *rmx_table_rows(const RmxTable *t, const size_t *rows, size_t n, GError **err);

#endif
