/* firstorder.c: the first-order feature family plugin (PyRadiomics RadiomicsFirstOrder). */
#include <math.h>
#include <string.h>
#include <radiomix/plugin.h>
#include "firstorder_core.h"

/* Levels must lie in 0..n_levels: they index the matrices. Four at a time
 * by unsigned compares (a negative level wraps above n_levels); the scalar
 * loop finds the first bad one for the message, or does the tail. */
static int check_levels(RmxCtx *ctx, const RmxFeatureInput *in) {
  typedef uint32_t u32x4 __attribute__((vector_size(16)));
  const size_t *d = in->image->dim;
  size_t n = d[0] * d[1] * d[2], v = 0;
  if (in->n_levels >= 0) {
    const uint32_t top = (uint32_t)in->n_levels;
    const u32x4 lim = {top, top, top, top};
    u32x4 bad = {0, 0, 0, 0};
    for (; v + 4 <= n; v += 4) {
      u32x4 x;
      memcpy(&x, in->levels + v, sizeof x);
      bad |= (u32x4)(x > lim);
    }
    if (bad[0] | bad[1] | bad[2] | bad[3]) v = 0;
  }
  for (; v < n; v++)
    if (in->levels[v] < 0 || in->levels[v] > in->n_levels)
      return rmx_host->fail(ctx, RMX_ERR_INVALID, "input grey level %d outside 0..n_levels (%d)",
                            (int)in->levels[v], (int)in->n_levels);
  return RMX_OK;
}

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
  int rc = check_levels(ctx, in);
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
