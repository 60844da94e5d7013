/* io_mask_stream.c: a label volume read straight into its mask
 * (rmx_nrrd_read_mask) equals reading it whole and selecting the label, for
 * every integer type, both byte orders, several decode pieces, and the
 * fallbacks (absent label, raw encoding, damaged streams, several gzip
 * members, trailing bytes). The gzip data
 * is made with zlib, independent of the ISA-L reader under test. */
#include "extract_prep.h"
#include "io_util.h"

#include <string.h>
#include <zlib.h>

#define NX 97
#define NY 61
#define NZ 13
#define NV ((size_t)NX * NY * NZ) /* int32: 307 KB, two 256 KiB decode pieces */

static const struct {
  int type;
  const char *name;
  size_t es;
} types[] = {{RMX_U8, "uchar", 1}, {RMX_I8, "signed char", 1}, {RMX_U16, "ushort", 2},
             {RMX_I16, "short", 2}, {RMX_U32, "uint", 4},       {RMX_I32, "int", 4}};

/* Sparse labels 1..3 in a box, and a few stray 3s elsewhere. */
static int label_at(size_t i) {
  size_t x = i % NX, y = (i / NX) % NY, z = i / (NX * NY);
  if (x >= 20 && x < 70 && y >= 5 && y < 40 && z >= 2 && z < 11 && (x * 31 + y * 7 + z) % 5 < 3)
    return 1 + (int)((x + y + z) % 2);
  return i % 9973 == 17 ? 3 : 0;
}

static unsigned char *encode(size_t es, int big) {
  unsigned char *b = g_malloc0(NV * es);
  for (size_t i = 0; i < NV; i++) {
    unsigned v = (unsigned)label_at(i);
    for (size_t k = 0; k < es; k++) {
      unsigned char byte = (unsigned char)(k == 0 ? v : 0); /* little-endian byte k */
      b[i * es + (big ? es - 1 - k : k)] = byte;
    }
  }
  return b;
}

/* gzip (RFC 1952) of n bytes with zlib; *out_n its size. */
static unsigned char *gzip(const unsigned char *in, size_t n, size_t *out_n) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return NULL;
  size_t cap = deflateBound(&z, (uLong)n);
  unsigned char *o = g_malloc(cap);
  z.next_in = (unsigned char *)in;
  z.avail_in = (uInt)n;
  z.next_out = o;
  z.avail_out = (uInt)cap;
  int r = deflate(&z, Z_FINISH);
  *out_n = z.total_out;
  deflateEnd(&z);
  if (r != Z_STREAM_END) {
    g_free(o);
    return NULL;
  }
  return o;
}

static char *header(const char *type, const char *encoding, int big) {
  return g_strdup_printf("NRRD0004\ntype: %s\ndimension: 3\nsizes: %d %d %d\nencoding: %s\n"
                         "endian: %s\n\n", type, NX, NY, NZ, encoding, big ? "big" : "little");
}

static int same_box(const RmxBBox *a, const RmxBBox *b) {
  for (int k = 0; k < 3; k++)
    if (a->lo[k] != b->lo[k] || a->hi[k] != b->hi[k]) return 0;
  return a->count == b->count;
}

static void one(size_t t, int big) {
  const char *tn = types[t].name;
  unsigned char *raw = encode(types[t].es, big);
  size_t zn = 0;
  unsigned char *z = gzip(raw, NV * types[t].es, &zn);
  CHECK(z != NULL, "%s: zlib failed", tn);
  if (!z) {
    g_free(raw);
    return;
  }
  char *h = header(tn, "gzip", big);
  char *name = g_strdup_printf("lab_%zu_%d.nrrd", t, big);
  const char *p = io_write(name, h, z, zn);
  GError *e = NULL;
  RmxVolume *whole = rmx_nrrd_read(p, &e);
  CHECK(whole != NULL, "%s: whole read: %s", p, e ? e->message : "");
  g_clear_error(&e);
  for (int label = 1; whole && label <= 3; label++) {
    RmxVolume *want = rmx_mask_select(whole, NULL, label, 0, "labels", &e);
    g_clear_error(&e);
    RmxBBox want_bb, bb;
    rmx_bbox_of(want, &want_bb);
    gboolean is_mask = FALSE;
    RmxVolume *m = rmx_nrrd_read_mask(p, label, &is_mask, &bb, &e);
    CHECK(m && is_mask && m->type == RMX_U8, "%s %s label %d: not read as a mask: %s", tn,
          big ? "big" : "little", label, e ? e->message : "");
    g_clear_error(&e);
    if (m && is_mask) {
      CHECK(memcmp(m->data, want->data, NV) == 0, "%s %s label %d: mask differs", tn,
            big ? "big" : "little", label);
      CHECK(same_box(&bb, &want_bb), "%s %s label %d: box %zu..%zu x %zu..%zu x %zu..%zu (%zu) "
            "wrong", tn, big ? "big" : "little", label, bb.lo[0], bb.hi[0], bb.lo[1], bb.hi[1],
            bb.lo[2], bb.hi[2], bb.count);
    }
    rmx_volume_free(m);
    rmx_volume_free(want);
  }
  /* An absent label: the volume whole, untouched, for the caller's error. */
  gboolean is_mask = TRUE;
  RmxBBox bb;
  RmxVolume *m = rmx_nrrd_read_mask(p, 9, &is_mask, &bb, &e);
  CHECK(m && !is_mask && whole && m->type == whole->type &&
            memcmp(m->data, whole->data, NV * types[t].es) == 0,
        "%s: absent label did not give the label volume", tn);
  g_clear_error(&e);
  rmx_volume_free(m);
  /* Damaged streams fail as rmx_nrrd_read fails. */
  z[zn - 8] ^= 0x01; /* CRC-32 */
  char *bad = g_strdup_printf("crc_%s", name);
  p = io_write(bad, h, z, zn);
  m = rmx_nrrd_read_mask(p, 1, &is_mask, &bb, &e);
  CHECK(!m && e && strstr(e->message, "gzip"), "%s: bad CRC: %s", tn,
        m ? "read" : e ? e->message : "no error");
  g_clear_error(&e);
  rmx_volume_free(m);
  z[zn - 8] ^= 0x01;
  g_free(bad);
  bad = g_strdup_printf("cut_%s", name);
  p = io_write(bad, h, z, zn / 2);
  m = rmx_nrrd_read_mask(p, 1, &is_mask, &bb, &e);
  CHECK(!m && e && strstr(e->message, "truncated data"), "%s: truncated: %s", tn,
        m ? "read" : e ? e->message : "no error");
  g_clear_error(&e);
  rmx_volume_free(m);
  g_free(bad);
  /* Raw data: compacted after a whole read; the box is not known. */
  g_free(h);
  h = header(tn, "raw", big);
  bad = g_strdup_printf("raw_%s", name);
  p = io_write(bad, h, raw, NV * types[t].es);
  m = rmx_nrrd_read_mask(p, 2, &is_mask, &bb, &e);
  RmxVolume *want = whole ? rmx_mask_select(whole, NULL, 2, 0, "labels", &e) : NULL;
  CHECK(m && is_mask && bb.count == 0 && want && memcmp(m->data, want->data, NV) == 0,
        "%s: raw label volume not compacted to the mask", tn);
  g_clear_error(&e);
  rmx_volume_free(m);
  rmx_volume_free(want);
  g_free(bad);
  rmx_volume_free(whole);
  g_free(name);
  g_free(h);
  g_free(z);
  g_free(raw);
}

/* Two gzip members, and one member with bytes after it: left to teem, which
 * reads both as before the streaming reader; the mask read agrees. */
static void members(void) {
  unsigned char *raw = encode(1, 0);
  size_t h1 = NV / 2, n1 = 0, n2 = 0;
  unsigned char *a = gzip(raw, h1, &n1), *b = gzip(raw + h1, NV - h1, &n2);
  CHECK(a && b, "zlib failed");
  if (!a || !b) goto out;
  unsigned char *cat = g_malloc(n1 + n2 + 8);
  memcpy(cat, a, n1);
  memcpy(cat + n1, b, n2);
  char *h = header("uchar", "gzip", 0);
  for (int k = 0; k < 2; k++) {
    size_t n = n1 + n2;
    const char *what = k ? "trailing bytes" : "two members";
    if (k) { /* one whole member, then junk */
      g_free(a);
      a = gzip(raw, NV, &n1);
      memcpy(cat, a, n1);
      memcpy(cat + n1, "garbage!", 8);
      n = n1 + 8;
    }
    const char *p = io_write(k ? "trail.nrrd" : "members.nrrd", h, cat, n);
    GError *e = NULL;
    RmxVolume *v = rmx_nrrd_read(p, &e);
    CHECK(v && memcmp(v->data, raw, NV) == 0, "%s: %s", what, v ? "wrong voxels" : e->message);
    g_clear_error(&e);
    gboolean is_mask = FALSE;
    RmxBBox bb;
    RmxVolume *m = rmx_nrrd_read_mask(p, 2, &is_mask, &bb, &e);
    RmxVolume *want = v ? rmx_mask_select(v, NULL, 2, 0, "labels", &e) : NULL;
    CHECK(m && is_mask && want && memcmp(m->data, want->data, NV) == 0, "%s: mask read differs",
          what);
    g_clear_error(&e);
    rmx_volume_free(want);
    rmx_volume_free(m);
    rmx_volume_free(v);
  }
  g_free(h);
  g_free(cat);
out:
  g_free(a);
  g_free(b);
  g_free(raw);
}

int main(void) {
  members();
  for (size_t t = 0; t < G_N_ELEMENTS(types); t++)
    for (int big = 0; big < 2; big++) one(t, big);
  return io_finish("io_mask_stream");
}
