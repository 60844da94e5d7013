/* exponential.c: the 'exponential' filter plugin (PyRadiomics imageType exponential, float64 output). */
#include "glue.h"

static const RmxPointwise op = {rmx_fc_exponential_scaled, "exponential", 0};

static const RmxFilterClass klass = {
  {sizeof(RmxFilterClass), RMX_KIND_FILTER, "exponential", "exp(x log(max|x|)/max|x|), as PyRadiomics", NULL, (void *)&op},
  1, 1, rmx_fg_pointwise_apply};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("filter-exponential", "0.1.0", "Apache-2.0", "exp(x log(max|x|)/max|x|), as PyRadiomics", init)
