/* glszm.c: the GLSZM feature family plugin (PyRadiomics RadiomicsGLSZM). */
#include <radiomix/plugin.h>
#include "glszm_core.h"

static int compute(RmxCtx *ctx, const RmxFeatureInput *in, const uint8_t *enabled,
                   double *values) {
  int rc = rmx_glszm_compute(in, rmx_host->param_bool(ctx, "ibsiCompat"), enabled, values);
  if (rc == RMX_ERR_INVALID)
    return rmx_host->fail(ctx, rc, "input grey levels exceed n_levels (%d)", (int)in->n_levels);
  if (rc) return rmx_host->fail(ctx, rc, "out of memory building the size zone matrix");
  return RMX_OK;
}

static const RmxFeatureFamilyClass klass = {
  {sizeof(RmxFeatureFamilyClass), RMX_KIND_FEATURES, "glszm",
   "Gray Level Size Zone Matrix: zones of connected equal grey levels (26-/8-connected)",
   NULL, NULL},
  rmx_glszm_features, 0, compute};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("glszm", "0.1.0", "MIT", "GLSZM texture features (PyRadiomics-compatible)", init)
