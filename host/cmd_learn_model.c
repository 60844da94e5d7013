/* cmd_learn_model.c: 'radiomix learn cv|fit|predict': pipelines on feature tables from any tool. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ctx.h"
#include "pipeline.h"
#include "pipeline_io.h"
#include "split.h"
#include "table.h"
#include "volume.h"

static int help(FILE *out) {
  fprintf(out,
          "usage: radiomix learn cv DATA.csv --classifier NAME [pipeline options]\n"
          "                         [--folds K | --fold-column COL] [--group COL] [-o CV.csv]\n"
          "       radiomix learn fit DATA.csv --classifier NAME [pipeline options] -o MODEL.rmxp\n"
          "       radiomix learn predict MODEL.rmxp DATA.csv [-o PREDICTIONS.csv]\n"
          "\n"
          "pipeline options:\n"
          "  --classifier NAME       a classifier component (radiomix plugins)\n"
          "  --param KEY=VALUE       a classifier hyperparameter (repeatable), e.g. --param C=0.5\n"
          "  --scaler zscore|minmax|none   fitted on the training rows only (default zscore)\n"
          "  --selector NAME --k N   keep the selector's top N columns (fitted on training rows)\n"
          "  --selector-param KEY=VALUE\n"
          "table options: --label COL (default label), --id COL, --group COL (rows of a\n"
          "  group never straddle folds), --seed N (fold assignment; default the global seed)\n"
          "\n"
          "cv: stratified k-fold (default 5) ROC AUC per fold and their mean, written as\n"
          "  fold,n_train,n_test,roc_auc (a last row 'mean'); --fold-column takes the folds\n"
          "  from an integer column instead (negative: in no fold).\n"
          "fit: fits the pipeline on every row and saves it (atomically).\n"
          "predict: scores rows with a saved pipeline (columns matched by name):\n"
          "  id,[label,]score, ready for 'radiomix learn evaluate'. Without -o: stdout.\n");
  return RMX_EXIT_OK;
}

typedef struct {
  const char *cmd, *in, *model, *out, *label, *id, *group, *fold_col;
  const char *classifier, *scaler, *selector;
  long k, folds;
  uint64_t seed;
  RmxParams *clf_params, *sel_params;
} Opts;

static int set_kv(RmxParams *p, const char *kv, const char *opt) {
  const char *eq = strchr(kv, '=');
  if (!eq || eq == kv) return rmx_die(RMX_EXIT_USAGE, "learn: %s expects KEY=VALUE, got '%s'", opt, kv);
  char *k = g_strndup(kv, (gsize)(eq - kv));
  rmx_params_set_text(p, k, eq + 1);
  g_free(k);
  return -1;
}

static int parse(int argc, char **argv, Opts *o) {
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help")) return help(stdout);
    if (a[0] != '-') {
      if (!strcmp(o->cmd, "predict") && !o->model) o->model = a;
      else if (!o->in) o->in = a;
      else return rmx_die(RMX_EXIT_USAGE, "learn %s: unexpected argument '%s'", o->cmd, a);
      continue;
    }
    if (i + 1 >= argc) return rmx_die(RMX_EXIT_USAGE, "learn %s: option %s needs a value", o->cmd, a);
    const char *v = argv[++i];
    char *end;
    int rc = -1;
    if (!strcmp(a, "-o") || !strcmp(a, "--output")) o->out = v;
    else if (!strcmp(a, "--label")) o->label = v;
    else if (!strcmp(a, "--id")) o->id = v;
    else if (!strcmp(a, "--group")) o->group = v;
    else if (!strcmp(a, "--fold-column")) o->fold_col = v;
    else if (!strcmp(a, "--classifier")) o->classifier = v;
    else if (!strcmp(a, "--scaler")) o->scaler = v;
    else if (!strcmp(a, "--selector")) o->selector = v;
    else if (!strcmp(a, "--param")) rc = set_kv(o->clf_params, v, a);
    else if (!strcmp(a, "--selector-param")) rc = set_kv(o->sel_params, v, a);
    else if (!strcmp(a, "--k") || !strcmp(a, "--folds") || !strcmp(a, "--seed")) {
      long long n = strtoll(v, &end, 10);
      if (!*v || *end || n < 0)
        return rmx_die(RMX_EXIT_USAGE, "learn %s: option %s: '%s' is not a non-negative integer", o->cmd, a, v);
      if (!strcmp(a, "--k")) o->k = (long)n;
      else if (!strcmp(a, "--folds")) o->folds = (long)n;
      else o->seed = (uint64_t)n;
    } else return rmx_die(RMX_EXIT_USAGE, "learn %s: unknown option '%s' (see radiomix learn cv --help)", o->cmd, a);
    if (rc >= 0) return rc;
  }
  if (!o->in) return rmx_die(RMX_EXIT_USAGE, "learn %s: no data CSV given", o->cmd);
  if (!strcmp(o->cmd, "predict") && !o->model) return rmx_die(RMX_EXIT_USAGE, "learn predict: no model file given");
  return -1;
}

/* The spec from the options; NULL after printing the reason. */
static gboolean build_spec(Opts *o, RmxPipeline *p) {
  memset(p, 0, sizeof *p);
  if (!o->classifier) {
    rmx_die(RMX_EXIT_USAGE, "learn %s: --classifier NAME is required", o->cmd);
    return FALSE;
  }
  p->classifier = rmx_registry_find(RMX_KIND_CLASSIFIER, o->classifier);
  if (!p->classifier) {
    rmx_die(RMX_EXIT_USAGE, "learn %s: no classifier named '%s' (see radiomix plugins)", o->cmd, o->classifier);
    return FALSE;
  }
  const char *sc = o->scaler ? o->scaler : "zscore";
  p->scaler = !strcmp(sc, "zscore") ? RMX_SCALE_ZSCORE : !strcmp(sc, "minmax") ? RMX_SCALE_MINMAX : 0;
  if (!p->scaler && strcmp(sc, "none")) {
    rmx_die(RMX_EXIT_USAGE, "learn %s: --scaler must be zscore, minmax or none, not '%s'", o->cmd, sc);
    return FALSE;
  }
  if (o->selector) {
    p->selector = rmx_registry_find(RMX_KIND_SELECTOR, o->selector);
    if (!p->selector) {
      rmx_die(RMX_EXIT_USAGE, "learn %s: no selector named '%s' (see radiomix plugins)", o->cmd, o->selector);
      return FALSE;
    }
    if (o->k < 1) {
      rmx_die(RMX_EXIT_USAGE, "learn %s: --selector needs --k N (N >= 1)", o->cmd);
      return FALSE;
    }
    p->k = (size_t)o->k;
    p->selector_params = o->sel_params;
  }
  p->classifier_params = o->clf_params;
  return TRUE;
}

static RmxTable *read_data(const Opts *o, gboolean need_label) {
  const char *text[3] = {NULL, NULL, NULL};
  int nt = 0;
  if (o->group) text[nt++] = o->group;
  if (o->fold_col) text[nt++] = o->fold_col;
  RmxTableReadOptions ro = {o->id, o->label ? o->label : (need_label ? NULL : NULL),
                            nt ? (const char *const *)text : NULL};
  GError *err = NULL;
  RmxTable *t = rmx_table_read_csv(o->in, &ro, &err);
  if (!t) {
    rmx_die(RMX_EXIT_INPUT, "%s", err->message);
    g_error_free(err);
    return NULL;
  }
  if (need_label) {
    if (!t->label) {
      rmx_die(RMX_EXIT_INPUT, "%s: no label column ('%s')", o->in, o->label ? o->label : "label");
      rmx_table_free(t);
      return NULL;
    }
    for (size_t r = 0; r < t->nrows; r++)
      if (t->label[r] != 0 && t->label[r] != 1) {
        rmx_die(RMX_EXIT_INPUT, "%s: row %zu: label must be 0 or 1", o->in, r + 1);
        rmx_table_free(t);
        return NULL;
      }
  }
  return t;
}

static const char *const *text_column(const RmxTable *t, const char *name) {
  ptrdiff_t j = name ? rmx_table_find_text(t, name) : -1;
  return j < 0 ? NULL : (const char *const *)t->text[j];
}

static int write_out(const Opts *o, GString *csv) {
  GError *err = NULL;
  if (!o->out) {
    fputs(csv->str, stdout);
  } else if (!g_file_set_contents(o->out, csv->str, (gssize)csv->len, &err)) { /* atomic */
    int rc = rmx_die(RMX_EXIT_INPUT, "%s", err->message);
    g_error_free(err);
    return rc;
  }
  return RMX_EXIT_OK;
}

static int cmd_cv(Opts *o) {
  RmxPipeline p;
  if (!build_spec(o, &p)) return RMX_EXIT_USAGE;
  RmxTable *t = read_data(o, TRUE);
  if (!t) return RMX_EXIT_INPUT;
  int *fold = g_new0(int, MAX(t->nrows, 1));
  GError *err = NULL;
  int rc = RMX_EXIT_OK, k = 0;
  if (o->fold_col) {
    const char *const *col = text_column(t, o->fold_col);
    double *v = g_new(double, MAX(t->nrows, 1));
    for (size_t r = 0; col && r < t->nrows; r++) {
      char *end;
      v[r] = g_ascii_strtod(col[r], &end);
      if (*end || end == col[r]) v[r] = NAN;
    }
    size_t kk = 0;
    if (!col) g_set_error(&err, RMX_ERROR, RMX_ERR_INVALID, "%s: no column '%s'", o->in, o->fold_col);
    else rmx_folds_from_column(v, t->nrows, o->fold_col, fold, &kk, &err);
    k = (int)kk;
    g_free(v);
  } else {
    k = (int)o->folds;
    rmx_kfold_stratified(t->label, text_column(t, o->group), t->nrows, (size_t)k, o->seed, fold, &err);
  }
  if (err) {
    rc = rmx_die(RMX_EXIT_INPUT, "%s", err->message);
    g_error_free(err);
    goto done;
  }
  if (k < 2) {
    rc = rmx_die(RMX_EXIT_USAGE, "learn cv: at least 2 folds are needed");
    goto done;
  }
  for (size_t r = 0; r < t->nrows; r++) fold[r] = fold[r] >= 0 ? fold[r] + 1 : 0; /* 1-based, 0 = none */
  double auc, *fa = g_new(double, (size_t)k);
  char *msg = NULL;
  const RmxPipeline *pp = &p;
  RmxMatrix X = rmx_table_matrix(t);
  rmx_pipeline_cv(&pp, 1, &X, t->label, fold, k, &auc, fa, &msg);
  if (msg) {
    rc = rmx_die(RMX_EXIT_PLUGIN, "learn cv: %s", msg);
    g_free(msg);
  } else {
    GString *csv = g_string_new("fold,n_train,n_test,roc_auc\n");
    for (int f = 1; f <= k; f++) {
      size_t ntr = 0, nte = 0;
      for (size_t r = 0; r < t->nrows; r++) {
        if (fold[r] == f) nte++;
        else if (fold[r] > 0) ntr++;
      }
      g_string_append_printf(csv, "%d,%zu,%zu,%.17g\n", f - 1, ntr, nte, fa[f - 1]);
    }
    g_string_append_printf(csv, "mean,,,%.17g\n", auc);
    rc = write_out(o, csv);
    g_string_free(csv, TRUE);
  }
  g_free(fa);
done:
  g_free(fold);
  rmx_table_free(t);
  return rc;
}

static int cmd_fit(Opts *o) {
  RmxPipeline p;
  if (!build_spec(o, &p)) return RMX_EXIT_USAGE;
  if (!o->out) return rmx_die(RMX_EXIT_USAGE, "learn fit: -o MODEL.rmxp is required");
  RmxTable *t = read_data(o, TRUE);
  if (!t) return RMX_EXIT_INPUT;
  RmxMatrix X = rmx_table_matrix(t);
  GError *err = NULL;
  int rc = RMX_EXIT_OK;
  RmxFittedPipeline *f = rmx_pipeline_fit(&p, &X, t->label, &err);
  if (!f || !rmx_pipeline_save(f, (const char *const *)t->names, t->ncols, o->out, &err)) {
    rc = rmx_die(f ? RMX_EXIT_INPUT : RMX_EXIT_PLUGIN, "learn fit: %s", err->message);
    g_error_free(err);
  }
  rmx_fitted_pipeline_free(f);
  rmx_table_free(t);
  return rc;
}

static int cmd_predict(Opts *o) {
  char **names = NULL;
  size_t n_in = 0;
  GError *err = NULL;
  RmxFittedPipeline *f = rmx_pipeline_load(o->model, &names, &n_in, &err);
  if (!f) {
    int rc = rmx_die(RMX_EXIT_INPUT, "%s", err->message);
    g_error_free(err);
    return rc;
  }
  int rc = RMX_EXIT_OK;
  RmxTable *t = read_data(o, FALSE);
  double *d = NULL, *proba = NULL;
  if (!t) {
    rc = RMX_EXIT_INPUT;
    goto done;
  }
  /* The model's input columns, by name, in its order. */
  d = g_new(double, MAX(t->nrows * n_in, 1));
  for (size_t c = 0; c < n_in; c++) {
    ptrdiff_t j = rmx_table_find(t, names[c]);
    if (j < 0) {
      rc = rmx_die(RMX_EXIT_INPUT, "%s: no column '%s', which the model was fitted on", o->in, names[c]);
      goto done;
    }
    memcpy(d + c * t->nrows, rmx_table_col(t, (size_t)j), t->nrows * sizeof(double));
  }
  RmxMatrix X = {sizeof X, t->nrows, n_in, t->nrows, d, (const char *const *)names};
  proba = g_new(double, MAX(t->nrows, 1));
  if (!rmx_pipeline_predict(f, &X, proba, &err)) {
    rc = rmx_die(RMX_EXIT_PLUGIN, "learn predict: %s", err->message);
    g_error_free(err);
    goto done;
  }
  GString *csv = g_string_new(t->label ? "id,label,score\n" : "id,score\n");
  for (size_t r = 0; r < t->nrows; r++) {
    const char *id = rmx_table_id(t, r);
    char buf[32];
    if (!id) g_snprintf(buf, sizeof buf, "%zu", r);
    g_string_append(csv, id ? id : buf);
    if (t->label) g_string_append_printf(csv, ",%.17g", t->label[r]);
    g_string_append_printf(csv, ",%.17g\n", proba[r]);
  }
  rc = write_out(o, csv);
  g_string_free(csv, TRUE);
done:
  g_free(d);
  g_free(proba);
  g_strfreev(names);
  rmx_fitted_pipeline_free(f);
  rmx_table_free(t);
  return rc;
}

int rmx_cmd_learn_model(int argc, char **argv) {
  Opts o = {0};
  o.cmd = argv[1];
  o.folds = 5;
  o.seed = rmx_default_seed();
  o.clf_params = rmx_params_new();
  o.sel_params = rmx_params_new();
  int rc = parse(argc, argv, &o);
  if (rc < 0) {
    rmx_cli_load_plugins(TRUE);
    if (!strcmp(o.cmd, "cv")) rc = cmd_cv(&o);
    else if (!strcmp(o.cmd, "fit")) rc = cmd_fit(&o);
    else rc = cmd_predict(&o);
  }
  rmx_params_free(o.clf_params);
  rmx_params_free(o.sel_params);
  return rc;
}
