/* volume.c: host-side RmxVolume allocation, typed voxel access and geometry comparison. */
#include "volume.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

size_t rmx_scalar_size(int type) {
  switch (type) {
  case RMX_U8: case RMX_I8: return 1;
  case RMX_U16: case RMX_I16: return 2;
  case RMX_U32: case RMX_I32: case RMX_F32: return 4;
  case RMX_U64: case RMX_I64: case RMX_F64: return 8;
  default: return 0;
  }
}

const char *rmx_scalar_name(int type) {
  switch (type) {
  case RMX_U8: return "uint8";
  case RMX_I8: return "int8";
  case RMX_U16: return "uint16";
  case RMX_I16: return "int16";
  case RMX_U32: return "uint32";
  case RMX_I32: return "int32";
  case RMX_U64: return "uint64";
  case RMX_I64: return "int64";
  case RMX_F32: return "float32";
  case RMX_F64: return "float64";
  default: return "invalid";
  }
}

size_t rmx_volume_voxels(const RmxVolume *v) {
  if (!v) return 0;
  return v->dim[0] * v->dim[1] * v->dim[2];
}

static void set_identity(RmxVolume *v) {
  for (int i = 0; i < 3; i++) {
    v->spacing[i] = 1.0;
    v->origin[i] = 0.0;
  }
  for (int i = 0; i < 9; i++) v->direction[i] = (i % 4 == 0) ? 1.0 : 0.0;
}

/* Large voxel buffers start on a 2 MiB boundary and are marked for
 * transparent huge pages: one page fault per 2 MiB instead of 512 (page
 * faults were ~40% of a brain1 extraction's CPU time). Contents undefined;
 * free() releases it. */
void *rmx_volume_data_alloc(size_t bytes) {
  const size_t huge = (size_t)2 << 20;
  if (bytes < huge) return malloc(bytes ? bytes : 1);
  void *p = NULL;
  if (posix_memalign(&p, huge, bytes) != 0) return NULL;
  /* whole huge pages only: the tail stays in small pages, so resident
   * memory does not grow beyond what is used */
  madvise(p, bytes / huge * huge, MADV_HUGEPAGE);
  return p;
}

/* Data is malloc-family memory (not g_malloc) so a buffer teem allocated can
 * be adopted as is; rmx_volume_free releases it with free(). */
RmxVolume *rmx_volume_new(int type, const size_t dim[3], const RmxVolume *like) {
  size_t es = rmx_scalar_size(type);
  if (es == 0 || !dim) return NULL;
  size_t n = 1;
  for (int i = 0; i < 3; i++) {
    if (dim[i] == 0 || n > SIZE_MAX / dim[i]) return NULL;
    n *= dim[i];
  }
  if (n > SIZE_MAX / es) return NULL;
  RmxVolume *v = calloc(1, sizeof *v);
  if (!v) return NULL;
  /* huge pages for large volumes (see rmx_volume_data_alloc); zeroing them
   * costs less than the page faults it saves */
  v->data = n * es >= ((size_t)2 << 20) ? rmx_volume_data_alloc(n * es) : calloc(n, es);
  if (v->data && n * es >= ((size_t)2 << 20)) memset(v->data, 0, n * es);
  if (!v->data) {
    free(v);
    return NULL;
  }
  v->struct_size = sizeof *v;
  v->type = type;
  memcpy(v->dim, dim, sizeof v->dim);
  if (like) {
    memcpy(v->spacing, like->spacing, sizeof v->spacing);
    memcpy(v->origin, like->origin, sizeof v->origin);
    memcpy(v->direction, like->direction, sizeof v->direction);
  } else {
    set_identity(v);
  }
  return v;
}

void rmx_volume_free(RmxVolume *v) {
  if (!v) return;
  free(v->data);
  free(v);
}

double rmx_volume_get(const RmxVolume *v, size_t i) {
  const void *d = v->data;
  switch (v->type) {
  case RMX_U8: return ((const uint8_t *)d)[i];
  case RMX_I8: return ((const int8_t *)d)[i];
  case RMX_U16: return ((const uint16_t *)d)[i];
  case RMX_I16: return ((const int16_t *)d)[i];
  case RMX_U32: return ((const uint32_t *)d)[i];
  case RMX_I32: return ((const int32_t *)d)[i];
  case RMX_U64: return (double)((const uint64_t *)d)[i];
  case RMX_I64: return (double)((const int64_t *)d)[i];
  case RMX_F32: return ((const float *)d)[i];
  case RMX_F64: return ((const double *)d)[i];
  default: return NAN;
  }
}

/* Integer targets: round half away from zero and saturate, NaN gives 0, so a
 * conversion never invokes undefined behaviour. */
static double to_int_range(double x, double lo, double hi) {
  if (isnan(x)) return 0.0;
  x = round(x);
  if (x < lo) return lo;
  if (x > hi) return hi;
  return x;
}

void rmx_volume_set(RmxVolume *v, size_t i, double x) {
  void *d = v->data;
  switch (v->type) {
  case RMX_U8: ((uint8_t *)d)[i] = (uint8_t)to_int_range(x, 0, UINT8_MAX); break;
  case RMX_I8: ((int8_t *)d)[i] = (int8_t)to_int_range(x, INT8_MIN, INT8_MAX); break;
  case RMX_U16: ((uint16_t *)d)[i] = (uint16_t)to_int_range(x, 0, UINT16_MAX); break;
  case RMX_I16: ((int16_t *)d)[i] = (int16_t)to_int_range(x, INT16_MIN, INT16_MAX); break;
  case RMX_U32: ((uint32_t *)d)[i] = (uint32_t)to_int_range(x, 0, UINT32_MAX); break;
  case RMX_I32: ((int32_t *)d)[i] = (int32_t)to_int_range(x, INT32_MIN, INT32_MAX); break;
  case RMX_U64: {
    /* 2^64 is exact in double; anything at or above it saturates. */
    double r = to_int_range(x, 0, 18446744073709551616.0);
    ((uint64_t *)d)[i] = r >= 18446744073709551616.0 ? UINT64_MAX : (uint64_t)r;
    break;
  }
  case RMX_I64: {
    double r = to_int_range(x, -9223372036854775808.0, 9223372036854775808.0);
    ((int64_t *)d)[i] = r >= 9223372036854775808.0 ? INT64_MAX : (int64_t)r;
    break;
  }
  case RMX_F32: ((float *)d)[i] = (float)x; break;
  case RMX_F64: ((double *)d)[i] = x; break;
  default: break;
  }
}

static gboolean is_int_type(int t) { return t >= RMX_U8 && t <= RMX_I64; }

RmxVolume *rmx_volume_convert(const RmxVolume *v, int type) {
  if (!v) return NULL;
  RmxVolume *out = rmx_volume_new(type, v->dim, v);
  if (!out) return NULL;
  size_t n = rmx_volume_voxels(v);
  if (type == v->type) {
    memcpy(out->data, v->data, n * rmx_scalar_size(type));
  } else if (is_int_type(type) && is_int_type(v->type) &&
             (type == RMX_U64 || type == RMX_I64 || v->type == RMX_U64 || v->type == RMX_I64)) {
    /* 64-bit integers do not fit a double exactly: convert through int64/uint64
     * with saturation instead. */
    for (size_t i = 0; i < n; i++) {
      int64_t s = 0;
      uint64_t u = 0;
      gboolean neg = FALSE;
      if (v->type == RMX_U64) {
        u = ((const uint64_t *)v->data)[i];
      } else if (v->type == RMX_I64) {
        s = ((const int64_t *)v->data)[i];
        neg = s < 0;
        u = neg ? 0 : (uint64_t)s;
      } else {
        s = (int64_t)rmx_volume_get(v, i);
        neg = s < 0;
        u = neg ? 0 : (uint64_t)s;
      }
      if (type == RMX_U64)
        ((uint64_t *)out->data)[i] = neg ? 0 : u;
      else if (type == RMX_I64)
        ((int64_t *)out->data)[i] = neg ? s : (u > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)u);
      else
        rmx_volume_set(out, i, neg ? (double)s : (double)u); /* saturates */
    }
  } else {
    for (size_t i = 0; i < n; i++) rmx_volume_set(out, i, rmx_volume_get(v, i));
  }
  return out;
}

static gboolean close3(const double *a, const double *b, int n, double tol) {
  for (int i = 0; i < n; i++)
    if (!(fabs(a[i] - b[i]) <= tol)) return FALSE; /* NaN compares unequal */
  return TRUE;
}

gboolean rmx_volume_same_geometry(const RmxVolume *a, const RmxVolume *b, double tol,
                                  GError **err) {
  if (a->dim[0] != b->dim[0] || a->dim[1] != b->dim[1] || a->dim[2] != b->dim[2]) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "dimensions differ: %zux%zux%zu vs %zux%zux%zu", a->dim[0], a->dim[1],
                a->dim[2], b->dim[0], b->dim[1], b->dim[2]);
    return FALSE;
  }
  if (!close3(a->spacing, b->spacing, 3, tol)) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "spacing differs: (%.9g, %.9g, %.9g) vs (%.9g, %.9g, %.9g)", a->spacing[0],
                a->spacing[1], a->spacing[2], b->spacing[0], b->spacing[1], b->spacing[2]);
    return FALSE;
  }
  if (!close3(a->origin, b->origin, 3, tol)) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "origin differs: (%.9g, %.9g, %.9g) vs (%.9g, %.9g, %.9g)", a->origin[0],
                a->origin[1], a->origin[2], b->origin[0], b->origin[1], b->origin[2]);
    return FALSE;
  }
  if (!close3(a->direction, b->direction, 9, tol)) {
    const double *p = a->direction, *q = b->direction;
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "direction differs: (%.6g %.6g %.6g; %.6g %.6g %.6g; %.6g %.6g %.6g) vs "
                "(%.6g %.6g %.6g; %.6g %.6g %.6g; %.6g %.6g %.6g)",
                p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], q[0], q[1], q[2], q[3],
                q[4], q[5], q[6], q[7], q[8]);
    return FALSE;
  }
  return TRUE;
}
