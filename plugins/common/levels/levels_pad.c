/* levels_pad.c: the ROI count and the padded copy of the level box that the texture families index
 * without bounds tests (its own file: test programs link it without the host services levels.c calls). */
#include <string.h>
#include "levels.h"

size_t rmx_levels_count(const int32_t *x, size_t n) {
  typedef int32_t v4i __attribute__((vector_size(16)));
  const v4i zero = {0, 0, 0, 0};
  size_t total = 0, i = 0;
  /* blocks of at most 2^28 voxels: lane counts stay far below 2^31 */
  while (n - i >= 4) {
    size_t stop = n - i > ((size_t)1 << 28) ? i + ((size_t)1 << 28) : n - (n - i) % 4;
    v4i acc = zero;
    for (; i < stop; i += 4) {
      v4i v;
      memcpy(&v, x + i, sizeof v);
      acc -= v > zero; /* a true lane is -1 */
    }
    total += (size_t)acc[0] + (size_t)acc[1] + (size_t)acc[2] + (size_t)acc[3];
  }
  for (; i < n; i++) total += x[i] > 0;
  return total;
}

void rmx_levels_pad(const int32_t *lv, const size_t dim[3], const size_t r[3], int32_t *dst) {
  const size_t p0 = dim[0] + 2 * r[0], p1 = dim[1] + 2 * r[1], plane = p0 * p1;
  memset(dst, 0, r[2] * plane * sizeof *dst);
  dst += r[2] * plane;
  for (size_t k = 0; k < dim[2]; k++) {
    /* the rows above the box, then each row's left padding */
    memset(dst, 0, (r[1] * p0 + r[0]) * sizeof *dst);
    dst += r[1] * p0 + r[0];
    for (size_t j = 0; j < dim[1]; j++, lv += dim[0]) {
      memcpy(dst, lv, dim[0] * sizeof *dst);
      dst += dim[0];
      /* right padding of this row and left padding of the next */
      size_t gap = j + 1 < dim[1] ? 2 * r[0] : r[0];
      if (gap == 2) { /* distance 1: two stores, not a memset call per line */
        dst[0] = 0;
        dst[1] = 0;
      } else {
        memset(dst, 0, gap * sizeof *dst);
      }
      dst += gap;
    }
    memset(dst, 0, r[1] * p0 * sizeof *dst);
    dst += r[1] * p0;
  }
  memset(dst, 0, r[2] * plane * sizeof *dst);
}
