/* convert.c: reads a volume's voxels of any scalar type as doubles. */
#include <stdlib.h>
#include "filtercore.h"

double *rmx_fc_to_double(const void *data, int type, size_t n) {
  double *d = malloc((n ? n : 1) * sizeof *d);
  if (!d) return NULL;
#define CONV(T) do { const T *s = data; for (size_t i = 0; i < n; i++) d[i] = (double)s[i]; } while (0)
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
  default: free(d); return NULL;
  }
#undef CONV
  return d;
}
