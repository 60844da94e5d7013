/* fuzz_csv.c: libFuzzer target for the CSV table reader (host/table.c) and the batch manifest reader (csv_out.c). */
#include "csv_out.h"
#include "fuzz_util.h"
#include "table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_write_temp(data, size, ".csv");
  GError *e = NULL;
  RmxTable *t = rmx_table_read_csv(path, NULL, &e);
  if (t) {
    /* what was read must format back (the writer's checks on names and cells) */
    char *s = rmx_table_format_csv(t, "fuzz", &e);
    g_free(s);
    g_clear_error(&e);
    RmxTable *c = rmx_table_copy(t);
    rmx_table_free(c);
    rmx_table_free(t);
  }
  g_clear_error(&e);
  GPtrArray *cases = rmx_manifest_read(path, &e);
  if (cases) g_ptr_array_unref(cases);
  g_clear_error(&e);
  unlink(path);
  return 0;
}
