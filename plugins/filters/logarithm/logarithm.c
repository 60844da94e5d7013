/* logarithm.c: the 'logarithm' filter plugin (PyRadiomics imageType logarithm, float64 output). */
#include "glue.h"

static const RmxPointwise op = {rmx_fc_logarithm_scaled, "logarithm", 1};

static const RmxFilterClass klass = {
  {sizeof(RmxFilterClass), RMX_KIND_FILTER, "logarithm", "Signed log(|x|+1) rescaled to the original range, as PyRadiomics", NULL, (void *)&op},
  1, 1, rmx_fg_pointwise_apply};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("filter-logarithm", "0.1.0", "Apache-2.0", "Signed log(|x|+1) rescaled to the original range, as PyRadiomics", init)
