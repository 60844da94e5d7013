/* linsel.c: univariate and least-squares feature scores: chi2, Pearson r, min-norm OLS (LAPACK dgelsd). */
#include "ml_lapack.h"
#include "ml_linear.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void rmx_ml_chi2(const RmxMatrix *X, const double *y, double *chi2) {
  size_t n = X->rows;
  double n1 = 0;
  for (size_t i = 0; i < n; i++) n1 += y[i];
  double f1 = n1 / (double)n, f0 = 1 - f1;
  for (size_t j = 0; j < X->cols; j++) {
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
      double v = RMX_ML_AT(X, i, j);
      lo = v < lo ? v : lo;
      hi = v > hi ? v : hi;
    }
    if (!(hi > lo)) {
      chi2[j] = NAN; /* constant: 0/0 */
      continue;
    }
    double o0 = 0, o1 = 0;
    for (size_t i = 0; i < n; i++) {
      double v = (RMX_ML_AT(X, i, j) - lo) / (hi - lo);
      if (y[i] != 0) o1 += v;
      else o0 += v;
    }
    double t = o0 + o1, e0 = f0 * t, e1 = f1 * t;
    chi2[j] = (o0 - e0) * (o0 - e0) / e0 + (o1 - e1) * (o1 - e1) / e1;
  }
}

void rmx_ml_pearson(const RmxMatrix *X, const double *y, double *r) {
  size_t n = X->rows;
  double my = 0, syy = 0;
  for (size_t i = 0; i < n; i++) my += y[i];
  my /= (double)n;
  for (size_t i = 0; i < n; i++) syy += (y[i] - my) * (y[i] - my);
  for (size_t j = 0; j < X->cols; j++) {
    double mx = 0, sxx = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) mx += RMX_ML_AT(X, i, j);
    mx /= (double)n;
    for (size_t i = 0; i < n; i++) {
      double dx = RMX_ML_AT(X, i, j) - mx;
      sxx += dx * dx;
      sxy += dx * (y[i] - my);
    }
    r[j] = (sxx > 0 && syy > 0) ? sxy / sqrt(sxx * syy) : NAN;
  }
}

int rmx_linreg_minnorm(const RmxMatrix *X, const double *y, double rcond, double *coef,
                       double *intercept) {
  size_t n = X->rows, p = X->cols, mx = n > p ? n : p;
  double *A = malloc((n * p + 1) * sizeof *A), *B = calloc(mx ? mx : 1, sizeof *B);
  double *mean = malloc((p ? p : 1) * sizeof *mean), *s = malloc((mx ? mx : 1) * sizeof *s);
  double *work = NULL;
  int *iwork = NULL, rc = RMX_ERR_NOMEM;
  if (!A || !B || !mean || !s) goto out;
  double my = 0;
  for (size_t i = 0; i < n; i++) my += y[i];
  my /= (double)n;
  for (size_t j = 0; j < p; j++) { /* centred design: the intercept drops out */
    double m = 0;
    for (size_t i = 0; i < n; i++) m += RMX_ML_AT(X, i, j);
    m /= (double)n;
    mean[j] = m;
    for (size_t i = 0; i < n; i++) A[i + j * n] = RMX_ML_AT(X, i, j) - m;
  }
  for (size_t i = 0; i < n; i++) B[i] = y[i] - my;
  int m_ = (int)n, n_ = (int)p, one = 1, lda = (int)(n ? n : 1), ldb = (int)(mx ? mx : 1), rank = 0,
      info = 0, lwork = -1, iw = 0;
  double wq = 0;
  dgelsd_(&m_, &n_, &one, A, &lda, B, &ldb, s, &rcond, &rank, &wq, &lwork, &iw, &info);
  if (info != 0) {
    rc = RMX_ERR_NUMERIC;
    goto out;
  }
  lwork = (int)wq + 1;
  work = malloc((size_t)lwork * sizeof *work);
  iwork = malloc((size_t)(iw > 1 ? iw : 1) * sizeof *iwork);
  if (!work || !iwork) goto out;
  dgelsd_(&m_, &n_, &one, A, &lda, B, &ldb, s, &rcond, &rank, work, &lwork, iwork, &info);
  if (info != 0) {
    rc = RMX_ERR_NUMERIC;
    goto out;
  }
  double b0 = my;
  for (size_t j = 0; j < p; j++) {
    coef[j] = B[j];
    b0 -= B[j] * mean[j];
  }
  if (intercept) *intercept = b0;
  rc = RMX_OK;
out:
  free(A);
  free(B);
  free(mean);
  free(s);
  free(work);
  free(iwork);
  return rc;
}
