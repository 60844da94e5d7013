/* mesh3d.c: marching cubes on a binary mask: area, signed volume, vertices. */
#include "shape_core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int rmx_shape_mesh(const uint8_t *mask, const size_t dim[3], const double spacing[3],
                   const RmxMcTable *t, RmxShapeMesh *out) {
  /* Padded array in (z,y,x) order, like PyRadiomics' numpy view. */
  const size_t X = dim[0] + 2, Y = dim[1] + 2, Z = dim[2] + 2;
  const double sp[3] = {spacing[2], spacing[1], spacing[0]};
  uint8_t *p = calloc(X * Y * Z, 1);
  if (!p) return -1;
  for (size_t z = 0; z < dim[2]; z++)
    for (size_t y = 0; y < dim[1]; y++) {
      const uint8_t *src = mask + dim[0] * (y + dim[1] * z);
      uint8_t *dst = p + ((z + 1) * Y + (y + 1)) * X + 1;
      for (size_t x = 0; x < dim[0]; x++) dst[x] = src[x] != 0;
    }

  /* Edge midpoints, in voxels from the cube origin. */
  double mid[12][3];
  for (int e = 0; e < 12; e++) {
    int m[3];
    rmx_mc_edge_mid2(e, m);
    for (int d = 0; d < 3; d++) mid[e][d] = 0.5 * m[d];
  }
  /* Each mesh vertex is stored once: by the cube in which its edge touches
     corner 7 (always outside after the complement flip). Corner 6, 4 and 3
     end edges 6, 7 and 11. */
  static const int vert_corner[3] = {6, 4, 3}, vert_edge[3] = {6, 7, 11};
  int vm[3][3];
  for (int i = 0; i < 3; i++) rmx_mc_edge_mid2(vert_edge[i], vm[i]);

  /* Per cube index: the area of its triangles and, for the volume, the
     split of sum a.(b x c) over its triangles with a = o + a' (o: cube
     origin): o.N + S with N = sum(a'xb' + b'xc' + c'xa'), S = sum
     a'.(b'xc'). Only the origin changes from cube to cube. */
  double carea[128], cN[128][3], cS[128];
  for (int c = 0; c < 128; c++) {
    carea[c] = cS[c] = cN[c][0] = cN[c][1] = cN[c][2] = 0;
    for (const int8_t *tri = t->tris[c]; tri[0] >= 0; tri += 3) {
      double a[3], b[3], cc[3], n[3];
      for (int d = 0; d < 3; d++)
        a[d] = mid[tri[0]][d] * sp[d], b[d] = mid[tri[1]][d] * sp[d], cc[d] = mid[tri[2]][d] * sp[d];
      double ab[3], bc[3], ca[3];
      ab[0] = a[1] * b[2] - a[2] * b[1], ab[1] = a[2] * b[0] - a[0] * b[2], ab[2] = a[0] * b[1] - a[1] * b[0];
      bc[0] = b[1] * cc[2] - b[2] * cc[1], bc[1] = b[2] * cc[0] - b[0] * cc[2], bc[2] = b[0] * cc[1] - b[1] * cc[0];
      ca[0] = cc[1] * a[2] - cc[2] * a[1], ca[1] = cc[2] * a[0] - cc[0] * a[2], ca[2] = cc[0] * a[1] - cc[1] * a[0];
      for (int d = 0; d < 3; d++) cN[c][d] += ab[d] + bc[d] + ca[d];
      cS[c] += a[0] * bc[0] + a[1] * bc[1] + a[2] * bc[2];
      for (int d = 0; d < 3; d++) a[d] -= cc[d], b[d] -= cc[d];
      n[0] = a[1] * b[2] - b[1] * a[2];
      n[1] = a[2] * b[0] - b[2] * a[0];
      n[2] = a[0] * b[1] - b[0] * a[1];
      carea[c] += 0.5 * sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    }
  }

  size_t cap = 1024, nv = 0;
  int32_t *verts = malloc(cap * 3 * sizeof *verts);
  if (!verts) { free(p); return -1; }

  /* The cube at x takes corners 0,3,4,7 from the 4 rows' voxel x and
     corners 1,2,5,6 from voxel x + 1: a 4-bit column code per x (rows
     (z,y), (z,y+1), (z+1,y), (z+1,y+1)) mapped through two small tables. */
  uint8_t lo_bits[16], hi_bits[16];
  for (unsigned k = 0; k < 16; k++) {
    lo_bits[k] = (uint8_t)((k & 1) | (k & 2) << 2 | (k & 4) << 2 | (k & 8) << 4);
    hi_bits[k] = (uint8_t)((k & 1) << 1 | (k & 2) << 1 | (k & 4) << 3 | (k & 8) << 3);
  }
  double area = 0, vol = 0;
  for (size_t iz = 0; iz + 1 < Z; iz++)
    for (size_t iy = 0; iy + 1 < Y; iy++) {
      const uint8_t *r00 = p + (iz * Y + iy) * X, *r01 = r00 + X;
      const uint8_t *r10 = r00 + Y * X, *r11 = r10 + X;
      unsigned prev = r00[0] | r01[0] << 1 | r10[0] << 2 | r11[0] << 3;
      for (size_t ix = 0; ix + 1 < X; ix++) {
        unsigned next = r00[ix + 1] | r01[ix + 1] << 1 | r10[ix + 1] << 2 | r11[ix + 1] << 3;
        unsigned c = lo_bits[prev] | hi_bits[next];
        prev = next;
        if (c == 0 || c == 255) continue;
        double sign = 1;
        if (c & 0x80) c ^= 0xff, sign = -1;

        for (int i = 0; i < 3; i++) {
          if (!(c & (1u << vert_corner[i]))) continue;
          if (nv == cap) {
            int32_t *nvp = realloc(verts, 2 * cap * 3 * sizeof *verts);
            if (!nvp) { free(verts); free(p); return -1; }
            verts = nvp, cap *= 2;
          }
          verts[3 * nv] = (int32_t)(2 * iz) + vm[i][0];
          verts[3 * nv + 1] = (int32_t)(2 * iy) + vm[i][1];
          verts[3 * nv + 2] = (int32_t)(2 * ix) + vm[i][2];
          nv++;
        }
        /* tetrahedra (origin, a, b, c): their signed sum over a closed
           surface is 6 x the enclosed volume */
        const double o[3] = {(double)iz * sp[0], (double)iy * sp[1], (double)ix * sp[2]};
        vol += sign * (o[0] * cN[c][0] + o[1] * cN[c][1] + o[2] * cN[c][2] + cS[c]);
        area += carea[c];
      }
    }
  free(p);
  out->area = area;
  out->volume = vol / 6;
  out->n_vertices = nv;
  const int ext[3] = {(int)(2 * Z), (int)(2 * Y), (int)(2 * X)};
  int rc = rmx_shape_diameters(verts, nv, ext, sp, out->diam);
  free(verts);
  return rc;
}
