/* mc_table.c: builds the marching-cubes triangle table from the cube's faces. */
#include "mc_table.h"

#include <math.h>
#include <string.h>

/* Corner k of the cube as a (z,y,x) offset: PyRadiomics' corner order, so
   that "corner 7 inside" (the complement rule) means the same cube. */
const int rmx_mc_corner[8][3] = {{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0},
                                 {1, 0, 0}, {1, 0, 1}, {1, 1, 1}, {1, 1, 0}};
/* The 12 edges as corner pairs (Lorensen & Cline numbering). */
const int rmx_mc_edge[12][2] = {{0, 1}, {1, 2}, {2, 3}, {3, 0}, {4, 5}, {5, 6},
                                {6, 7}, {7, 4}, {0, 4}, {1, 5}, {2, 6}, {3, 7}};

void rmx_mc_edge_mid2(int e, int out[3]) {
  for (int d = 0; d < 3; d++)
    out[d] = rmx_mc_corner[rmx_mc_edge[e][0]][d] + rmx_mc_corner[rmx_mc_edge[e][1]][d];
}

static void cross(const int a[3], const int b[3], int c[3]) {
  c[0] = a[1] * b[2] - a[2] * b[1];
  c[1] = a[2] * b[0] - a[0] * b[2];
  c[2] = a[0] * b[1] - a[1] * b[0];
}

static int corner_at(const int p[3]) {
  for (int k = 0; k < 8; k++)
    if (!memcmp(rmx_mc_corner[k], p, sizeof(int[3]))) return k;
  return -1;
}

static int edge_of(int a, int b) {
  for (int e = 0; e < 12; e++)
    if ((rmx_mc_edge[e][0] == a && rmx_mc_edge[e][1] == b) ||
        (rmx_mc_edge[e][0] == b && rmx_mc_edge[e][1] == a))
      return e;
  return -1;
}

/* The 6 faces, corners in counter-clockwise order seen from outside. */
static void build_faces(int face[6][4]) {
  for (int d = 0; d < 3; d++) {
    int u = (d + 1) % 3, v = (d + 2) % 3;
    for (int s = 0; s < 2; s++) {
      static const int uv[4][2] = {{0, 0}, {0, 1}, {1, 1}, {1, 0}};
      int *f = face[2 * d + s];
      for (int i = 0; i < 4; i++) {
        int p[3];
        p[d] = s, p[u] = uv[i][0], p[v] = uv[i][1];
        f[i] = corner_at(p);
      }
      int e1[3], e2[3], n[3];
      for (int k = 0; k < 3; k++) {
        e1[k] = rmx_mc_corner[f[1]][k] - rmx_mc_corner[f[0]][k];
        e2[k] = rmx_mc_corner[f[2]][k] - rmx_mc_corner[f[1]][k];
      }
      cross(e1, e2, n);
      if ((s ? n[d] : -n[d]) < 0) { int t = f[1]; f[1] = f[3]; f[3] = t; }
    }
  }
}

/* 6 x signed volume of the tetrahedron (corner 0, a, b, c), in half units. */
static long tet6(int a, int b, int c) {
  int pa[3], pb[3], pc[3], n[3];
  rmx_mc_edge_mid2(a, pa), rmx_mc_edge_mid2(b, pb), rmx_mc_edge_mid2(c, pc);
  cross(pa, pb, n);
  return (long)n[0] * pc[0] + (long)n[1] * pc[1] + (long)n[2] * pc[2];
}

/* Twice the area of triangle (a,b,c) of edge midpoints, in half units. */
static double tri_area2(int a, int b, int c) {
  int pa[3], pb[3], pc[3], u[3], v[3], n[3];
  rmx_mc_edge_mid2(a, pa), rmx_mc_edge_mid2(b, pb), rmx_mc_edge_mid2(c, pc);
  for (int d = 0; d < 3; d++) u[d] = pb[d] - pa[d], v[d] = pc[d] - pa[d];
  cross(u, v, n);
  return sqrt((double)n[0] * n[0] + (double)n[1] * n[1] + (double)n[2] * n[2]);
}

/*
** A loop of k > 3 vertices is generally not planar, so how it is cut into
** triangles changes area and volume. It is fanned from one vertex, chosen
** as PyRadiomics' table does (checked on all 128 cubes): when one side of
** the cut has fewer corners, the fan that leaves the most volume on that
** side; on a 4/4 split, the fan of largest area. n_in: inside corners.
*/
static int triangulate(const int *loop, int k, int n_in, int8_t *out, int nt) {
  int best = 0;
  double best_score = -INFINITY;
  for (int a = 0; a < k; a++) {
    long vol6 = 0;
    double area2 = 0;
    for (int j = 1; j + 1 < k; j++) {
      int p = loop[a], q = loop[(a + j) % k], r = loop[(a + j + 1) % k];
      vol6 += tet6(p, q, r);
      area2 += tri_area2(p, q, r);
    }
    /* loops have inward normals here (flipped later): the inside volume
       grows as vol6 falls */
    double score = n_in == 4 ? area2 : (double)(n_in < 4 ? -vol6 : vol6);
    if (score > best_score + 1e-9) best_score = score, best = a;
  }
  for (int j = 1; j + 1 < k; j++) {
    out[3 * nt] = (int8_t)loop[best];
    out[3 * nt + 1] = (int8_t)loop[(best + j) % k];
    out[3 * nt + 2] = (int8_t)loop[(best + j + 1) % k];
    nt++;
  }
  return nt;
}

/*
** For cube index c (< 128), each face contributes directed segments from an
** "exit" crossing (inside -> outside, walking counter-clockwise) to the
** previous "entry" crossing: the inside corners of a face with two
** diagonal inside corners are cut off separately. Chaining the segments
** gives closed loops around the inside region, oriented with the inside on
** their left seen from outside the cube.
*/
static int build_config(int c, const int face[6][4], int8_t *out) {
  int next[12];
  for (int e = 0; e < 12; e++) next[e] = -1;
  for (int f = 0; f < 6; f++) {
    int xe[4], xexit[4], n = 0;
    for (int i = 0; i < 4; i++) {
      int a = face[f][i], b = face[f][(i + 1) % 4];
      int ina = (c >> a) & 1, inb = (c >> b) & 1;
      if (ina != inb) xe[n] = edge_of(a, b), xexit[n] = ina, n++;
    }
    for (int i = 0; i < n; i++) {
      if (!xexit[i]) continue;
      int j = (i + n - 1) % n; /* previous crossing: always an entry */
      next[xe[i]] = xe[j];
    }
  }
  int used[12] = {0}, nt = 0, n_in = 0;
  for (int k = 0; k < 8; k++) n_in += (c >> k) & 1;
  for (int e0 = 0; e0 < 12; e0++) {
    if (next[e0] < 0 || used[e0]) continue;
    int loop[12], k = 0;
    for (int e = e0; !used[e]; e = next[e]) used[e] = 1, loop[k++] = e;
    nt = triangulate(loop, k, n_in, out, nt);
  }
  out[3 * nt] = -1;
  return nt;
}

void rmx_mc_table_build(RmxMcTable *t) {
  int face[6][4];
  build_faces(face);
  memset(t, 0, sizeof *t);
  for (int c = 0; c < 128; c++) t->n_tris[c] = (int8_t)build_config(c, face, t->tris[c]);
  /* Orientation: the loops run counter-clockwise around the inside region
     as seen from outside, so their normals point inwards; the signed volume
     needs outward normals. Check on cube 1 (corner 0 alone) and flip all. */
  int a[3], b[3], cc[3], u[3], v[3], n[3];
  rmx_mc_edge_mid2(t->tris[1][0], a);
  rmx_mc_edge_mid2(t->tris[1][1], b);
  rmx_mc_edge_mid2(t->tris[1][2], cc);
  for (int d = 0; d < 3; d++) u[d] = b[d] - a[d], v[d] = cc[d] - a[d];
  cross(u, v, n);
  /* corner 0 is the origin; a points away from it */
  if (n[0] * a[0] + n[1] * a[1] + n[2] * a[2] < 0) {
    for (int c = 0; c < 128; c++)
      for (int i = 0; i < t->n_tris[c]; i++) {
        int8_t s = t->tris[c][3 * i + 1];
        t->tris[c][3 * i + 1] = t->tris[c][3 * i + 2];
        t->tris[c][3 * i + 2] = s;
      }
  }
}
