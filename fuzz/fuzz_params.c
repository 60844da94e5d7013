/* fuzz_params.c: libFuzzer target for the YAML parameter parser (host/param_file.c) and settings validation. */
#include "extract.h"
#include "fuzz_util.h"
#include "param_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_write_temp(data, size, ".yaml");
  GError *e = NULL;
  RmxExtractConfig *c = rmx_param_yaml_read(path, &e);
  if (c) {
    /* validation against the host's settings spec (no plugins: families are unknown) */
    RmxExtractor *ex = rmx_extractor_new(c, NULL, &e);
    rmx_extractor_free(ex);
    rmx_extract_config_free(c);
  } else if (!e || !e->message || !*e->message) {
    abort();
  }
  g_clear_error(&e);
  unlink(path);
  return 0;
}
