/* neighbourhood.c: builds the neighbour offset sets used by GLSZM, GLDM and NGTDM. */
#include "neighbourhood.h"

int rmx_neigh_plane_axis(const RmxFeatureInput *in) {
  if (!in->is_2d) return -1;
  /* plane_axis is an RmxVolume axis (0 = i, 1 = j, 2 = k). */
  return (in->plane_axis >= 0 && in->plane_axis <= 2) ? in->plane_axis : 2;
}

int rmx_neigh_build(RmxNeighbourhood *nb, const size_t dim[3], const double *distances,
                    size_t n_distances, int plane_axis) {
  int want[RMX_NEIGH_MAX_DISTANCE + 1] = {0};
  int maxd = 0;
  for (size_t d = 0; d < n_distances; d++) {
    double v = distances[d];
    if (!rmx_neigh_valid_distance(v)) return -1;
    want[(int)v] = 1;
    if ((int)v > maxd) maxd = (int)v;
  }
  nb->n = 0;
  nb->reach = maxd;
  for (int dk = -maxd; dk <= maxd; dk++)
    for (int dj = -maxd; dj <= maxd; dj++)
      for (int di = -maxd; di <= maxd; di++) {
        int o[3] = {di, dj, dk}, norm = 0, ok = 1;
        for (int c = 0; c < 3; c++) {
          int a = o[c] < 0 ? -o[c] : o[c];
          if (a > norm) norm = a;
          if ((c == plane_axis && a != 0) || (size_t)a >= dim[c]) ok = 0;
        }
        if (!ok || norm == 0 || !want[norm]) continue;
        for (int c = 0; c < 3; c++) nb->off[nb->n][c] = o[c];
        nb->step[nb->n] = (ptrdiff_t)di + (ptrdiff_t)dim[0] * ((ptrdiff_t)dj + (ptrdiff_t)dim[1] * dk);
        nb->n++;
      }
  return 0;
}
