/* io_mask.c: mask geometry checks against the image, label selection and mask errors. */
#include "io_util.h"

#include <math.h>
#include <string.h>

#define GEO_LPS "space: left-posterior-superior\n"
#define HDR(type, sizes, geo) \
  "NRRD0004\ntype: " type "\ndimension: 3\nsizes: " sizes "\n" geo \
  "encoding: raw\nendian: little\n\n"
#define IMG_GEO GEO_LPS "space directions: (1,0,0) (0,1,0) (0,0,1)\nspace origin: (0,0,0)\n"

static RmxVolume *read_ok(const char *path) {
  GError *e = NULL;
  RmxVolume *v = rmx_nrrd_read(path, &e);
  CHECK(v != NULL, "%s: %s", path, e ? e->message : "");
  g_clear_error(&e);
  return v;
}

/* rmx_mask_compact: each integer type rewritten in place as the U8 mask of
 * the label, equal to what rmx_mask_select gives; an absent or out-of-range
 * label leaves the volume untouched. */
static void compact_checks(void) {
  static const int types[] = {RMX_U8, RMX_I8, RMX_U16, RMX_I16, RMX_U32, RMX_I32};
  const size_t dim[3] = {5000, 3, 1}; /* crosses the 4096-voxel blocks */
  for (size_t t = 0; t < G_N_ELEMENTS(types); t++) {
    RmxVolume *v = rmx_volume_new(types[t], dim, NULL);
    size_t nv = rmx_volume_voxels(v);
    for (size_t i = 0; i < nv; i++) rmx_volume_set(v, i, (double)((i * 7) % 5)); /* 0..4 */
    GError *e = NULL;
    RmxVolume *want = rmx_mask_select(v, NULL, 3, 0, "labels", &e);
    CHECK(!rmx_mask_compact(v, 9) && v->type == types[t], "%s: absent label compacted",
          rmx_scalar_name(types[t]));
    CHECK(!rmx_mask_compact(v, 300) && !rmx_mask_compact(v, 0) && v->type == types[t],
          "%s: label out of 1..255 compacted", rmx_scalar_name(types[t]));
    CHECK(rmx_volume_get(v, 4999) == (double)((4999 * 7) % 5), "%s: untouched volume changed",
          rmx_scalar_name(types[t]));
    CHECK(rmx_mask_compact(v, 3) && v->type == RMX_U8, "%s: not compacted", rmx_scalar_name(types[t]));
    size_t bad = 0;
    for (size_t i = 0; i < nv; i++) bad += rmx_volume_get(v, i) != ((i * 7) % 5 == 3 ? 1.0 : 0.0);
    CHECK(bad == 0, "%s: %zu voxels wrong after compacting", rmx_scalar_name(types[t]), bad);
    CHECK(want && memcmp(want->data, v->data, nv) == 0, "%s: compacted mask differs from the selected one",
          rmx_scalar_name(types[t]));
    g_clear_error(&e);
    rmx_volume_free(want);
    rmx_volume_free(v);
  }
}

int main(void) {
  unsigned char img_bytes[24] = {0};
  const char *ip = io_write("image.nrrd", HDR("uchar", "4 3 2", IMG_GEO), img_bytes, 24);
  RmxVolume *img = read_ok(ip);
  if (!img) return io_finish("io_mask");

  /* Labels 0, 1, 2: three voxels of 1, two of 2. */
  unsigned char lab[24] = {0, 1, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0};
  const char *mp = io_write("labels.nrrd", HDR("uchar", "4 3 2", IMG_GEO), lab, 24);
  GError *e = NULL;
  RmxVolume *m = rmx_mask_read(mp, img, 1, 1e-6, &e);
  CHECK(m != NULL, "label 1: %s", e ? e->message : "");
  g_clear_error(&e);
  if (m) {
    CHECK(m->type == RMX_U8, "mask type %s", rmx_scalar_name(m->type));
    CHECK(io_count_ones(m) == 3, "label 1 count %zu, want 3", io_count_ones(m));
    const uint8_t *d = m->data;
    CHECK(d[1] == 1 && d[2] == 1 && d[12] == 1 && d[5] == 0 && d[0] == 0, "wrong voxels set");
  }
  rmx_volume_free(m);
  m = rmx_mask_read(mp, img, 2, 1e-6, &e);
  CHECK(m && io_count_ones(m) == 2, "label 2 count %zu, want 2", m ? io_count_ones(m) : 0);
  g_clear_error(&e);
  rmx_volume_free(m);
  io_expect_mask_error(mp, img, 3, 1e-6, "label 3 not present (labels found: 1, 2)");

  /* Geometry within the tolerance is accepted, beyond it refused. */
  const char *near = io_write("near.nrrd",
                              HDR("uchar", "4 3 2", GEO_LPS "space directions: (1,0,0) (0,1,0) "
                                  "(0,0,1.0000001)\nspace origin: (0,0.0000002,0)\n"), lab, 24);
  m = rmx_mask_read(near, img, 1, 1e-6, &e);
  CHECK(m != NULL, "geometry within tolerance refused: %s", e ? e->message : "");
  g_clear_error(&e);
  rmx_volume_free(m);
  io_expect_mask_error(near, img, 1, 1e-8, "spacing differs");

  const char *p = io_write("dims.nrrd", HDR("uchar", "4 3 1", IMG_GEO), lab, 12);
  io_expect_mask_error(p, img, 1, 1e-6, "dimensions differ: 4x3x1 vs 4x3x2");
  p = io_write("spacing.nrrd",
               HDR("uchar", "4 3 2", GEO_LPS "space directions: (2,0,0) (0,1,0) (0,0,1)\n"
                   "space origin: (0,0,0)\n"), lab, 24);
  io_expect_mask_error(p, img, 1, 1e-6, "spacing differs: (2, 1, 1) vs (1, 1, 1)");
  p = io_write("origin.nrrd",
               HDR("uchar", "4 3 2", GEO_LPS "space directions: (1,0,0) (0,1,0) (0,0,1)\n"
                   "space origin: (0,0,0.5)\n"), lab, 24);
  io_expect_mask_error(p, img, 1, 1e-6, "origin differs: (0, 0, 0.5) vs (0, 0, 0)");
  p = io_write("direction.nrrd",
               HDR("uchar", "4 3 2", GEO_LPS "space directions: (0,1,0) (1,0,0) (0,0,1)\n"
                   "space origin: (0,0,0)\n"), lab, 24);
  io_expect_mask_error(p, img, 1, 1e-6, "direction differs");

  unsigned char none[24] = {0};
  p = io_write("empty.nrrd", HDR("uchar", "4 3 2", IMG_GEO), none, 24);
  io_expect_mask_error(p, img, 1, 1e-6, "mask is empty (no non-zero voxel)");

  float fl[24] = {0};
  fl[3] = 1.0f;
  fl[7] = 1.0f;
  p = io_write("float_ok.nrrd", HDR("float", "4 3 2", IMG_GEO), fl, sizeof fl);
  m = rmx_mask_read(p, img, 1, 1e-6, &e);
  CHECK(m && io_count_ones(m) == 2, "float mask count %zu, want 2", m ? io_count_ones(m) : 0);
  g_clear_error(&e);
  rmx_volume_free(m);
  fl[9] = NAN; /* voxel (1, 2, 0) */
  p = io_write("float_nan.nrrd", HDR("float", "4 3 2", IMG_GEO), fl, sizeof fl);
  io_expect_mask_error(p, img, 1, 1e-6, "NaN at voxel (1, 2, 0)");

  /* A mask whose file is bad reports the read error itself. */
  p = io_write("trunc_mask.nrrd", HDR("uchar", "4 3 2", IMG_GEO), lab, 10);
  io_expect_mask_error(p, img, 1, 1e-6, "truncated data");

  /* Selecting from a loaded volume, no image check. */
  RmxVolume *labels = read_ok(mp);
  if (labels) {
    m = rmx_mask_select(labels, NULL, 2, 0, "labels", &e);
    CHECK(m && io_count_ones(m) == 2, "select label 2 without image");
    g_clear_error(&e);
    rmx_volume_free(m);
    m = rmx_mask_select(labels, NULL, 5, 0, "labels", &e);
    CHECK(!m && e && strcmp(e->message, "labels: label 5 not present (labels found: 1, 2)") == 0,
          "select absent label: %s", e ? e->message : "(no error)");
    g_clear_error(&e);
  }
  rmx_volume_free(labels);
  compact_checks();
  rmx_volume_free(img);
  return io_finish("io_mask");
}
