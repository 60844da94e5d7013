/* plot_module.h: the table the plot module (plot.so: plot.c and cairo)
 * exports. The host opens it only when a figure is drawn, so cairo and its
 * ~20 libraries stay out of every other process: they slowed start-up and,
 * sitting in the global lookup scope, every later plugin load. */
#ifndef RMX_HOST_PLOT_MODULE_H
#define RMX_HOST_PLOT_MODULE_H

#include "plot.h"

typedef struct RmxPlotModule {
  gboolean (*roc)(const char *base, const RmxPlotRoc *p, GError **err);
  gboolean (*beeswarm)(const char *base, const RmxPlotBeeswarm *p, GError **err);
} RmxPlotModule;

#define RMX_PLOT_MODULE_SYMBOL "rmx_plot_module"

#endif
