/* mask.c: loading a label volume and selecting one label as a U8 0/1 mask. */
#include "volume.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LISTED 16 /* distinct labels named in an error message */

/* Names up to MAX_LISTED distinct non-zero values, ascending: only run on the
 * error path, so a linear scan of the short list is fine. */
static char *list_labels(const RmxVolume *m) {
  double found[MAX_LISTED];
  int n = 0;
  gboolean more = FALSE;
  size_t nv = rmx_volume_voxels(m);
  for (size_t i = 0; i < nv; i++) {
    double x = rmx_volume_get(m, i);
    if (x == 0) continue;
    int j = 0;
    while (j < n && found[j] != x) j++;
    if (j < n) continue;
    if (n == MAX_LISTED) {
      more = TRUE;
      continue;
    }
    found[n++] = x;
  }
  for (int a = 1; a < n; a++) /* insertion sort: n is tiny */
    for (int b = a; b > 0 && found[b - 1] > found[b]; b--) {
      double t = found[b];
      found[b] = found[b - 1];
      found[b - 1] = t;
    }
  GString *s = g_string_new(NULL);
  for (int j = 0; j < n; j++) g_string_append_printf(s, "%s%.10g", j ? ", " : "", found[j]);
  if (more) g_string_append(s, ", ...");
  return g_string_free(s, FALSE);
}

RmxVolume *rmx_mask_select(const RmxVolume *labels, const RmxVolume *image, int label,
                           double tolerance, const char *what, GError **err) {
  if (!what) what = "mask";
  if (!labels || !labels->data || !rmx_scalar_size(labels->type)) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: no label volume", what);
    return NULL;
  }
  if (image) {
    GError *ge = NULL;
    if (!rmx_volume_same_geometry(labels, image, tolerance, &ge)) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                  "%s: mask geometry does not match the image (mask vs image, "
                  "tolerance %g): %s", what, tolerance, ge->message);
      g_error_free(ge);
      return NULL;
    }
  }
  /* Geometry from the image when checked, so later exact comparisons hold. */
  RmxVolume *out = rmx_volume_new(RMX_U8, labels->dim, image ? image : labels);
  if (!out) {
    g_set_error(err, RMX_ERROR, RMX_ERR_NOMEM, "%s: out of memory for the mask", what);
    return NULL;
  }
  uint8_t *o = out->data;
  size_t nv = rmx_volume_voxels(labels), hits = 0, nonzero = 0;
  gboolean is_float = labels->type == RMX_F32 || labels->type == RMX_F64;
  double want = (double)label;
  /* Integer labels (the usual case) compared in their own type in a tight
   * loop: the generic getter per voxel was 17% of a brain1
   * extraction's instructions. A label outside the type's range matches none,
   * as the double comparison below would. Non-zero voxels only matter when
   * the label is absent (error path), so they are counted then. */
#define SELECT_TYPED(T, LO, HI)                           \
  do {                                                    \
    const T *d = labels->data;                            \
    uint8_t in = want >= (LO) && want <= (HI);            \
    T w = in ? (T)label : 0;                              \
    for (size_t b = 0; b < nv; b += 4096) { /* 32-bit sums per block: vectorise better */ \
      size_t n = MIN((size_t)4096, nv - b);               \
      uint32_t hb = 0;                                    \
      for (size_t i = b; i < b + n; i++) {                \
        uint8_t h = in & (d[i] == w);                     \
        o[i] = h;                                         \
        hb += h;                                          \
      }                                                   \
      hits += hb;                                         \
    }                                                     \
  } while (0)
  switch (labels->type) {
  case RMX_U8: SELECT_TYPED(uint8_t, 0, UINT8_MAX); break;
  case RMX_I8: SELECT_TYPED(int8_t, INT8_MIN, INT8_MAX); break;
  case RMX_U16: SELECT_TYPED(uint16_t, 0, UINT16_MAX); break;
  case RMX_I16: SELECT_TYPED(int16_t, INT16_MIN, INT16_MAX); break;
  case RMX_U32: SELECT_TYPED(uint32_t, 0, UINT32_MAX); break;
  case RMX_I32: SELECT_TYPED(int32_t, INT32_MIN, INT32_MAX); break;
  default: break;
  }
#undef SELECT_TYPED
  gboolean typed = labels->type >= RMX_U8 && labels->type <= RMX_I32;
  if (typed && hits && label != 0) nonzero = hits; /* a hit is a non-zero voxel */
  else
    for (size_t i = 0; i < nv && typed; i++) nonzero += rmx_volume_get(labels, i) != 0;
  for (size_t i = 0; i < nv && !typed; i++) {
    double x = rmx_volume_get(labels, i);
    if (is_float && isnan(x)) {
      size_t nx = labels->dim[0], ny = labels->dim[1];
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                  "%s: mask holds NaN at voxel (%zu, %zu, %zu): labels must be numbers", what,
                  i % nx, (i / nx) % ny, i / (nx * ny));
      rmx_volume_free(out);
      return NULL;
    }
    nonzero += x != 0;
    if (x == want) {
      o[i] = 1;
      hits++;
    }
  }
  if (nonzero == 0) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: mask is empty (no non-zero voxel)", what);
    rmx_volume_free(out);
    return NULL;
  }
  if (hits == 0) {
    char *found = list_labels(labels);
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: label %d not present (labels found: %s)",
                what, label, found);
    g_free(found);
    rmx_volume_free(out);
    return NULL;
  }
  return out;
}

RmxVolume *rmx_mask_read(const char *path, const RmxVolume *image, int label,
                         double tolerance, GError **err) {
  RmxVolume *labels = rmx_nrrd_read(path, err);
  if (!labels) return NULL;
  RmxVolume *m = rmx_mask_select(labels, image, label, tolerance, path, err);
  rmx_volume_free(labels);
  return m;
}

gboolean rmx_mask_compact(RmxVolume *labels, int label) {
  if (!labels || !labels->data || label < 1 || label > UINT8_MAX) return FALSE;
  size_t nv = rmx_volume_voxels(labels), es = rmx_scalar_size(labels->type), hits = 0;
  if (labels->type < RMX_U8 || labels->type > RMX_I32 || es == 0) return FALSE;
  uint8_t block[4096], *o = labels->data;
  /* First whether the label is there at all: if not, the volume stays as it
   * is so the caller's error can list the labels found. */
#define COUNT_TYPED(T)                                    \
  do {                                                    \
    const T *d = labels->data;                            \
    for (size_t b = 0; b < nv && !hits; b += sizeof block) { \
      size_t n = MIN(sizeof block, nv - b);               \
      uint32_t h = 0;                                     \
      for (size_t i = 0; i < n; i++) h += d[b + i] == (T)label; \
      hits = h;                                           \
    }                                                     \
  } while (0)
  /* Each block is read whole before it is written, at or below where it
   * was read (element i's bytes start at i * es >= i): in place is safe. */
#define COMPACT_TYPED(T)                                  \
  do {                                                    \
    const T *d = labels->data;                            \
    for (size_t b = 0; b < nv; b += sizeof block) {       \
      size_t n = MIN(sizeof block, nv - b);               \
      for (size_t i = 0; i < n; i++) block[i] = d[b + i] == (T)label; \
      memcpy(o + b, block, n);                            \
    }                                                     \
  } while (0)
  switch (labels->type) {
  case RMX_U8: COUNT_TYPED(uint8_t); if (hits) COMPACT_TYPED(uint8_t); break;
  case RMX_I8: if (label <= INT8_MAX) { COUNT_TYPED(int8_t); if (hits) COMPACT_TYPED(int8_t); } break;
  case RMX_U16: COUNT_TYPED(uint16_t); if (hits) COMPACT_TYPED(uint16_t); break;
  case RMX_I16: COUNT_TYPED(int16_t); if (hits) COMPACT_TYPED(int16_t); break;
  case RMX_U32: COUNT_TYPED(uint32_t); if (hits) COMPACT_TYPED(uint32_t); break;
  case RMX_I32: COUNT_TYPED(int32_t); if (hits) COMPACT_TYPED(int32_t); break;
  default: break;
  }
#undef COUNT_TYPED
#undef COMPACT_TYPED
  if (!hits) return FALSE;
  labels->type = RMX_U8;
  void *shrunk = realloc(labels->data, nv ? nv : 1); /* hands the rest back */
  if (shrunk) labels->data = shrunk;
  return TRUE;
}

void rmx_bbox_init(RmxBBox *bb) {
  for (int a = 0; a < 3; a++) {
    bb->lo[a] = SIZE_MAX;
    bb->hi[a] = 0;
  }
  bb->count = 0;
}

/* Grows bb by the voxels of mask[from..to) that are set (index order). */
static void grow_box(const uint8_t *mask, size_t from, size_t to, const size_t dim[3],
                     RmxBBox *bb) {
  size_t nx = dim[0], ny = dim[1];
  for (size_t v = from; v < to; v++) {
    if (!mask[v]) continue;
    size_t p[3] = {v % nx, (v / nx) % ny, v / (nx * ny)};
    rmx_bbox_add(bb, p);
  }
}

void rmx_mask_mark(int type, const void *d, size_t n, int label, uint8_t *mask, size_t at,
                   const size_t dim[3], RmxBBox *bb) {
  uint8_t *o = mask + at;
#define MARK_TYPED(T)                                                  \
  do {                                                                 \
    const T *v = d, w = (T)label;                                      \
    for (size_t b = 0; b < n; b += 64) {                               \
      size_t m = MIN((size_t)64, n - b);                               \
      uint32_t h = 0;                                                  \
      for (size_t i = 0; i < m; i++) h += v[b + i] == w;              \
      if (!h) continue;                                                \
      for (size_t i = 0; i < m; i++) o[b + i] = v[b + i] == w;         \
      grow_box(mask, at + b, at + b + m, dim, bb);                     \
    }                                                                  \
  } while (0)
  if (label < 1 || label > UINT8_MAX) return;
  switch (type) {
  case RMX_U8: MARK_TYPED(uint8_t); break;
  case RMX_I8: if (label <= INT8_MAX) MARK_TYPED(int8_t); break;
  case RMX_U16: MARK_TYPED(uint16_t); break;
  case RMX_I16: MARK_TYPED(int16_t); break;
  case RMX_U32: MARK_TYPED(uint32_t); break;
  case RMX_I32: MARK_TYPED(int32_t); break;
  default: break;
  }
#undef MARK_TYPED
}
