/* io_bad.c: hostile NRRD files must fail with one clear line, never crash or over-allocate. */
#include "io_util.h"

#include <stdio.h>
#include <string.h>

#define HDR(type, dim, sizes, extra) \
  "NRRD0004\ntype: " type "\ndimension: " dim "\nsizes: " sizes "\n" extra \
  "encoding: raw\nendian: little\n\n"

static unsigned char zeros[4096];

/* Deterministic bytes for incompressible data. */
static void fill_random(unsigned char *b, size_t n, uint32_t seed) {
  uint32_t x = seed ? seed : 1;
  for (size_t i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b[i] = (unsigned char)(x >> 24);
  }
}

static char *slurp(const char *path, size_t *n) {
  char *s = NULL;
  gsize len = 0;
  if (!g_file_get_contents(path, &s, &len, NULL)) return NULL;
  *n = len;
  return s;
}

/* Writes a valid gzip NRRD with our writer, then damages its stream. */
static void gzip_cases(void) {
  size_t dim[3] = {20, 20, 20};
  RmxVolume *v = rmx_volume_new(RMX_I16, dim, NULL);
  fill_random(v->data, 2 * rmx_volume_voxels(v), 7);
  char *good = g_build_filename(io_tmpdir(), "good_gz.nrrd", NULL);
  GError *e = NULL;
  CHECK(rmx_nrrd_write(v, good, TRUE, &e), "gzip write: %s", e ? e->message : "");
  g_clear_error(&e);
  size_t n = 0;
  char *bytes = slurp(good, &n);
  CHECK(bytes != NULL, "cannot read back %s", good);
  if (!bytes) goto out;
  char *body = strstr(bytes, "\n\n");
  CHECK(body != NULL, "no blank line after the header of %s", good);
  if (!body) goto out;
  size_t hlen = (size_t)(body + 2 - bytes), dlen = n - hlen;
  CHECK((unsigned char)bytes[hlen] == 0x1f && (unsigned char)bytes[hlen + 1] == 0x8b,
        "written data is not gzip");
  char *head = g_strndup(bytes, hlen);

  /* Stream cut in half: fewer bytes decode than the header promises. */
  const char *cut = io_write("cut_gz.nrrd", head, bytes + hlen, dlen / 2);
  io_expect_read_error(cut, "truncated data");
  /* Damaged deflate data in the middle of the stream. */
  char *bad = g_memdup2(bytes + hlen, dlen);
  for (size_t i = 20; i < 60 && i < dlen; i++) bad[i] ^= 0x5a;
  const char *mid = io_write("corrupt_gz.nrrd", head, bad, dlen);
  io_expect_read_error(mid, "gzip");
  /* Intact deflate data, wrong CRC-32 in the trailer: wrong voxels unless refused. */
  char *badcrc = g_memdup2(bytes + hlen, dlen);
  badcrc[dlen - 8] ^= 0x01;
  const char *crc = io_write("crc_gz.nrrd", head, badcrc, dlen);
  io_expect_read_error(crc, "gzip");
  g_free(badcrc);
  /* A stream holding more than the header declares (a 20x20x40 volume whose
   * first half is v): the surplus is ignored, as teem and ITK do, but only
   * if the whole stream checks out; with its CRC damaged the read must fail
   * (teem alone stops before the CRC and returned these voxels). */
  size_t dim2[3] = {20, 20, 40};
  RmxVolume *v2 = rmx_volume_new(RMX_I16, dim2, NULL);
  memcpy(v2->data, v->data, 2 * rmx_volume_voxels(v));
  fill_random((unsigned char *)v2->data + 2 * rmx_volume_voxels(v), 2 * rmx_volume_voxels(v), 8);
  char *big = g_build_filename(io_tmpdir(), "big_gz.nrrd", NULL);
  CHECK(rmx_nrrd_write(v2, big, TRUE, &e), "gzip write: %s", e ? e->message : "");
  g_clear_error(&e);
  size_t bn = 0;
  char *bbytes = slurp(big, &bn), *bbody = bbytes ? strstr(bbytes, "\n\n") : NULL;
  CHECK(bbody != NULL, "cannot read back %s", big);
  if (bbody) {
    size_t bh = (size_t)(bbody + 2 - bbytes), bl = bn - bh;
    const char *surplus = io_write("surplus_gz.nrrd", head, bbytes + bh, bl);
    RmxVolume *r = rmx_nrrd_read(surplus, &e);
    CHECK(r && !memcmp(r->data, v->data, 2 * rmx_volume_voxels(v)),
          "surplus gzip data: %s", r ? "wrong voxels" : e->message);
    g_clear_error(&e);
    rmx_volume_free(r);
    bbytes[bn - 8] ^= 0x01;
    const char *longcrc = io_write("surplus_crc_gz.nrrd", head, bbytes + bh, bl);
    io_expect_read_error(longcrc, "corrupt gzip data");
  }
  g_free(bbytes);
  g_free(big);
  rmx_volume_free(v2);
  /* Not gzip at all although the header says so. */
  unsigned char junk[800];
  fill_random(junk, sizeof junk, 99);
  junk[0] = 0x42;
  char *h2 = g_strdup(head);
  const char *nogz = io_write("not_gz.nrrd", h2, junk, sizeof junk);
  io_expect_read_error(nogz, "bad gzip stream");
  /* gzip magic followed by garbage. */
  junk[0] = 0x1f;
  junk[1] = 0x8b;
  junk[2] = 0x08;
  junk[3] = 0x00;
  const char *gzjunk = io_write("junk_gz.nrrd", head, junk, sizeof junk);
  io_expect_read_error(gzjunk, "gzip");
  /* Header only. */
  const char *empty = io_write("nodata_gz.nrrd", head, NULL, 0);
  io_expect_read_error(empty, "truncated data");
  g_free(h2);
  g_free(bad);
  g_free(head);
out:
  g_free(bytes);
  g_free(good);
  rmx_volume_free(v);
}

int main(void) {
  /* The limit comes from the environment, read once on first use. */
  g_setenv("RADIOMIX_MAX_VOLUME_BYTES", "1500", TRUE);
  CHECK(rmx_nrrd_max_bytes() == 1500, "env limit not applied: %zu", rmx_nrrd_max_bytes());
  const char *p = io_write("over_env_limit.nrrd", HDR("short", "3", "10 10 10", ""), zeros, 2000);
  io_expect_read_error(p, "above the limit of 1500 bytes");
  rmx_nrrd_set_max_bytes((size_t)4 << 30);

  p = io_write("trunc.nrrd", HDR("short", "3", "10 10 10", ""), zeros, 1200);
  io_expect_read_error(p, "truncated data: file holds 1200 of 2000 bytes");

  gzip_cases();

  p = io_write("4d.nrrd", HDR("float", "4", "2 2 2 2", ""), zeros, 64);
  io_expect_read_error(p, "4D data is not supported");
  p = io_write("1d.nrrd", HDR("float", "1", "8", ""), zeros, 32);
  io_expect_read_error(p, "1D data is not supported");
  p = io_write("vector.nrrd", HDR("float", "3", "3 4 4", "kinds: 3-vector domain domain\n"),
               zeros, 192);
  io_expect_read_error(p, "vector or multi-component pixels are not supported");
  p = io_write("rgb4d.nrrd",
               HDR("uchar", "4", "3 2 2 2", "kinds: RGB-color domain domain domain\n"), zeros,
               24);
  io_expect_read_error(p, "vector or multi-component");
  p = io_write("block.nrrd", "NRRD0004\ntype: block\nblock size: 4\ndimension: 3\n"
               "sizes: 2 2 2\nencoding: raw\nendian: little\n\n", zeros, 32);
  io_expect_read_error(p, "block type is not supported");

  /* 2e15 bytes claimed: refused from the header alone, so quickly. */
  p = io_write("huge.nrrd", HDR("short", "3", "100000 100000 100000", ""), zeros, 16);
  gint64 t0 = g_get_monotonic_time();
  io_expect_read_error(p, "header claims 2000000000000000 bytes");
  gint64 dt = g_get_monotonic_time() - t0;
  CHECK(dt < 500000, "oversize header took %lld us to refuse", (long long)dt);
  p = io_write("overflow.nrrd",
               HDR("double", "3", "4294967296 4294967296 4294967296", ""), zeros, 16);
  io_expect_read_error(p, "header sizes are impossibly large");

  p = io_write("zero_spacing.nrrd", HDR("short", "3", "2 2 2", "spacings: 0 1 1\n"), zeros, 16);
  io_expect_read_error(p, "invalid spacing");
  p = io_write("zero_dir.nrrd",
               HDR("short", "3", "2 2 2",
                   "space: left-posterior-superior\nspace directions: (0,0,0) (0,1,0) (0,0,1)\n"),
               zeros, 16);
  io_expect_read_error(p, "axis 0 space direction is a zero vector");
  p = io_write("neg_spacing.nrrd", HDR("short", "3", "2 2 2", "spacings: 1 -2 1\n"), zeros, 16);
  io_expect_read_error(p, "axis 1 spacing -2 is invalid");
  p = io_write("degenerate.nrrd",
               HDR("short", "3", "2 2 2",
                   "space: left-posterior-superior\nspace directions: (1,0,0) (2,0,0) (0,0,1)\n"),
               zeros, 16);
  io_expect_read_error(p, "degenerate space directions");
  p = io_write("coplanar.nrrd",
               HDR("short", "3", "2 2 2",
                   "space: left-posterior-superior\nspace directions: (1,0,0) (0,1,0) (1,1,0)\n"),
               zeros, 16);
  io_expect_read_error(p, "degenerate space directions");

  p = io_write("detached.nhdr", "NRRD0004\ntype: short\ndimension: 3\nsizes: 2 2 2\n"
               "encoding: raw\nendian: little\ndata file: missing.raw\n", NULL, 0);
  io_expect_read_error(p, "missing.raw\" is missing or unreadable");
  p = io_write("typo.nrrd", HDR("shrot", "3", "2 2 2", ""), zeros, 16);
  io_expect_read_error(p, "unknown type name \"shrot\"");
  p = io_write("notnrrd.nrrd", "P5\n2 2\n255\n", zeros, 4);
  io_expect_read_error(p, "not a NRRD file");
  char *missing = g_build_filename(io_tmpdir(), "no_such_file.nrrd", NULL);
  io_expect_read_error(missing, "cannot open");
  io_expect_read_error(io_tmpdir(), "cannot read: Is a directory");
  g_free(missing);
  return io_finish("io_bad");
}
