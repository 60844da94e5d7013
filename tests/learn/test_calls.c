/* test_calls.c: host/ml_calls: ranking and top-k rules, the vote, output checks and the sampling SHAP estimator on hand-checkable fake components. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ctx.h"
#include "ml_calls.h"

static int failures = 0, checks = 0;
#define CHECK(c, ...)                                   \
  do {                                                  \
    checks++;                                           \
    if (!(c)) {                                         \
      failures++;                                       \
      fprintf(stderr, "FAIL line %d: ", __LINE__);      \
      fprintf(stderr, __VA_ARGS__);                     \
      fputc('\n', stderr);                              \
    }                                                   \
  } while (0)

/* f(x) = 0.5 + 0.1 * sum_j x_j (additive): with one background row b the
 * interventional Shapley value is exactly 0.1 (x_j - b_j) for any order. */
static int add_predict(RmxCtx *ctx, const void *m, const RmxMatrix *X, double *p) {
  (void)ctx;
  (void)m;
  for (size_t r = 0; r < X->rows; r++) {
    double s = 0.5;
    for (size_t c = 0; c < X->cols; c++) s += 0.1 * X->data[r + c * X->ld];
    p[r] = s;
  }
  return RMX_OK;
}
static int bad_predict(RmxCtx *ctx, const void *m, const RmxMatrix *X, double *p) {
  (void)ctx;
  (void)m;
  for (size_t r = 0; r < X->rows; r++) p[r] = 1.5;
  return RMX_OK;
}
static int fake_fit(RmxCtx *ctx, const RmxMatrix *X, const double *y, const double *w, void **m) {
  (void)ctx, (void)X, (void)y, (void)w;
  *m = NULL;
  return RMX_OK;
}
static const double fixed_scores[5] = {1, NAN, 3, 3, 0};
static int fake_score(RmxCtx *ctx, const RmxMatrix *X, const double *y, double *s, size_t *rank) {
  (void)ctx, (void)y;
  memcpy(s, fixed_scores, X->cols * sizeof *s);
  if (rank) /* not a permutation */
    for (size_t j = 0; j < X->cols; j++) rank[j] = 0;
  return RMX_OK;
}

static RmxComponent classifier(const char *name, int (*predict)(RmxCtx *, const void *, const RmxMatrix *, double *)) {
  RmxComponent c;
  memset(&c, 0, sizeof c);
  c.kind = RMX_KIND_CLASSIFIER;
  c.u.classifier.hdr.struct_size = sizeof(RmxClassifierClass);
  c.u.classifier.hdr.kind = RMX_KIND_CLASSIFIER;
  c.u.classifier.hdr.name = name;
  c.u.classifier.fit = fake_fit;
  c.u.classifier.predict = predict;
  return c;
}

static RmxComponent selector(uint32_t flags) {
  RmxComponent c;
  memset(&c, 0, sizeof c);
  c.kind = RMX_KIND_SELECTOR;
  c.u.selector.hdr.struct_size = sizeof(RmxSelectorClass);
  c.u.selector.hdr.kind = RMX_KIND_SELECTOR;
  c.u.selector.hdr.name = flags ? "fake_ranks" : "fake";
  c.u.selector.flags = flags;
  c.u.selector.score = fake_score;
  return c;
}

int main(void) {
  /* ranking: descending, ties to the lower index, NaN last */
  size_t rank[5], top[5];
  rmx_rank_scores(fixed_scores, 5, rank);
  const size_t want[5] = {2, 3, 0, 4, 1};
  CHECK(memcmp(rank, want, sizeof want) == 0, "ranking %zu %zu %zu %zu %zu", rank[0], rank[1], rank[2],
        rank[3], rank[4]);
  /* top-k skips NaN and exact zeros, so the list may be shorter than k */
  size_t m = rmx_top_k(fixed_scores, rank, 5, 5, FALSE, top);
  CHECK(m == 3 && top[0] == 2 && top[1] == 3 && top[2] == 0, "top-5 has %zu entries", m);
  m = rmx_top_k(fixed_scores, rank, 5, 2, TRUE, top);
  CHECK(m == 2 && top[0] == 2 && top[1] == 3, "rank-only top-2");

  double Xd[10] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
  RmxMatrix X = {sizeof(RmxMatrix), 2, 5, 2, Xd, NULL};
  double y[2] = {0, 1}, scores[5];
  GError *err = NULL;
  RmxComponent s = selector(0), sr = selector(RMX_SELECTOR_RANKS);
  RmxParams *ps = rmx_params_new();
  CHECK(rmx_call_score(&s, ps, &X, y, scores, rank, &err) && rank[0] == 2 && rank[4] == 1,
        "score + host ranking");
  g_clear_error(&err);
  CHECK(!rmx_call_score(&sr, ps, &X, y, scores, rank, &err) && err &&
            strstr(err->message, "not a permutation"),
        "a ranking selector's non-permutation is refused: %s", err ? err->message : "");
  g_clear_error(&err);
  /* the vote: two copies of the fake selector, top 2 each */
  RmxVoteSpec spec[2] = {{&s, ps}, {&s, ps}};
  int votes[5];
  gboolean sel[5];
  CHECK(rmx_ensemble_vote(spec, 2, &X, y, 2, 2, votes, sel, NULL, NULL, &err), "vote");
  CHECK(votes[2] == 2 && votes[3] == 2 && votes[0] == 0 && sel[2] && sel[3] && !sel[0] && !sel[1],
        "votes %d %d %d %d %d", votes[0], votes[1], votes[2], votes[3], votes[4]);

  /* predictions outside [0, 1] are an error naming the component */
  RmxComponent bad = classifier("fake_bad", bad_predict), add = classifier("fake_add", add_predict);
  double p[2], phi[2 * 6];
  CHECK(!rmx_call_predict(&bad, ps, NULL, &X, p, &err) && err && strstr(err->message, "fake_bad") &&
            strstr(err->message, "outside [0, 1]"),
        "range check: %s", err ? err->message : "");
  g_clear_error(&err);

  /* sampling SHAP of an additive model against one background row is exact */
  double bd[5] = {0, 0.5, -0.5, 1, 2};
  RmxMatrix Bg = {sizeof(RmxMatrix), 1, 5, 1, bd, NULL};
  CHECK(rmx_shap_sampling(&add, ps, NULL, &X, &Bg, 10, 1, phi, &err), "sampling: %s",
        err ? err->message : "");
  double worst = 0;
  for (size_t r = 0; r < 2; r++) {
    for (size_t j = 0; j < 5; j++) worst = fmax(worst, fabs(phi[r + j * 2] - 0.1 * (Xd[r + j * 2] - bd[j])));
    double base = 0.5 + 0.1 * (0 + 0.5 - 0.5 + 1 + 2);
    worst = fmax(worst, fabs(phi[r + 5 * 2] - base));
  }
  CHECK(worst < 1e-12, "additive model: sampling SHAP off by %.3g", worst);
  /* no background and no shap() member: one clear error */
  CHECK(!rmx_call_shap(&add, ps, NULL, &X, NULL, FALSE, 10, 1, phi, &err) && err &&
            strstr(err->message, "needs a background"),
        "shap without background: %s", err ? err->message : "");
  g_clear_error(&err);
  rmx_params_free(ps);
  printf("learn_calls: %d checks, %d failures\n", checks, failures);
  return failures ? 1 : 0;
}
