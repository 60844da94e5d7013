/* fuzz_mask.c: libFuzzer target for the mask loader (host/mask.c: label selection and geometry checks). */
#include "fuzz_util.h"
#include "volume.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static RmxVolume *fixed;
  if (!fixed) {
    rmx_nrrd_set_max_bytes((size_t)16 << 20);
    size_t dim[3] = {8, 8, 8};
    fixed = rmx_volume_new(RMX_I16, dim, NULL);
  }
  if (size < 2) return 0;
  int label = 1 + data[0] % 4;        /* labels 1..4 */
  int mode = data[1] % 3;             /* image: none, fixed 8^3, same grid as the labels */
  double tol = (data[1] & 0x80) ? 1e-3 : 1e-6;
  const char *path = fuzz_write_temp(data + 2, size - 2, ".nrrd");
  GError *e = NULL;
  if (mode < 2) {
    RmxVolume *m = rmx_mask_read(path, mode ? fixed : NULL, label, tol, &e);
    rmx_volume_free(m);
  } else {
    RmxVolume *labels = rmx_nrrd_read(path, &e);
    if (labels) {
      RmxVolume *like = rmx_volume_new(RMX_F32, labels->dim, labels);
      RmxVolume *m = like ? rmx_mask_select(labels, like, label, tol, "mask", &e) : NULL;
      if (m) {
        size_t n = rmx_volume_voxels(m);
        const uint8_t *b = m->data;
        for (size_t i = 0; i < n; i++)
          if (b[i] > 1) abort(); /* a selected mask is 0/1 */
      }
      rmx_volume_free(m);
      rmx_volume_free(like);
      rmx_volume_free(labels);
    }
  }
  g_clear_error(&e);
  unlink(path);
  return 0;
}
