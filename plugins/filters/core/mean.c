/* mean.c: mean filter of an odd cubic (3D) or square in-plane (2D, x-y)
** support, with a chosen boundary condition (IBSI 2 filter 1). Separable:
** box sums along each filtered axis, then one division. */
#include <stdlib.h>
#include <string.h>
#include "filtercore.h"

int rmx_fc_mean(const double *in, const size_t dim[3], int support, int is2d,
                RmxFcBoundary bc, double *out) {
  if (support < 1 || support % 2 == 0) return -2;
  memcpy(out, in, rmx_fc_count(dim) * sizeof *out);
  int naxes = is2d ? 2 : 3;
  double norm = 1, *ones = malloc((size_t)support * sizeof *ones);
  if (!ones) return -1;
  for (int t = 0; t < support; t++) ones[t] = 1; /* box sums; one division at the end */
  for (int a = 0; a < naxes; a++) {
    if (rmx_fc_conv_axis(out, dim, a, ones, support, bc)) {
      free(ones);
      return -1;
    }
    norm *= support;
  }
  free(ones);
  size_t n = rmx_fc_count(dim);
  for (size_t i = 0; i < n; i++) out[i] /= norm;
  return 0;
}
