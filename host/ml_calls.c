/* ml_calls.c: validated selector/classifier calls, score ranking, the ensemble vote and the sampling SHAP estimator. */
#include "ml_calls.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "volume.h"

static gboolean kind_ok(const RmxComponent *c, int kind, GError **err) {
  if (c && c->kind == kind) return TRUE;
  g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "'%s' is not a %s", c ? c->u.hdr.name : "(null)",
              rmx_kind_name(kind));
  return FALSE;
}

static gboolean validate(const RmxComponent *c, RmxParams *params, GError **err) {
  const RmxParamSpec *const specs[] = {c->u.hdr.params, NULL};
  char *where = g_strdup_printf("%s '%s'", rmx_kind_name(c->kind), c->u.hdr.name);
  gboolean ok = rmx_params_validate(params, c->u.hdr.params ? specs : NULL, TRUE, where, err);
  g_free(where);
  return ok;
}

static gboolean matrix_ok(const RmxComponent *c, const RmxMatrix *X, const char *what, GError **err) {
  if (X && (X->data || X->rows == 0 || X->cols == 0) && X->ld >= X->rows) return TRUE;
  g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: %s matrix is missing or malformed",
              c->u.hdr.name, what);
  return FALSE;
}

/* Runs one classifier/selector member in a fresh ctx and converts a failure. */
#define RUN_CALL(c, params, expr)                      \
  RmxCtx ctx;                                          \
  rmx_ctx_init(&ctx, (c), (params));                   \
  int rc = (expr);                                     \
  if (rc != RMX_OK) rmx_ctx_to_gerror(&ctx, rc, err);  \
  rmx_ctx_clear(&ctx)

gboolean rmx_call_fit(const RmxComponent *c, RmxParams *params, const RmxMatrix *X,
                      const double *y, const double *sw, void **model, GError **err) {
  *model = NULL;
  if (!kind_ok(c, RMX_KIND_CLASSIFIER, err) || !matrix_ok(c, X, "training", err) ||
      !validate(c, params, err))
    return FALSE;
  RUN_CALL(c, params, c->u.classifier.fit(&ctx, X, y, sw, model));
  if (rc == RMX_OK && !*model) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INTERNAL, "%s: fit returned no model", c->u.hdr.name);
    return FALSE;
  }
  return rc == RMX_OK;
}

gboolean rmx_call_predict(const RmxComponent *c, const RmxParams *params, const void *model,
                          const RmxMatrix *X, double *proba, GError **err) {
  if (!kind_ok(c, RMX_KIND_CLASSIFIER, err) || !matrix_ok(c, X, "input", err)) return FALSE;
  RUN_CALL(c, params, c->u.classifier.predict(&ctx, model, X, proba));
  if (rc != RMX_OK) return FALSE;
  for (size_t r = 0; r < X->rows; r++)
    if (!(proba[r] >= 0 && proba[r] <= 1)) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INTERNAL, "%s: predicted probability %g for row %zu is outside [0, 1]",
                  c->u.hdr.name, proba[r], r + 1);
      return FALSE;
    }
  return TRUE;
}

gboolean rmx_call_decision(const RmxComponent *c, const RmxParams *params, const void *model,
                           const RmxMatrix *X, double *score, GError **err) {
  if (!kind_ok(c, RMX_KIND_CLASSIFIER, err)) return FALSE;
  if (!c->u.classifier.decision) return rmx_call_predict(c, params, model, X, score, err);
  if (!matrix_ok(c, X, "input", err)) return FALSE;
  RUN_CALL(c, params, c->u.classifier.decision(&ctx, model, X, score));
  return rc == RMX_OK;
}

gboolean rmx_call_save(const RmxComponent *c, const RmxParams *params, const void *model,
                       GByteArray *bytes, GError **err) {
  if (!kind_ok(c, RMX_KIND_CLASSIFIER, err)) return FALSE;
  RmxBlob *blob = rmx_blob_new();
  RUN_CALL(c, params, c->u.classifier.save(&ctx, model, blob));
  GBytes *b = rmx_blob_free_to_bytes(blob);
  if (rc == RMX_OK) {
    gsize n;
    const guint8 *d = g_bytes_get_data(b, &n);
    g_byte_array_append(bytes, d, (guint)n);
  }
  g_bytes_unref(b);
  return rc == RMX_OK;
}

gboolean rmx_call_load(const RmxComponent *c, const RmxParams *params, const void *data,
                       size_t len, void **model, GError **err) {
  *model = NULL;
  if (!kind_ok(c, RMX_KIND_CLASSIFIER, err)) return FALSE;
  RUN_CALL(c, params, c->u.classifier.load(&ctx, data, len, model));
  return rc == RMX_OK && *model;
}

void rmx_call_model_free(const RmxComponent *c, void *model) {
  if (c && model && c->u.classifier.model_free) c->u.classifier.model_free(model);
}

/* ------------------------------------------------------------ sampling SHAP */

typedef struct ShapJob {
  const RmxComponent *c;
  const RmxParams *params;
  const void *model;
  const RmxMatrix *X, *B;
  size_t n_perm;
  uint64_t seed;
  double *phi;
} ShapJob;

/* One row of X: its own random stream (seed, row), so threads do not matter. */
static int shap_row(RmxCtx *ctx, void *user, size_t r) {
  ShapJob *j = user;
  size_t p = j->X->cols, m = p + 1;
  double *Z = g_new(double, m * p), *f = g_new(double, m), *acc = g_new0(double, p);
  size_t *perm = g_new(size_t, p);
  RmxRng rng;
  rmx_rng_seed(&rng, j->seed, (uint64_t)r);
  int rc = RMX_OK;
  RmxMatrix Zm = {sizeof(RmxMatrix), m, p, m, Z, NULL};
  size_t b = 0;
  for (size_t t = 0; t < j->n_perm && rc == RMX_OK; t++) {
    if (t % 2 == 0) { /* a new order and background row; odd draws reverse the order (antithetic) */
      b = (size_t)rmx_rng_below(&rng, j->B->rows);
      for (size_t k = 0; k < p; k++) perm[k] = k;
      for (size_t k = 0; k + 1 < p; k++) {
        size_t q = k + (size_t)rmx_rng_below(&rng, p - k), tmp = perm[k];
        perm[k] = perm[q];
        perm[q] = tmp;
      }
    } else {
      for (size_t k = 0; k < p / 2; k++) {
        size_t tmp = perm[k];
        perm[k] = perm[p - 1 - k];
        perm[p - 1 - k] = tmp;
      }
    }
    /* row s of Z: background b with the first s features of the order from x */
    for (size_t k = 0; k < p; k++) Z[0 + k * m] = j->B->data[b + k * j->B->ld];
    for (size_t s = 1; s <= p; s++) {
      for (size_t k = 0; k < p; k++) Z[s + k * m] = Z[s - 1 + k * m];
      size_t q = perm[s - 1];
      Z[s + q * m] = j->X->data[r + q * j->X->ld];
    }
    rc = j->c->u.classifier.predict(ctx, j->model, &Zm, f);
    for (size_t s = 1; rc == RMX_OK && s <= p; s++) acc[perm[s - 1]] += f[s] - f[s - 1];
  }
  for (size_t k = 0; k < p; k++) j->phi[r + k * j->X->rows] = acc[k] / (double)j->n_perm;
  g_free(Z);
  g_free(f);
  g_free(acc);
  g_free(perm);
  return rc;
}

gboolean rmx_shap_sampling(const RmxComponent *c, const RmxParams *params, const void *model,
                           const RmxMatrix *X, const RmxMatrix *B, size_t n_perm, uint64_t seed,
                           double *phi, GError **err) {
  if (!kind_ok(c, RMX_KIND_CLASSIFIER, err) || !matrix_ok(c, X, "input", err)) return FALSE;
  if (!B || B->rows == 0 || B->cols != X->cols) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "%s: sampling Shapley values need a background with %zu columns", c->u.hdr.name, X->cols);
    return FALSE;
  }
  if (n_perm == 0) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: n_permutations must be >= 1", c->u.hdr.name);
    return FALSE;
  }
  double *fb = g_new(double, B->rows);
  if (!rmx_call_predict(c, params, model, B, fb, err)) {
    g_free(fb);
    return FALSE;
  }
  double base = 0;
  for (size_t i = 0; i < B->rows; i++) base += fb[i] / (double)B->rows;
  g_free(fb);
  ShapJob job = {c, params, model, X, B, n_perm, seed, phi};
  RUN_CALL(c, params, rmx_host_api.parallel_for(&ctx, X->rows, shap_row, &job));
  if (rc != RMX_OK) return FALSE;
  for (size_t r = 0; r < X->rows; r++) phi[r + X->cols * X->rows] = base;
  return TRUE;
}

gboolean rmx_call_shap(const RmxComponent *c, const RmxParams *params, const void *model,
                       const RmxMatrix *X, const RmxMatrix *background, gboolean sampling,
                       size_t n_permutations, uint64_t seed, double *phi, GError **err) {
  if (!kind_ok(c, RMX_KIND_CLASSIFIER, err) || !matrix_ok(c, X, "input", err)) return FALSE;
  if (sampling || !c->u.classifier.shap) {
    if (!background) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                  "%s: has no exact Shapley method; the sampling estimator needs a background",
                  c->u.hdr.name);
      return FALSE;
    }
    return rmx_shap_sampling(c, params, model, X, background, n_permutations, seed, phi, err);
  }
  if (background && !matrix_ok(c, background, "background", err)) return FALSE;
  RUN_CALL(c, params, c->u.classifier.shap(&ctx, model, X, background, phi));
  return rc == RMX_OK;
}

/* ------------------------------------------------------------ selectors */

static const double *sort_scores; /* qsort context; guarded by the lock */
static GMutex sort_lock;

static int cmp_rank(const void *a, const void *b) {
  size_t i = *(const size_t *)a, j = *(const size_t *)b;
  double x = sort_scores[i], y = sort_scores[j];
  int nx = isnan(x), ny = isnan(y);
  if (nx != ny) return nx - ny;
  if (!nx && x != y) return x > y ? -1 : 1;
  return i < j ? -1 : (i > j);
}

void rmx_rank_scores(const double *scores, size_t p, size_t *ranking) {
  for (size_t j = 0; j < p; j++) ranking[j] = j;
  g_mutex_lock(&sort_lock);
  sort_scores = scores;
  qsort(ranking, p, sizeof *ranking, cmp_rank);
  g_mutex_unlock(&sort_lock);
}

size_t rmx_top_k(const double *scores, const size_t *ranking, size_t p, size_t k,
                 gboolean ranks_only, size_t *out) {
  size_t m = 0;
  for (size_t q = 0; q < p && m < k; q++) {
    double s = scores[ranking[q]];
    if (!ranks_only && (isnan(s) || s == 0)) continue;
    out[m++] = ranking[q];
  }
  return m;
}

gboolean rmx_call_score(const RmxComponent *c, RmxParams *params, const RmxMatrix *X,
                        const double *y, double *scores, size_t *ranking, GError **err) {
  if (!kind_ok(c, RMX_KIND_SELECTOR, err) || !matrix_ok(c, X, "training", err) ||
      !validate(c, params, err))
    return FALSE;
  size_t p = X->cols;
  for (size_t j = 0; j < p; j++) {
    scores[j] = NAN;
    ranking[j] = (size_t)-1;
  }
  gboolean ranks = (c->u.selector.flags & RMX_SELECTOR_RANKS) != 0;
  RUN_CALL(c, params, c->u.selector.score(&ctx, X, y, scores, ranks ? ranking : NULL));
  if (rc != RMX_OK) return FALSE;
  if (!ranks) {
    rmx_rank_scores(scores, p, ranking);
    return TRUE;
  }
  /* a selector's own ranking must be a permutation of the columns */
  guint8 *seen = g_new0(guint8, p ? p : 1);
  gboolean ok = TRUE;
  for (size_t j = 0; j < p && ok; j++) {
    ok = ranking[j] < p && !seen[ranking[j]];
    if (ok) seen[ranking[j]] = 1;
  }
  g_free(seen);
  if (!ok)
    g_set_error(err, RMX_ERROR, RMX_ERR_INTERNAL, "%s: ranking is not a permutation of the %zu columns",
                c->u.hdr.name, p);
  return ok;
}

gboolean rmx_ensemble_vote(const RmxVoteSpec *sel, size_t n_sel, const RmxMatrix *X,
                           const double *y, size_t k, size_t min_votes, int *votes,
                           gboolean *selected, size_t **tops, size_t *top_len, GError **err) {
  size_t p = X->cols;
  double *scores = g_new(double, p ? p : 1);
  size_t *ranking = g_new(size_t, p ? p : 1), *top = g_new(size_t, k ? k : 1);
  gboolean ok = TRUE;
  for (size_t j = 0; j < p; j++) votes[j] = 0;
  for (size_t s = 0; s < n_sel && ok; s++) {
    ok = rmx_call_score(sel[s].selector, sel[s].params, X, y, scores, ranking, err);
    if (!ok) break;
    gboolean ranks = (sel[s].selector->u.selector.flags & RMX_SELECTOR_RANKS) != 0;
    size_t m = rmx_top_k(scores, ranking, p, k, ranks, top);
    for (size_t q = 0; q < m; q++) votes[top[q]]++;
    if (tops) memcpy(tops[s], top, m * sizeof *top);
    if (top_len) top_len[s] = m;
  }
  for (size_t j = 0; j < p; j++) selected[j] = ok && (size_t)votes[j] >= min_votes;
  g_free(scores);
  g_free(ranking);
  g_free(top);
  return ok;
}
