/* pca.c: covariance eigenvalues of ROI coordinates (LAPACK dsyevd). */
#include "shape_core.h"

#include <math.h>
#include <stddef.h>

/* Fortran LAPACK through OpenBLAS; trailing hidden string lengths. */
extern void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a,
                    const int *lda, double *w, double *work, const int *lwork, int *iwork,
                    const int *liwork, int *info, size_t ljobz, size_t luplo);

int rmx_shape_pca(const double *xyz, size_t n, int dims, int ddof, double *eig) {
  if (n <= (size_t)ddof) return -1;
  double mean[3] = {0, 0, 0}, cov[9] = {0};
  for (size_t i = 0; i < n; i++)
    for (int d = 0; d < dims; d++) mean[d] += xyz[(size_t)dims * i + d];
  for (int d = 0; d < dims; d++) mean[d] /= (double)n;
  for (size_t i = 0; i < n; i++) {
    double c[3];
    for (int d = 0; d < dims; d++) c[d] = xyz[(size_t)dims * i + d] - mean[d];
    for (int r = 0; r < dims; r++)
      for (int s = r; s < dims; s++) cov[r + dims * s] += c[r] * c[s];
  }
  for (int r = 0; r < dims; r++)
    for (int s = r; s < dims; s++) cov[r + dims * s] /= (double)(n - (size_t)ddof);

  int nn = dims, lda = dims, lwork = 64, liwork = 16, info = 0, iwork[16];
  double work[64];
  dsyevd_("N", "U", &nn, cov, &lda, eig, work, &lwork, iwork, &liwork, &info, 1, 1);
  if (info != 0) return -1;
  /* rounding can leave a flat ROI's zero eigenvalue slightly negative */
  for (int d = 0; d < dims; d++)
    if (eig[d] < 0 && eig[d] > -1e-10) eig[d] = 0;
  return 0;
}
