/* dirangles.c: builds PyRadiomics' one-sided GLCM/GLRLM direction sets. */
#include <stdlib.h>
#include "dirangles.h"

int rmx_dir_plane_axis(const RmxFeatureInput *in) {
  if (!in->is_2d) return -1;
  return (in->plane_axis >= 0 && in->plane_axis <= 2) ? in->plane_axis : 2;
}

int rmx_dir_angles(RmxDirAngles *a, const size_t dim[3], const double *distances,
                   size_t n_distances, int plane_axis) {
  char want[RMX_DIR_MAX_DISTANCE + 1] = {0};
  int maxd = 0;
  a->n = 0;
  a->off = NULL;
  a->step = NULL;
  for (size_t d = 0; d < n_distances; d++) {
    double v = distances[d];
    if (!(v >= 1 && v <= RMX_DIR_MAX_DISTANCE) || v != (double)(int)v) return RMX_ERR_INVALID;
    want[(int)v] = 1;
    if ((int)v > maxd) maxd = (int)v;
  }
  size_t side = 2 * (size_t)maxd + 1, cap = (side * side * side) / 2;
  a->off = malloc(cap * sizeof *a->off);
  a->step = malloc(cap * sizeof *a->step);
  if (!a->off || !a->step) { rmx_dir_angles_free(a); return RMX_ERR_NOMEM; }
  /* PyRadiomics counts each offset down from +max to -max, slowest along k;
   * everything generated before (0, 0, 0) is the positive half. */
  for (int dk = maxd; dk >= 0; dk--)
    for (int dj = maxd; dj >= -maxd; dj--)
      for (int di = maxd; di >= -maxd; di--) {
        if (dk == 0 && dj == 0 && di == 0) return 0;
        int o[3] = {di, dj, dk}, norm = 0, ok = 1;
        for (int c = 0; c < 3; c++) {
          int m = o[c] < 0 ? -o[c] : o[c];
          if (m > norm) norm = m;
          if ((c == plane_axis && m != 0) || (size_t)m >= dim[c]) ok = 0;
        }
        if (!ok || !want[norm]) continue;
        for (int c = 0; c < 3; c++) a->off[a->n][c] = o[c];
        a->step[a->n] = (ptrdiff_t)di + (ptrdiff_t)dim[0] * ((ptrdiff_t)dj + (ptrdiff_t)dim[1] * dk);
        a->n++;
      }
  return 0;
}

void rmx_dir_angles_free(RmxDirAngles *a) {
  free(a->off);
  free(a->step);
  a->off = NULL;
  a->step = NULL;
  a->n = 0;
}
