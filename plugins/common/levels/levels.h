/* levels.h: the discretised grey levels a family receives (in->levels). */
#ifndef RMX_LEVELS_H
#define RMX_LEVELS_H

#include <stdint.h>
#include <radiomix/plugin.h>

/* Levels must lie in 0..n_levels: they index the matrices. Returns RMX_OK,
 * or fails the call naming the first level outside. */
int rmx_levels_check(RmxCtx *ctx, const RmxFeatureInput *in);

/* Levels x[0..7] all zero. Most of a cropped box is outside the ROI, so the
 * scans skip 8 voxels at once (levels are >= 0 there, or a negative one
 * makes the OR non-zero and is dealt with by the caller's scalar test). */
static inline int rmx_levels_zero8(const int32_t *x) {
  return (x[0] | x[1] | x[2] | x[3] | x[4] | x[5] | x[6] | x[7]) == 0;
}

#endif
