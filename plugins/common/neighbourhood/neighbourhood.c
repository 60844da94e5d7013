/* neighbourhood.c: builds the neighbour offset sets and padded level grids used by GLSZM, GLDM and NGTDM. */
#include <stdlib.h>
#include <string.h>
#include "neighbourhood.h"
#include "levels.h"

int rmx_neigh_plane_axis(const RmxFeatureInput *in) {
  if (!in->is_2d) return -1;
  /* plane_axis is an RmxVolume axis (0 = i, 1 = j, 2 = k); the host maps
   * PyRadiomics' force2Ddimension (numpy z, y, x) onto it. */
  return (in->plane_axis >= 0 && in->plane_axis <= 2) ? in->plane_axis : 2;
}

int rmx_neigh_build(RmxNeighbourhood *nb, const size_t dim[3], const double *distances,
                    size_t n_distances, int plane_axis) {
  memset(nb, 0, sizeof *nb);
  uint8_t want[RMX_NEIGH_MAX_DISTANCE + 1] = {0};
  int maxd = 0;
  for (size_t d = 0; d < n_distances; d++) {
    if (!rmx_neigh_valid_distance(distances[d])) return RMX_ERR_INVALID;
    int v = (int)distances[d];
    want[v] = 1;
    if (v > maxd) maxd = v;
  }
  /* Per axis, offsets reach at most min(maxd, dim - 1), none on plane_axis. */
  int lim[3];
  size_t cap = 1;
  for (int c = 0; c < 3; c++) {
    lim[c] = c == plane_axis ? 0 : (dim[c] - 1 < (size_t)maxd ? (int)(dim[c] - 1) : maxd);
    cap *= (size_t)(2 * lim[c] + 1);
  }
  nb->off = malloc(cap * sizeof *nb->off);
  nb->step = malloc(cap * sizeof *nb->step);
  if (!nb->off || !nb->step) {
    rmx_neigh_free(nb);
    return RMX_ERR_NOMEM;
  }
  for (int dk = -lim[2]; dk <= lim[2]; dk++)
    for (int dj = -lim[1]; dj <= lim[1]; dj++)
      for (int di = -lim[0]; di <= lim[0]; di++) {
        int o[3] = {di, dj, dk}, norm = 0;
        for (int c = 0; c < 3; c++) {
          int a = o[c] < 0 ? -o[c] : o[c];
          if (a > norm) norm = a;
        }
        if (norm == 0 || !want[norm]) continue;
        for (int c = 0; c < 3; c++) {
          nb->off[nb->n][c] = o[c];
          int a = o[c] < 0 ? -o[c] : o[c];
          if (a > nb->reach[c]) nb->reach[c] = a;
        }
        nb->n++;
      }
  return 0;
}

void rmx_neigh_free(RmxNeighbourhood *nb) {
  free(nb->off);
  free(nb->step);
  memset(nb, 0, sizeof *nb);
}

int rmx_neigh_pad(const RmxFeatureInput *in, RmxNeighbourhood *nb, RmxPadded *p) {
  memset(p, 0, sizeof *p);
  const size_t *d = in->image->dim;
  size_t r[3];
  for (int c = 0; c < 3; c++) {
    r[c] = (size_t)nb->reach[c];
    p->dim[c] = d[c] + 2 * r[c];
  }
  size_t npad = p->dim[0] * p->dim[1] * p->dim[2];
  p->lv = malloc((npad + RMX_NEIGH_SLACK) * sizeof *p->lv);
  p->roi = malloc((d[0] * d[1] * d[2] + 1) * sizeof *p->roi);
  if (!p->lv || !p->roi) {
    rmx_padded_free(p);
    return RMX_ERR_NOMEM;
  }
  const int32_t *src = in->levels;
  const size_t nvox = d[0] * d[1] * d[2];
  rmx_levels_pad(src, d, r, p->lv);
  memset(p->lv + npad, 0, RMX_NEIGH_SLACK * sizeof *p->lv);
  for (size_t k = 0; k < d[2]; k++)
    for (size_t j = 0; j < d[1]; j++) {
      size_t base = r[0] + p->dim[0] * ((j + r[1]) + p->dim[1] * (k + r[2]));
      const int32_t *s = src + d[0] * (j + d[1] * k);
      for (size_t i0 = 0; i0 < d[0]; i0 += 8)
        for (unsigned m = rmx_levels_mask8(s, i0, d[0], (size_t)(src + nvox - s)); m; m &= m - 1) {
          size_t i = i0 + (size_t)__builtin_ctz(m);
          if (s[i] > in->n_levels) {
            rmx_padded_free(p);
            return RMX_ERR_INVALID;
          }
          p->roi[p->n_roi++] = base + i;
        }
    }
  p->box26 = nb->n == 26 && nb->reach[0] == 1 && nb->reach[1] == 1 && nb->reach[2] == 1;
  for (int r = 0; r < 9; r++)
    p->row9[r] = -1 + (ptrdiff_t)p->dim[0] * ((r % 3 - 1) + (ptrdiff_t)p->dim[1] * (r / 3 - 1));
  for (size_t a = 0; a < nb->n; a++)
    nb->step[a] = (ptrdiff_t)nb->off[a][0] +
                  (ptrdiff_t)p->dim[0] * ((ptrdiff_t)nb->off[a][1] + (ptrdiff_t)p->dim[1] * nb->off[a][2]);
  return 0;
}

void rmx_padded_free(RmxPadded *p) {
  free(p->lv);
  free(p->roi);
  memset(p, 0, sizeof *p);
}
