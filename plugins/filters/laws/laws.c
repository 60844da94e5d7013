/* laws.c: the 'laws' filter plugin (IBSI 2 Laws kernels): response of a
** separable kernel such as E5L5S5 (x, y, z) or L5S5 (in-plane, per slice),
** optionally pooled over right-angle rotations and turned into an energy
** map; image 'laws-<kernel>'. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "glue.h"

static const RmxParamSpec params[] = {
  {"kernel", RMX_PARAM_STRING, 0, "L5E5", 0, 0, NULL,
   "1D kernels per axis from L3 E3 S3 L5 E5 S5 W5 R5: 3 = 3D (x y z), 2 = per x-y slice", 0, 0, {0}},
  {"boundary", RMX_PARAM_STRING, 0, "mirror", 0, 0, "zero|nearest|periodic|mirror",
   "padding outside the image", 0, 0, {0}},
  {"rotationInvariance", RMX_PARAM_STRING, 0, "none", 0, 0, "none|average|max",
   "pool the response over the 24 (3D) or 4 (2D) right-angle rotations", 0, 0, {0}},
  {"energyDistance", RMX_PARAM_INT, 0, "0", 0, 50, NULL,
   "energy map: mean |response| within this Chebyshev distance (0: response itself)", 0, 0, {0}},
  {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0}},
};

typedef struct Arg { const char *k; RmxFcBoundary bc; } Arg;
static int run(void *user, const double *in, const size_t dim[3], double *out) {
  Arg *a = user;
  return rmx_fc_laws(in, dim, a->k, a->bc, out);
}

static int apply(RmxCtx *ctx, const RmxVolume *const *inputs, size_t n_inputs,
                 const RmxVolume *mask) {
  (void)n_inputs;
  (void)mask;
  const RmxVolume *in = inputs[0];
  const char *k = rmx_host->param_string(ctx, "kernel");
  if (!k) k = "L5E5";
  double probe_in[1] = {0}, probe_out[1];
  size_t one[3] = {1, 1, 1};
  if (rmx_fc_laws(probe_in, one, k, RMX_FC_ZERO, probe_out) != 0)
    return rmx_host->fail(ctx, RMX_ERR_INVALID,
                          "parameter 'kernel': '%s' is not 2 or 3 of L3 E3 S3 L5 E5 S5 W5 R5", k);
  RmxFcBoundary bc;
  int rc = rmx_fg_boundary(ctx, "boundary", RMX_FC_MIRROR, &bc);
  if (rc) return rc;
  const char *ri = rmx_host->param_string(ctx, "rotationInvariance");
  int mode = !ri || !strcmp(ri, "none") ? RMX_FC_POOL_NONE
           : !strcmp(ri, "max") ? RMX_FC_POOL_MAX : RMX_FC_POOL_AVERAGE;
  int delta = (int)rmx_host->param_int(ctx, "energyDistance");
  int is2d = strlen(k) == 4;
  /* only the output region, from the input the kernels (any of them, as
     rotations swap the axes) and the energy window reach around it */
  size_t h = strchr(k, '5') ? 2 : 1, e = h + (size_t)delta, m[3] = {e, e, is2d ? 0 : e};
  size_t lo[3], hi[3], glo[3], ghi[3], gd[3];
  double *x = rmx_fg_input_grown(ctx, in, m, lo, hi, glo, ghi, gd);
  size_t n = rmx_fc_count(gd);
  double *r = malloc((n ? n : 1) * sizeof *r), *y = malloc((n ? n : 1) * sizeof *y);
  if (!x || !r || !y) { rc = x ? rmx_fg_nomem(ctx) : RMX_ERR_NOMEM; goto done; }
  Arg a = {k, bc};
  if (is2d) {
    size_t d2[3] = {gd[0], gd[1], 1}, per = d2[0] * d2[1];
    for (size_t z = 0; z < gd[2] && !rc; z++)
      if (rmx_fc_rot_pool(x + z * per, d2, mode, 1, run, &a, r + z * per)) rc = rmx_fg_nomem(ctx);
  } else if (rmx_fc_rot_pool(x, gd, mode, 0, run, &a, r)) rc = rmx_fg_nomem(ctx);
  if (!rc && delta > 0 && rmx_fc_laws_energy(r, gd, delta, is2d, bc, y)) rc = rmx_fg_nomem(ctx);
  if (!rc) {
    char name[64];
    snprintf(name, sizeof name, "laws-%s", k);
    rc = rmx_fg_emit_box(ctx, name, RMX_F64, in, delta > 0 ? y : r, glo, ghi, lo, hi);
  }
done:
  free(x);
  free(r);
  free(y);
  return rc;
}

static const RmxFilterClass klass = {
  {sizeof(RmxFilterClass), RMX_KIND_FILTER, "laws",
   "Laws texture kernels with rotation pooling and energy map (IBSI 2)", params, NULL},
  1, 1, apply};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("filter-laws", "0.1.0", "Apache-2.0", "Laws filter (IBSI 2)", init)
