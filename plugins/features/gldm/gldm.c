/* gldm.c: the GLDM feature family plugin (PyRadiomics RadiomicsGLDM). */
#include <radiomix/plugin.h>
#include <neighbourhood.h>
#include "gldm_core.h"

static int compute(RmxCtx *ctx, const RmxFeatureInput *in, const uint8_t *enabled,
                   double *values) {
  RmxGldmSettings s = {0};
  s.n_distances = rmx_host->param_list(ctx, "distances", &s.distances);
  s.alpha = rmx_host->param_is_set(ctx, "gldm_a") ? rmx_host->param_double(ctx, "gldm_a") : 0;
  s.ibsi = rmx_host->param_bool(ctx, "ibsiCompat");
  if (!(s.alpha >= 0))
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "parameter 'gldm_a': expected a number >= 0, got %g",
                          s.alpha);
  for (size_t d = 0; d < s.n_distances; d++)
    if (!rmx_neigh_valid_distance(s.distances[d]))
      return rmx_host->fail(ctx, RMX_ERR_INVALID,
                            "parameter 'distances': expected integers in [1, %d], got %g",
                            RMX_NEIGH_MAX_DISTANCE, s.distances[d]);
  int rc = rmx_gldm_compute(in, &s, enabled, values);
  if (rc == RMX_ERR_INVALID)
    return rmx_host->fail(ctx, rc, "input grey levels exceed n_levels (%d)", (int)in->n_levels);
  if (rc) return rmx_host->fail(ctx, rc, "out of memory building the dependence matrix");
  return RMX_OK;
}

static const RmxFeatureFamilyClass klass = {
  {sizeof(RmxFeatureFamilyClass), RMX_KIND_FEATURES, "gldm",
   "Gray Level Dependence Matrix: neighbours within gldm_a of the centre level",
   NULL, NULL},
  rmx_gldm_features, 0, compute};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("gldm", "0.1.0", "MIT", "GLDM texture features (PyRadiomics-compatible)", init)
