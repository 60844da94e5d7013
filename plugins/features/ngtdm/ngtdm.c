/* ngtdm.c: the NGTDM feature family plugin (PyRadiomics RadiomicsNGTDM). */
#include <radiomix/plugin.h>
#include <neighbourhood.h>
#include "ngtdm_core.h"

static int compute(RmxCtx *ctx, const RmxFeatureInput *in, const uint8_t *enabled,
                   double *values) {
  RmxNgtdmSettings s = {0};
  s.n_distances = rmx_host->param_list(ctx, "distances", &s.distances);
  s.ibsi = rmx_host->param_bool(ctx, "ibsiCompat");
  for (size_t d = 0; d < s.n_distances; d++)
    if (!rmx_neigh_valid_distance(s.distances[d]))
      return rmx_host->fail(ctx, RMX_ERR_INVALID,
                            "parameter 'distances': expected integers in [1, %d], got %g",
                            RMX_NEIGH_MAX_DISTANCE, s.distances[d]);
  int rc = rmx_ngtdm_compute(in, &s, enabled, values);
  if (rc == RMX_ERR_INVALID)
    return rmx_host->fail(ctx, rc, "input grey levels exceed n_levels (%d)", (int)in->n_levels);
  if (rc) return rmx_host->fail(ctx, rc, "out of memory building the grey tone difference matrix");
  return RMX_OK;
}

static const RmxFeatureFamilyClass klass = {
  {sizeof(RmxFeatureFamilyClass), RMX_KIND_FEATURES, "ngtdm",
   "Neighbouring Gray Tone Difference Matrix: level vs. mean of its ROI neighbours",
   NULL, NULL},
  rmx_ngtdm_features, 0, compute};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("ngtdm", "0.1.0", "MIT", "NGTDM texture features (PyRadiomics-compatible)", init)
