/* glue.h: what every filter plugin does around its numeric core (read the
** input as doubles, check the mask, emit an array as a volume). */
#ifndef RMX_FILTERGLUE_H
#define RMX_FILTERGLUE_H

#include <radiomix/plugin.h>
#include "filtercore.h"

/* Input voxels as doubles (caller frees); NULL after host->fail(). */
double *rmx_fg_input(RmxCtx *ctx, const RmxVolume *v, const char *what);
/* Mask as 0/1 bytes on the input's grid (caller frees); NULL after fail().
** A NULL mask gives NULL without failing: check *status. */
uint8_t *rmx_fg_mask(RmxCtx *ctx, const RmxVolume *mask, const RmxVolume *like, int *status);
/* New volume with like's geometry filled from data, handed to emit(). */
int rmx_fg_emit_f64(RmxCtx *ctx, const char *name, const RmxVolume *like, const double *data);
int rmx_fg_emit_f32(RmxCtx *ctx, const char *name, const RmxVolume *like, const float *data);
/* Boundary parameter, checked; default when unset. */
int rmx_fg_boundary(RmxCtx *ctx, const char *key, RmxFcBoundary dflt, RmxFcBoundary *out);
/* Failure helpers. */
int rmx_fg_nomem(RmxCtx *ctx);

/* Voxel-wise filters (square, squareroot, logarithm, exponential): one
** apply() serves them all, the component's user_data naming the core and
** the image type. A core returns non-zero for an all-zero image, whose
** rescaling would divide by zero. */
typedef struct RmxPointwise {
  int (*op)(const double *in, size_t n, double *out);
  const char *image_type;
} RmxPointwise;
int rmx_fg_pointwise_apply(RmxCtx *ctx, const RmxVolume *const *inputs, size_t n_inputs,
                           const RmxVolume *mask);

#endif
