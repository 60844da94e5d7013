/* levels.h: the discretised grey levels a family receives (in->levels). */
#ifndef RMX_LEVELS_H
#define RMX_LEVELS_H

#include <stddef.h>
#include <stdint.h>
#include <radiomix/plugin.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Levels must lie in 0..n_levels: they index the matrices. Returns RMX_OK,
 * or fails the call naming the first level outside. */
int rmx_levels_check(RmxCtx *ctx, const RmxFeatureInput *in);

/* Bit b set when line[i + b] > 0 (a ROI voxel), for b < 8 and i + b < n;
 * line[0..avail-1] may be read (avail >= n: a line of a box is followed by
 * the next, so only the box's last line ends short of 8). Most of a cropped
 * box is outside the ROI: eight voxels are tested in a few instructions
 * without a branch each, and a scan visits the ROI voxels of a line in
 * order by their bits:
 *   for (size_t i0 = 0; i0 < n; i0 += 8)
 *     for (unsigned m = rmx_levels_mask8(line, i0, n, avail); m; m &= m - 1) {
 *       size_t i = i0 + (size_t)__builtin_ctz(m); ...
 *     } */
static inline unsigned rmx_levels_mask8(const int32_t *line, size_t i, size_t n, size_t avail) {
  unsigned m = 0;
  if (i + 8 <= avail) {
#if defined(__SSE2__)
    const __m128i z = _mm_setzero_si128();
    __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(line + i));
    __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(line + i + 4));
    m = (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpgt_epi32(a, z))) |
        (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpgt_epi32(b, z))) << 4;
#else
    for (unsigned b = 0; b < 8; b++) m |= (unsigned)(line[i + b] > 0) << b;
#endif
    return n - i >= 8 ? m : m & ((1u << (n - i)) - 1);
  }
  for (size_t b = 0; i + b < n; b++) m |= (unsigned)(line[i + b] > 0) << b;
  return m;
}

/* The number of levels above 0 (ROI voxels) among x[0..n-1], four at a time
 * (a scalar count into a size_t is not vectorised by gcc -O2). */
size_t rmx_levels_count(const int32_t *x, size_t n);

/* Copies the level box lv (dim) into dst, a grid of (dim[c] + 2 r[c]) voxels
 * per axis with the box at offset r: the box already holds 0 outside the
 * ROI, so only the padding is zeroed, not the whole grid before a scatter. */
void rmx_levels_pad(const int32_t *lv, const size_t dim[3], const size_t r[3], int32_t *dst);

#endif
