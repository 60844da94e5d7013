/* glrlm.c: the GLRLM feature family plugin (PyRadiomics RadiomicsGLRLM). */
#include <strings.h>
#include <string.h>
#include <radiomix/plugin.h>
#include "levels.h"
#include "glrlm_core.h"

static int compute(RmxCtx *ctx, const RmxFeatureInput *in, const uint8_t *enabled,
                   double *values) {
  RmxGlrlmOptions opt = {RL_NORM_NONE, 0};
  const char *s = rmx_host->param_is_set(ctx, "weightingNorm")
                      ? rmx_host->param_string(ctx, "weightingNorm") : NULL;
  if (s && *s) {
    if (!strcasecmp(s, "infinity")) opt.weighting = RL_NORM_INFINITY;
    else if (!strcasecmp(s, "euclidean")) opt.weighting = RL_NORM_EUCLIDEAN;
    else if (!strcasecmp(s, "manhattan")) opt.weighting = RL_NORM_MANHATTAN;
    else if (!strcasecmp(s, "no_weighting")) opt.weighting = RL_NORM_NO_WEIGHTING;
    else
      return rmx_host->fail(ctx, RMX_ERR_INVALID,
                            "parameter 'weightingNorm': unknown norm '%s' (expected manhattan, "
                            "euclidean, infinity or no_weighting)", s);
  }
  opt.ibsi = rmx_host->param_bool(ctx, "ibsiCompat");
  if (in->image->type != RMX_F64 || !in->levels)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "expected an F64 image with discretised levels");
  int rc = rmx_levels_check(ctx, in);
  if (rc) return rc;
  rc = rmx_glrlm_compute(in, &opt, enabled, values);
  if (rc) return rmx_host->fail(ctx, rc, "out of memory for %d grey levels", (int)in->n_levels);
  return RMX_OK;
}

static const RmxFeatureFamilyClass klass = {
  {sizeof(RmxFeatureFamilyClass), RMX_KIND_FEATURES, "glrlm",
   "Gray Level Run Length Matrix: runs of equal grey levels along 13 (2D: 4) directions",
   NULL, NULL},
  rmx_glrlm_features, 0, compute};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("glrlm", "0.1.0", "MIT", "GLRLM texture features (PyRadiomics-compatible)", init)
