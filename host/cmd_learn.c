/* cmd_learn.c: 'radiomix learn split|evaluate': seeded splits and test-set evaluation from CSV files. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ctx.h"
#include "metrics.h"
#include "split.h"
#include "stats.h"
#include "table.h"
#include "volume.h" /* RMX_ERROR */

static int learn_help(FILE *out) {
  fprintf(out,
          "usage: radiomix learn split DATA.csv [-o SPLITS.csv] [--label COL] [--id COL]\n"
          "                            [--group COL] [--test-size F] [--folds K] [--seed N]\n"
          "       radiomix learn evaluate PREDICTIONS.csv [-o METRICS.csv] [--label COL] [--score COL]\n"
          "                            [--threshold T] [--bootstrap N | --indices FILE] [--level L] [--seed N]\n"
          "       radiomix learn cv|fit|predict ...   (radiomix learn cv --help)\n"
          "\n"
          "split: a stratified train/test split and k-fold assignments, written as\n"
          "  id,label,fold,is_test,train_fold (folds 0-based; train_fold is a k-fold of the\n"
          "  training rows, -1 on test rows). --group keeps each group on one side.\n"
          "  Defaults: --test-size 0.25, --folds 5, the global --seed.\n"
          "evaluate: metrics of scores against 0/1 labels at a threshold (default 0.5),\n"
          "  with percentile bootstrap CIs (default 1000 seeded resamples, --bootstrap 0\n"
          "  for none; --indices reads one resample per row, each column but a leading\n"
          "  'resample' one a 0-based position).\n"
          "  Output: metric,value,ci_low,ci_high,n_valid_resamples,boot_mean,boot_sd for\n"
          "  each metric, then the tp, tn, fp, fn counts and the two-sided Mann-Whitney U\n"
          "  test of positive against negative scores (U, z, p). Without -o: stdout.\n");
  return RMX_EXIT_OK;
}

typedef struct {
  const char *in, *out, *label, *id, *group, *score, *indices;
  double test_size, threshold, level;
  long folds, bootstrap;
  uint64_t seed;
} LearnOpts;

static gboolean parse_double(const char *s, double *v) {
  char *end;
  *v = g_ascii_strtod(s, &end);
  return *s && !*end && isfinite(*v);
}

/* Parses options after the subcommand; returns an exit code, or -1 to go on. */
static int parse(int argc, char **argv, LearnOpts *o) {
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help")) return learn_help(stdout);
    if (a[0] != '-') {
      if (o->in) return rmx_die(RMX_EXIT_USAGE, "learn %s: more than one input file ('%s')", argv[1], a);
      o->in = a;
      continue;
    }
    if (i + 1 >= argc) return rmx_die(RMX_EXIT_USAGE, "learn %s: option %s needs a value", argv[1], a);
    const char *v = argv[++i];
    double d;
    if (!strcmp(a, "-o") || !strcmp(a, "--output")) o->out = v;
    else if (!strcmp(a, "--label")) o->label = v;
    else if (!strcmp(a, "--id")) o->id = v;
    else if (!strcmp(a, "--group")) o->group = v;
    else if (!strcmp(a, "--score")) o->score = v;
    else if (!strcmp(a, "--indices")) o->indices = v;
    else if (!parse_double(v, &d)) return rmx_die(RMX_EXIT_USAGE, "learn %s: option %s: '%s' is not a number", argv[1], a, v);
    else if (!strcmp(a, "--test-size")) o->test_size = d;
    else if (!strcmp(a, "--threshold")) o->threshold = d;
    else if (!strcmp(a, "--level")) o->level = d;
    else if (d != floor(d) || d < 0) return rmx_die(RMX_EXIT_USAGE, "learn %s: option %s: '%s' is not a non-negative integer", argv[1], a, v);
    else if (!strcmp(a, "--folds")) o->folds = (long)d;
    else if (!strcmp(a, "--bootstrap")) o->bootstrap = (long)d;
    else if (!strcmp(a, "--seed")) o->seed = (uint64_t)d;
    else return rmx_die(RMX_EXIT_USAGE, "learn %s: unknown option '%s'", argv[1], a);
  }
  if (!o->in) return rmx_die(RMX_EXIT_USAGE, "learn %s: no input CSV given", argv[1]);
  return -1;
}

/* Writes t to o->out, or to stdout. */
static int emit(const RmxTable *t, const char *out) {
  GError *err = NULL;
  if (out) {
    if (!rmx_table_write_csv(t, out, &err)) goto fail;
    return RMX_EXIT_OK;
  }
  char *s = rmx_table_format_csv(t, "stdout", &err);
  if (!s) goto fail;
  fputs(s, stdout);
  g_free(s);
  return RMX_EXIT_OK;
fail:;
  int rc = rmx_die(RMX_EXIT_INPUT, "%s", err->message);
  g_error_free(err);
  return rc;
}

static int die_gerror(GError *err) {
  int rc = rmx_die(rmx_exit_code_for(err->code), "%s", err->message);
  g_error_free(err);
  return rc;
}

static int cmd_split(const LearnOpts *o) {
  /* The group column is read as text, besides the reader's usual text columns. */
  const char *const text[] = {o->group, "Image", "Mask", "diagnostics_*", NULL};
  RmxTableReadOptions ro = {o->id, o->label ? o->label : "label", o->group ? text : NULL};
  GError *err = NULL;
  RmxTable *t = rmx_table_read_csv(o->in, &ro, &err);
  if (!t) return die_gerror(err);
  size_t n = t->nrows;
  const char *const *groups = NULL;
  if (o->group) {
    ptrdiff_t g = rmx_table_find_text(t, o->group);
    if (g < 0) {
      rmx_table_free(t);
      return rmx_die(RMX_EXIT_INPUT, "%s: no group column '%s'", o->in, o->group);
    }
    groups = (const char *const *)t->text[g];
  }
  guint8 *is_test = g_new(guint8, n ? n : 1);
  int *fold = g_new(int, n ? n : 1), *tfold = g_new(int, n ? n : 1);
  size_t *tr = g_new(size_t, n ? n : 1), ntr = 0;
  double *ytr = g_new(double, n ? n : 1);
  const char **gtr = g_new(const char *, n ? n : 1);
  int rc = RMX_EXIT_OK;
  if (!rmx_split_stratified(t->label, groups, n, o->test_size, o->seed, is_test, &err) ||
      !rmx_kfold_stratified(t->label, groups, n, (size_t)o->folds, o->seed, fold, &err)) {
    rc = die_gerror(err);
    goto done;
  }
  for (size_t i = 0; i < n; i++)
    if (!is_test[i]) {
      ytr[ntr] = t->label[i];
      gtr[ntr] = groups ? groups[i] : NULL;
      tr[ntr++] = i;
    }
  /* The inner folds: a k-fold of the training rows, in ascending row order. */
  if (!rmx_kfold_stratified(ytr, groups ? gtr : NULL, ntr, (size_t)o->folds, o->seed + 1, tfold, &err)) {
    rc = die_gerror(err);
    goto done;
  }
  const char *const names[] = {"fold", "is_test", "train_fold"};
  RmxTable *out = rmx_table_new(n, 3, names);
  char **ids = g_new0(char *, n ? n : 1);
  for (size_t i = 0; i < n; i++) {
    const char *id = rmx_table_id(t, i);
    ids[i] = id ? g_strdup(id) : g_strdup_printf("%zu", i);
    rmx_table_col(out, 0)[i] = fold[i];
    rmx_table_col(out, 1)[i] = is_test[i];
    rmx_table_col(out, 2)[i] = -1;
  }
  for (size_t k = 0; k < ntr; k++) rmx_table_col(out, 2)[tr[k]] = tfold[k];
  rmx_table_set_id(out, t->id_text >= 0 ? t->text_names[t->id_text] : "id", ids);
  rmx_table_set_label(out, t->label_name, g_memdup2(t->label, sizeof(double) * (n ? n : 1)));
  rc = emit(out, o->out);
  rmx_table_free(out);
done:
  g_free(is_test);
  g_free(fold);
  g_free(tfold);
  g_free(tr);
  g_free(ytr);
  g_free(gtr);
  rmx_table_free(t);
  return rc;
}

/* Resample positions: one resample per row, every feature column but a leading 'resample' one. */
static size_t *read_indices(const char *path, size_t n, size_t *n_boot, size_t *m, GError **err) {
  RmxTableReadOptions ro = {"", "", NULL};
  RmxTable *t = rmx_table_read_csv(path, &ro, err);
  if (!t) return NULL;
  size_t skip = t->ncols && !strcmp(t->names[0], "resample");
  *n_boot = t->nrows;
  *m = t->ncols - skip;
  size_t *idx = NULL;
  if (!*n_boot || !*m) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: no resamples", path);
    goto done;
  }
  idx = g_new(size_t, *n_boot * *m);
  for (size_t b = 0; b < *n_boot; b++)
    for (size_t j = 0; j < *m; j++) {
      double v = rmx_table_get(t, b, j + skip);
      if (!(v >= 0 && v < (double)n && v == floor(v))) {
        g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s:%zu: column '%s': %g is not a 0-based position below %zu",
                    path, b + 2, t->names[j + skip], v, n);
        g_free(idx);
        idx = NULL;
        goto done;
      }
      idx[b * *m + j] = (size_t)v;
    }
done:
  rmx_table_free(t);
  return idx;
}

static int cmd_evaluate(const LearnOpts *o) {
  const char *label = o->label ? o->label : "label", *score = o->score ? o->score : "score";
  RmxTableReadOptions ro = {NULL, label, NULL};
  GError *err = NULL;
  RmxTable *t = rmx_table_read_csv(o->in, &ro, &err);
  if (!t) return die_gerror(err);
  ptrdiff_t sc = rmx_table_find(t, score);
  if (sc < 0) {
    rmx_table_free(t);
    return rmx_die(RMX_EXIT_INPUT, "%s: no score column '%s' (use --score)", o->in, score);
  }
  size_t n = t->nrows, n_boot = (size_t)o->bootstrap, m = n;
  const double *y = t->label, *s = rmx_table_col(t, (size_t)sc);
  size_t *idx = NULL;
  int rc = RMX_EXIT_OK;
  if (!rmx_binary_check(y, s, n, o->in, &err)) {
    rc = die_gerror(err);
    goto done;
  }
  if (o->indices && !(idx = read_indices(o->indices, n, &n_boot, &m, &err))) {
    rc = die_gerror(err);
    goto done;
  }
  RmxBinaryMetrics bm;
  rmx_binary_metrics(y, s, n, o->threshold, &bm);
  RmxBootstrapCI ci[RMX_METRIC_COUNT];
  if (n_boot && !rmx_bootstrap_metrics(y, s, n, o->threshold, idx, n_boot, m, o->seed, o->level, ci, NULL, &err)) {
    rc = die_gerror(err);
    goto done;
  }
  /* Mann-Whitney U of positive against negative scores (NaN with one class only). */
  double *pos = g_new(double, n ? n : 1), *neg = g_new(double, n ? n : 1);
  size_t np = 0, nn = 0;
  for (size_t i = 0; i < n; i++) {
    if (y[i] == 1) pos[np++] = s[i];
    else neg[nn++] = s[i];
  }
  RmxMannWhitney mw = {0};
  if (!(np && nn && rmx_mannwhitneyu(pos, np, neg, nn, RMX_MWU_AUTO, TRUE, RMX_MWU_TWO_SIDED, &mw, NULL))) mw.u1 = mw.z = mw.p = NAN;
  g_free(pos);
  g_free(neg);
  const char *const names[] = {"value", "ci_low", "ci_high", "n_valid_resamples", "boot_mean", "boot_sd"};
  const char *extra[] = {"tp", "tn", "fp", "fn", "mannwhitney_u_pos", "mannwhitney_z", "mannwhitney_p"};
  const double xv[] = {(double)bm.tp, (double)bm.tn, (double)bm.fp, (double)bm.fn, mw.u1, mw.z, mw.p};
  size_t nx = G_N_ELEMENTS(extra), rows = RMX_METRIC_COUNT + nx;
  RmxTable *out = rmx_table_new(rows, 6, names);
  char **metric = g_new0(char *, rows);
  for (size_t r = 0; r < rows; r++)
    for (size_t c = 0; c < 6; c++) rmx_table_col(out, c)[r] = NAN;
  for (int k = 0; k < RMX_METRIC_COUNT; k++) {
    metric[k] = g_strdup(rmx_metric_names[k]);
    const double v[] = {bm.v[k], ci[k].low, ci[k].high, (double)ci[k].n_valid, ci[k].mean, ci[k].sd};
    for (size_t c = 0; c < (n_boot ? 6u : 1u); c++) rmx_table_col(out, c)[k] = v[c];
  }
  for (size_t i = 0; i < nx; i++) {
    metric[RMX_METRIC_COUNT + i] = g_strdup(extra[i]);
    rmx_table_col(out, 0)[RMX_METRIC_COUNT + i] = xv[i];
    rmx_table_col(out, 3)[RMX_METRIC_COUNT + i] = 0;
  }
  rmx_table_set_id(out, "metric", metric);
  rc = emit(out, o->out);
  rmx_table_free(out);
done:
  g_free(idx);
  rmx_table_free(t);
  return rc;
}

int rmx_cmd_learn(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help")) return argc < 2 ? (learn_help(stderr), RMX_EXIT_USAGE) : learn_help(stdout);
  if (!strcmp(argv[1], "cv") || !strcmp(argv[1], "fit") || !strcmp(argv[1], "predict"))
    return rmx_cmd_learn_model(argc, argv); /* cmd_learn_model.c */
  LearnOpts o = {0};
  o.test_size = 0.25;
  o.threshold = 0.5;
  o.level = 0.95;
  o.folds = 5;
  o.bootstrap = 1000;
  o.seed = rmx_default_seed();
  int rc = parse(argc, argv, &o);
  if (rc >= 0) return rc;
  if (!strcmp(argv[1], "split")) return cmd_split(&o);
  if (!strcmp(argv[1], "evaluate")) return cmd_evaluate(&o);
  return rmx_die(RMX_EXIT_USAGE, "learn: unknown subcommand '%s' (split, evaluate, cv, fit or predict)", argv[1]);
}
