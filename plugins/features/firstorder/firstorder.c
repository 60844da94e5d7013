/* firstorder.c: the first-order feature family plugin (PyRadiomics RadiomicsFirstOrder). */
#include <math.h>
#include <string.h>
#include <radiomix/plugin.h>
#include "levels.h"
#include "firstorder_core.h"

static int compute(RmxCtx *ctx, const RmxFeatureInput *in, const uint8_t *enabled,
                   double *values) {
  RmxFirstOrderOptions opt = {0, 0};
  if (rmx_host->param_is_set(ctx, "voxelArrayShift"))
    opt.voxel_array_shift = rmx_host->param_double(ctx, "voxelArrayShift");
  if (!isfinite(opt.voxel_array_shift))
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "parameter 'voxelArrayShift': expected a finite number");
  opt.ibsi = rmx_host->param_bool(ctx, "ibsiCompat");
  if (in->image->type != RMX_F64 || in->mask->type != RMX_U8 || !in->levels)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "expected an F64 image, a U8 mask and discretised levels");
  int rc = rmx_levels_check(ctx, in);
  if (rc) return rc;
  rc = rmx_firstorder_compute(in, &opt, enabled, values);
  if (rc == RMX_ERR_NOMEM) return rmx_host->fail(ctx, rc, "out of memory (%zu ROI voxels)", in->n_roi);
  if (rc) return rmx_host->fail(ctx, rc, "expected an F64 image and a U8 mask");
  return RMX_OK;
}

static const RmxFeatureFamilyClass klass = {
  {sizeof(RmxFeatureFamilyClass), RMX_KIND_FEATURES, "firstorder",
   "First-order statistics of the ROI intensities (PyRadiomics-compatible)", NULL, NULL},
  rmx_firstorder_features, 0, compute};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("firstorder", "0.1.0", "MIT",
                  "First-order intensity features (PyRadiomics-compatible)", init)
