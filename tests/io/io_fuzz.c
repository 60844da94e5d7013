/* io_fuzz.c: seeded mutations of small valid NRRD files never crash and fail with one named line. */
#include "io_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEED 20261126u
#define CASES 400

static uint32_t rng = SEED;
static uint32_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

/* Header-text mutations that keep the file mostly parseable, so teem goes deep. */
static const char *const swaps[][2] = {
    {"3 4 5", "3 4 5 6"}, {"dimension: 3", "dimension: 4"}, {"dimension: 3", "dimension: 1"},
    {"short", "float"}, {"short", "block"}, {"short", "double"}, {"raw", "gzip"},
    {"raw", "ascii"}, {"raw", "hex"}, {"little", "big"}, {"(1,0,0)", "(0,0,0)"},
    {"(0,2,0)", "(1,0,0)"}, {"(0,2,0)", "(nan,0,0)"}, {"(0,0,3)", "(0,0,inf)"},
    {"3 4 5", "3 4 0"}, {"3 4 5", "-3 4 5"}, {"3 4 5", "99999999999 99999999999 9"},
    {"domain domain domain", "vector domain domain"}, {"left-posterior-superior", "RAS"},
    {"left-posterior-superior", "3D-right-handed-time"}, {"space origin: (1,2,3)\n", ""},
    {"sizes", "sizse"}, {"\n\n", "\n"}, {"NRRD0004", "NRRD0009"},
};

static char *replace_once(const char *s, const char *from, const char *to) {
  const char *p = strstr(s, from);
  if (!p) return g_strdup(s);
  return g_strdup_printf("%.*s%s%s", (int)(p - s), s, to, p + strlen(from));
}

int main(void) {
  const char *base =
      "NRRD0004\ntype: short\ndimension: 3\nsizes: 3 4 5\n"
      "kinds: domain domain domain\nspace: left-posterior-superior\n"
      "space directions: (1,0,0) (0,2,0) (0,0,3)\nspace origin: (1,2,3)\n"
      "encoding: raw\nendian: little\n\n";
  unsigned char data[160];
  for (size_t i = 0; i < sizeof data; i++) data[i] = (unsigned char)(next() >> 24);
  const size_t nswaps = sizeof swaps / sizeof swaps[0];
  int ok = 0, failed = 0;
  for (int c = 0; c < CASES; c++) {
    char *hdr = g_strdup(base);
    int nmut = (int)(next() % 3);
    for (int m = 0; m < nmut; m++) {
      const char *const *sw = swaps[next() % nswaps];
      char *h2 = replace_once(hdr, sw[0], sw[1]);
      g_free(hdr);
      hdr = h2;
    }
    /* Data: random length, sometimes bytes flipped. */
    size_t n = next() % 2 ? sizeof data : next() % (sizeof data + 1);
    unsigned char buf[sizeof data];
    memcpy(buf, data, n);
    if (next() % 2)
      for (int k = 0; k < 4 && n; k++) buf[next() % n] ^= (unsigned char)next();
    char name[32];
    g_snprintf(name, sizeof name, "fuzz%03d.nrrd", c);
    const char *path = io_write(name, hdr, buf, n);
    GError *e = NULL;
    RmxVolume *v = rmx_nrrd_read(path, &e);
    if (v) {
      ok++;
      CHECK(!e, "%s: volume and error both returned", name);
      CHECK(v->dim[0] * v->dim[1] * v->dim[2] > 0, "%s: empty volume", name);
      for (int a = 0; a < 3; a++)
        CHECK(v->spacing[a] > 0, "%s: spacing %g accepted", name, v->spacing[a]);
    } else {
      failed++;
      if (e && g_getenv("IO_VERBOSE")) printf("  %s\n", e->message + strlen(path));
      CHECK(e && strchr(e->message, '\n') == NULL && g_str_has_prefix(e->message, path),
            "%s: bad error: %s", name, e ? e->message : "(none)");
    }
    rmx_volume_free(v);
    g_clear_error(&e);
    g_free(hdr);
  }
  printf("fuzz: %d read, %d refused\n", ok, failed);
  CHECK(ok > 0 && failed > 0, "fuzz cases not mixed: %d read, %d refused", ok, failed);
  return io_finish("io_fuzz");
}
