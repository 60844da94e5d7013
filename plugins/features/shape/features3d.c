/* features3d.c: the shape feature values from mesh, voxel count and PCA. */
#include "shape_core.h"

#include <math.h>
#include <stdlib.h>

/* sqrt(ev) * 4, NaN for a negative eigenvalue as PyRadiomics returns */
static double axis_len(double ev) { return ev < 0 ? NAN : sqrt(ev) * 4; }
static double axis_ratio(double num, double den) {
  return (num < 0 || den < 0) ? NAN : sqrt(num / den);
}

int rmx_shape_features(const uint8_t *mask, const size_t dim[3], const double spacing[3],
                       const RmxMcTable *table, int ibsi, double *v) {
  const size_t nx = dim[0], ny = dim[1], nz = dim[2];
  /* PyRadiomics works in numpy (z,y,x) order on the raw spacing. */
  const double sz = spacing[2], sy = spacing[1], sx = spacing[0];
  for (int f = 0; f < RMX_SHAPE_COUNT; f++) v[f] = NAN;
  /* PyRadiomics meshes the mask cropped to its own bounding box: where the
     mesh is not closed its volume depends on that origin, so crop here
     too in case the host's box is wider. */
  size_t np = 0, lo[3] = {nx, ny, nz}, hi[3] = {0, 0, 0};
  for (size_t z = 0; z < nz; z++)
    for (size_t y = 0; y < ny; y++)
      for (size_t x = 0; x < nx; x++)
        if (mask[x + nx * (y + ny * z)]) {
          const size_t c[3] = {x, y, z};
          for (int a = 0; a < 3; a++) {
            if (c[a] < lo[a]) lo[a] = c[a];
            if (c[a] > hi[a]) hi[a] = c[a];
          }
          np++;
        }
  if (np == 0) return -3;
  const size_t cd[3] = {hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1};
  uint8_t *crop = NULL;
  const uint8_t *mm = mask;
  if (cd[0] != nx || cd[1] != ny || cd[2] != nz) {
    crop = malloc(cd[0] * cd[1] * cd[2]);
    if (!crop) return -1;
    for (size_t z = 0; z < cd[2]; z++)
      for (size_t y = 0; y < cd[1]; y++)
        for (size_t x = 0; x < cd[0]; x++)
          crop[x + cd[0] * (y + cd[1] * z)] =
              mask[(x + lo[0]) + nx * ((y + lo[1]) + ny * (z + lo[2]))];
    mm = crop;
  }
  RmxShapeMesh mesh;
  int mrc = rmx_shape_mesh(mm, cd, spacing, table, &mesh);
  free(crop);
  if (mrc) return -1;

  /* Voxel centres on the padded grid, as PyRadiomics indexes them. */
  double *xyz = malloc(3 * np * sizeof *xyz);
  if (!xyz) return -1;
  size_t k = 0;
  for (size_t z = lo[2]; z <= hi[2]; z++)
    for (size_t y = lo[1]; y <= hi[1]; y++)
      for (size_t x = lo[0]; x <= hi[0]; x++)
        if (mask[x + nx * (y + ny * z)]) {
          xyz[3 * k] = (double)(z - lo[2] + 1) * sz;
          xyz[3 * k + 1] = (double)(y - lo[1] + 1) * sy;
          xyz[3 * k + 2] = (double)(x - lo[0] + 1) * sx;
          k++;
        }
  double ev[3];
  int rc = rmx_shape_pca(xyz, np, 3, ibsi ? 1 : 0, ev);
  free(xyz);
  if (rc) return -2;

  const double V = mesh.volume, A = mesh.area;
  v[RMX_SHAPE_MESHVOL] = V;
  v[RMX_SHAPE_VOXVOL] = (double)np * (sz * sx * sy);
  v[RMX_SHAPE_AREA] = A;
  v[RMX_SHAPE_SVR] = A / V;
  v[RMX_SHAPE_SPHER] = pow(36 * M_PI * V * V, 1.0 / 3.0) / A;
  v[RMX_SHAPE_COMP1] = V / (pow(A, 1.5) * sqrt(M_PI));
  v[RMX_SHAPE_COMP2] = (36.0 * M_PI) * (V * V) / (A * A * A);
  v[RMX_SHAPE_SPHDIS] = A / pow(36 * M_PI * V * V, 1.0 / 3.0);
  v[RMX_SHAPE_DIAM3D] = mesh.diam[3];
  v[RMX_SHAPE_DIAMSLICE] = mesh.diam[0];
  v[RMX_SHAPE_DIAMCOL] = mesh.diam[1];
  v[RMX_SHAPE_DIAMROW] = mesh.diam[2];
  v[RMX_SHAPE_MAJOR] = axis_len(ev[2]);
  v[RMX_SHAPE_MINOR] = axis_len(ev[1]);
  v[RMX_SHAPE_LEAST] = axis_len(ev[0]);
  v[RMX_SHAPE_ELONG] = axis_ratio(ev[1], ev[2]);
  v[RMX_SHAPE_FLAT] = axis_ratio(ev[0], ev[2]);
  return 0;
}
