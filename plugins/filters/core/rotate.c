/* rotate.c: the 24 proper right-angle rotations of a volume and pooling of
** a filter's responses over them (IBSI 2 rotation invariance): the filter
** runs on each rotated copy, its response is rotated back, and the 24
** responses are averaged or their maximum kept. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "filtercore.h"

int rmx_fc_rotations(RmxFcRot out[24]) {
  static const int perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  static const int parity[6] = {1, -1, -1, 1, 1, -1};
  int n = 0;
  for (int p = 0; p < 6; p++)
    for (int f = 0; f < 8; f++) {
      int sign = parity[p];
      for (int a = 0; a < 3; a++)
        if ((f >> a) & 1) sign = -sign;
      if (sign != 1) continue;
      for (int a = 0; a < 3; a++) {
        out[n].perm[a] = perms[p][a];
        out[n].flip[a] = (f >> a) & 1;
      }
      n++;
    }
  return n;
}

/* Rotated voxel q (axis a runs along input axis perm[a]) <-> input voxel p. */
static size_t src_index(const size_t dim[3], const RmxFcRot *r, const size_t q[3]) {
  size_t p[3];
  for (int a = 0; a < 3; a++) {
    size_t n = dim[r->perm[a]];
    p[r->perm[a]] = r->flip[a] ? n - 1 - q[a] : q[a];
  }
  return p[0] + dim[0] * (p[1] + dim[1] * p[2]);
}

void rmx_fc_rotate(const double *in, const size_t dim[3], const RmxFcRot *r, double *out,
                   size_t odim[3]) {
  for (int a = 0; a < 3; a++) odim[a] = dim[r->perm[a]];
  size_t q[3], i = 0;
  for (q[2] = 0; q[2] < odim[2]; q[2]++)
    for (q[1] = 0; q[1] < odim[1]; q[1]++)
      for (q[0] = 0; q[0] < odim[0]; q[0]++) out[i++] = in[src_index(dim, r, q)];
}

int rmx_fc_rot_pool(const double *in, const size_t dim[3], int mode, int planar,
                    RmxFcRotFilter fn, void *user, double *out) {
  RmxFcRot rots[24];
  int nr = mode == RMX_FC_POOL_NONE ? 1 : rmx_fc_rotations(rots);
  if (planar && mode != RMX_FC_POOL_NONE) {
    /* the 4 rotations about z: z axis kept, not flipped */
    int m = 0;
    for (int k = 0; k < nr; k++)
      if (rots[k].perm[2] == 2 && !rots[k].flip[2]) rots[m++] = rots[k];
    nr = m;
  }
  if (mode == RMX_FC_POOL_NONE) {
    memset(&rots[0], 0, sizeof rots[0]);
    for (int a = 0; a < 3; a++) rots[0].perm[a] = a;
  }
  size_t n = rmx_fc_count(dim);
  double *rin = malloc(n * sizeof *rin), *rout = malloc(n * sizeof *rout);
  if (!rin || !rout) { free(rin); free(rout); return -1; }
  int rc = 0;
  for (int k = 0; k < nr && !rc; k++) {
    size_t odim[3];
    rmx_fc_rotate(in, dim, &rots[k], rin, odim);
    rc = fn(user, rin, odim, rout);
    size_t q[3], i = 0;
    for (q[2] = 0; q[2] < odim[2] && !rc; q[2]++)
      for (q[1] = 0; q[1] < odim[1]; q[1]++)
        for (q[0] = 0; q[0] < odim[0]; q[0]++, i++) {
          size_t p = src_index(dim, &rots[k], q);
          double v = rout[i];
          if (k == 0) out[p] = v;
          else if (mode == RMX_FC_POOL_MAX) out[p] = fmax(out[p], v);
          else out[p] += v;
        }
  }
  if (!rc && mode == RMX_FC_POOL_AVERAGE)
    for (size_t i = 0; i < n; i++) out[i] /= nr;
  free(rin);
  free(rout);
  return rc;
}
