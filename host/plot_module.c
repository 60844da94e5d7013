/* plot_module.c: the one symbol plot.so exports (built into plot.so, not the host). */
#include "plot_module.h"

__attribute__((visibility("default"))) const RmxPlotModule rmx_plot_module = {
    rmx_plot_roc,
    rmx_plot_beeswarm,
};
