/* conv1d.c: in-place 1D convolution along one axis of a volume, with a boundary condition. */
#include <stdlib.h>
#include "filtercore.h"

int rmx_fc_conv_axis(double *v, const size_t dim[3], int axis, const double *k, int len,
                     RmxFcBoundary bc) {
  size_t ln = dim[axis], stride = axis == 0 ? 1 : axis == 1 ? dim[0] : dim[0] * dim[1];
  size_t nlines = rmx_fc_count(dim) / ln;
  double *x = malloc(2 * ln * sizeof *x);
  if (!x) return -1;
  double *o = x + ln;
  long h = len / 2;
  for (size_t l = 0; l < nlines; l++) {
    size_t base = axis == 0 ? l * dim[0]
                : axis == 1 ? (l % dim[0]) + (l / dim[0]) * dim[0] * dim[1] : l;
    for (size_t i = 0; i < ln; i++) x[i] = v[base + i * stride];
    for (size_t i = 0; i < ln; i++) {
      double s = 0;
      for (long t = -h; t <= h; t++) {
        long p = rmx_fc_boundary_index((long)i - t, (long)ln, bc);
        if (p >= 0) s += k[t + h] * x[p];
      }
      o[i] = s;
    }
    for (size_t i = 0; i < ln; i++) v[base + i * stride] = o[i];
  }
  free(x);
  return 0;
}
