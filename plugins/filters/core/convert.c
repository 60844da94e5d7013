/* convert.c: reads a volume's voxels of any scalar type as doubles. */
#include <stdlib.h>
#include "filtercore.h"

int rmx_fc_read_double(const void *data, int type, size_t start, size_t n, double *out) {
#define CONV(T) do { const T *s = (const T *)data + start; for (size_t i = 0; i < n; i++) out[i] = (double)s[i]; } while (0)
  switch (type) {
  case RMX_U8: CONV(uint8_t); break;
  case RMX_I8: CONV(int8_t); break;
  case RMX_U16: CONV(uint16_t); break;
  case RMX_I16: CONV(int16_t); break;
  case RMX_U32: CONV(uint32_t); break;
  case RMX_I32: CONV(int32_t); break;
  case RMX_U64: CONV(uint64_t); break;
  case RMX_I64: CONV(int64_t); break;
  case RMX_F32: CONV(float); break;
  case RMX_F64: CONV(double); break;
  default: return -1;
  }
#undef CONV
  return 0;
}

double *rmx_fc_to_double(const void *data, int type, size_t n) {
  double *d = malloc((n ? n : 1) * sizeof *d);
  if (d && rmx_fc_read_double(data, type, 0, n, d)) {
    free(d);
    return NULL;
  }
  return d;
}

int rmx_fc_read_box(const void *data, int type, const size_t dim[3], const size_t lo[3],
                    const size_t hi[3], double *out) {
  size_t w = hi[0] - lo[0];
  for (size_t k = lo[2]; k < hi[2]; k++)
    for (size_t j = lo[1]; j < hi[1]; j++) {
      if (rmx_fc_read_double(data, type, lo[0] + dim[0] * (j + dim[1] * k), w, out)) return -1;
      out += w;
    }
  return 0;
}

int rmx_fc_minmax_int(const void *data, int type, size_t n, double *mn, double *mx) {
  *mn = *mx = 0;
  if (!n) return type >= RMX_U8 && type <= RMX_I32 ? 0 : -1;
#define MINMAX(T) do { const T *s = data; T lo = s[0], hi = s[0];                 \
    for (size_t i = 1; i < n; i++) { lo = s[i] < lo ? s[i] : lo; hi = s[i] > hi ? s[i] : hi; } \
    *mn = (double)lo; *mx = (double)hi; } while (0)
  switch (type) {
  case RMX_U8: MINMAX(uint8_t); break;
  case RMX_I8: MINMAX(int8_t); break;
  case RMX_U16: MINMAX(uint16_t); break;
  case RMX_I16: MINMAX(int16_t); break;
  case RMX_U32: MINMAX(uint32_t); break;
  case RMX_I32: MINMAX(int32_t); break;
  default: return -1;
  }
#undef MINMAX
  return 0;
}
