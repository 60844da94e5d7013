/* ms2d.c: marching squares perimeter/area, mesh diameter and PCA of a 2D ROI. */
#include "shape2d_core.h"

#include <math.h>
#include <stdlib.h>

#include "shape_core.h"

/*
** Square corners (row, column) in PyRadiomics' order; edge k joins corner
** k to corner k+1. Walking the corners in that order, each edge where the
** mask changes is an entry (outside -> inside) or an exit. A line runs from
** the entry just before each exit to that exit, so the inside is on the
** same side of every line and the signed areas add up; with two diagonal
** inside corners each is cut off on its own, as in PyRadiomics' table.
*/
static const int sq_corner[4][2] = {{0, 0}, {0, 1}, {1, 1}, {1, 0}};

static void build_lines(int8_t lines[16][5]) {
  for (int c = 0; c < 16; c++) {
    int n = 0, xe[4], xexit[4];
    for (int e = 0; e < 4; e++) {
      int a = (c >> e) & 1, b = (c >> ((e + 1) & 3)) & 1;
      if (a != b) xe[n] = e, xexit[n] = a, n++;
    }
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (!xexit[i]) continue;
      lines[c][k++] = (int8_t)xe[(i + n - 1) % n];
      lines[c][k++] = (int8_t)xe[i];
    }
    while (k < 5) lines[c][k++] = -1;
  }
}

int rmx_shape2d_features(const uint8_t *mask, const size_t dim[3], const double spacing[3],
                         int normal_axis, double *v) {
  for (int f = 0; f < RMX_S2_COUNT; f++) v[f] = NAN;
  if (normal_axis < 0 || normal_axis > 2) return 1;
  if (dim[normal_axis] != 1) return 1;
  /* numpy keeps (z,y,x) minus the normal: rows along the higher index axis */
  const int ra = normal_axis == 2 ? 1 : 2, ca = normal_axis == 0 ? 1 : 0;
  const size_t stride[3] = {1, dim[0], dim[0] * dim[1]};
  const double sr = spacing[ra], sc = spacing[ca];
  /* crop to the ROI's own bounding box, as PyRadiomics does */
  size_t r0 = dim[ra], r1 = 0, c0 = dim[ca], c1 = 0;
  for (size_t r = 0; r < dim[ra]; r++)
    for (size_t c = 0; c < dim[ca]; c++)
      if (mask[r * stride[ra] + c * stride[ca]]) {
        if (r < r0) r0 = r;
        if (r > r1) r1 = r;
        if (c < c0) c0 = c;
        if (c > c1) c1 = c;
      }
  if (r0 > r1) return -3;
  const size_t R = r1 - r0 + 1, C = c1 - c0 + 1;

  const size_t PR = R + 2, PC = C + 2;
  uint8_t *p = calloc(PR * PC, 1);
  double *xy = NULL;
  int32_t *verts = NULL;
  if (!p) return -1;
  size_t np = 0;
  for (size_t r = 0; r < R; r++)
    for (size_t c = 0; c < C; c++) {
      uint8_t in = mask[(r + r0) * stride[ra] + (c + c0) * stride[ca]] != 0;
      p[(r + 1) * PC + c + 1] = in;
      np += in;
    }
  if (np == 0) { free(p); return -3; }

  int8_t lines[16][5];
  build_lines(lines);
  double mid[4][2];
  int mid2[4][2];
  for (int e = 0; e < 4; e++)
    for (int d = 0; d < 2; d++) {
      mid2[e][d] = sq_corner[e][d] + sq_corner[(e + 1) & 3][d];
      mid[e][d] = 0.5 * mid2[e][d];
    }

  /* Every crossing edge touches corner 3 in exactly one square once the
     index is complemented to keep corner 3 outside: edges 2 and 3, ended
     by corners 2 and 0. */
  size_t nv = 0;
  verts = malloc(2 * (PR * PC) * 3 * sizeof *verts);
  if (!verts) { free(p); return -1; }
  double perim = 0, surf = 0;
  for (size_t iy = 0; iy + 1 < PR; iy++)
    for (size_t ix = 0; ix + 1 < PC; ix++) {
      const uint8_t *q = p + iy * PC + ix;
      unsigned c = q[0] | q[1] << 1 | q[PC + 1] << 2 | q[PC] << 3;
      if (c == 0 || c == 15) continue;
      for (int k = 0; lines[c][k] >= 0; k += 2) {
        double a[2], b[2];
        for (int d = 0; d < 2; d++) {
          double base = d ? (double)ix : (double)iy, s = d ? sc : sr;
          a[d] = (base + mid[lines[c][k]][d]) * s;
          b[d] = (base + mid[lines[c][k + 1]][d]) * s;
        }
        surf += a[0] * b[1] - b[0] * a[1];
        double dy = a[0] - b[0], dx = a[1] - b[1];
        perim += sqrt(dy * dy + dx * dx);
      }
      unsigned f = c & 8 ? c ^ 15u : c;
      static const int vc[2] = {0, 2}, ve[2] = {3, 2};
      for (int i = 0; i < 2; i++)
        if (f & (1u << vc[i])) {
          verts[3 * nv] = 0;
          verts[3 * nv + 1] = (int32_t)(2 * iy) + mid2[ve[i]][0];
          verts[3 * nv + 2] = (int32_t)(2 * ix) + mid2[ve[i]][1];
          nv++;
        }
    }
  surf /= 2;

  double diam[4];
  const int ext[3] = {1, (int)(2 * PR), (int)(2 * PC)};
  const double sp3[3] = {1, sr, sc};
  int rc = rmx_shape_diameters(verts, nv, ext, sp3, diam);
  free(verts);
  if (rc) { free(p); return -1; }

  xy = malloc(2 * np * sizeof *xy);
  if (!xy) { free(p); return -1; }
  size_t k = 0;
  for (size_t r = 0; r < PR; r++)
    for (size_t c = 0; c < PC; c++)
      if (p[r * PC + c]) xy[2 * k] = (double)r * sr, xy[2 * k + 1] = (double)c * sc, k++;
  free(p);
  double ev[2];
  rc = rmx_shape_pca(xy, np, 2, 0, ev);
  free(xy);
  if (rc) return -2;

  v[RMX_S2_MESHSURF] = surf;
  v[RMX_S2_PIXSURF] = (double)np * (sc * sr);
  v[RMX_S2_PERIM] = perim;
  v[RMX_S2_PSR] = perim / surf;
  v[RMX_S2_SPHER] = (2 * sqrt(M_PI * surf)) / perim;
  v[RMX_S2_SPHDIS] = 1.0 / v[RMX_S2_SPHER];
  v[RMX_S2_DIAM] = diam[0];
  v[RMX_S2_MAJOR] = ev[1] < 0 ? NAN : sqrt(ev[1]) * 4;
  v[RMX_S2_MINOR] = ev[0] < 0 ? NAN : sqrt(ev[0]) * 4;
  v[RMX_S2_ELONG] = (ev[0] < 0 || ev[1] < 0) ? NAN : sqrt(ev[0] / ev[1]);
  return 0;
}
