/* shape.c: the "shape" feature family plugin (3D size and shape, PyRadiomics-compatible). */
#include <radiomix/plugin.h>

#include <math.h>

#include "shape_core.h"

/* Same order as the RMX_SHAPE_* indices. */
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

static int compute(RmxCtx *ctx, const RmxFeatureInput *in, const uint8_t *enabled,
                   double *values) {
  const RmxVolume *m = in->morph_mask;
  if (!m || m->type != RMX_U8 || !m->data)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "morphological mask missing or not U8");
  double v[RMX_SHAPE_COUNT];
  /* ibsiCompat: PCA axes from the sample covariance (docs/conformance-shape.md) */
  int ibsi = rmx_host->param_bool(ctx, "ibsiCompat");
  switch (rmx_shape_features(m->data, m->dim, m->spacing, &mc_table, ibsi, v)) {
  case 0: break;
  case -3: return rmx_host->fail(ctx, RMX_ERR_INVALID, "empty ROI: no voxel in the mask");
  case -2: return rmx_host->fail(ctx, RMX_ERR_NUMERIC, "eigenvalue computation failed");
  default: return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory for the surface mesh");
  }
  for (int f = 0; f < RMX_SHAPE_COUNT; f++) values[f] = enabled[f] ? v[f] : NAN;
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
