/* parity_check.c: runs `radiomix extract` on the cases of a PyRadiomics reference CSV and compares every feature. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "registry.h"

/*
 * usage: parity_check --radiomix EXE --cases DIR --manifest CASES.csv
 *                     --reference REF.csv [-p PARAMS] [--rel 1e-6] [--abs 1e-9] [--batch N]
 *                     [--only CASE,CASE...]
 *       parity_check ... --baseline DIR --variant NAME --only CASE,... [-p PARAMS]
 *   compares with PyRadiomics' regression tables DIR/baseline_<class>.csv,
 *   column "<case>_<variant>" ("<case>" for variant "default").
 * --skip CASE:FEATURE,... names reference values known to be wrong (printed, not compared).
 * --diagnostics DIAG.csv also compares the diagnostics_Image-* / Mask-* items.
 * CASES.csv maps a reference case to its files (columns case,image,mask,
 * relative to DIR). A feature agrees when |a - b| <= abs or
 * |a - b| <= rel * |b|; NaN agrees with NaN. A reference feature whose
 * family is not installed is counted "not implemented", not failed.
 * --batch N runs all cases in one `extract --batch -j N` instead, with an
 * extra unreadable case that must fail alone (exit code 3).
 */

typedef struct { char *image, *mask; } CaseFiles;

/* Row number of each feature in the last single-case output (for order checks). */
static GHashTable *last_order;

static char **split_csv(const char *line) {
  /* the reference and manifest files have no quoted commas in the fields we use */
  char *l = g_strdup(line);
  g_strchomp(l);
  if (*l && l[strlen(l) - 1] == '\r') l[strlen(l) - 1] = 0;
  char **f = g_strsplit(l, ",", -1);
  g_free(l);
  return f;
}

static GHashTable *read_manifest(const char *path, const char *dir) {
  char *text;
  if (!g_file_get_contents(path, &text, NULL, NULL)) {
    fprintf(stderr, "parity_check: cannot read manifest %s\n", path);
    exit(2);
  }
  GHashTable *m = g_hash_table_new(g_str_hash, g_str_equal);
  char **lines = g_strsplit(text, "\n", -1);
  for (int i = 1; lines[i]; i++) {
    char **f = split_csv(lines[i]);
    if (g_strv_length(f) >= 3) {
      CaseFiles *c = g_new0(CaseFiles, 1);
      c->image = g_build_filename(dir, f[1], NULL);
      c->mask = g_build_filename(dir, f[2], NULL);
      g_hash_table_insert(m, g_strdup(f[0]), c);
    }
    g_strfreev(f);
  }
  g_strfreev(lines);
  g_free(text);
  return m;
}

/* Parses a CSV record with RFC 4180 quotes (batch rows quote nothing we need, but paths might). */
static GPtrArray *split_quoted(const char *line) {
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
      g_ptr_array_add(f, g_strdup(cur->str));
      g_string_truncate(cur, 0);
      if (*p != ',') break;
    } else {
      g_string_append_c(cur, *p);
    }
  }
  g_string_free(cur, TRUE);
  return f;
}

/* Runs the extractor; returns feature -> value (as text), or NULL. */
static gboolean want_diag;

static GHashTable *run_case(const char *exe, const CaseFiles *c, const char *params) {
  char *out = NULL;
  int fd = g_file_open_tmp("parity-XXXXXX.csv", &out, NULL);
  if (fd < 0) return NULL;
  close(fd);
  const char *argv[12];
  int n = 0;
  argv[n++] = exe;
  argv[n++] = "extract";
  argv[n++] = c->image;
  argv[n++] = c->mask;
  argv[n++] = "-o";
  argv[n++] = out;
  if (params) {
    argv[n++] = "-p";
    argv[n++] = params;
  }
  if (want_diag) argv[n++] = "--diagnostics";
  argv[n] = NULL;
  int status = 0;
  GError *e = NULL;
  char *err_text = NULL;
  GHashTable *res = NULL;
  if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                    &err_text, &status, &e)) {
    fprintf(stderr, "parity_check: cannot run %s: %s\n", exe, e->message);
    g_error_free(e);
  } else if (!g_spawn_check_wait_status(status, NULL)) {
    fprintf(stderr, "parity_check: %s extract %s %s failed: %s", exe, c->image, c->mask,
            err_text ? err_text : "\n");
  } else {
    char *text;
    if (g_file_get_contents(out, &text, NULL, NULL)) {
      res = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
      if (last_order) g_hash_table_destroy(last_order);
      last_order = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
      char **lines = g_strsplit(text, "\n", -1);
      for (int i = 1; lines[i]; i++) {
        GPtrArray *f = split_quoted(lines[i]);
        if (f->len == 2) {
          g_hash_table_insert(res, g_strdup(f->pdata[0]), g_strdup(f->pdata[1]));
          g_hash_table_insert(last_order, g_strdup(f->pdata[0]), GINT_TO_POINTER(i));
        }
        g_ptr_array_unref(f);
      }
      g_strfreev(lines);
      g_free(text);
    }
  }
  g_free(err_text);
  remove(out);
  g_free(out);
  return res;
}

/* Batch mode: one `radiomix extract --batch` over every case plus a case
 * whose mask does not exist, which must be reported while the others finish.
 * Returns case -> (feature -> value text); NULL when the run misbehaved. */
static GHashTable *run_batch(const char *exe, GPtrArray *case_names, GHashTable *files,
                             const char *params, const char *threads) {
  char *man = NULL, *out = NULL;
  int fd = g_file_open_tmp("parity-manifest-XXXXXX.csv", &man, NULL);
  close(fd);
  fd = g_file_open_tmp("parity-batch-XXXXXX.csv", &out, NULL);
  close(fd);
  GString *m = g_string_new("ID,Image,Mask\n");
  for (guint i = 0; i < case_names->len; i++) {
    const CaseFiles *cf = g_hash_table_lookup(files, case_names->pdata[i]);
    if (cf) g_string_append_printf(m, "%s,%s,%s\n", (char *)case_names->pdata[i], cf->image, cf->mask);
  }
  g_string_append(m, "broken_case,/nonexistent/image.nrrd,/nonexistent/mask.nrrd\n");
  g_file_set_contents(man, m->str, -1, NULL);
  g_string_free(m, TRUE);
  const char *argv[12] = {exe, "extract", "--batch", man, "-o", out, "-j", threads, NULL, NULL, NULL};
  if (params) argv[8] = "-p", argv[9] = params;
  int status = 0;
  char *err_text = NULL;
  GHashTable *res = NULL;
  GError *e = NULL;
  if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err_text,
                    &status, &e)) {
    fprintf(stderr, "parity_check: cannot run %s: %s\n", exe, e->message);
    g_error_free(e);
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 3) {
    printf("batch: expected exit code 3 (one case fails), got status %d; stderr:\n%s", status, err_text);
  } else if (!strstr(err_text, "broken_case")) {
    printf("batch: the failing case is not named on stderr:\n%s", err_text);
  } else {
    char *text;
    if (g_file_get_contents(out, &text, NULL, NULL)) {
      res = g_hash_table_new(g_str_hash, g_str_equal);
      char **lines = g_strsplit(text, "\n", -1);
      GPtrArray *hdr = split_quoted(lines[0]);
      for (int i = 1; lines[i] && *lines[i]; i++) {
        GPtrArray *f = split_quoted(lines[i]);
        if (f->len != hdr->len) {
          printf("batch: row %d has %u fields, header %u\n", i + 1, f->len, hdr->len);
        } else {
          GHashTable *row = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
          for (guint k = 3; k < hdr->len; k++)
            g_hash_table_insert(row, g_strdup(hdr->pdata[k]), g_strdup(f->pdata[k]));
          g_hash_table_insert(res, g_strdup(f->pdata[0]), row);
        }
        g_ptr_array_unref(f);
      }
      if (g_hash_table_contains(res, "broken_case")) printf("batch: the failed case has an output row\n");
      g_ptr_array_unref(hdr);
      g_strfreev(lines);
      g_free(text);
    }
  }
  g_free(err_text);
  remove(man);
  remove(out);
  g_free(man);
  g_free(out);
  return res;
}

/* Baseline mode: PyRadiomics' own regression tables (one file per class,
 * rows = features, columns = "<case>" or "<case>_<variant>") turned into the
 * long layout case,feature,value,feature_class. */
static char *baseline_reference(const char *dir, const char *variant, const char *cases) {
  GString *out = g_string_new("case,feature,value,feature_class\n");
  GDir *d = g_dir_open(dir, 0, NULL);
  if (!d) return NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  for (const char *n; (n = g_dir_read_name(d));)
    if (g_str_has_prefix(n, "baseline_") && g_str_has_suffix(n, ".csv")) g_ptr_array_add(names, g_strdup(n));
  g_dir_close(d);
  g_ptr_array_sort(names, (GCompareFunc)(void *)g_ascii_strcasecmp);
  char **cs = g_strsplit(cases, ",", -1);
  for (guint i = 0; i < names->len; i++) {
    const char *n = names->pdata[i];
    char *cls = g_strndup(n + 9, strlen(n) - 13), *path = g_build_filename(dir, n, NULL), *text;
    if (g_file_get_contents(path, &text, NULL, NULL)) {
      char **lines = g_strsplit(text, "\n", -1);
      GPtrArray *hdr = split_quoted(lines[0]);
      for (char **c = cs; *c; c++) {
        char *col = !strcmp(variant, "default") ? g_strdup(*c) : g_strdup_printf("%s_%s", *c, variant);
        for (guint k = 1; k < hdr->len; k++) {
          if (strcmp(hdr->pdata[k], col)) continue;
          for (int l = 1; lines[l]; l++) {
            if (!g_str_has_prefix(lines[l], "original_")) continue;
            GPtrArray *f = split_quoted(lines[l]);
            if (f->len == hdr->len)
              g_string_append_printf(out, "%s,%s,%s,%s\n", *c, (char *)f->pdata[0], (char *)f->pdata[k], cls);
            g_ptr_array_unref(f);
          }
        }
        g_free(col);
      }
      g_ptr_array_unref(hdr);
      g_strfreev(lines);
      g_free(text);
    }
    g_free(cls);
    g_free(path);
  }
  g_strfreev(cs);
  g_ptr_array_unref(names);
  return g_string_free(out, FALSE);
}

/* Diagnostics agree when the text is equal or every number in it agrees to
 * 1e-12 (PyRadiomics prints Python reprs; the sums may round differently). */
static gboolean diag_agree(const char *a, const char *b) {
  if (!strcmp(a, b)) return TRUE;
  char *pa = (char *)a, *pb = (char *)b;
  while (*pa && *pb) {
    if (g_ascii_isdigit(*pa) || *pa == '-' || *pa == '.') {
      char *ea, *eb;
      double x = g_ascii_strtod(pa, &ea), y = g_ascii_strtod(pb, &eb);
      if (ea == pa || eb == pb || fabs(x - y) > 1e-12 * MAX(fabs(x), fabs(y))) return FALSE;
      pa = ea;
      pb = eb;
    } else if (*pa++ != *pb++) {
      return FALSE;
    }
  }
  return !*pa && !*pb;
}

static gboolean agree(double a, double b, double rel, double abs_tol) {
  if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
  if (isinf(a) || isinf(b)) return a == b;
  double d = fabs(a - b);
  return d <= abs_tol || d <= rel * fabs(b);
}

int main(int argc, char **argv) {
  const char *exe = NULL, *cases_dir = NULL, *manifest = NULL, *reference = NULL, *params = NULL,
             *batch = NULL, *only = NULL, *baseline = NULL, *variant = "default",
             *skip = "", *diag_ref = NULL;
  double rel = 1e-6, abs_tol = 1e-9;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--radiomix")) exe = argv[i + 1];
    else if (!strcmp(argv[i], "--cases")) cases_dir = argv[i + 1];
    else if (!strcmp(argv[i], "--manifest")) manifest = argv[i + 1];
    else if (!strcmp(argv[i], "--reference")) reference = argv[i + 1];
    else if (!strcmp(argv[i], "-p")) params = argv[i + 1];
    else if (!strcmp(argv[i], "--batch")) batch = argv[i + 1];
    else if (!strcmp(argv[i], "--only")) only = argv[i + 1];
    else if (!strcmp(argv[i], "--baseline")) baseline = argv[i + 1];
    else if (!strcmp(argv[i], "--variant")) variant = argv[i + 1];
    else if (!strcmp(argv[i], "--skip")) skip = argv[i + 1];
    else if (!strcmp(argv[i], "--diagnostics")) diag_ref = argv[i + 1];
    else if (!strcmp(argv[i], "--rel")) rel = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--abs")) abs_tol = atof(argv[i + 1]);
    else {
      fprintf(stderr, "parity_check: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (!exe || !cases_dir || !manifest || (!reference && !(baseline && only))) {
    fprintf(stderr, "usage: parity_check --radiomix EXE --cases DIR --manifest CSV --reference CSV "
                    "[-p PARAMS] [--rel R] [--abs A]\n");
    return 2;
  }
  /* which families exist: the same plugins the extractor will load */
  RmxLoadOptions opt = {NULL, TRUE, NULL};
  rmx_plugins_load_all(&opt);

  GHashTable *files = read_manifest(manifest, cases_dir);
  char *text = NULL;
  if (baseline) {
    text = baseline_reference(baseline, variant, only);
    reference = baseline;
  } else if (!g_file_get_contents(reference, &text, NULL, NULL)) {
    text = NULL;
  }
  if (!text) {
    fprintf(stderr, "parity_check: cannot read reference %s\n", reference);
    return 2;
  }
  char **lines = g_strsplit(text, "\n", -1);
  g_free(text);
  char **hdr = split_csv(lines[0]);
  int c_case = -1, c_feat = -1, c_val = -1, c_fam = -1;
  for (int i = 0; hdr[i]; i++) {
    if (!strcmp(hdr[i], "case")) c_case = i;
    else if (!strcmp(hdr[i], "feature")) c_feat = i;
    else if (!strcmp(hdr[i], "value")) c_val = i;
    else if (!strcmp(hdr[i], "feature_class")) c_fam = i;
  }
  g_strfreev(hdr);
  if (c_case < 0 || c_feat < 0 || c_val < 0 || c_fam < 0) {
    fprintf(stderr, "parity_check: %s lacks case/feature/value/feature_class columns\n", reference);
    return 2;
  }
  /* --diagnostics: PyRadiomics' diagnostics_Image-* / Mask-* items per case */
  GHashTable *diag = g_hash_table_new(g_str_hash, g_str_equal); /* case -> GPtrArray of GPtrArray */
  if (diag_ref) {
    char *dt;
    if (!g_file_get_contents(diag_ref, &dt, NULL, NULL)) {
      fprintf(stderr, "parity_check: cannot read %s\n", diag_ref);
      return 2;
    }
    want_diag = TRUE;
    char **dl = g_strsplit(dt, "\n", -1);
    for (int i = 1; dl[i]; i++) {
      GPtrArray *f = split_quoted(dl[i]);
      if (f->len == 3 && (g_str_has_prefix(f->pdata[1], "diagnostics_Image-") ||
                          g_str_has_prefix(f->pdata[1], "diagnostics_Mask-"))) {
        GPtrArray *list = g_hash_table_lookup(diag, f->pdata[0]);
        if (!list) g_hash_table_insert(diag, g_strdup(f->pdata[0]), list = g_ptr_array_new());
        g_ptr_array_add(list, f);
      } else {
        g_ptr_array_unref(f);
      }
    }
    g_strfreev(dl);
    g_free(dt);
  }
  /* rows grouped by case, in file order */
  GPtrArray *case_names = g_ptr_array_new();
  GHashTable *rows = g_hash_table_new(g_str_hash, g_str_equal); /* case -> GPtrArray of char** */
  for (int ln = 1; lines[ln]; ln++) {
    if (!*g_strstrip(lines[ln])) continue;
    char **f = split_csv(lines[ln]);
    if ((int)g_strv_length(f) <= MAX(MAX(c_case, c_feat), MAX(c_val, c_fam))) {
      fprintf(stderr, "parity_check: %s:%d: too few fields\n", reference, ln + 1);
      return 2;
    }
    if (only) { /* --only a,b,c: a subset of the reference's cases */
      char *pat = g_strdup_printf(",%s,", f[c_case]), *list = g_strdup_printf(",%s,", only);
      gboolean keep = strstr(list, pat) != NULL;
      g_free(pat);
      g_free(list);
      if (!keep) {
        g_strfreev(f);
        continue;
      }
    }
    GPtrArray *r = g_hash_table_lookup(rows, f[c_case]);
    if (!r) {
      r = g_ptr_array_new();
      g_hash_table_insert(rows, f[c_case], r);
      g_ptr_array_add(case_names, f[c_case]);
    }
    g_ptr_array_add(r, f);
  }
  long passed = 0, failed = 0, not_impl = 0, skipped = 0;
  double worst = 0;
  char *worst_name = NULL;
  GHashTable *missing_fam = g_hash_table_new(g_str_hash, g_str_equal);
  GHashTable *batch_rows = batch ? run_batch(exe, case_names, files, params, batch) : NULL;
  if (batch && !batch_rows) failed++;
  for (guint c = 0; c < case_names->len; c++) {
    const char *cs = case_names->pdata[c];
    GPtrArray *r = g_hash_table_lookup(rows, cs);
    const CaseFiles *cf = g_hash_table_lookup(files, cs);
    GHashTable *classes = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < r->len; i++) g_hash_table_add(classes, ((char **)r->pdata[i])[c_fam]);
    GHashTable *got = NULL;
    if (batch_rows) {
      gpointer key = NULL, row = NULL;
      if (g_hash_table_steal_extended(batch_rows, cs, &key, &row)) {
        g_free(key);
        got = row;
      }
      else printf("%s: no row in the batch output\n", cs);
    } else if (cf && !batch) {
      got = run_case(exe, cf, params);
    }
    if (!cf) printf("%s: no entry in %s\n", cs, manifest);
    for (guint i = 0; i < r->len; i++) {
      char **f = r->pdata[i];
      const char *name = f[c_feat], *fam = f[c_fam];
      double want = g_ascii_strtod(f[c_val], NULL);
      if (!rmx_registry_find(RMX_KIND_FEATURES, fam)) {
        not_impl++;
        if (!g_hash_table_contains(missing_fam, fam)) {
          printf("not implemented: feature family '%s' is not installed\n", fam);
          g_hash_table_add(missing_fam, (gpointer)fam);
        }
        continue;
      }
      if (!got) {
        failed++;
        continue;
      }
      /* within one image type and class, rows must come in the reference's
       * (PyRadiomics') order; the order of classes is the parameter file's */
      if (!batch && !baseline && i > 0 && last_order) { /* baseline tables are unordered */
        char **prev = r->pdata[i - 1];
        char *pp = g_strndup(prev[c_feat], strrchr(prev[c_feat], '_') - prev[c_feat]);
        char *cp = g_strndup(name, strrchr(name, '_') - name);
        int a = GPOINTER_TO_INT(g_hash_table_lookup(last_order, prev[c_feat]));
        int b = GPOINTER_TO_INT(g_hash_table_lookup(last_order, name));
        if (!strcmp(pp, cp) && a && b && a > b) {
          printf("%s %s: printed before %s, PyRadiomics prints it after\n", cs, name, prev[c_feat]);
          failed++;
        }
        g_free(pp);
        g_free(cp);
      }
      const char *v = g_hash_table_lookup(got, name);
      if (!v) {
        printf("%s %s: missing from the output\n", cs, name);
        failed++;
        continue;
      }
      double have = g_ascii_strtod(v, NULL);
      double d = fabs(have - want), rd = want != 0 ? d / fabs(want) : d;
      char *key = g_strdup_printf(",%s:%s,", cs, name), *list = g_strdup_printf(",%s,", skip);
      gboolean known = strstr(list, key) != NULL;
      g_free(key);
      g_free(list);
      if (known) { /* a documented difference of the reference itself */
        printf("%s %s: skipped (known reference difference; got %.17g, reference %.17g)\n", cs, name,
               have, want);
        skipped++;
        g_hash_table_remove(got, name);
        continue;
      }
      if (agree(have, want, rel, abs_tol)) {
        passed++;
        if (d > abs_tol && rd > worst) {
          worst = rd;
          g_free(worst_name);
          worst_name = g_strdup_printf("%s %s", cs, name);
        }
      } else {
        printf("%s %s: got %.17g, reference %.17g (relative difference %.3g)\n", cs, name, have,
               want, rd);
        failed++;
      }
      g_hash_table_remove(got, name);
    }
    GPtrArray *dlist = g_hash_table_lookup(diag, cs);
    for (guint i = 0; got && dlist && i < dlist->len; i++) {
      GPtrArray *f = dlist->pdata[i];
      const char *v = g_hash_table_lookup(got, f->pdata[1]);
      if (v && diag_agree(v, f->pdata[2])) {
        passed++;
      } else {
        printf("%s %s: got %s, reference %s\n", cs, (char *)f->pdata[1], v ? v : "(missing)",
               (char *)f->pdata[2]);
        failed++;
      }
    }
    /* anything printed beyond the reference is a mismatch too; in a batch an
     * empty cell is a column another case has (e.g. shape2D), not a value */
    if (got) {
      GHashTableIter it;
      gpointer k;
      g_hash_table_iter_init(&it, got);
      gpointer val;
      while (g_hash_table_iter_next(&it, &k, &val)) {
        if (batch && !*(char *)val) continue;
        if (g_str_has_prefix(k, "diagnostics_")) continue; /* checked above when asked */
        /* a class the reference has no values for (baseline tables) is not compared */
        char **parts = g_strsplit(k, "_", 3);
        gboolean known = g_strv_length(parts) == 3 && g_hash_table_contains(classes, parts[1]);
        g_strfreev(parts);
        if (!known) continue;
        printf("%s %s: not in the reference\n", cs, (char *)k);
        failed++;
      }
      g_hash_table_destroy(got);
    }
    g_hash_table_destroy(classes);
  }
  if (worst_name) printf("largest relative difference among passes: %.3g (%s)\n", worst, worst_name);
  g_free(worst_name);
  if (skipped) printf("%ld known differences skipped\n", skipped);
  printf("%ld passed, %ld failed, %ld not implemented\n", passed, failed, not_impl);
  g_strfreev(lines);
  return failed ? 1 : 0;
}
