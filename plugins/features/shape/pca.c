/* pca.c: covariance eigenvalues of ROI coordinates (own cyclic Jacobi: loading
 * OpenBLAS for a 3x3 problem cost each extraction ~8 M instructions). */
#include "shape_core.h"

#include <math.h>
#include <stddef.h>

/*
 * Cyclic Jacobi: each rotation zeroes one off-diagonal element exactly and
 * the off-diagonal norm falls quadratically, so a 3x3 takes 3-5 sweeps and
 * a 2x2 one rotation. Rotations are orthogonal, so the eigenvalues are
 * accurate to a few ulp of the matrix norm (as dsyevd's).
 */
int rmx_shape_symeig(double *a, int n, double *w) {
  if (n < 1 || n > 3) return -1;
  for (int sweep = 0; sweep < 64; sweep++) {
    double off = 0;
    for (int p = 0; p < n; p++)
      for (int q = p + 1; q < n; q++) off += fabs(a[p * n + q]);
    if (off == 0) break;
    for (int p = 0; p < n; p++)
      for (int q = p + 1; q < n; q++) {
        double apq = a[p * n + q], app = a[p * n + p], aqq = a[q * n + q];
        if (apq == 0) continue;
        /* negligible next to both diagonal entries: drop it (below rounding) */
        if (fabs(app) + 100 * fabs(apq) == fabs(app) && fabs(aqq) + 100 * fabs(apq) == fabs(aqq)) {
          a[p * n + q] = a[q * n + p] = 0;
          continue;
        }
        /* t = tan(phi), the smaller root of t^2 + 2 theta t - 1 = 0 */
        double theta = (aqq - app) / (2 * apq), t;
        if (fabs(theta) > 1e150) t = 0.5 / theta;
        else t = (theta >= 0 ? 1 : -1) / (fabs(theta) + sqrt(theta * theta + 1));
        double c = 1 / sqrt(t * t + 1), s = t * c, tau = s / (1 + c);
        a[p * n + p] = app - t * apq;
        a[q * n + q] = aqq + t * apq;
        a[p * n + q] = a[q * n + p] = 0;
        for (int r = 0; r < n; r++) {
          if (r == p || r == q) continue;
          double arp = a[r * n + p], arq = a[r * n + q];
          a[r * n + p] = a[p * n + r] = arp - s * (arq + tau * arp);
          a[r * n + q] = a[q * n + r] = arq + s * (arp - tau * arq);
        }
      }
  }
  for (int i = 0; i < n; i++) w[i] = a[i * n + i];
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && w[j] < w[j - 1]; j--) { double x = w[j]; w[j] = w[j - 1]; w[j - 1] = x; }
  for (int i = 0; i < n; i++)
    if (!isfinite(w[i])) return -1;
  return 0;
}

int rmx_shape_pca(const double *xyz, size_t n, int dims, int ddof, double *eig) {
  if (n <= (size_t)ddof || dims < 2 || dims > 3) return -1;
  double mean[3] = {0, 0, 0}, s[6] = {0};
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
  double cov[9];
  if (dims == 3) {
    const double c3[9] = {s[0], s[1], s[3], s[1], s[2], s[4], s[3], s[4], s[5]};
    for (int k = 0; k < 9; k++) cov[k] = c3[k] / div;
  } else {
    const double c2[4] = {s[0], s[1], s[1], s[2]};
    for (int k = 0; k < 4; k++) cov[k] = c2[k] / div;
  }
  if (rmx_shape_symeig(cov, dims, eig) != 0) return -1;
  /* rounding can leave a flat ROI's zero eigenvalue slightly negative */
  for (int d = 0; d < dims; d++)
    if (eig[d] < 0 && eig[d] > -1e-10) eig[d] = 0;
  return 0;
}
