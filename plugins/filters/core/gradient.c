/* gradient.c: gradient magnitude as ITK's GradientMagnitudeImageFilter
** (central differences 0.5 (x[i+1] - x[i-1]) / spacing, zero-flux Neumann
** border = edge voxel repeated, double arithmetic, float output). */
#include <math.h>
#include "filtercore.h"

int rmx_fc_gradient(const double *in, const size_t dim[3], const double spacing[3],
                    int use_spacing, float *out) {
  size_t stride[3] = {1, dim[0], dim[0] * dim[1]};
  double k[3];
  for (int a = 0; a < 3; a++) k[a] = 0.5 * (use_spacing ? 1.0 / spacing[a] : 1.0);
  for (size_t z = 0; z < dim[2]; z++)
    for (size_t y = 0; y < dim[1]; y++)
      for (size_t x = 0; x < dim[0]; x++) {
        size_t idx[3] = {x, y, z}, i = x + dim[0] * (y + dim[1] * z);
        double acc = 0;
        for (int a = 0; a < 3; a++) {
          /* a single-voxel axis gives 0: both neighbours are the voxel itself */
          size_t lo = idx[a] > 0 ? i - stride[a] : i;
          size_t hi = idx[a] + 1 < dim[a] ? i + stride[a] : i;
          double g = -k[a] * in[lo] + 0.0 * in[i];
          g += k[a] * in[hi];
          acc += g * g;
        }
        out[i] = (float)sqrt(acc);
      }
  return 0;
}
