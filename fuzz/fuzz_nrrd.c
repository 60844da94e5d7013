/* fuzz_nrrd.c: libFuzzer target for the NRRD reader (host/nrrd_io.c): rmx_nrrd_read, and
 * rmx_nrrd_read_mask against it (the mask read piece by piece must equal the label selected
 * from the whole volume, with the same box). */
#include "extract_prep.h"
#include "fuzz_util.h"
#include "volume.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_mask(const char *path, const RmxVolume *whole) {
  GError *e = NULL;
  gboolean is_mask = FALSE;
  RmxBBox bb;
  RmxVolume *m = rmx_nrrd_read_mask(path, 1, &is_mask, &bb, &e);
  if (!m) {
    if (whole || !e || !e->message || !*e->message) abort(); /* reads must agree */
    g_clear_error(&e);
    return;
  }
  if (!whole) abort();
  size_t n = rmx_volume_voxels(whole);
  if (is_mask) {
    RmxVolume *want = rmx_mask_select(whole, NULL, 1, 0, "labels", &e);
    g_clear_error(&e);
    if (!want || m->type != RMX_U8 || memcmp(m->data, want->data, n) != 0) abort();
    if (bb.count) {
      RmxBBox wb;
      rmx_bbox_of(want, &wb);
      if (memcmp(wb.lo, bb.lo, sizeof bb.lo) || memcmp(wb.hi, bb.hi, sizeof bb.hi) ||
          wb.count != bb.count)
        abort();
    }
    rmx_volume_free(want);
  } else if (m->type != whole->type || memcmp(m->data, whole->data, n * rmx_scalar_size(m->type))) {
    abort();
  }
  rmx_volume_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int init;
  if (!init) {
    rmx_nrrd_set_max_bytes((size_t)16 << 20); /* the guard under test keeps RSS small */
    init = 1;
  }
  const char *path = fuzz_write_temp(data, size, ".nrrd");
  GError *e = NULL;
  RmxVolume *v = rmx_nrrd_read(path, &e);
  if (v) {
    /* touch every voxel so a wrong size shows up under ASan */
    size_t n = rmx_volume_voxels(v);
    double s = 0;
    for (size_t i = 0; i < n; i++) s += rmx_volume_get(v, i);
    (void)s;
  } else if (!e || !e->message || !*e->message) {
    abort(); /* a failure must say why */
  }
  g_clear_error(&e);
  check_mask(path, v);
  rmx_volume_free(v);
  unlink(path);
  return 0;
}
