/* shape2d.c: the "shape2D" feature family plugin (in-plane shape of a one-slice ROI). */
#include <radiomix/plugin.h>

#include <math.h>

#include "shape2d_core.h"

/* Same order as the RMX_S2_* indices. */
static const RmxFeatureInfo features[] = {
  {"MeshSurface", 0}, {"PixelSurface", 0}, {"Perimeter", 0},
  {"PerimeterSurfaceRatio", 0}, {"Sphericity", 0},
  {"SphericalDisproportion", RMX_FEATURE_DEPRECATED}, {"MaximumDiameter", 0},
  {"MajorAxisLength", 0}, {"MinorAxisLength", 0}, {"Elongation", 0}, {NULL, 0}};

static int compute(RmxCtx *ctx, const RmxFeatureInput *in, const uint8_t *enabled,
                   double *values) {
  /* PyRadiomics computes shape2D only with force2D on a one-slice ROI. */
  if (!in->is_2d) return RMX_SKIPPED;
  const RmxVolume *m = in->morph_mask;
  if (!m || m->type != RMX_U8 || !m->data)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "morphological mask missing or not U8");
  double v[RMX_S2_COUNT];
  switch (rmx_shape2d_features(m->data, m->dim, m->spacing, in->plane_axis, v)) {
  case 0: break;
  case 1:
    /* PyRadiomics 3.1 fails the whole extraction here (its shape2D class
     * raises ValueError); we keep the other families and say why. */
    rmx_host->log(ctx, RMX_LOG_WARNING,
                  "the ROI is %zu voxels thick along the force2D axis: 2D shape needs a one-slice "
                  "ROI, skipped", m->dim[in->plane_axis >= 0 && in->plane_axis <= 2 ? in->plane_axis : 2]);
    return RMX_SKIPPED;
  case -3: return rmx_host->fail(ctx, RMX_ERR_INVALID, "empty ROI: no voxel in the mask");
  case -2: return rmx_host->fail(ctx, RMX_ERR_NUMERIC, "eigenvalue computation failed");
  default: return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory for the perimeter mesh");
  }
  for (int f = 0; f < RMX_S2_COUNT; f++) values[f] = enabled[f] ? v[f] : NAN;
  return RMX_OK;
}

static const RmxFeatureFamilyClass klass = {
  .hdr = {sizeof(RmxFeatureFamilyClass), RMX_KIND_FEATURES, "shape2D",
          "2D shape of a one-slice ROI with force2D: perimeter, area, diameter, PCA axes",
          NULL, NULL},
  .features = features,
  .flags = RMX_FAMILY_ORIGINAL_ONLY,
  .compute = compute,
};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("shape2d", "0.1.0", "MIT", "2D shape features (PyRadiomics-compatible)", init)
