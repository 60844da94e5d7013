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
/* Output region (SDK 1.1): the box [lo, hi) of in the caller needs;
** returns 1 when that is less than the whole volume (else lo = 0, hi = dim;
** always so with a 1.0 host). */
int rmx_fg_region(RmxCtx *ctx, const RmxVolume *in, size_t lo[3], size_t hi[3]);
/* Zeroed output volume covering the box [lo, hi) of like (like's grid when
** that is whole), to fill and hand to emit(); NULL after fail(). */
RmxVolume *rmx_fg_out(RmxCtx *ctx, int type, const RmxVolume *like, const size_t lo[3],
                      const size_t hi[3]);
/* The box [lo, hi) of v as doubles, read by scalar type (caller frees). */
double *rmx_fg_input_box(RmxCtx *ctx, const RmxVolume *v, const size_t lo[3], const size_t hi[3],
                         const char *what);
/* The box [lo, hi) grown by m[a] voxels each side along axis a, or to the
** whole axis where that would pass an image edge. A chain of kernels of
** half-width up to m[a] run on the grown box under any boundary rule gives
** the whole image's values inside [lo, hi): the rule only ever applies at
** the image's own edges. */
void rmx_fg_grow(const size_t dim[3], const size_t lo[3], const size_t hi[3], const size_t m[3],
                 size_t glo[3], size_t ghi[3]);
/* The output region into lo, hi (rmx_fg_region), grown by m into glo, ghi
** (rmx_fg_grow) of size gd, and the input over the grown box as doubles
** (caller frees); NULL after fail(). */
double *rmx_fg_input_grown(RmxCtx *ctx, const RmxVolume *in, const size_t m[3], size_t lo[3],
                           size_t hi[3], size_t glo[3], size_t ghi[3], size_t gd[3]);
/* The box [lo, hi) of src (elem-byte voxels covering the box [slo, shi)
** that contains it) into dst, box-sized, i fastest. */
void rmx_fg_crop(void *dst, const void *src, size_t elem, const size_t slo[3],
                 const size_t shi[3], const size_t lo[3], const size_t hi[3]);
/* Emits the box [lo, hi) of src (covering [slo, shi) of like's grid) as a
** RMX_F32 or RMX_F64 volume made by rmx_fg_out. */
int rmx_fg_emit_box(RmxCtx *ctx, const char *name, int type, const RmxVolume *like,
                    const void *src, const size_t slo[3], const size_t shi[3],
                    const size_t lo[3], const size_t hi[3]);
/* Boundary parameter, checked; default when unset. */
int rmx_fg_boundary(RmxCtx *ctx, const char *key, RmxFcBoundary dflt, RmxFcBoundary *out);
/* Failure helpers. */
int rmx_fg_nomem(RmxCtx *ctx);

/* Voxel-wise filters (square, squareroot, logarithm, exponential): one
** apply() serves them all, the component's user_data naming the core and
** the image type. The rescaling's maxima come from the whole input, the
** values only over the output region. A core returns non-zero for an
** all-zero image, whose rescaling would divide by zero. */
typedef struct RmxPointwise {
  int (*op)(const double *in, size_t n, const RmxFcScale *scale, double *out);
  const char *image_type;
  int with_log; /* the core needs RmxFcScale.max_log */
} RmxPointwise;
int rmx_fg_pointwise_apply(RmxCtx *ctx, const RmxVolume *const *inputs, size_t n_inputs,
                           const RmxVolume *mask);

#endif
