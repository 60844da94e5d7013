/* squareroot.c: the 'squareroot' filter plugin (PyRadiomics imageType squareroot, float64 output). */
#include "glue.h"

static const RmxPointwise op = {rmx_fc_squareroot_scaled, "squareroot", 0};

static const RmxFilterClass klass = {
  {sizeof(RmxFilterClass), RMX_KIND_FILTER, "squareroot", "Signed square root of |x| max|x|, as PyRadiomics", NULL, (void *)&op},
  1, 1, rmx_fg_pointwise_apply};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("filter-squareroot", "0.1.0", "Apache-2.0", "Signed square root of |x| max|x|, as PyRadiomics", init)
