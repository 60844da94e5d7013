/* square.c: the 'square' filter plugin (PyRadiomics imageType square, float64 output). */
#include "glue.h"

static const RmxPointwise op = {rmx_fc_square_scaled, "square", 0};

static const RmxFilterClass klass = {
  {sizeof(RmxFilterClass), RMX_KIND_FILTER, "square", "Square of the intensities, (x/sqrt(max|x|))^2, as PyRadiomics", NULL, (void *)&op},
  1, 1, rmx_fg_pointwise_apply};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("filter-square", "0.1.0", "Apache-2.0", "Square of the intensities, (x/sqrt(max|x|))^2, as PyRadiomics", init)
