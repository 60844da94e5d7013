/* pipeline.c: scaler -> selector (top k) -> classifier pipelines, fitting and parallel CV. */
#include "pipeline.h"
#include "ctx.h"
#include "metrics.h"
#include "ml_calls.h"
#include "volume.h"

#include <math.h>
#include <string.h>

/* Rows (0-based) and columns of X into a new dense matrix (ld = rows). */
static gboolean take(const RmxMatrix *X, const size_t *rows, size_t nr, const size_t *cols,
                     size_t nc, RmxMatrix *out) {
  memset(out, 0, sizeof *out);
  out->struct_size = sizeof *out;
  out->rows = rows ? nr : X->rows;
  out->cols = cols ? nc : X->cols;
  out->ld = out->rows;
  out->data = g_try_new(double, MAX(out->rows * out->cols, 1));
  if (!out->data) return FALSE;
  for (size_t c = 0; c < out->cols; c++) {
    const double *src = X->data + (cols ? cols[c] : c) * X->ld;
    double *dst = out->data + c * out->ld;
    for (size_t r = 0; r < out->rows; r++) dst[r] = src[rows ? rows[r] : r];
  }
  return TRUE;
}

void rmx_fitted_pipeline_free(RmxFittedPipeline *f) {
  if (!f) return;
  if (f->model) rmx_call_model_free(f->classifier, f->model);
  rmx_params_free(f->classifier_params);
  rmx_scaler_free(f->scaler);
  g_free(f->cols);
  g_free(f);
}

static gboolean oom(GError **err) {
  g_set_error(err, RMX_ERROR, RMX_ERR_NOMEM, "pipeline: out of memory");
  return FALSE;
}

RmxFittedPipeline *rmx_pipeline_fit(const RmxPipeline *p, const RmxMatrix *X, const double *y,
                                    GError **err) {
  RmxFittedPipeline *f = g_new0(RmxFittedPipeline, 1);
  f->classifier = p->classifier;
  RmxMatrix Z;
  if (!take(X, NULL, 0, NULL, 0, &Z)) {
    oom(err);
    goto fail;
  }
  if (p->scaler) {
    f->scaler = rmx_scaler_fit(p->scaler, &Z, NULL, 0, err);
    if (!f->scaler || !rmx_scaler_apply(f->scaler, &Z, err)) goto fail_z;
  }
  if (p->selector && p->k > 0 && p->k < Z.cols) {
    double *scores = g_new(double, Z.cols);
    size_t *ranking = g_new(size_t, Z.cols);
    RmxParams *sp = rmx_params_copy(p->selector_params);
    gboolean ok = rmx_call_score(p->selector, sp, &Z, y, scores, ranking, err);
    rmx_params_free(sp);
    if (ok) {
      f->cols = g_new(size_t, p->k);
      gboolean ranks_only = (p->selector->u.selector.flags & RMX_SELECTOR_RANKS) != 0;
      f->ncols = rmx_top_k(scores, ranking, Z.cols, p->k, ranks_only, f->cols);
      if (f->ncols == 0) { /* every score NaN or 0: fall back to the ranking */
        f->ncols = p->k;
        memcpy(f->cols, ranking, p->k * sizeof *ranking);
      }
    }
    g_free(scores);
    g_free(ranking);
    if (!ok) goto fail_z;
  } else {
    f->ncols = Z.cols;
    f->cols = g_new(size_t, MAX(Z.cols, 1));
    for (size_t c = 0; c < Z.cols; c++) f->cols[c] = c;
  }
  RmxMatrix S;
  if (!take(&Z, NULL, 0, f->cols, f->ncols, &S)) {
    oom(err);
    goto fail_z;
  }
  g_free(Z.data);
  f->classifier_params = rmx_params_copy(p->classifier_params);
  gboolean ok = rmx_call_fit(p->classifier, f->classifier_params, &S, y, NULL, &f->model, err);
  g_free(S.data);
  if (!ok) goto fail;
  return f;
fail_z:
  g_free(Z.data);
fail:
  rmx_fitted_pipeline_free(f);
  return NULL;
}

gboolean rmx_pipeline_transform(const RmxFittedPipeline *f, const RmxMatrix *X, RmxMatrix *out,
                                GError **err) {
  RmxMatrix Z;
  if (!take(X, NULL, 0, NULL, 0, &Z)) return oom(err);
  if (f->scaler && !rmx_scaler_apply(f->scaler, &Z, err)) {
    g_free(Z.data);
    return FALSE;
  }
  gboolean ok = take(&Z, NULL, 0, f->cols, f->ncols, out);
  g_free(Z.data);
  return ok ? TRUE : oom(err);
}

gboolean rmx_pipeline_predict(const RmxFittedPipeline *f, const RmxMatrix *X, double *proba,
                              GError **err) {
  RmxMatrix S;
  if (!rmx_pipeline_transform(f, X, &S, err)) return FALSE;
  gboolean ok = rmx_call_predict(f->classifier, f->classifier_params, f->model, &S, proba, err);
  g_free(S.data);
  return ok;
}

typedef struct {
  const RmxPipeline *const *p;
  const RmxMatrix *X;
  const double *y;
  const int *fold_of_row;
  int k;
  double *fold_auc;
  char **fold_err;
} CvJob;

/* One (pipeline, fold) pair: fit on the other folds, AUC on this one. */
static int cv_pair(RmxCtx *ctx, void *user, size_t job) {
  (void)ctx;
  CvJob *j = user;
  size_t i = job / (size_t)j->k;
  int fold = (int)(job % (size_t)j->k) + 1;
  size_t n = j->X->rows, ntr = 0, nte = 0;
  size_t *tr = g_new(size_t, n), *te = g_new(size_t, n);
  for (size_t r = 0; r < n; r++) {
    if (j->fold_of_row[r] == fold) te[nte++] = r;
    else if (j->fold_of_row[r] > 0) tr[ntr++] = r;
  }
  double *ytr = g_new(double, MAX(ntr, 1)), *yte = g_new(double, MAX(nte, 1));
  for (size_t r = 0; r < ntr; r++) ytr[r] = j->y[tr[r]];
  for (size_t r = 0; r < nte; r++) yte[r] = j->y[te[r]];
  RmxMatrix A = {0}, B = {0};
  GError *err = NULL;
  double auc = NAN;
  if (take(j->X, tr, ntr, NULL, 0, &A) && take(j->X, te, nte, NULL, 0, &B)) {
    RmxFittedPipeline *f = rmx_pipeline_fit(j->p[i], &A, ytr, &err);
    double *proba = g_new(double, MAX(nte, 1));
    if (f && rmx_pipeline_predict(f, &B, proba, &err)) auc = rmx_roc_auc(yte, proba, nte);
    g_free(proba);
    rmx_fitted_pipeline_free(f);
  } else {
    oom(&err);
  }
  g_free(A.data);
  g_free(B.data);
  j->fold_auc[job] = auc;
  if (err) j->fold_err[job] = g_strdup_printf("fold %d: %s", fold, err->message);
  g_clear_error(&err);
  g_free(tr);
  g_free(te);
  g_free(ytr);
  g_free(yte);
  return RMX_OK; /* a failing pipeline is scored NaN; the others go on */
}

void rmx_pipeline_cv(const RmxPipeline *const *p, size_t n, const RmxMatrix *X, const double *y,
                     const int *fold_of_row, int k, double *auc, double *fold_auc, char **errors) {
  char **fold_err = g_new0(char *, n * (size_t)k + 1);
  CvJob job = {p, X, y, fold_of_row, k, fold_auc, fold_err};
  RmxCtx ctx;
  rmx_ctx_init(&ctx, NULL, NULL);
  rmx_host_api.parallel_for(&ctx, n * (size_t)k, cv_pair, &job);
  rmx_ctx_clear(&ctx);
  for (size_t i = 0; i < n; i++) {
    double s = 0;
    errors[i] = NULL;
    for (int f = 0; f < k; f++) {
      s += fold_auc[i * (size_t)k + (size_t)f];
      char **e = &fold_err[i * (size_t)k + (size_t)f];
      if (*e && !errors[i]) errors[i] = *e;
      else g_free(*e);
    }
    auc[i] = s / k;
  }
  g_free(fold_err);
}
