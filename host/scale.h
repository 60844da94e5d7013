/* scale.h: z-score and min-max scalers fitted on a subset of rows. */
#ifndef RMX_HOST_SCALE_H
#define RMX_HOST_SCALE_H

#include <glib.h>
#include <radiomix/types.h>

typedef enum RmxScaleKind { RMX_SCALE_ZSCORE = 1, RMX_SCALE_MINMAX = 2 } RmxScaleKind;

/*
 * Every scaler maps x to (x - center) / scale, column by column.
 *  z-score: center = mean, scale = population std (divisor n); a column whose
 *           variance is round-off of zero keeps scale 1 (scikit-learn's rule).
 *  min-max: center = min, scale = max - min; a zero range keeps scale 1.
 * NaN cells are ignored when fitting and stay NaN when applied; a column
 * with no finite value gets center NaN, scale 1.
 */
typedef struct RmxScaler {
  int kind;        /* RmxScaleKind */
  size_t ncols;
  double *center;
  double *scale;
  double *var;     /* population variance of the fitted rows */
  size_t *n;       /* non-missing rows used per column */
} RmxScaler;

/* Fits on the given rows of x (0-based; all rows when rows is NULL). */
RmxScaler *rmx_scaler_fit(int kind, const RmxMatrix *x, const size_t *rows, size_t nrows,
                          GError **err);
/* Scales x in place; x must have s->ncols columns. */
gboolean rmx_scaler_apply(const RmxScaler *s, RmxMatrix *x, GError **err);
void rmx_scaler_free(RmxScaler *s); /* accepts NULL */
/* x[r] = (x[r] - center) / scale for r < n. */
void rmx_scale_column(double *x, size_t n, double center, double scale);

#endif
