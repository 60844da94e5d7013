/* glcm.c: the GLCM feature family plugin (PyRadiomics RadiomicsGLCM). */
#include <strings.h>
#include <string.h>
#include <radiomix/plugin.h>
#include "levels.h"
#include "glcm_core.h"

/* Shared by glcm and glrlm: the host-level weightingNorm setting. */
static int read_weighting(RmxCtx *ctx, RmxWeightNorm *out) {
  const char *s = rmx_host->param_string(ctx, "weightingNorm");
  *out = RMX_WNORM_NONE;
  if (!rmx_host->param_is_set(ctx, "weightingNorm") || !s || !*s) return RMX_OK;
  if (!strcasecmp(s, "infinity")) *out = RMX_WNORM_INFINITY;
  else if (!strcasecmp(s, "euclidean")) *out = RMX_WNORM_EUCLIDEAN;
  else if (!strcasecmp(s, "manhattan")) *out = RMX_WNORM_MANHATTAN;
  else if (!strcasecmp(s, "no_weighting")) *out = RMX_WNORM_NO_WEIGHTING;
  else
    return rmx_host->fail(ctx, RMX_ERR_INVALID,
                          "parameter 'weightingNorm': unknown norm '%s' (expected manhattan, "
                          "euclidean, infinity or no_weighting)", s);
  return RMX_OK;
}

/* Directions on the host's worker threads (inline when already in one). */
typedef struct Trampoline {
  int (*body)(void *user, size_t i);
  void *user;
} Trampoline;

static int trampoline_body(RmxCtx *ctx, void *user, size_t i) {
  Trampoline *t = user;
  int rc = t->body(t->user, i);
  if (rc == RMX_ERR_NOMEM) return rmx_host->fail(ctx, rc, "out of memory (direction %zu)", i);
  if (rc == RMX_ERR_UNSUPPORTED && rmx_glcm_lapack_error())
    return rmx_host->fail(ctx, rc, "%s", rmx_glcm_lapack_error());
  if (rc) return rmx_host->fail(ctx, rc, "MCC: the eigenvalue solver failed (direction %zu)", i);
  return RMX_OK;
}

static int run_directions(void *runner, size_t n, int (*body)(void *user, size_t i), void *user) {
  Trampoline t = {body, user};
  return rmx_host->parallel_for((RmxCtx *)runner, n, trampoline_body, &t);
}

static int compute(RmxCtx *ctx, const RmxFeatureInput *in, const uint8_t *enabled,
                   double *values) {
  static const double default_distances[1] = {1};
  RmxGlcmOptions opt = {default_distances, 1, 1, RMX_WNORM_NONE, 0, run_directions, ctx};
  if (rmx_host->param_is_set(ctx, "distances")) {
    const double *d = NULL;
    size_t n = rmx_host->param_list(ctx, "distances", &d);
    if (n == 0 || !d)
      return rmx_host->fail(ctx, RMX_ERR_INVALID, "parameter 'distances': expected a non-empty list");
    opt.distances = d;
    opt.n_distances = n;
  }
  if (rmx_host->param_is_set(ctx, "symmetricalGLCM"))
    opt.symmetrical = rmx_host->param_bool(ctx, "symmetricalGLCM");
  int rc = read_weighting(ctx, &opt.weighting);
  if (rc) return rc;
  opt.ibsi = rmx_host->param_bool(ctx, "ibsiCompat");
  if (in->image->type != RMX_F64 || !in->levels)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "expected an F64 image with discretised levels");
  if ((rc = rmx_levels_check(ctx, in)) != RMX_OK) return rc;
  rc = rmx_glcm_compute(in, &opt, enabled, values);
  if (rc == RMX_ERR_UNSUPPORTED && rmx_glcm_lapack_error())
    return rmx_host->fail(ctx, rc, "%s", rmx_glcm_lapack_error());
  switch (rc) {
  case RMX_OK: return RMX_OK;
  case RMX_ERR_INVALID:
    return rmx_host->fail(ctx, rc, "parameter 'distances': each distance must be an integer in [1, 32]");
  case RMX_ERR_UNSUPPORTED:
    return rmx_host->fail(ctx, rc, "more than %d grey levels in the ROI: the co-occurrence matrices "
                          "would not fit in memory (use a larger binWidth or a binCount)",
                          RMX_GLCM_MAX_LEVELS);
  case RMX_ERR_NUMERIC:
    return rmx_host->fail(ctx, rc, "MCC: the eigenvalue solver (LAPACK dgeev) did not converge");
  default:
    return rmx_host->fail(ctx, rc, "out of memory for %d grey levels", (int)in->n_levels);
  }
}

static const RmxFeatureFamilyClass klass = {
  {sizeof(RmxFeatureFamilyClass), RMX_KIND_FEATURES, "glcm",
   "Gray Level Co-occurrence Matrix: grey-level pairs at given distances, averaged over directions",
   NULL, NULL},
  rmx_glcm_features, 0, compute};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("glcm", "0.1.0", "MIT", "GLCM texture features (PyRadiomics-compatible)", init)
