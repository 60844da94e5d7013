/* plot.h: report figures (cairo), written as BASE.png and BASE.svg atomically. */
#ifndef RMX_HOST_PLOT_H
#define RMX_HOST_PLOT_H

#include <glib.h>

typedef struct RmxPlotCurve {
  const char *label;
  const double *x, *y;
  size_t n;
} RmxPlotCurve;

typedef struct RmxPlotRoc {
  const char *title;
  const RmxPlotCurve *curves;
  size_t n_curves;
} RmxPlotRoc;

/* phi and values are column-major n_samples x n_features (one column per
 * feature, already ordered top to bottom). */
typedef struct RmxPlotBeeswarm {
  const char *title;
  const char *const *names;
  const double *phi, *values;
  size_t n_samples, n_features;
} RmxPlotBeeswarm;

gboolean rmx_plot_roc(const char *base, const RmxPlotRoc *p, GError **err);
gboolean rmx_plot_beeswarm(const char *base, const RmxPlotBeeswarm *p, GError **err);

#endif
