/* test_tabular_ref.c: tables, scaling, metrics, bootstrap and Mann-Whitney against one tabular reference folder. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "scale.h"
#include "split.h"
#include "stats.h"
#include "table.h"

static int n_pass, n_fail;
static const char *dir;

/* Equal within tol absolute, or tol relative when 'rel'; NaN equals NaN. */
static double max_abs_seen, max_rel_seen;
static int close_to(double got, double want, double tol, int rel) {
  if (isnan(got) || isnan(want)) return isnan(got) && isnan(want);
  if (isinf(got) || isinf(want)) return got == want;
  double d = fabs(got - want);
  if (rel) {
    double r = want != 0 ? d / fabs(want) : d;
    if (r > max_rel_seen) max_rel_seen = r;
    return r <= tol;
  }
  if (d > max_abs_seen) max_abs_seen = d;
  return d <= tol;
}

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

static RmxTable *load(const char *name, const char *const *text) {
  char *path = g_build_filename(dir, name, NULL);
  RmxTableReadOptions o = {NULL, NULL, text};
  GError *err = NULL;
  RmxTable *t = rmx_table_read_csv(path, &o, &err);
  if (!t) {
    fprintf(stderr, "cannot load reference: %s\n", err->message);
    exit(2);
  }
  g_free(path);
  return t;
}

static const double *col(const RmxTable *t, const char *name) {
  ptrdiff_t c = rmx_table_find(t, name);
  if (c < 0) {
    fprintf(stderr, "reference column '%s' missing\n", name);
    exit(2);
  }
  return rmx_table_col(t, (size_t)c);
}

/* Row of a key,value or metric,... table whose text key column equals key. */
static size_t row_of(const RmxTable *t, const char *key) {
  for (size_t r = 0; r < t->nrows; r++)
    if (strcmp(t->text[0][r], key) == 0) return r;
  fprintf(stderr, "reference row '%s' missing\n", key);
  exit(2);
}

static double kv(const RmxTable *t, const char *key) {
  return g_ascii_strtod(t->text[1][row_of(t, key)], NULL);
}

/* data.csv and splits.csv: shape, ids, split columns; CSV round trip. */
static void check_data_and_splits(RmxTable **data_out, guint8 **is_test_out) {
  RmxTable *data = load("data.csv", NULL), *sp = load("splits.csv", NULL);
  check(data->label && data->id_text == 0 && sp->nrows == data->nrows,
        "data.csv: %zu rows, %zu features, label and id found", data->nrows, data->ncols);
  int same = 1;
  for (size_t r = 0; r < data->nrows; r++)
    same &= strcmp(rmx_table_id(data, r), rmx_table_id(sp, r)) == 0 && data->label[r] == sp->label[r];
  check(same, "splits.csv ids and labels match data.csv row by row");
  guint8 *is_test = g_new(guint8, data->nrows);
  int *fold = g_new(int, data->nrows), *tfold = g_new(int, data->nrows);
  size_t k = 0, k2 = 0, nt = 0;
  GError *err = NULL;
  gboolean ok = rmx_split_from_column(col(sp, "is_test"), sp->nrows, "is_test", is_test, &err) &&
                rmx_folds_from_column(col(sp, "fold"), sp->nrows, "fold", fold, &k, &err) &&
                rmx_folds_from_column(col(sp, "train_fold"), sp->nrows, "train_fold", tfold, &k2, &err);
  for (size_t r = 0; ok && r < sp->nrows; r++) {
    nt += is_test[r];
    ok &= fold[r] == (int)col(sp, "fold")[r] && tfold[r] == (int)col(sp, "train_fold")[r] &&
          (tfold[r] < 0) == (is_test[r] == 1);
  }
  check(ok && k == 5 && k2 == 5, "splits read back: 5 folds, 5 train folds (-1 exactly on %zu test rows)", nt);
  if (err) g_error_free(err);

  /* Write and read back: every value bit for bit, same column order. */
  char *tmp = g_build_filename(g_get_tmp_dir(), "rmx_tabular_roundtrip.csv", NULL);
  RmxTable *back = NULL;
  if (rmx_table_write_csv(data, tmp, NULL)) back = rmx_table_read_csv(tmp, NULL, NULL);
  int bits = back && back->ncols == data->ncols && back->nrows == data->nrows &&
             memcmp(back->data, data->data, sizeof(double) * data->nrows * data->ncols) == 0 &&
             memcmp(back->label, data->label, sizeof(double) * data->nrows) == 0 &&
             back->norder == data->norder && memcmp(back->order, data->order, sizeof(ptrdiff_t) * data->norder) == 0;
  check(bits, "write + read of data.csv is bit-identical");
  rmx_table_free(back);
  remove(tmp);
  g_free(tmp);
  g_free(fold);
  g_free(tfold);
  rmx_table_free(sp);
  *data_out = data;
  *is_test_out = is_test;
}

static void check_scaler(const RmxTable *data, const guint8 *is_test) {
  RmxTable *ref = load("scaler_train.csv", (const char *const[]){"feature", NULL});
  size_t *rows = g_new(size_t, data->nrows), n = 0;
  for (size_t r = 0; r < data->nrows; r++)
    if (!is_test[r]) rows[n++] = r;
  RmxMatrix m = rmx_table_matrix(data);
  RmxScaler *s = rmx_scaler_fit(RMX_SCALE_ZSCORE, &m, rows, n, NULL);
  int ok = ref->nrows == data->ncols, names = 1;
  max_rel_seen = 0;
  for (size_t c = 0; ok && c < data->ncols; c++) {
    names &= strcmp(ref->text[0][c], data->names[c]) == 0;
    ok &= close_to(s->center[c], col(ref, "mean")[c], 1e-12, 1) &&
          close_to(s->scale[c], col(ref, "scale")[c], 1e-12, 1) &&
          close_to(s->var[c], col(ref, "var")[c], 1e-12, 1);
  }
  check(ok && names, "z-score on %zu training rows vs scaler_train.csv (%zu features): max rel diff %.3g",
        n, data->ncols, max_rel_seen);
  /* Applied to the training rows: mean 0, population std 1 (or all 0). */
  RmxTable *tr = rmx_table_rows(data, rows, n, NULL);
  RmxMatrix tm = rmx_table_matrix(tr);
  rmx_scaler_apply(s, &tm, NULL);
  double worst = 0;
  for (size_t c = 0; c < tr->ncols; c++) {
    double sum = 0, ss = 0;
    for (size_t r = 0; r < n; r++) sum += rmx_table_get(tr, r, c);
    for (size_t r = 0; r < n; r++) ss += pow(rmx_table_get(tr, r, c) - sum / (double)n, 2);
    double sd = sqrt(ss / (double)n);
    worst = fmax(worst, fmax(fabs(sum / (double)n), fabs(sd - 1)));
  }
  check(worst < 1e-12, "scaled training rows have mean 0 and std 1 (max deviation %.3g)", worst);
  rmx_table_free(tr);
  rmx_scaler_free(s);
  g_free(rows);
  rmx_table_free(ref);
}

static void check_eval(void) {
  RmxTable *pred = load("eval_test_predictions.csv", NULL);
  RmxTable *ref = load("eval_metrics.csv", (const char *const[]){"metric", NULL});
  RmxTable *bm = load("bootstrap_metrics.csv", NULL);
  RmxTable *bi = load("bootstrap_indices.csv", NULL);
  size_t n = pred->nrows;
  const double *y = pred->label, *s = col(pred, "score");
  RmxBinaryMetrics m;
  rmx_binary_metrics(y, s, n, 0.5, &m);
  max_abs_seen = 0;
  int ok = 1;
  for (int k = 0; k < RMX_METRIC_BRIER; k++)
    ok &= close_to(m.v[k], col(ref, "value")[row_of(ref, rmx_metric_names[k])], 1e-9, 0);
  ok &= m.tp == (size_t)col(ref, "value")[row_of(ref, "tp")] && m.tn == (size_t)col(ref, "value")[row_of(ref, "tn")] &&
        m.fp == (size_t)col(ref, "value")[row_of(ref, "fp")] && m.fn == (size_t)col(ref, "value")[row_of(ref, "fn")];
  check(ok, "9 test-set metrics and tp/tn/fp/fn vs eval_metrics.csv: max abs diff %.3g", max_abs_seen);

  /* Bootstrap with the stored 0-based positions. */
  size_t B = bi->nrows, M = bi->ncols - 1;
  size_t *idx = g_new(size_t, B * M);
  for (size_t b = 0; b < B; b++)
    for (size_t j = 0; j < M; j++) idx[b * M + j] = (size_t)rmx_table_get(bi, b, j + 1);
  RmxBootstrapCI ci[RMX_METRIC_COUNT];
  double *per = g_new(double, B * RMX_METRIC_COUNT);
  GError *err = NULL;
  ok = rmx_bootstrap_metrics(y, s, n, 0.5, idx, B, M, 0, 0.95, ci, per, &err);
  max_abs_seen = 0;
  for (int k = 0; ok && k < RMX_METRIC_BRIER; k++) {
    size_t r = row_of(ref, rmx_metric_names[k]);
    ok &= close_to(ci[k].low, col(ref, "ci95_low")[r], 1e-9, 0) &&
          close_to(ci[k].high, col(ref, "ci95_high")[r], 1e-9, 0) &&
          close_to(ci[k].mean, col(ref, "boot_mean")[r], 1e-9, 0) &&
          close_to(ci[k].sd, col(ref, "boot_sd")[r], 1e-9, 0) &&
          ci[k].n_valid == (size_t)col(ref, "n_valid_resamples")[r];
  }
  check(ok, "bootstrap CIs, mean, sd, valid counts (%zu resamples) vs eval_metrics.csv: max abs diff %.3g",
        B, max_abs_seen);
  max_abs_seen = 0;
  ok = bm->nrows == B;
  for (size_t b = 0; ok && b < B; b++)
    for (int k = 0; k < RMX_METRIC_BRIER; k++)
      ok &= close_to(per[b * RMX_METRIC_COUNT + k], col(bm, rmx_metric_names[k])[b], 1e-9, 0);
  check(ok, "per-resample metrics vs bootstrap_metrics.csv (%zu x 9): max abs diff %.3g", B, max_abs_seen);

  /* Curves, point by point. */
  RmxTable *roc = load("eval_roc_curve.csv", NULL), *pr = load("eval_pr_curve.csv", NULL);
  RmxCurve c;
  max_abs_seen = 0;
  ok = rmx_roc_curve(y, s, n, &c, NULL) && c.n == roc->nrows;
  for (size_t i = 0; ok && i < c.n; i++)
    ok &= close_to(c.threshold[i], col(roc, "threshold")[i], 1e-12, 0) &&
          close_to(c.x[i], col(roc, "fpr")[i], 1e-12, 0) && close_to(c.y[i], col(roc, "tpr")[i], 1e-12, 0);
  check(ok, "ROC curve (%zu points) vs eval_roc_curve.csv: max abs diff %.3g", c.n, max_abs_seen);
  rmx_curve_clear(&c);
  max_abs_seen = 0;
  ok = rmx_pr_curve(y, s, n, &c, NULL) && c.n == pr->nrows;
  for (size_t i = 0; ok && i < c.n; i++)
    ok &= close_to(c.threshold[i], col(pr, "threshold")[i], 1e-12, 0) &&
          close_to(c.x[i], col(pr, "recall")[i], 1e-12, 0) && close_to(c.y[i], col(pr, "precision")[i], 1e-12, 0);
  check(ok, "PR curve (%zu points) vs eval_pr_curve.csv: max abs diff %.3g", c.n, max_abs_seen);
  rmx_curve_clear(&c);

  /* Mann-Whitney U on the test scores, positives first. */
  RmxTable *mw = load("eval_mannwhitney.csv", (const char *const[]){"key", "value", NULL});
  double *pos = g_new(double, n), *neg = g_new(double, n);
  size_t np = 0, nn = 0;
  for (size_t i = 0; i < n; i++) {
    if (y[i] == 1) pos[np++] = s[i];
    else neg[nn++] = s[i];
  }
  RmxMannWhitney r;
  ok = rmx_mannwhitneyu(pos, np, neg, nn, RMX_MWU_AUTO, TRUE, RMX_MWU_TWO_SIDED, &r, NULL);
  max_rel_seen = 0;
  ok &= close_to(r.u1, kv(mw, "U_pos"), 1e-12, 1) && close_to(r.u2, kv(mw, "U_neg"), 1e-12, 1) &&
        close_to(r.r1, kv(mw, "R_pos"), 1e-12, 1) && close_to(r.tie_term, kv(mw, "tie_term"), 1e-12, 1) &&
        close_to(r.sigma, kv(mw, "sigma"), 1e-12, 1) && close_to(r.z, kv(mw, "z"), 1e-12, 1) &&
        close_to(r.p, kv(mw, "p_value"), 1e-9, 1) &&
        strcmp(rmx_mwu_method_name(r.method_used), mw->text[1][row_of(mw, "method_used")]) == 0;
  check(ok, "Mann-Whitney (auto: %s) U, R, ties, sigma, z, p vs eval_mannwhitney.csv: max rel diff %.3g",
        rmx_mwu_method_name(r.method_used), max_rel_seen);
  double pe = kv(mw, "p_value_exact");
  max_rel_seen = 0;
  ok = rmx_mannwhitneyu(pos, np, neg, nn, RMX_MWU_EXACT, TRUE, RMX_MWU_TWO_SIDED, &r, NULL) &&
       r.method_used == RMX_MWU_EXACT && close_to(r.p, pe, 1e-9, 1);
  check(ok, "Mann-Whitney exact p = %.6g vs p_value_exact %.6g (rel diff %.3g)", r.p, pe, max_rel_seen);
  g_free(pos);
  g_free(neg);
  g_free(idx);
  g_free(per);
  rmx_table_free(mw);
  rmx_table_free(roc);
  rmx_table_free(pr);
  rmx_table_free(pred);
  rmx_table_free(ref);
  rmx_table_free(bm);
  rmx_table_free(bi);
}

/* Fold AUCs, pooled AUC and Mann-Whitney from the out-of-fold scores. */
static void check_cv(void) {
  RmxTable *oof = load("cv_oof_scores.csv", NULL);
  RmxTable *folds = load("cv_auc_folds.csv", (const char *const[]){"classifier", NULL});
  RmxTable *sum = load("cv_auc_summary.csv", (const char *const[]){"classifier", NULL});
  RmxTable *mw = load("cv_oof_mannwhitney.csv", (const char *const[]){"classifier", "method_used", NULL});
  size_t n = oof->nrows;
  const double *fold = col(oof, "fold"), *y = oof->label;
  double *yy = g_new(double, n), *ss = g_new(double, n), *pos = g_new(double, n), *neg = g_new(double, n);
  int ok_f = 1, ok_s = 1, ok_m = 1;
  size_t nfold_checked = 0;
  double dmax_f = 0, dmax_s = 0, rmax_m = 0;
  for (size_t r = 0; r < folds->nrows; r++) {
    char *cname = g_strconcat("score_", folds->text[0][r], NULL);
    const double *s = col(oof, cname);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
      if (fold[i] == col(folds, "fold")[r]) {
        yy[m] = y[i];
        ss[m++] = s[i];
      }
    max_abs_seen = 0;
    ok_f &= m == (size_t)col(folds, "n_test")[r] && close_to(rmx_roc_auc(yy, ss, m), col(folds, "roc_auc")[r], 1e-9, 0);
    dmax_f = fmax(dmax_f, max_abs_seen);
    nfold_checked++;
    g_free(cname);
  }
  check(ok_f, "%zu fold AUCs from cv_oof_scores vs cv_auc_folds.csv: max abs diff %.3g", nfold_checked, dmax_f);
  for (size_t r = 0; r < sum->nrows; r++) {
    char *cname = g_strconcat("score_", sum->text[0][r], NULL);
    const double *s = col(oof, cname);
    double a[5] = {0}, mean = 0, ss0 = 0;
    for (int k = 0; k < 5; k++) {
      size_t m = 0;
      for (size_t i = 0; i < n; i++)
        if (fold[i] == k) {
          yy[m] = y[i];
          ss[m++] = s[i];
        }
      a[k] = rmx_roc_auc(yy, ss, m);
      mean += a[k] / 5;
    }
    for (int k = 0; k < 5; k++) ss0 += (a[k] - mean) * (a[k] - mean);
    max_abs_seen = 0;
    ok_s &= close_to(rmx_roc_auc(y, s, n), col(sum, "pooled_oof_auc")[r], 1e-9, 0) &&
            close_to(mean, col(sum, "mean_fold_auc")[r], 1e-9, 0) &&
            close_to(sqrt(ss0 / 5), col(sum, "std_fold_auc_ddof0")[r], 1e-9, 0) &&
            close_to(sqrt(ss0 / 4), col(sum, "std_fold_auc_ddof1")[r], 1e-9, 0);
    dmax_s = fmax(dmax_s, max_abs_seen);
    g_free(cname);
  }
  check(ok_s, "%zu pooled OOF AUCs, fold means and stds vs cv_auc_summary.csv: max abs diff %.3g",
        sum->nrows, dmax_s);
  size_t ties_seen = 0;
  for (size_t r = 0; r < mw->nrows; r++) {
    char *cname = g_strconcat("score_", mw->text[0][r], NULL);
    const double *s = col(oof, cname);
    size_t np = 0, nn = 0;
    for (size_t i = 0; i < n; i++) {
      if (y[i] == 1) pos[np++] = s[i];
      else neg[nn++] = s[i];
    }
    RmxMannWhitney t;
    max_rel_seen = 0;
    ok_m &= rmx_mannwhitneyu(pos, np, neg, nn, RMX_MWU_AUTO, TRUE, RMX_MWU_TWO_SIDED, &t, NULL) &&
            close_to(t.u1, col(mw, "U_pos")[r], 1e-12, 1) && close_to(t.u2, col(mw, "U_neg")[r], 1e-12, 1) &&
            close_to(t.r1, col(mw, "R_pos")[r], 1e-12, 1) &&
            close_to(t.tie_term, col(mw, "tie_term")[r], 1e-12, 1) &&
            close_to(t.sigma, col(mw, "sigma")[r], 1e-12, 1) && close_to(t.z, col(mw, "z")[r], 1e-12, 1) &&
            close_to(t.p, col(mw, "p_value")[r], 1e-9, 1) &&
            strcmp(rmx_mwu_method_name(t.method_used), mw->text[1][r]) == 0;
    rmax_m = fmax(rmax_m, max_rel_seen);
    ties_seen += t.tie_term > 0;
    g_free(cname);
  }
  check(ok_m, "Mann-Whitney on pooled OOF scores of %zu classifiers (%zu with ties) vs cv_oof_mannwhitney.csv: max rel diff %.3g",
        mw->nrows, ties_seen, rmax_m);
  g_free(yy);
  g_free(ss);
  g_free(pos);
  g_free(neg);
  rmx_table_free(oof);
  rmx_table_free(folds);
  rmx_table_free(sum);
  rmx_table_free(mw);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s TABULAR_FOLDER\n", argv[0]);
    return 2;
  }
  dir = argv[1];
  RmxTable *data;
  guint8 *is_test;
  check_data_and_splits(&data, &is_test);
  check_scaler(data, is_test);
  check_eval();
  check_cv();
  rmx_table_free(data);
  g_free(is_test);
  printf("%d passed, %d failed\n", n_pass, n_fail);
  return n_fail ? 1 : 0;
}
