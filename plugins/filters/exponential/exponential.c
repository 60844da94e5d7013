/* exponential.c: the 'exponential' filter plugin (PyRadiomics imageType exponential, float64 output). */
#include <stdlib.h>
#include "glue.h"

static int apply(RmxCtx *ctx, const RmxVolume *const *inputs, size_t n_inputs,
                 const RmxVolume *mask) {
  (void)n_inputs;
  (void)mask;
  const RmxVolume *in = inputs[0];
  double *x = rmx_fg_input(ctx, in, "input");
  if (!x) return RMX_ERR_NOMEM;
  size_t n = rmx_fc_count(in->dim);
  double *y = malloc((n ? n : 1) * sizeof *y);
  if (!y) {
    free(x);
    return rmx_fg_nomem(ctx);
  }
  int rc = RMX_OK;
  if (rmx_fc_exponential(x, n, y) != 0)
    rc = rmx_host->fail(ctx, RMX_ERR_INVALID,
                        "input image is all zero: the rescaling divides by max |x|");
  else
    rc = rmx_fg_emit_f64(ctx, "exponential", in, y);
  free(x);
  free(y);
  return rc;
}

static const RmxFilterClass klass = {
  {sizeof(RmxFilterClass), RMX_KIND_FILTER, "exponential",
   "exp(x log(max|x|)/max|x|), as PyRadiomics", NULL, NULL},
  1, 1, apply};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("filter-exponential", "0.1.0", "Apache-2.0",
                  "exp(x log(max|x|)/max|x|), as PyRadiomics", init)
