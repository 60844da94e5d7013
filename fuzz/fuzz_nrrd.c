/* fuzz_nrrd.c: libFuzzer target for the NRRD reader (host/nrrd_io.c rmx_nrrd_read). */
#include "fuzz_util.h"
#include "volume.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
    rmx_volume_free(v);
  } else if (!e || !e->message || !*e->message) {
    abort(); /* a failure must say why */
  }
  g_clear_error(&e);
  unlink(path);
  return 0;
}
