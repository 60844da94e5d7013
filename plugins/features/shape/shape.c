/* shape.c: the "shape" feature family (3D size and shape, PyRadiomics-compatible). */
#include <radiomix/plugin.h>

#include <math.h>
#include <stdlib.h>

#include "shape_core.h"

enum {
  F_MESHVOL, F_VOXVOL, F_AREA, F_SVR, F_SPHER, F_COMP1, F_COMP2, F_SPHDIS,
  F_DIAM3D, F_DIAMSLICE, F_DIAMCOL, F_DIAMROW, F_MAJOR, F_MINOR, F_LEAST,
  F_ELONG, F_FLAT, F_COUNT
};

static const RmxFeatureInfo features[] = {
  {"MeshVolume", 0}, {"VoxelVolume", 0}, {"SurfaceArea", 0},
  {"SurfaceVolumeRatio", 0}, {"Sphericity", 0},
  {"Compactness1", RMX_FEATURE_DEPRECATED}, {"Compactness2", RMX_FEATURE_DEPRECATED},
  {"SphericalDisproportion", RMX_FEATURE_DEPRECATED},
  {"Maximum3DDiameter", 0}, {"Maximum2DDiameterSlice", 0},
  {"Maximum2DDiameterColumn", 0}, {"Maximum2DDiameterRow", 0},
  {"MajorAxisLength", 0}, {"MinorAxisLength", 0}, {"LeastAxisLength", 0},
  {"Elongation", 0}, {"Flatness", 0}, {NULL, 0}};

/* Built once in init (single-threaded), read-only afterwards. */
static RmxMcTable mc_table;

/* sqrt(a) * 4 with PyRadiomics' NaN for a negative eigenvalue */
static double axis_len(double ev) { return ev < 0 ? NAN : sqrt(ev) * 4; }
static double axis_ratio(double num, double den) {
  return (num < 0 || den < 0) ? NAN : sqrt(num / den);
}

static int compute(RmxCtx *ctx, const RmxFeatureInput *in, const uint8_t *enabled,
                   double *values) {
  const RmxVolume *m = in->morph_mask;
  if (!m || m->type != RMX_U8)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "morphological mask missing or not U8");
  const uint8_t *mask = m->data;
  const size_t nx = m->dim[0], ny = m->dim[1], nz = m->dim[2];
  /* PyRadiomics works in numpy (z,y,x) order on the raw spacing. */
  const double sz = m->spacing[2], sy = m->spacing[1], sx = m->spacing[0];

  size_t np = 0;
  for (size_t i = 0; i < nx * ny * nz; i++) np += mask[i] != 0;
  for (int f = 0; f < F_COUNT; f++) values[f] = NAN;
  if (np == 0) return rmx_host->fail(ctx, RMX_ERR_INVALID, "empty ROI: no voxel in the mask");

  RmxShapeMesh mesh;
  if (rmx_shape_mesh(mask, m->dim, m->spacing, &mc_table, &mesh))
    return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory building the surface mesh");

  /* Voxel centres of the padded mask, as PyRadiomics indexes them. */
  double ev[3] = {NAN, NAN, NAN};
  double *xyz = malloc(3 * np * sizeof *xyz);
  if (!xyz) return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory for %zu voxels", np);
  size_t k = 0;
  for (size_t z = 0; z < nz; z++)
    for (size_t y = 0; y < ny; y++)
      for (size_t x = 0; x < nx; x++)
        if (mask[x + nx * (y + ny * z)]) {
          xyz[3 * k] = (double)(z + 1) * sz;
          xyz[3 * k + 1] = (double)(y + 1) * sy;
          xyz[3 * k + 2] = (double)(x + 1) * sx;
          k++;
        }
  int rc = rmx_shape_pca(xyz, np, 3, ev);
  free(xyz);
  if (rc) return rmx_host->fail(ctx, RMX_ERR_NUMERIC, "eigenvalue computation failed");

  const double V = mesh.volume, A = mesh.area;
  double v[F_COUNT];
  v[F_MESHVOL] = V;
  v[F_VOXVOL] = (double)np * (sz * sx * sy);
  v[F_AREA] = A;
  v[F_SVR] = A / V;
  v[F_SPHER] = cbrt(36 * M_PI * V * V) / A;
  v[F_COMP1] = V / (pow(A, 1.5) * sqrt(M_PI));
  v[F_COMP2] = (36.0 * M_PI) * (V * V) / (A * A * A);
  v[F_SPHDIS] = A / cbrt(36 * M_PI * V * V);
  v[F_DIAM3D] = mesh.diam[3];
  v[F_DIAMSLICE] = mesh.diam[0];
  v[F_DIAMCOL] = mesh.diam[1];
  v[F_DIAMROW] = mesh.diam[2];
  v[F_MAJOR] = axis_len(ev[2]);
  v[F_MINOR] = axis_len(ev[1]);
  v[F_LEAST] = axis_len(ev[0]);
  v[F_ELONG] = axis_ratio(ev[1], ev[2]);
  v[F_FLAT] = axis_ratio(ev[0], ev[2]);
  for (int f = 0; f < F_COUNT; f++)
    if (enabled[f]) values[f] = v[f];
  return RMX_OK;
}

static const RmxFeatureFamilyClass klass = {
  .hdr = {sizeof(RmxFeatureFamilyClass), RMX_KIND_FEATURES, "shape",
          "3D shape: mesh volume and surface, diameters, PCA axes (PyRadiomics-compatible)",
          NULL, NULL},
  .features = features,
  .flags = RMX_FAMILY_ORIGINAL_ONLY,
  .compute = compute,
};

static int init(RmxCtx *ctx) {
  rmx_mc_table_build(&mc_table);
  return rmx_host->register_component(ctx, &klass.hdr);
}

RMX_PLUGIN_DEFINE("shape", "0.1.0", "MIT", "3D shape features (PyRadiomics-compatible)", init)
