/* levels.c: the grey-level range check of the families. */
#include <string.h>
#include "levels.h"

/* Four at a time by unsigned compares (a negative level wraps above
 * n_levels); the scalar loop finds the first bad one for the message, or
 * does the tail. */
int rmx_levels_check(RmxCtx *ctx, const RmxFeatureInput *in) {
  typedef uint32_t u32x4 __attribute__((vector_size(16)));
  const size_t *d = in->image->dim;
  size_t n = d[0] * d[1] * d[2], v = 0;
  if (in->n_levels >= 0) {
    const uint32_t top = (uint32_t)in->n_levels;
    const u32x4 lim = {top, top, top, top};
    u32x4 bad = {0, 0, 0, 0};
    for (; v + 4 <= n; v += 4) {
      u32x4 x;
      memcpy(&x, in->levels + v, sizeof x);
      bad |= (u32x4)(x > lim);
    }
    if (bad[0] | bad[1] | bad[2] | bad[3]) v = 0;
  }
  for (; v < n; v++)
    if (in->levels[v] < 0 || in->levels[v] > in->n_levels)
      return rmx_host->fail(ctx, RMX_ERR_INVALID, "input grey level %d outside 0..n_levels (%d)",
                            (int)in->levels[v], (int)in->n_levels);
  return RMX_OK;
}
