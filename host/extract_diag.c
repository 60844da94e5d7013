/* extract_diag.c: PyRadiomics' diagnostics_Image-* / diagnostics_Mask-* items (generalinfo.py), same text. */
#include "extract_diag.h"
#include "extract_prep.h"
#include "volume.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Python's repr(float): the shortest text that reads back to the same double,
 * with ".0" on integral values. */
static char *py_float(double x) {
  if (isnan(x)) return g_strdup("nan");
  if (isinf(x)) return g_strdup(x > 0 ? "inf" : "-inf");
  char buf[40];
  for (int p = 1; p <= 17; p++) {
    snprintf(buf, sizeof buf, "%.*g", p, x);
    if (strtod(buf, NULL) == x) break;
  }
  /* Python writes 1e+16 as 1e+16 but 1e-05 as 1e-05, like C; only the
   * integral case needs ".0" */
  if (!strpbrk(buf, ".eninf")) strcat(buf, ".0");
  return g_strdup(buf);
}

static char *py_tuple3(const double v[3]) {
  char *a = py_float(v[0]), *b = py_float(v[1]), *c = py_float(v[2]);
  char *s = g_strdup_printf("(%s, %s, %s)", a, b, c);
  g_free(a);
  g_free(b);
  g_free(c);
  return s;
}

static void add(RmxFeatureSet *fs, const char *prefix, const char *item, char *value) {
  g_ptr_array_add(fs->diag_names, g_strdup_printf("diagnostics_%s_%s", prefix, item));
  g_ptr_array_add(fs->diag_values, value);
}

/* sha1 of the voxel buffer as numpy holds it (C order = our layout). */
static char *sha1_of(const void *data, size_t len) {
  return g_compute_checksum_for_data(G_CHECKSUM_SHA1, data, len);
}

void rmx_diag_image(RmxFeatureSet *fs, const char *prefix, const RmxVolume *image, gboolean hash) {
  size_t n = rmx_volume_voxels(image);
  if (hash) add(fs, prefix, "Hash", sha1_of(image->data, n * rmx_scalar_size(image->type)));
  if (hash) add(fs, prefix, "Dimensionality", g_strdup("3D"));
  add(fs, prefix, "Spacing", py_tuple3(image->spacing));
  add(fs, prefix, "Size", g_strdup_printf("(%zu, %zu, %zu)", image->dim[0], image->dim[1], image->dim[2]));
  double sum = 0, mn = INFINITY, mx = -INFINITY;
  for (size_t i = 0; i < n; i++) {
    double v = rmx_volume_get(image, i);
    sum += v;
    mn = MIN(mn, v);
    mx = MAX(mx, v);
  }
  add(fs, prefix, "Mean", py_float(sum / (double)n));
  add(fs, prefix, "Minimum", py_float(mn));
  add(fs, prefix, "Maximum", py_float(mx));
}

/* Connected components of the 0/1 mask, 26-connected (ITK's FullyConnectedOn). */
static size_t count_components(const uint8_t *m, const size_t dim[3]) {
  size_t n = dim[0] * dim[1] * dim[2], comps = 0;
  uint8_t *seen = g_new0(uint8_t, n);
  size_t *stack = g_new(size_t, n);
  for (size_t s = 0; s < n; s++) {
    if (!m[s] || seen[s]) continue;
    comps++;
    size_t top = 0;
    stack[top++] = s;
    seen[s] = 1;
    while (top) {
      size_t v = stack[--top];
      long x = (long)(v % dim[0]), y = (long)((v / dim[0]) % dim[1]), z = (long)(v / (dim[0] * dim[1]));
      for (long dz = -1; dz <= 1; dz++)
        for (long dy = -1; dy <= 1; dy++)
          for (long dx = -1; dx <= 1; dx++) {
            long a = x + dx, b = y + dy, c = z + dz;
            if (a < 0 || b < 0 || c < 0 || a >= (long)dim[0] || b >= (long)dim[1] || c >= (long)dim[2]) continue;
            size_t w = (size_t)a + dim[0] * ((size_t)b + dim[1] * (size_t)c);
            if (m[w] && !seen[w]) {
              seen[w] = 1;
              stack[top++] = w;
            }
          }
    }
  }
  g_free(seen);
  g_free(stack);
  return comps;
}

void rmx_diag_mask(RmxFeatureSet *fs, const char *prefix, const RmxVolume *labels, int label,
                   const RmxVolume *image, int what) {
  size_t n = rmx_volume_voxels(labels);
  if (what & RMX_DIAG_HASH) { /* PyRadiomics casts the mask to UInt32 first */
    uint32_t *u = g_new(uint32_t, n);
    for (size_t i = 0; i < n; i++) u[i] = (uint32_t)rmx_volume_get(labels, i);
    add(fs, prefix, "Hash", sha1_of(u, n * sizeof *u));
    g_free(u);
  }
  add(fs, prefix, "Spacing", py_tuple3(labels->spacing));
  add(fs, prefix, "Size", g_strdup_printf("(%zu, %zu, %zu)", labels->dim[0], labels->dim[1], labels->dim[2]));
  RmxVolume *m = rmx_volume_new(RMX_U8, labels->dim, labels);
  uint8_t *mm = m->data;
  for (size_t i = 0; i < n; i++) mm[i] = rmx_volume_get(labels, i) == (double)label;
  RmxBBox bb;
  if (rmx_bbox_of(m, &bb)) {
    add(fs, prefix, "BoundingBox",
        g_strdup_printf("(%zu, %zu, %zu, %zu, %zu, %zu)", bb.lo[0], bb.lo[1], bb.lo[2],
                        bb.hi[0] - bb.lo[0] + 1, bb.hi[1] - bb.lo[1] + 1, bb.hi[2] - bb.lo[2] + 1));
    add(fs, prefix, "VoxelNum", g_strdup_printf("%zu", bb.count));
    add(fs, prefix, "VolumeNum", g_strdup_printf("%zu", count_components(mm, m->dim)));
    double c[3] = {0, 0, 0}, w[3];
    size_t nx = m->dim[0], ny = m->dim[1];
    for (size_t i = 0; i < n; i++)
      if (mm[i]) {
        c[0] += (double)(i % nx);
        c[1] += (double)((i / nx) % ny);
        c[2] += (double)(i / (nx * ny));
      }
    for (int a = 0; a < 3; a++) c[a] /= (double)bb.count;
    add(fs, prefix, "CenterOfMassIndex", py_tuple3(c));
    rmx_index_to_world(labels, c, w);
    add(fs, prefix, "CenterOfMass", py_tuple3(w));
    if ((what & RMX_DIAG_STATS) && image) {
      double sum = 0, mn = INFINITY, mx = -INFINITY;
      for (size_t i = 0; i < n; i++)
        if (mm[i]) {
          double v = rmx_volume_get(image, i);
          sum += v;
          mn = MIN(mn, v);
          mx = MAX(mx, v);
        }
      add(fs, prefix, "Mean", py_float(sum / (double)bb.count));
      add(fs, prefix, "Minimum", py_float(mn));
      add(fs, prefix, "Maximum", py_float(mx));
    }
  }
  rmx_volume_free(m);
}
