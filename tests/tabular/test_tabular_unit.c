/* test_tabular_unit.c: CSV edge cases and errors, splits, and metrics/Mann-Whitney against brute-force definitions. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <radiomix/plugin.h>

#include "metrics.h"
#include "scale.h"
#include "split.h"
#include "stats.h"
#include "table.h"

static int n_pass, n_fail;

static void check(int ok, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void check(int ok, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  printf("%s: ", ok ? "ok" : "FAIL");
  vprintf(fmt, ap);
  printf("\n");
  va_end(ap);
  ok ? n_pass++ : n_fail++;
}

static char *tmpfile_with(const char *content) {
  char *path = g_build_filename(g_get_tmp_dir(), "rmx_tab_unit_XXXXXX.csv", NULL);
  int fd = g_mkstemp(path);
  if (fd < 0) exit(2);
  if (write(fd, content, strlen(content)) != (ssize_t)strlen(content)) exit(2);
  close(fd);
  return path;
}

/* Reading content must fail with a message containing path (when with_path) and 'want'. */
static void expect_error(const char *content, const char *want, const char *what) {
  char *path = tmpfile_with(content);
  GError *err = NULL;
  RmxTable *t = rmx_table_read_csv(path, NULL, &err);
  int ok = !t && err && strstr(err->message, want) && strstr(err->message, path) && !strchr(err->message, '\n');
  check(ok, "CSV error, %s: %s", what, err ? err->message : "(no error)");
  rmx_table_free(t);
  if (err) g_error_free(err);
  remove(path);
  g_free(path);
}

static void test_csv(void) {
  expect_error("id,a,label\n1,2,0\n2,3\n", ":3: 2 fields, but the header has 3", "ragged row");
  expect_error("id,a,label\n1,2,0\n2,3,1,4\n", ":3: 4 fields, but the header has 3", "long row");
  expect_error("id,a,label\n1,1e5x,0\n", ":2: column 'a': '1e5x' is not a number", "non-numeric");
  expect_error("id,a,label\n1,2,yes\n", ":2: column 'label': 'yes' is not a number", "non-numeric label");
  expect_error("id,a,,label\n", ":1: column 3 has an empty name", "empty header name");
  expect_error("a,b,a\n", "duplicate column name 'a'", "duplicate name");
  expect_error("", "empty file", "empty file");
  expect_error("id,a\n1,2\n\n3,4\n", ":3: 1 fields, but the header has 2", "blank line inside");
  GError *err = NULL;
  RmxTable *t = rmx_table_read_csv("/nonexistent/x.csv", NULL, &err);
  check(!t && err && strstr(err->message, "/nonexistent/x.csv: cannot read"), "missing file: %s",
        err ? err->message : "(no error)");
  g_clear_error(&err);

  /* Roles, missing values, CRLF and trailing blank lines. */
  char *path = tmpfile_with("patient_id,site,f1,label,f2\r\nP1,A,1.5,1,nan\r\nP2,B,,0,-2e-3\r\n\r\n\n");
  const char *const text[] = {"site", NULL};
  RmxTableReadOptions o = {NULL, NULL, text};
  t = rmx_table_read_csv(path, &o, &err);
  int ok = t && t->nrows == 2 && t->ncols == 2 && strcmp(t->names[0], "f1") == 0 &&
           strcmp(t->names[1], "f2") == 0 && t->label && t->label[0] == 1 && t->label[1] == 0 &&
           strcmp(rmx_table_id(t, 1), "P2") == 0 && rmx_table_find_text(t, "site") == 1 &&
           isnan(rmx_table_get(t, 1, 0)) && isnan(rmx_table_get(t, 0, 1)) && rmx_table_get(t, 1, 1) == -2e-3 &&
           rmx_table_count_missing(t) == 2;
  check(ok, "id-like column, text column, label apart, 2 missing cells, CRLF");
  /* Written back in the original column order. */
  char *out = g_strconcat(path, ".out.csv", NULL), *txt = NULL;
  ok = t && rmx_table_write_csv(t, out, NULL) && g_file_get_contents(out, &txt, NULL, NULL) &&
       strcmp(txt, "patient_id,site,f1,label,f2\nP1,A,1.5,1,nan\nP2,B,nan,0,-0.002\n") == 0;
  check(ok, "written back in file column order (id, text, features and label as read)");
  g_free(txt);
  rmx_table_free(t);
  RmxTableReadOptions o2 = {"site", "", NULL};
  t = rmx_table_read_csv(path, &o2, NULL);
  /* patient_id is then a non-numeric feature: that is an error. */
  check(t == NULL, "explicit id column and no label: 'P1' in a feature column is rejected");
  RmxTableReadOptions o3 = {NULL, "outcome", NULL};
  t = rmx_table_read_csv(path, &o3, &err);
  check(!t && err && strstr(err->message, "no label column 'outcome'"), "absent label column named: %s",
        err ? err->message : "");
  g_clear_error(&err);
  remove(path);
  remove(out);
  g_free(out);
  g_free(path);

  /* 'radiomix extract --batch' layout: ID, Image, Mask, quoted diagnostics, features. */
  path = tmpfile_with("ID,Image,Mask,diagnostics_Image-original_Spacing,original_firstorder_Mean,\"odd,name\"\n"
                      "c1,/d/a.nrrd,/d/a_m.nrrd,\"(0.7, 0.7, 5.0)\",12.5,1\n"
                      "c2,/d/b.nrrd,/d/b_m.nrrd,\"say \"\"hi\"\"\",,2\n");
  t = rmx_table_read_csv(path, NULL, &err);
  ok = t && t->ncols == 2 && t->ntext == 4 && !t->label && strcmp(rmx_table_id(t, 1), "c2") == 0 &&
       strcmp(t->names[1], "odd,name") == 0 && strcmp(t->text[3][0], "(0.7, 0.7, 5.0)") == 0 &&
       strcmp(t->text[3][1], "say \"hi\"") == 0 && rmx_table_get(t, 0, 0) == 12.5 && isnan(rmx_table_get(t, 1, 0));
  check(ok, "batch layout: ID id, Image/Mask/diagnostics_* text, quoted commas and quotes, empty = missing%s%s",
        err ? ": " : "", err ? err->message : "");
  g_clear_error(&err);
  out = g_strconcat(path, ".out.csv", NULL);
  RmxTable *again = t && rmx_table_write_csv(t, out, NULL) ? rmx_table_read_csv(out, NULL, NULL) : NULL;
  ok = again && again->ntext == 4 && strcmp(again->text[3][1], "say \"hi\"") == 0 &&
       strcmp(again->names[1], "odd,name") == 0 && isnan(rmx_table_get(again, 1, 0));
  check(ok, "batch layout written with quotes reads back the same");
  rmx_table_free(again);
  rmx_table_free(t);
  remove(out);
  g_free(out);
  remove(path);
  g_free(path);
  expect_error("id,a\n1,\"2\n", ":2: malformed quoted field", "unterminated quote");
  expect_error("id,a\n1,\"2\"x\n", ":2: malformed quoted field", "text after a closing quote");

  /* Bit-exact round trip of awkward doubles. */
  const double vals[] = {0.1, 1.0 / 3, -2.5e-300, 4.9406564584124654e-324, 1.7976931348623157e308,
                         -0.0, 123456789012345678.0, 1e21, 0.30000000000000004, INFINITY};
  const size_t nv = G_N_ELEMENTS(vals);
  const char *const nm[] = {"x"};
  t = rmx_table_new(nv, 1, nm);
  memcpy(t->data, vals, sizeof vals);
  out = g_build_filename(g_get_tmp_dir(), "rmx_tab_unit_roundtrip.csv", NULL);
  RmxTable *back = rmx_table_write_csv(t, out, NULL) ? rmx_table_read_csv(out, NULL, NULL) : NULL;
  check(back && back->nrows == nv && memcmp(back->data, vals, sizeof vals) == 0,
        "%zu awkward doubles (subnormal, max, -0, inf, 1/3) survive write + read bit for bit", nv);
  rmx_table_free(back);
  rmx_table_free(t);
  remove(out);
  g_free(out);
}

static void test_select_rows(void) {
  int ok;
  const char *const nm[] = {"a_1", "b_1", "a_2", "c"};
  RmxTable *t = rmx_table_new(3, 4, nm);
  for (size_t i = 0; i < 12; i++) t->data[i] = (double)i;
  const char *const pats[] = {"c", "a_*", "a_1"};
  GError *err = NULL;
  RmxTable *s = rmx_table_select(t, pats, 3, &err);
  check(s && s->ncols == 3 && !strcmp(s->names[0], "c") && !strcmp(s->names[1], "a_1") &&
            !strcmp(s->names[2], "a_2") && rmx_table_get(s, 2, 0) == 11 && rmx_table_get(s, 0, 2) == 6,
        "select: pattern order, globs in table order, no duplicates");
  rmx_table_free(s);
  const char *const bad[] = {"z*"};
  s = rmx_table_select(t, bad, 1, &err);
  check(!s && err && strstr(err->message, "'z*' matches no column"), "select: unmatched pattern named");
  g_clear_error(&err);
  const size_t rows[] = {2, 0, 2};
  RmxTable *r = rmx_table_rows(t, rows, 3, NULL);
  check(r && r->nrows == 3 && rmx_table_get(r, 0, 1) == 5 && rmx_table_get(r, 1, 1) == 3 && rmx_table_get(r, 2, 3) == 11,
        "rows: subset with repeats");
  rmx_table_free(r);
  const double extra[] = {7, 8, 9};
  ok = rmx_table_add_column(t, "score", extra, NULL) && t->ncols == 5 && rmx_table_get(t, 2, 4) == 9 &&
       rmx_table_get(t, 2, 3) == 11 && !rmx_table_add_column(t, "c", extra, &err) && err &&
       strstr(err->message, "already has a column 'c'");
  g_clear_error(&err);
  char *txt = rmx_table_format_csv(t, "t", NULL);
  check(ok && txt && g_str_has_prefix(txt, "a_1,b_1,a_2,c,score\n0,3,6,9,7\n"), "add_column: appended, written last, duplicate name refused");
  g_free(txt);
  const size_t out_of_range[] = {3};
  r = rmx_table_rows(t, out_of_range, 1, &err);
  check(!r && err && strstr(err->message, "row 3 out of range"), "rows: out of range named");
  g_clear_error(&err);
  rmx_table_free(t);
}

static void test_scaler(void) {
  /* col 0: varied with a NaN; col 1: constant 1e6; col 2: 2 rows only fitted. */
  double d[] = {1, 2, NAN, 4, 99, 1e6, 1e6, 1e6, 1e6, 1e6, 3, 5, 7, 9, 100};
  RmxMatrix m = {sizeof(RmxMatrix), 5, 3, 5, d, NULL};
  const size_t rows[] = {0, 1, 2, 3};
  RmxScaler *s = rmx_scaler_fit(RMX_SCALE_ZSCORE, &m, rows, 4, NULL);
  double mean0 = 7.0 / 3, var0 = ((1 - mean0) * (1 - mean0) + (2 - mean0) * (2 - mean0) + (4 - mean0) * (4 - mean0)) / 3;
  check(s && fabs(s->center[0] - mean0) < 1e-15 && fabs(s->var[0] - var0) < 1e-15 && s->n[0] == 3 &&
            s->scale[1] == 1 && s->center[1] == 1e6 && fabs(s->center[2] - 6) < 1e-15 && fabs(s->scale[2] - sqrt(5)) < 1e-15,
        "z-score: NaN skipped, constant column keeps scale 1, only the given rows fitted");
  rmx_scaler_apply(s, &m, NULL);
  check(isnan(d[2]) && d[5] == 0 && fabs(d[14] - (100 - 6) / sqrt(5)) < 1e-12, "z-score applied: NaN stays, constant -> 0");
  rmx_scaler_free(s);
  double e[] = {2, 4, 6, 10, 5, 5, 5, 5};
  RmxMatrix m2 = {sizeof(RmxMatrix), 4, 2, 4, e, NULL};
  s = rmx_scaler_fit(RMX_SCALE_MINMAX, &m2, NULL, 0, NULL);
  rmx_scaler_apply(s, &m2, NULL);
  check(e[0] == 0 && e[3] == 1 && e[1] == 0.25 && e[4] == 0, "min-max: [min, max] -> [0, 1], zero range -> 0");
  rmx_scaler_free(s);
}

static int count_class(const double *y, const guint8 *flag, size_t n, double c, int want) {
  int k = 0;
  for (size_t i = 0; i < n; i++) k += y[i] == c && flag[i] == want;
  return k;
}

static void test_splits(void) {
  enum { N = 103 };
  double y[N];
  char *gname[N];
  for (size_t i = 0; i < N; i++) {
    y[i] = i % 10 < 3 ? 1 : (i % 10 < 4 ? 2 : 0); /* 3 classes */
    gname[i] = g_strdup_printf("p%zu", (i * 7) % 37); /* 37 groups of 2..3 rows, mixed labels */
  }
  guint8 a[N], b[N], c[N];
  GError *err = NULL;
  int ok = rmx_split_stratified(y, NULL, N, 0.3, 11, a, &err) && rmx_split_stratified(y, NULL, N, 0.3, 11, b, NULL) &&
           rmx_split_stratified(y, NULL, N, 0.3, 12, c, NULL);
  size_t nt = 0;
  for (size_t i = 0; i < N; i++) nt += a[i];
  double n1 = 0, n2 = 0, n0 = 0;
  for (size_t i = 0; i < N; i++) y[i] == 1 ? n1++ : y[i] == 2 ? n2++ : n0++;
  int t1 = count_class(y, a, N, 1, 1), t2 = count_class(y, a, N, 2, 1), t0 = count_class(y, a, N, 0, 1);
  ok = ok && nt == (size_t)ceil(0.3 * N) && fabs(t1 - n1 * nt / N) < 1 && fabs(t2 - n2 * nt / N) < 1 &&
       fabs(t0 - n0 * nt / N) < 1 && memcmp(a, b, N) == 0 && memcmp(a, c, N) != 0;
  check(ok, "split: %zu = ceil(0.3 n) test rows, per class within 1 of its share (%d/%d/%d), seeded", nt, t0, t1, t2);

  ok = rmx_split_stratified(y, (const char *const *)gname, N, 0.3, 3, a, NULL);
  GHashTable *side = g_hash_table_new(g_str_hash, g_str_equal);
  nt = 0;
  for (size_t i = 0; i < N; i++) {
    gpointer prev = g_hash_table_lookup(side, gname[i]);
    ok &= !prev || GPOINTER_TO_INT(prev) == a[i] + 1;
    g_hash_table_insert(side, gname[i], GINT_TO_POINTER(a[i] + 1));
    nt += a[i];
  }
  check(ok && fabs((double)nt - 0.3 * N) <= 6, "grouped split: no group on both sides, %zu test rows (target %.0f)", nt, ceil(0.3 * N));
  g_hash_table_destroy(side);

  int f[N], g[N];
  ok = rmx_kfold_stratified(y, NULL, N, 5, 9, f, NULL) && rmx_kfold_stratified(y, NULL, N, 5, 9, g, NULL) &&
       memcmp(f, g, sizeof f) == 0;
  int per[3][5] = {{0}}, tot[5] = {0};
  for (size_t i = 0; i < N; i++) {
    per[(int)y[i]][f[i]]++;
    tot[f[i]]++;
  }
  for (int cl = 0; cl < 3; cl++)
    for (int k = 0; k < 5; k++) ok &= abs(per[cl][k] - per[cl][0]) <= 1;
  for (int k = 0; k < 5; k++) ok &= abs(tot[k] - tot[0]) <= 1;
  check(ok, "kfold(5): per class and in total fold sizes differ by at most 1 (%d %d %d %d %d), seeded",
        tot[0], tot[1], tot[2], tot[3], tot[4]);
  ok = rmx_kfold_stratified(y, (const char *const *)gname, N, 5, 9, f, NULL);
  GHashTable *fold_of = g_hash_table_new(g_str_hash, g_str_equal);
  int gt[5] = {0};
  for (size_t i = 0; i < N; i++) {
    gpointer prev = g_hash_table_lookup(fold_of, gname[i]);
    ok &= !prev || GPOINTER_TO_INT(prev) == f[i] + 1;
    g_hash_table_insert(fold_of, gname[i], GINT_TO_POINTER(f[i] + 1));
    gt[f[i]]++;
  }
  for (int k = 0; k < 5; k++) ok &= gt[k] > 0;
  check(ok, "grouped kfold: each group in one fold, no empty fold (%d %d %d %d %d)", gt[0], gt[1], gt[2], gt[3], gt[4]);
  g_hash_table_destroy(fold_of);

  ok = !rmx_split_stratified(y, NULL, N, 1.2, 1, a, &err) && err && strstr(err->message, "or a whole number of rows below 103");
  g_clear_error(&err);
  size_t cnt = 0;
  ok &= rmx_split_stratified(y, NULL, N, 10, 1, a, NULL);
  for (size_t i = 0; i < N; i++) cnt += a[i];
  ok &= cnt == 10;
  ok &= !rmx_kfold_stratified(y, NULL, 4, 5, 1, f, &err) && err && strstr(err->message, "k must be in 2..4");
  g_clear_error(&err);
  y[5] = NAN;
  ok &= !rmx_split_stratified(y, NULL, N, 0.2, 1, a, &err) && err && strstr(err->message, "label #6 is not a finite number");
  g_clear_error(&err);
  double col[] = {0, 1, 2};
  ok &= !rmx_split_from_column(col, 3, "is_test", a, &err) && err && strstr(err->message, "is_test: value #3 is 2");
  g_clear_error(&err);
  double fc[] = {3, -1, 0.5};
  size_t k;
  ok &= !rmx_folds_from_column(fc, 3, "fold", f, &k, &err) && err && strstr(err->message, "fold: value #3 is 0.5");
  g_clear_error(&err);
  check(ok, "split/kfold errors name the parameter and row");
  for (size_t i = 0; i < N; i++) g_free(gname[i]);
}

/* AUC and AP from their definitions, pair by pair and positive by positive. */
static void test_metric_definitions(void) {
  RmxRng rng;
  rmx_rng_seed(&rng, 2024, 0);
  double worst_auc = 0, worst_ap = 0;
  for (int trial = 0; trial < 200; trial++) {
    size_t n = 2 + (size_t)rmx_rng_below(&rng, 40);
    double y[64], s[64];
    int levels = 1 + (int)rmx_rng_below(&rng, 8); /* few levels: many ties */
    for (size_t i = 0; i < n; i++) {
      y[i] = (double)rmx_rng_below(&rng, 2);
      s[i] = (double)rmx_rng_below(&rng, (uint64_t)levels) / 4;
    }
    y[0] = 0;
    y[1] = 1;
    double num = 0, P = 0, N = 0, ap = 0;
    for (size_t i = 0; i < n; i++) {
      P += y[i];
      N += 1 - y[i];
      if (y[i] != 1) continue;
      double tp = 0, all = 0;
      for (size_t j = 0; j < n; j++) {
        if (y[j] == 0) num += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
        if (s[j] >= s[i]) {
          all++;
          tp += y[j];
        }
      }
      ap += tp / all; /* precision at this positive's threshold (ties included) */
    }
    worst_auc = fmax(worst_auc, fabs(rmx_roc_auc(y, s, n) - num / (P * N)));
    worst_ap = fmax(worst_ap, fabs(rmx_average_precision(y, s, n) - ap / P));
  }
  check(worst_auc < 1e-14 && worst_ap < 1e-14,
        "200 random tied samples: AUC vs pair count (max diff %.2g), AP vs per-positive precision (%.2g)", worst_auc, worst_ap);
  double y1[] = {1, 1, 1}, s1[] = {0.2, 0.4, 0.9};
  RmxBinaryMetrics m;
  rmx_binary_metrics(y1, s1, 3, 0.5, &m);
  check(isnan(m.v[RMX_METRIC_ROC_AUC]) && isnan(m.v[RMX_METRIC_SPECIFICITY]) && isnan(m.v[RMX_METRIC_NPV]) == 0 &&
            m.v[RMX_METRIC_SENSITIVITY] == 1.0 / 3 && m.tp == 1 && m.fn == 2,
        "one class only: AUC and specificity NaN, the rest defined");
  double v[1000];
  for (int i = 0; i < 1000; i++) v[i] = (double)i * i;
  double lo = rmx_percentile_linear(v, 1000, 0.025), hi = rmx_percentile_linear(v, 1000, 0.975);
  check(fabs(lo - (v[24] + 0.975 * (v[25] - v[24]))) < 1e-9 && fabs(hi - (v[974] + 0.025 * (v[975] - v[974]))) < 1e-9,
        "percentile 2.5/97.5 of 1000 values = v[24]+0.975(v[25]-v[24]), v[974]+0.025(v[975]-v[974])");
}

/* Exact Mann-Whitney null distribution by enumerating every split of ranks 1..n. */
static void test_mwu_exact(void) {
  double worst = 0;
  const size_t sizes[][2] = {{1, 1}, {2, 3}, {3, 4}, {5, 5}, {4, 8}, {7, 6}, {8, 8}};
  for (size_t t = 0; t < G_N_ELEMENTS(sizes); t++) {
    size_t n1 = sizes[t][0], n2 = sizes[t][1], n = n1 + n2, deg = n1 * n2;
    double *cnt = g_new0(double, deg + 1), total = 0;
    for (uint32_t mask = 0; mask < (1u << n); mask++) {
      if ((size_t)__builtin_popcount(mask) != n1) continue;
      size_t u = 0; /* pairs (first, second) with first ranked above second */
      for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
          u += ((mask >> i) & 1) && !((mask >> j) & 1) && i > j;
      cnt[u]++;
      total++;
    }
    double tail = 0;
    for (size_t u = deg + 1; u-- > 0;) {
      tail += cnt[u];
      worst = fmax(worst, fabs(rmx_mwu_exact_sf((double)u, n1, n2) - tail / total));
    }
    g_free(cnt);
  }
  check(worst < 1e-14, "exact P(U >= u) vs enumeration of all rank splits, 7 size pairs up to 8+8: max diff %.2g", worst);
  double x[] = {1.5, 3.2, 8.1, 9.9}, y[] = {0.3, 2.2, 2.9, 4.0, 5.5};
  RmxMannWhitney a, b;
  rmx_mannwhitneyu(x, 4, y, 5, RMX_MWU_AUTO, TRUE, RMX_MWU_TWO_SIDED, &a, NULL);
  rmx_mannwhitneyu(y, 5, x, 4, RMX_MWU_AUTO, TRUE, RMX_MWU_TWO_SIDED, &b, NULL);
  /* x ranks: 2,5,8,9 -> R1 = 24, U1 = 14; exact two-sided p = 2 P(U >= 14). */
  check(a.method_used == RMX_MWU_EXACT && a.r1 == 24 && a.u1 == 14 && b.u1 == 6 && a.p == b.p &&
            fabs(a.p - 2 * rmx_mwu_exact_sf(14, 4, 5)) < 1e-15,
        "small samples without ties: auto picks exact; swapping samples swaps U, keeps p (%.4g)", a.p);
  RmxMannWhitney g, l;
  rmx_mannwhitneyu(x, 4, y, 5, RMX_MWU_AUTO, TRUE, RMX_MWU_GREATER, &g, NULL);
  rmx_mannwhitneyu(x, 4, y, 5, RMX_MWU_AUTO, TRUE, RMX_MWU_LESS, &l, NULL);
  int alt_ok = g.p == rmx_mwu_exact_sf(14, 4, 5) && l.p == rmx_mwu_exact_sf(6, 4, 5) && g.u1 == 14;
  double big1[30], big2[40];
  for (int i = 0; i < 30; i++) big1[i] = 0.5 + i * 0.37;
  for (int i = 0; i < 40; i++) big2[i] = i * 0.29;
  RmxMannWhitney two;
  rmx_mannwhitneyu(big1, 30, big2, 40, RMX_MWU_AUTO, FALSE, RMX_MWU_GREATER, &g, NULL);
  rmx_mannwhitneyu(big1, 30, big2, 40, RMX_MWU_AUTO, FALSE, RMX_MWU_LESS, &l, NULL);
  alt_ok &= g.method_used == RMX_MWU_ASYMPTOTIC && fabs(g.p + l.p - 1) < 1e-14;
  rmx_mannwhitneyu(big1, 30, big2, 40, RMX_MWU_AUTO, TRUE, RMX_MWU_GREATER, &g, NULL);
  rmx_mannwhitneyu(big1, 30, big2, 40, RMX_MWU_AUTO, TRUE, RMX_MWU_TWO_SIDED, &two, NULL);
  alt_ok &= g.u1 > g.u2 && fabs(two.p - 2 * g.p) < 1e-15;
  check(alt_ok, "alternatives: exact one-sided tails P(U >= U1), P(U >= U2); asymptotic greater + less = 1 "
        "without continuity; two-sided = 2 x the larger side's tail");
  double t1[] = {1, 2, 2, 3}, t2[] = {2, 3, 4};
  rmx_mannwhitneyu(t1, 4, t2, 3, RMX_MWU_AUTO, TRUE, RMX_MWU_TWO_SIDED, &a, NULL);
  check(a.method_used == RMX_MWU_ASYMPTOTIC && a.tie_term == (27 - 3) + (8 - 2) && a.r1 == 1 + 3 + 3 + 5.5,
        "ties: auto picks asymptotic; mid-ranks and tie term sum(t^3 - t) = %g", a.tie_term);
  GError *err = NULL;
  int rejected = !rmx_mannwhitneyu(t1, 0, t2, 3, RMX_MWU_AUTO, TRUE, RMX_MWU_TWO_SIDED, &a, &err);
  check(rejected && err && strstr(err->message, "sizes 0 and 3"), "empty sample rejected: %s", err ? err->message : "");
  g_clear_error(&err);
}

/* Seeded mutations of a valid CSV: each read either succeeds or fails with one line naming the file. */
static void test_csv_mutations(void) {
  static const char base[] = "ID,Image,x,\"y,1\",label\nA,\"/p,q\",1.5,2e-3,1\nB,/r,nan,,0\nC,/s,-4,5,1\n";
  static const char junk[] = ",\"\n\rx.e-+ 0";
  RmxRng rng;
  rmx_rng_seed(&rng, 99, 0);
  char *path = tmpfile_with("");
  int bad = 0, parsed = 0, failed = 0;
  for (int it = 0; it < 500; it++) {
    char buf[256];
    size_t n = sizeof base - 1;
    memcpy(buf, base, n);
    int edits = 1 + (int)rmx_rng_below(&rng, 4);
    for (int e = 0; e < edits && n > 1 && n < sizeof buf - 2; e++) {
      size_t at = (size_t)rmx_rng_below(&rng, n);
      char c = junk[rmx_rng_below(&rng, sizeof junk - 1)];
      switch (rmx_rng_below(&rng, 3)) {
      case 0: buf[at] = c; break;                                              /* replace */
      case 1: memmove(buf + at + 1, buf + at, n - at); buf[at] = c; n++; break; /* insert */
      default: memmove(buf + at, buf + at + 1, n - at - 1); n--; break;         /* delete */
      }
    }
    buf[n] = '\0';
    if (!g_file_set_contents(path, buf, (gssize)n, NULL)) exit(2);
    GError *err = NULL;
    RmxTable *t = rmx_table_read_csv(path, NULL, &err);
    if (t) {
      parsed++;
      char *csv = rmx_table_format_csv(t, path, NULL);
      if (!csv) printf("  cannot write back what was read from: %s\n", buf);
      bad += csv == NULL; /* whatever was read can be written */
      g_free(csv);
    } else {
      failed++;
      int b = !err || !g_str_has_prefix(err->message, path) || strchr(err->message, '\n') != NULL;
      if (b) printf("  bad error for: %s -> %s\n", buf, err ? err->message : "(none)");
      bad += b;
    }
    rmx_table_free(t);
    g_clear_error(&err);
  }
  remove(path);
  g_free(path);
  check(bad == 0, "500 mutated CSV files: %d read, %d refused with one line naming the file, %d bad outcomes",
        parsed, failed, bad);
}

int main(void) {
  test_csv();
  test_csv_mutations();
  test_select_rows();
  test_scaler();
  test_splits();
  test_metric_definitions();
  test_mwu_exact();
  printf("%d passed, %d failed\n", n_pass, n_fail);
  return n_fail ? 1 : 0;
}
