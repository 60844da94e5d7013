/* fuzz_util.h: helpers shared by the libFuzzer targets (input written to a per-process temp file). */
#ifndef RMX_FUZZ_UTIL_H
#define RMX_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib.h>

/* The readers take paths, so each input goes to one file per process and suffix. */
static inline const char *fuzz_write_temp(const uint8_t *data, size_t size, const char *suffix) {
  static char path[256];
  if (!path[0]) {
    const char *dir = g_getenv("TMPDIR");
    g_snprintf(path, sizeof path, "%s/rmx-fuzz-%d%s", dir && *dir ? dir : "/tmp", (int)getpid(),
               suffix);
  }
  FILE *f = fopen(path, "wb");
  if (!f) abort();
  if (size && fwrite(data, 1, size, f) != size) abort();
  fclose(f);
  return path;
}

#endif
