/* levels.h: the discretised grey levels a family receives (in->levels). */
#ifndef RMX_LEVELS_H
#define RMX_LEVELS_H

#include <stddef.h>
#include <stdint.h>
#include <radiomix/plugin.h>

/* Levels must lie in 0..n_levels: they index the matrices. Returns RMX_OK,
 * or fails the call naming the first level outside. */
int rmx_levels_check(RmxCtx *ctx, const RmxFeatureInput *in);

/* Levels x[0..7] all zero. */
static inline int rmx_levels_zero8(const int32_t *x) {
  return (x[0] | x[1] | x[2] | x[3] | x[4] | x[5] | x[6] | x[7]) == 0;
}

/* The first i' >= i with line[i'] > 0 (a ROI voxel), or n. Most of a cropped
 * box is outside the ROI, so zeros are skipped 8 at a time from 8-aligned
 * positions; a scan is 'for (i = rmx_levels_next(l, 0, n); i < n;
 * i = rmx_levels_next(l, i + 1, n))'. */
static inline size_t rmx_levels_next(const int32_t *line, size_t i, size_t n) {
  while (i < n) {
    if ((i & 7) == 0 && i + 8 <= n && rmx_levels_zero8(line + i)) {
      i += 8;
      continue;
    }
    if (line[i] > 0) return i;
    i++;
  }
  return n;
}

/* The number of levels above 0 (ROI voxels) among x[0..n-1], four at a time
 * (a scalar count into a size_t is not vectorised by gcc -O2). */
size_t rmx_levels_count(const int32_t *x, size_t n);

/* Copies the level box lv (dim) into dst, a grid of (dim[c] + 2 r[c]) voxels
 * per axis with the box at offset r: the box already holds 0 outside the
 * ROI, so only the padding is zeroed, not the whole grid before a scatter. */
void rmx_levels_pad(const int32_t *lv, const size_t dim[3], const size_t r[3], int32_t *dst);

#endif
