/* pca.c: covariance eigenvalues of ROI coordinates (LAPACK dsyevd). */
#include "shape_core.h"

#include <math.h>
#include <stddef.h>

/* Fortran LAPACK through OpenBLAS; trailing hidden string lengths. */
extern void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a,
                    const int *lda, double *w, double *work, const int *lwork, int *iwork,
                    const int *liwork, int *info, size_t ljobz, size_t luplo);

int rmx_shape_pca(const double *xyz, size_t n, int dims, int ddof, double *eig) {
  if (n <= (size_t)ddof || dims < 2 || dims > 3) return -1;
  double mean[3] = {0, 0, 0}, cov[9] = {0}, s[6] = {0};
  for (size_t i = 0; i < n; i++)
    for (int d = 0; d < dims; d++) mean[d] += xyz[(size_t)dims * i + d];
  for (int d = 0; d < dims; d++) mean[d] /= (double)n;
  /* upper triangle: (0,0) (0,1) (1,1) [(0,2) (1,2) (2,2)] */
  if (dims == 3)
    for (size_t i = 0; i < n; i++) {
      double a = xyz[3 * i] - mean[0], b = xyz[3 * i + 1] - mean[1], c = xyz[3 * i + 2] - mean[2];
      s[0] += a * a, s[1] += a * b, s[2] += b * b, s[3] += a * c, s[4] += b * c, s[5] += c * c;
    }
  else
    for (size_t i = 0; i < n; i++) {
      double a = xyz[2 * i] - mean[0], b = xyz[2 * i + 1] - mean[1];
      s[0] += a * a, s[1] += a * b, s[2] += b * b;
    }
  const double div = (double)(n - (size_t)ddof);
  cov[0] = s[0] / div, cov[dims] = s[1] / div, cov[dims + 1] = s[2] / div;
  if (dims == 3) cov[6] = s[3] / div, cov[7] = s[4] / div, cov[8] = s[5] / div;

  int nn = dims, lda = dims, lwork = 64, liwork = 16, info = 0, iwork[16];
  double work[64];
  dsyevd_("N", "U", &nn, cov, &lda, eig, work, &lwork, iwork, &liwork, &info, 1, 1);
  if (info != 0) return -1;
  /* rounding can leave a flat ROI's zero eigenvalue slightly negative */
  for (int d = 0; d < dims; d++)
    if (eig[d] < 0 && eig[d] > -1e-10) eig[d] = 0;
  return 0;
}
