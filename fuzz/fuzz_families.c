/* fuzz_families.c: libFuzzer target running the extraction pipeline and every feature family plugin on small random volumes and masks. */
#include "extract.h"
#include "fuzz_util.h"
#include "volume.h"
#include "ctx.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Layout: dims (3 bytes, 1..6 each), flags, bin value, then one byte per voxel
 * (signed intensity) and one bit per voxel of mask; missing bytes read as 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static RmxExtractConfig *cfg;
  if (!cfg) {
    rmx_cli_add_plugin_dir(RMX_FUZZ_PLUGIN_DIR);
    rmx_cli_load_plugins(TRUE);
    rmx_set_default_threads(1);
    cfg = rmx_extract_config_new(); /* Original image, every installed family */
  }
  if (size < 5) return 0;
  size_t dim[3] = {1 + data[0] % 6, 1 + data[1] % 6, 1 + data[2] % 6};
  uint8_t flags = data[3], binv = data[4];
  data += 5;
  size -= 5;
  size_t n = dim[0] * dim[1] * dim[2];
  RmxVolume *img = rmx_volume_new(RMX_F64, dim, NULL);
  RmxVolume *lab = rmx_volume_new(RMX_U8, dim, NULL);
  if (flags & 4) { /* anisotropic voxels */
    img->spacing[0] = lab->spacing[0] = 0.5;
    img->spacing[2] = lab->spacing[2] = 2.5;
  }
  double *x = img->data;
  uint8_t *m = lab->data;
  for (size_t i = 0; i < n; i++) {
    x[i] = i < size ? (double)(int8_t)data[i] * ((flags & 8) ? 0.37 : 3.0) : 0.0;
    size_t b = n + i / 8;
    m[i] = b < size ? (data[b] >> (i % 8)) & 1 : 0;
  }
  RmxParams *ov = rmx_params_new();
  char v[32];
  rmx_params_set_text(ov, "minimumROIDimensions", "1");
  if (flags & 1) rmx_params_set_text(ov, "force2D", "true");
  if (flags & 2) {
    g_snprintf(v, sizeof v, "%d", 1 + binv % 40);
    rmx_params_set_text(ov, "binCount", v);
  } else {
    g_snprintf(v, sizeof v, "%g", 0.5 + binv % 50);
    rmx_params_set_text(ov, "binWidth", v);
  }
  if (flags & 16) rmx_params_set_text(ov, "distances", "[1, 2]");
  GError *e = NULL;
  RmxExtractor *ex = rmx_extractor_new(cfg, ov, &e);
  if (!ex) abort(); /* the overrides above are all valid */
  RmxFeatureSet *fs = rmx_feature_set_new();
  if (!rmx_extract_volumes(ex, img, lab, 1, fs, &e)) {
    /* a failure is fine (empty ROI, one voxel...), but it must say why; a
     * family failing on a valid ROI is a bug */
    if (!e || !e->message || !*e->message) abort();
    if (rmx_extract_exit_code(e) == RMX_EXIT_PLUGIN) {
      fprintf(stderr, "family failed: %s\n", e->message);
      abort();
    }
  }
  g_clear_error(&e);
  rmx_feature_set_free(fs);
  rmx_extractor_free(ex);
  rmx_params_free(ov);
  rmx_volume_free(img);
  rmx_volume_free(lab);
  return 0;
}
