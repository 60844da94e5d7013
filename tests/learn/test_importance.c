/* test_importance.c: random-forest MDI and boosting gain importances: top-10 overlap with scikit-learn's and xgboost's. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "ml_ensemble.h"

static size_t topk(const double *s, size_t p, size_t k, size_t *out) {
  size_t m = 0;
  char *used = calloc(p, 1);
  while (m < k) {
    size_t best = p;
    for (size_t j = 0; j < p; j++)
      if (!used[j] && !isnan(s[j]) && s[j] != 0 && (best == p || s[j] > s[best])) best = j;
    if (best == p) break;
    used[best] = 1;
    out[m++] = best;
  }
  free(used);
  return m;
}

static size_t overlap(const double *a, const double *b, size_t p, size_t k) {
  size_t ta[100], tb[100], na = topk(a, p, k, ta), nb = topk(b, p, k, tb), c = 0;
  for (size_t i = 0; i < na; i++)
    for (size_t j = 0; j < nb; j++) c += ta[i] == tb[j];
  return c;
}

static void run(const char *name) {
  Dataset *d = dataset_load(name);
  double *X, *y;
  size_t n = dataset_rows(d, sel_train, 0, &X, &y, NULL), p = d->p;
  zscore_pair(X, n, NULL, 0, p);
  RmxMatrix M = mat(X, n, p);
  Csv *ss = csv_read(dataset_path(d, "selector_scores.csv"));
  double *ref_rf = malloc(p * sizeof *ref_rf), *ref_xgb = malloc(p * sizeof *ref_xgb);
  for (size_t j = 0; j < p; j++) {
    ref_rf[j] = csv_get(ss, j, "rf_importance");
    ref_xgb[j] = csv_get(ss, j, "xgb_gain");
  }
  size_t k = p < 20 ? p / 2 : 10;
  size_t need = k == 10 ? 7 : k - 1;

  RmxForest f;
  RmxForestOpts o = {{RMX_CRIT_GINI, 0, 2, 1, rmx_ml_max_features("sqrt", p), 0, 0, 0, NULL, NULL}, 100, 1, 0};
  rmx_forest_alloc(&f, 100, p);
  for (size_t i = 0; i < 100; i++) rmx_forest_fit_tree(&f, i, &M, y, NULL, &o);
  double *imp = malloc(p * sizeof *imp);
  rmx_forest_importance(&f, imp);
  double s = 0;
  for (size_t j = 0; j < p; j++) s += imp[j];
  CHECK(fabs(s - 1) < 1e-12, "%s: importances sum to %.17g", name, s);
  size_t ov = overlap(imp, ref_rf, p, k);
  CHECK(ov >= need, "%s: random forest top-%zu overlap %zu < %zu", name, k, ov, need);
  printf("%s: random forest MDI top-%zu overlap %zu\n", name, k, ov);
  rmx_forest_clear(&f);

  RmxBoostOpts bo = {100, 0.3, 1.0, 1.0, 1.0, 6, 0, 256};
  CHECK(rmx_boost_gain(&M, y, &bo, imp, NULL) == 0, "%s: boost failed", name);
  ov = overlap(imp, ref_xgb, p, k);
  CHECK(ov >= need, "%s: boosting gain top-%zu overlap %zu < %zu", name, k, ov, need);
  size_t nz = 0, nzr = 0;
  for (size_t j = 0; j < p; j++) {
    nz += imp[j] > 0;
    nzr += ref_xgb[j] > 0;
  }
  printf("%s: boosting gain top-%zu overlap %zu (features with gain: %zu, xgboost %zu)\n", name, k,
         ov, nz, nzr);

  /* bins that hold every distinct value must give the exact-split gains */
  double *exact = malloc(p * sizeof *exact), worst = 0;
  RmxBoostOpts ex = bo, wide_bins = bo;
  ex.max_bins = 0;
  wide_bins.max_bins = n + 1;
  rmx_boost_gain(&M, y, &ex, exact, NULL);
  rmx_boost_gain(&M, y, &wide_bins, imp, NULL);
  for (size_t j = 0; j < p; j++) worst = fmax(worst, fabs(imp[j] - exact[j]) / fmax(fabs(exact[j]), 1e-12));
  CHECK(worst < 1e-9, "%s: %zu bins vs exact splits: gain rel diff %.3g", name, n + 1, worst);
  free(exact);

  free(imp);
  free(ref_rf);
  free(ref_xgb);
  csv_free(ss);
  free(X);
  free(y);
  dataset_free(d);
}

int main(int argc, char **argv) {
  rmx_ml_blas_single_thread();
  if (argc > 1) run(argv[1]);
  else
    for (const char *const *n = rmx_test_datasets; *n; n++) run(*n);
  return test_report("learn_importance");
}
