/* levels_pad.c: the padded copy of the level box that the texture families index without bounds tests
 * (its own file: test programs link it without the host services levels.c calls). */
#include <string.h>
#include "levels.h"

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
      for (size_t g = 0; g < gap; g++) dst[g] = 0;
      dst += gap;
    }
    memset(dst, 0, r[1] * p0 * sizeof *dst);
    dst += r[1] * p0;
  }
  memset(dst, 0, r[2] * plane * sizeof *dst);
}
