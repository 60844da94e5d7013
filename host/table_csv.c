/* table_csv.c: feature tables from and to CSV text (RFC 4180 quotes, shortest round-trip numbers). */
#include "table.h"
#include "atomic_file.h"

#include <math.h>
#include <string.h>

#include "volume.h" /* RMX_ERROR */

/* g_new(T, 0) returns NULL; empty tables still get a valid pointer. */
static size_t at_least1(size_t n) { return n ? n : 1; }

/* ---- reading ---- */

static gboolean id_like(const char *name) {
  static const char *const exact[] = {"id", "patient", "patient_id", "patientid", "case",
                                      "case_id", "subject", "subject_id", NULL};
  for (int i = 0; exact[i]; i++)
    if (g_ascii_strcasecmp(name, exact[i]) == 0) return TRUE;
  size_t n = strlen(name);
  return n > 3 && g_ascii_strcasecmp(name + n - 3, "_id") == 0;
}

static gboolean matches_any(const char *name, const char *const *globs) {
  for (size_t i = 0; globs && globs[i]; i++)
    if (g_pattern_match_simple(globs[i], name)) return TRUE;
  return FALSE;
}

/*
 * Splits line in place at commas outside double quotes (RFC 4180: "a,b" is
 * one field, "" inside quotes is a quote). With fields NULL it only counts.
 * Returns the field count, or 0 for a malformed quoted field.
 */
static size_t split_fields(char *line, char **fields, size_t max) {
  size_t n = 0;
  char *p = line;
  for (;;) {
    char *start = p, *w = p;
    if (*p == '"') {
      p++;
      for (;;) { /* w trails p, so unquoting in place is safe */
        if (!*p) return 0;
        if (*p == '"' && p[1] == '"') {
          if (fields) *w = '"';
          w++;
          p += 2;
        } else if (*p == '"') {
          p++;
          break;
        } else {
          if (fields) *w = *p;
          w++;
          p++;
        }
      }
      if (*p && *p != ',') return 0;
    } else {
      while (*p && *p != ',') p++;
      w = p;
    }
    char sep = *p;
    if (fields) {
      if (n < max) fields[n] = start;
      *w = '\0';
    }
    n++;
    if (!sep) break;
    p++;
  }
  return n;
}

/* Missing: empty or nan (any case), surrounding blanks allowed. */
static gboolean parse_cell(const char *s, double *out) {
  while (*s == ' ' || *s == '\t') s++;
  if (*s == '\0') { *out = NAN; return TRUE; }
  char *end;
  double v = g_ascii_strtod(s, &end);
  if (end == s) return FALSE;
  while (*end == ' ' || *end == '\t') end++;
  if (*end != '\0') return FALSE;
  *out = isnan(v) ? NAN : v; /* drop any NaN sign/payload */
  return TRUE;
}

/* Splits the buffer into lines (in place), dropping '\r' and trailing blank lines. */
static GPtrArray *split_lines(char *buf) {
  GPtrArray *lines = g_ptr_array_new();
  char *p = buf;
  while (*p) {
    char *nl = strchr(p, '\n');
    if (nl) *nl = '\0';
    size_t len = strlen(p);
    if (len && p[len - 1] == '\r') p[len - 1] = '\0';
    g_ptr_array_add(lines, p);
    if (!nl) break;
    p = nl + 1;
  }
  while (lines->len && *(char *)g_ptr_array_index(lines, lines->len - 1) == '\0')
    g_ptr_array_set_size(lines, lines->len - 1);
  return lines;
}

RmxTable *rmx_table_read_csv(const char *path, const RmxTableReadOptions *opt, GError **err) {
  static const RmxTableReadOptions dflt = {NULL, NULL, NULL};
  /* The text columns of 'radiomix extract --batch' (PyRadiomics' layout). */
  static const char *const default_text[] = {"Image", "Mask", "diagnostics_*", NULL};
  if (!opt) opt = &dflt;
  char *buf = NULL;
  GError *e = NULL;
  /* A FIFO or device would block or never end: regular files only. */
  if (g_file_test(path, G_FILE_TEST_EXISTS) && !g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
    g_set_error(err, RMX_ERROR, RMX_ERR_IO, "%s: not a regular file", path);
    return NULL;
  }
  if (!g_file_get_contents(path, &buf, NULL, &e)) {
    g_set_error(err, RMX_ERROR, RMX_ERR_IO, "%s: cannot read: %s", path, e->message);
    g_error_free(e);
    return NULL;
  }
  GPtrArray *lines = split_lines(buf);
  RmxTable *t = NULL;
  char **hdr = NULL, **fields = NULL;
  int *role = NULL; /* per file column: >= 0 feature index, -1 label, -2-j text j */
  if (lines->len == 0) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: empty file, expected a header line", path);
    goto fail;
  }
  size_t nf = split_fields(g_ptr_array_index(lines, 0), NULL, 0);
  if (strchr(g_ptr_array_index(lines, 0), '\r')) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s:1: carriage return inside a line", path);
    goto fail;
  }
  if (nf == 0) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s:1: malformed quoted field in the header", path);
    goto fail;
  }
  hdr = g_new0(char *, nf + 1);
  fields = g_new0(char *, nf + 1);
  split_fields(g_ptr_array_index(lines, 0), hdr, nf);
  for (size_t c = 0; c < nf; c++) {
    g_strstrip(hdr[c]);
    if (!*hdr[c]) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s:1: column %zu has an empty name", path, c + 1);
      goto fail;
    }
    for (size_t d = 0; d < c; d++)
      if (strcmp(hdr[c], hdr[d]) == 0) {
        g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s:1: duplicate column name '%s'", path, hdr[c]);
        goto fail;
      }
  }
  /* Roles: label, id, declared text columns, the rest numeric. */
  ptrdiff_t label_c = -1, id_c = -1;
  const char *label_name = opt->label_column ? opt->label_column : "label";
  for (size_t c = 0; c < nf && *label_name; c++)
    if (strcmp(hdr[c], label_name) == 0) label_c = (ptrdiff_t)c;
  if (opt->label_column && *opt->label_column && label_c < 0) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: no label column '%s'", path, opt->label_column);
    goto fail;
  }
  for (size_t c = 0; c < nf && id_c < 0; c++) {
    if ((ptrdiff_t)c == label_c) continue;
    if (opt->id_column ? strcmp(hdr[c], opt->id_column) == 0 : id_like(hdr[c])) id_c = (ptrdiff_t)c;
  }
  if (opt->id_column && *opt->id_column && id_c < 0) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: no id column '%s'", path, opt->id_column);
    goto fail;
  }
  size_t nrows = lines->len - 1, ncols = 0, ntext = 0;
  role = g_new(int, nf);
  for (size_t c = 0; c < nf; c++) {
    if ((ptrdiff_t)c == label_c) role[c] = -1;
    else if ((ptrdiff_t)c == id_c || matches_any(hdr[c], opt->text_columns ? opt->text_columns : default_text))
      role[c] = -2 - (int)ntext++;
    else role[c] = (int)ncols++;
  }
  t = g_new0(RmxTable, 1);
  t->nrows = nrows;
  t->ncols = ncols;
  t->names = g_new0(char *, ncols + 1);
  t->text_names = g_new0(char *, ntext + 1);
  t->text = g_new0(char **, ntext ? ntext : 1);
  t->ntext = ntext;
  t->id_text = -1;
  t->norder = nf;
  t->order = g_new(ptrdiff_t, nf);
  t->data = g_new(double, at_least1(nrows * ncols));
  for (size_t c = 0; c < nf; c++) {
    t->order[c] = role[c];
    if (role[c] >= 0) t->names[role[c]] = g_strdup(hdr[c]);
    else if (role[c] == -1) t->label_name = g_strdup(hdr[c]);
    else {
      size_t j = (size_t)(-2 - role[c]);
      t->text_names[j] = g_strdup(hdr[c]);
      t->text[j] = g_new0(char *, nrows ? nrows : 1);
      if ((ptrdiff_t)c == id_c) t->id_text = (ptrdiff_t)j;
    }
  }
  if (label_c >= 0) t->label = g_new(double, nrows ? nrows : 1);
  for (size_t r = 0; r < nrows; r++) {
    char *line = g_ptr_array_index(lines, r + 1);
    if (strchr(line, '\r')) { /* a bare CR would end up inside a cell */
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s:%zu: carriage return inside a line", path, r + 2);
      goto fail;
    }
    size_t n = split_fields(line, fields, nf);
    if (n == 0) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s:%zu: malformed quoted field", path, r + 2);
      goto fail;
    }
    if (n != nf) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s:%zu: %zu fields, but the header has %zu",
                  path, r + 2, n, nf);
      goto fail;
    }
    for (size_t c = 0; c < nf; c++) {
      if (role[c] <= -2) {
        t->text[-2 - role[c]][r] = g_strdup(fields[c]);
        continue;
      }
      double v;
      if (!parse_cell(fields[c], &v)) {
        g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                    "%s:%zu: column '%s': '%s' is not a number", path, r + 2, hdr[c], fields[c]);
        goto fail;
      }
      if (role[c] == -1) t->label[r] = v;
      else t->data[r + (size_t)role[c] * nrows] = v;
    }
  }
  g_free(role);
  g_free(fields);
  g_free(hdr);
  g_ptr_array_free(lines, TRUE);
  g_free(buf);
  return t;
fail:
  rmx_table_free(t);
  g_free(role);
  g_free(fields);
  g_free(hdr);
  g_ptr_array_free(lines, TRUE);
  g_free(buf);
  return NULL;
}

/* ---- writing ---- */

/* Shortest of %.15g/%.16g/%.17g that reads back exactly (15 digits always
 * reproduce a shorter decimal, DBL_DIG). */
static void append_double(GString *s, double v) {
  if (isnan(v)) { g_string_append(s, "nan"); return; }
  if (isinf(v)) { g_string_append(s, v > 0 ? "inf" : "-inf"); return; }
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  static const char *const fmt[] = {"%.15g", "%.16g", "%.17g"};
  for (int i = 0; i < 3; i++) {
    g_ascii_formatd(buf, sizeof buf, fmt[i], v);
    if (i == 2 || g_ascii_strtod(buf, NULL) == v) break;
  }
  g_string_append(s, buf);
}

/* A text cell, quoted when it holds a comma or a quote; FALSE for a line break,
 * which a line-based reader could not read back. */
static gboolean append_text(GString *s, const char *txt) {
  if (strpbrk(txt, "\n\r")) return FALSE;
  if (!strpbrk(txt, ",\"") && *txt != ' ') {
    g_string_append(s, txt);
    return TRUE;
  }
  g_string_append_c(s, '"');
  for (; *txt; txt++) {
    if (*txt == '"') g_string_append_c(s, '"');
    g_string_append_c(s, *txt);
  }
  g_string_append_c(s, '"');
  return TRUE;
}

char *rmx_table_format_csv(const RmxTable *t, const char *what, GError **err) {
  GString *s = g_string_sized_new(64 + t->nrows * (t->ncols + 2) * 12);
  for (size_t k = 0; k < t->norder; k++) {
    ptrdiff_t o = t->order[k];
    const char *name = o >= 0 ? t->names[o] : o == -1 ? t->label_name : t->text_names[-2 - o];
    g_string_append(s, k ? "," : "");
    if (!append_text(s, name)) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: column name '%s' contains a line break", what, name);
      g_string_free(s, TRUE);
      return NULL;
    }
  }
  g_string_append_c(s, '\n');
  for (size_t r = 0; r < t->nrows; r++) {
    for (size_t k = 0; k < t->norder; k++) {
      ptrdiff_t o = t->order[k];
      if (k) g_string_append_c(s, ',');
      if (o >= 0) append_double(s, rmx_table_get(t, r, (size_t)o));
      else if (o == -1) append_double(s, t->label[r]);
      else {
        if (!append_text(s, t->text[-2 - o][r])) {
          g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: column '%s', row %zu: text contains a line break",
                      what, t->text_names[-2 - o], r + 1);
          g_string_free(s, TRUE);
          return NULL;
        }
      }
    }
    g_string_append_c(s, '\n');
  }
  return g_string_free(s, FALSE);
}

gboolean rmx_table_write_csv(const RmxTable *t, const char *path, GError **err) {
  char *s = rmx_table_format_csv(t, path, err);
  if (!s) return FALSE;
  gboolean ok = rmx_write_file_atomic(path, s, strlen(s), err);
  g_free(s);
  return ok;
}
