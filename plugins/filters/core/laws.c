/* laws.c: Laws texture kernels as IBSI 2 defines them (unit-norm 1D
** kernels L3 E3 S3 L5 E5 S5 W5 R5; a name like "E5L5S5" gives the kernels
** along x, y, z), separable convolution with a boundary condition, and the
** energy map: mean |response| over a (2 delta + 1)^d Chebyshev neighbourhood. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "filtercore.h"

static int kernel1d(const char *s, double *k) {
  static const struct { const char *n; int len; double norm; double v[5]; } t[] = {
    {"L3", 3, 6, {1, 2, 1}},         {"E3", 3, 2, {-1, 0, 1}},
    {"S3", 3, 6, {-1, 2, -1}},       {"L5", 5, 70, {1, 4, 6, 4, 1}},
    {"E5", 5, 10, {-1, -2, 0, 2, 1}}, {"S5", 5, 6, {-1, 0, 2, 0, -1}},
    {"W5", 5, 10, {-1, 2, 0, -2, 1}}, {"R5", 5, 70, {1, -4, 6, -4, 1}},
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
    if (!strncmp(s, t[i].n, 2)) {
      for (int j = 0; j < t[i].len; j++) k[j] = t[i].v[j] / sqrt(t[i].norm);
      return t[i].len;
    }
  return 0;
}

int rmx_fc_laws(const double *in, const size_t dim[3], const char *kernel, RmxFcBoundary bc,
                double *out) {
  size_t len = strlen(kernel);
  int naxes = (int)(len / 2);
  if (len % 2 || naxes < 2 || naxes > 3) return -2;
  double k[3][5];
  int kl[3];
  for (int a = 0; a < naxes; a++)
    if (!(kl[a] = kernel1d(kernel + 2 * a, k[a]))) return -2;
  memcpy(out, in, rmx_fc_count(dim) * sizeof *out);
  for (int a = 0; a < naxes; a++)
    if (rmx_fc_conv_axis(out, dim, a, k[a], kl[a], bc)) return -1;
  return 0;
}

int rmx_fc_laws_energy(const double *resp, const size_t dim[3], int delta, int is2d,
                       RmxFcBoundary bc, double *out) {
  size_t n = rmx_fc_count(dim);
  double *a = malloc(n * sizeof *a);
  if (!a) return -1;
  for (size_t i = 0; i < n; i++) a[i] = fabs(resp[i]);
  int rc = rmx_fc_mean(a, dim, 2 * delta + 1, is2d, bc, out);
  free(a);
  return rc;
}
