/* mean.c: mean filter of an odd cubic (3D) or square in-plane (2D, x-y)
** support, with a chosen boundary condition (IBSI 2 filter 1). Separable:
** box sums along each filtered axis, then one division. */
#include <stdlib.h>
#include <string.h>
#include "filtercore.h"

static int box_axis(double *v, const size_t dim[3], int axis, int support, RmxFcBoundary bc) {
  size_t ln = dim[axis], stride = axis == 0 ? 1 : axis == 1 ? dim[0] : dim[0] * dim[1];
  size_t nlines = rmx_fc_count(dim) / ln;
  double *x = malloc(2 * ln * sizeof *x);
  if (!x) return -1;
  double *o = x + ln;
  long h = support / 2;
  for (size_t l = 0; l < nlines; l++) {
    size_t base = axis == 0 ? l * dim[0]
                : axis == 1 ? (l % dim[0]) + (l / dim[0]) * dim[0] * dim[1] : l;
    for (size_t i = 0; i < ln; i++) x[i] = v[base + i * stride];
    for (size_t i = 0; i < ln; i++) {
      double s = 0;
      for (long t = -h; t <= h; t++) {
        long p = rmx_fc_boundary_index((long)i + t, (long)ln, bc);
        if (p >= 0) s += x[p];
      }
      o[i] = s;
    }
    for (size_t i = 0; i < ln; i++) v[base + i * stride] = o[i];
  }
  free(x);
  return 0;
}

int rmx_fc_mean(const double *in, const size_t dim[3], int support, int is2d,
                RmxFcBoundary bc, double *out) {
  if (support < 1 || support % 2 == 0) return -2;
  memcpy(out, in, rmx_fc_count(dim) * sizeof *out);
  int naxes = is2d ? 2 : 3;
  double norm = 1;
  for (int a = 0; a < naxes; a++) {
    if (box_axis(out, dim, a, support, bc)) return -1;
    norm *= support;
  }
  size_t n = rmx_fc_count(dim);
  for (size_t i = 0; i < n; i++) out[i] /= norm;
  return 0;
}
