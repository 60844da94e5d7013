/* test_linear.c: z-scoring, chi2, Pearson, min-norm OLS, exact L2 logistic coefficients and RFE ranks against the scikit-learn references. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "dataset.h"
#include "ml_linear.h"

static void run(const char *name) {
  Dataset *d = dataset_load(name);
  double *X, *y;
  size_t n = dataset_rows(d, sel_train, 0, &X, &y, NULL), p = d->p;
  Csv *sc = csv_read(dataset_path(d, "scaler_train.csv"));
  Csv *ss = csv_read(dataset_path(d, "selector_scores.csv"));
  RmxMatrix R = mat(X, n, p);
  double *mean = malloc(p * sizeof *mean), *scale = malloc(p * sizeof *scale);
  rmx_ml_zscore_fit(&R, NULL, mean, scale);
  double dm = 0, ds = 0;
  for (size_t j = 0; j < p; j++) {
    dm = fmax(dm, fabs(mean[j] - csv_get(sc, j, "mean")) / fmax(1, fabs(csv_get(sc, j, "mean"))));
    ds = fmax(ds, rel_diff(scale[j], csv_get(sc, j, "scale")));
  }
  CHECK(dm < 1e-12 && ds < 1e-12, "%s: scaler mean %.3g scale %.3g", name, dm, ds);
  double *Z = rmx_ml_zscore_apply(&R, mean, scale);
  RmxMatrix M = mat(Z, n, p);

  double *v = malloc(p * sizeof *v), dchi = 0, dr = 0, dl = 0, dg = 0, b;
  rmx_ml_chi2(&R, y, v);
  for (size_t j = 0; j < p; j++) dchi = fmax(dchi, rel_diff(v[j], csv_get(ss, j, "chi2")));
  rmx_ml_pearson(&M, y, v);
  for (size_t j = 0; j < p; j++) dr = fmax(dr, rel_diff(v[j], csv_get(ss, j, "pearson_r")));
  CHECK(rmx_linreg_minnorm(&M, y, 1e-10, v, &b) == 0, "%s: linreg failed", name);
  double lmax = 0;
  for (size_t j = 0; j < p; j++) lmax = fmax(lmax, fabs(csv_get(ss, j, "linreg_coef")));
  for (size_t j = 0; j < p; j++)
    dl = fmax(dl, fabs(v[j] - csv_get(ss, j, "linreg_coef")) / fmax(fabs(csv_get(ss, j, "linreg_coef")), 1e-6 * lmax));
  RmxLogregOpts o = {RMX_PENALTY_L2, 1.0, 0, 1e-10, 100};
  int it = 0;
  CHECK(rmx_logreg_fit(&M, y, NULL, &o, 0, v, &b, &it) == 0, "%s: logreg did not converge", name);
  double gmax = 0, dga = 0;
  for (size_t j = 0; j < p; j++) gmax = fmax(gmax, fabs(csv_get(ss, j, "logreg_coef")));
  for (size_t j = 0; j < p; j++) {
    double r = csv_get(ss, j, "logreg_coef");
    dg = fmax(dg, fabs(v[j] - r) / fmax(fabs(r), 1e-3 * gmax));
    dga = fmax(dga, fabs(v[j] - r));
  }
  printf("%s: logreg max abs diff %.3g (largest |coef| %.3g)\n", name, dga, gmax);
  CHECK(dchi < 1e-9, "%s: chi2 rel diff %.3g", name, dchi);
  CHECK(dr < 1e-9, "%s: pearson rel diff %.3g", name, dr);
  CHECK(dl < 1e-6, "%s: linreg rel diff %.3g", name, dl);
  CHECK(dg < 1e-6, "%s: logreg rel diff %.3g (%d iterations)", name, dg, it);
  printf("%s: chi2 %.2g pearson %.2g linreg %.2g logreg %.2g (max rel diff, %d Newton its)\n",
         name, dchi, dr, dl, dg, it);

  /* elastic net with l1_ratio 0 is the L2 model: the coordinate-descent path must reach the same optimum */
  RmxLogregOpts en = {RMX_PENALTY_ELASTICNET, 1.0, 0.0, 1e-10, 500};
  double *w2 = malloc(p * sizeof *w2), b2, de = 0;
  int rc_en = rmx_logreg_fit(&M, y, NULL, &en, 0, w2, &b2, NULL);
  for (size_t j = 0; j < p; j++) {
    double r = csv_get(ss, j, "logreg_coef");
    de = fmax(de, fabs(w2[j] - r) / fmax(fabs(r), 1e-3 * gmax));
  }
  CHECK(rc_en == 0 && de < 1e-6, "%s: elastic net (l1_ratio 0) vs exact L2 coef rel diff %.3g (rc %d)", name, de, rc_en);
  /* L1: the optimality (KKT) conditions of C*sum logloss + |w|_1 */
  RmxLogregOpts l1 = {RMX_PENALTY_L1, 1.0, 1.0, 1e-10, 500};
  int rc_l1 = rmx_logreg_fit(&M, y, NULL, &l1, 0, w2, &b2, NULL);
  double kkt = 0, gb = 0;
  size_t nz = 0;
  double *g = calloc(p, sizeof *g);
  for (size_t i = 0; i < n; i++) {
    double m = b2;
    for (size_t j = 0; j < p; j++) m += w2[j] * Z[i + j * n];
    double r = 1 / (1 + exp(-m)) - y[i];
    gb += r;
    for (size_t j = 0; j < p; j++) g[j] += r * Z[i + j * n];
  }
  for (size_t j = 0; j < p; j++) {
    if (w2[j] != 0) {
      kkt = fmax(kkt, fabs(g[j] + (w2[j] > 0 ? 1 : -1)));
      nz++;
    } else {
      kkt = fmax(kkt, fmax(0, fabs(g[j]) - 1));
    }
  }
  kkt = fmax(kkt, fabs(gb));
  CHECK(rc_l1 == 0 && kkt < 1e-6, "%s: L1 optimality violated by %.3g (rc %d)", name, kkt, rc_l1);
  printf("%s: elastic net(0) vs L2 %.2g; L1 KKT violation %.2g with %zu of %zu nonzero\n", name, de, kkt, nz, p);
  free(g);
  free(w2);

  size_t *rank = malloc(p * sizeof *rank), wrong = 0;
  CHECK(rmx_logreg_rfe(&M, y, 1.0, 1e-10, rank) == 0, "%s: rfe failed", name);
  for (size_t k = 0; k < p; k++)
    if ((double)(k + 1) != csv_get(ss, rank[k], "rfe_rank")) wrong++;
  CHECK(wrong == 0, "%s: %zu RFE ranks differ", name, wrong);
  printf("%s: RFE ranks differing: %zu of %zu\n", name, wrong, p);

  free(rank);
  free(v);
  free(Z);
  free(mean);
  free(scale);
  csv_free(sc);
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
  return test_report("learn_linear");
}
