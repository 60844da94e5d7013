/* io_gzmask.c: the label mask decoded from the gzip stream piece by piece
 * (rmx_nrrd_read_mask, host/gz_mask.c) against the whole decode followed by
 * rmx_mask_compact: the same mask on the shared cases and on streams zlib
 * writes with every block kind; a corrupt, truncated or padded stream and an
 * absent label give exactly what rmx_nrrd_read gives. */
#include "io_util.h"

#include <string.h>
#include <zlib.h>

#define HDR(type, sizes, enc) \
  "NRRD0004\ntype: " type "\ndimension: 3\nsizes: " sizes "\nencoding: " enc \
  "\nendian: little\n\n"

/* The whole read then the compaction: what extract did before streaming. */
static RmxVolume *whole_mask(const char *path, int label, GError **err) {
  RmxVolume *v = rmx_nrrd_read(path, err);
  if (v && !rmx_mask_compact(v, label)) {
    rmx_volume_free(v);
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "not compacted");
    return NULL;
  }
  return v;
}

/* Streamed mask equal to the whole one, voxel for voxel and in geometry. */
static void same_mask(const char *path, int label, const char *what) {
  GError *e1 = NULL, *e2 = NULL;
  gboolean is_mask = FALSE;
  RmxVolume *s = rmx_nrrd_read_mask(path, label, &is_mask, &e1);
  RmxVolume *w = whole_mask(path, label, &e2);
  CHECK(s && w && is_mask, "%s: streamed %s, whole %s", what, e1 ? e1->message : "ok",
        e2 ? e2->message : "ok");
  if (s && w) {
    size_t nv = rmx_volume_voxels(w);
    CHECK(s->type == RMX_U8 && rmx_volume_voxels(s) == nv && memcmp(s->data, w->data, nv) == 0,
          "%s: streamed mask differs from the whole decode", what);
    CHECK(memcmp(s->spacing, w->spacing, sizeof s->spacing) == 0 &&
              memcmp(s->origin, w->origin, sizeof s->origin) == 0 &&
              memcmp(s->direction, w->direction, sizeof s->direction) == 0,
          "%s: geometry differs", what);
  }
  g_clear_error(&e1);
  g_clear_error(&e2);
  rmx_volume_free(s);
  rmx_volume_free(w);
}

/* rmx_nrrd_read_mask gives what rmx_nrrd_read gives: the same one-line
 * error, or (teem accepts some broken streams) the same volume, not a mask. */
static void same_error(const char *path, const char *what) {
  GError *e1 = NULL, *e2 = NULL;
  gboolean is_mask = TRUE;
  RmxVolume *s = rmx_nrrd_read_mask(path, 1, &is_mask, &e1);
  RmxVolume *w = rmx_nrrd_read(path, &e2);
  if (w)
    CHECK(s && !is_mask && s->type == w->type &&
              memcmp(s->data, w->data, rmx_volume_voxels(w) * rmx_scalar_size(w->type)) == 0,
          "%s: the whole read succeeds, the streamed one differs (%s)", what,
          e1 ? e1->message : "not the same volume");
  else
    CHECK(!s && e1 && e2 && strcmp(e1->message, e2->message) == 0 && !is_mask &&
              !strchr(e1->message, '\n'),
          "%s: streamed \"%s\", whole \"%s\"", what, e1 ? e1->message : "(read)",
          e2 ? e2->message : "(read)");
  g_clear_error(&e1);
  g_clear_error(&e2);
  rmx_volume_free(s);
  rmx_volume_free(w);
}

/* A gzip member of data written by zlib with the given level and strategy. */
static GByteArray *gzip(const void *data, size_t n, int level, int strategy) {
  z_stream z;
  memset(&z, 0, sizeof z);
  GByteArray *out = g_byte_array_new();
  if (deflateInit2(&z, level, Z_DEFLATED, 16 + MAX_WBITS, 8, strategy) != Z_OK) return out;
  g_byte_array_set_size(out, (guint)deflateBound(&z, n));
  z.next_in = (Bytef *)data;
  z.avail_in = (uInt)n;
  z.next_out = out->data;
  z.avail_out = out->len;
  int r = deflate(&z, Z_FINISH);
  CHECK(r == Z_STREAM_END, "zlib deflate: %d", r);
  g_byte_array_set_size(out, (guint)z.total_out);
  deflateEnd(&z);
  return out;
}

static const char *write_gz(const char *name, const char *hdr, const GByteArray *gz, size_t cut,
                            const char *tail) {
  size_t n = gz->len - cut, t = tail ? strlen(tail) : 0;
  guint8 *buf = g_malloc(n + t + 1);
  memcpy(buf, gz->data, n);
  if (t) memcpy(buf + n, tail, t);
  const char *p = io_write(name, hdr, buf, n + t);
  g_free(buf);
  return p;
}

static void synthetic(void) {
  /* 60x60x50 voxels: past the 64 KiB decode chunk and the 32 KiB window for
   * every type; runs (long matches), a repeating pattern (short distances)
   * and scattered labels (literals). */
  enum { NV = 60 * 60 * 50 };
  static const struct { const char *name; int type; } types[] = {
      {"uchar", RMX_U8}, {"signed char", RMX_I8}, {"ushort", RMX_U16},
      {"short", RMX_I16}, {"uint", RMX_U32},       {"int", RMX_I32}};
  static const int strategies[] = {Z_DEFAULT_STRATEGY, Z_FIXED, Z_HUFFMAN_ONLY, Z_RLE};
  GRand *rng = g_rand_new_with_seed(7);
  for (size_t t = 0; t < G_N_ELEMENTS(types); t++) {
    const size_t dim[3] = {60, 60, 50};
    RmxVolume *v = rmx_volume_new(types[t].type, dim, NULL);
    for (size_t i = 0; i < NV; i++) {
      double x = i < NV / 3 ? 0 : i < NV / 2 ? (double)((i / 7) % 3) : (double)g_rand_int_range(rng, 0, 4);
      rmx_volume_set(v, i, x);
    }
    size_t bytes = NV * rmx_scalar_size(types[t].type);
    char hdr[256];
    g_snprintf(hdr, sizeof hdr, HDR("%s", "60 60 50", "gzip"), types[t].name);
    for (int level = 0; level <= 9; level += 3)
      for (size_t s = 0; s < G_N_ELEMENTS(strategies); s++) {
        GByteArray *gz = gzip(v->data, bytes, level, strategies[s]);
        char what[128];
        g_snprintf(what, sizeof what, "%s level %d strategy %d", types[t].name, level,
                   strategies[s]);
        const char *p = write_gz("gz.nrrd", hdr, gz, 0, NULL);
        same_mask(p, 1, what);
        same_mask(p, 3, what);
        if (level == 6 && s == 0) {
          /* absent label: the volume as read, not a mask */
          GError *e = NULL;
          gboolean is_mask = TRUE;
          RmxVolume *r = rmx_nrrd_read_mask(p, 9, &is_mask, &e);
          CHECK(r && !is_mask && r->type == types[t].type &&
                    memcmp(r->data, v->data, bytes) == 0,
                "%s: absent label not read as the volume", what);
          rmx_volume_free(r);
          g_clear_error(&e);
          /* corrupt mid-way, truncated, padded, or a second member */
          GByteArray *bad = g_byte_array_new();
          g_byte_array_append(bad, gz->data, gz->len);
          for (guint k = bad->len / 2; k < bad->len / 2 + 8; k++) bad->data[k] ^= 0x5a;
          same_error(write_gz("corrupt.nrrd", hdr, bad, 0, NULL), "corrupt mid-way");
          memcpy(bad->data, gz->data, gz->len);
          bad->data[bad->len - 6] ^= 1; /* CRC */
          same_error(write_gz("crc.nrrd", hdr, bad, 0, NULL), "bad CRC");
          same_error(write_gz("trunc.nrrd", hdr, gz, gz->len / 2, NULL), "truncated mid-way");
          same_error(write_gz("trunc8.nrrd", hdr, gz, 8, NULL), "trailer missing");
          GError *e1 = NULL, *e2 = NULL;
          p = write_gz("pad.nrrd", hdr, gz, 0, "junk");
          RmxVolume *a = rmx_nrrd_read_mask(p, 1, &is_mask, &e1), *b = rmx_nrrd_read(p, &e2);
          CHECK(!is_mask && (a != NULL) == (b != NULL) &&
                    (!e1 || (e2 && strcmp(e1->message, e2->message) == 0)),
                "trailing bytes: streamed and whole reads differ");
          rmx_volume_free(a);
          rmx_volume_free(b);
          g_clear_error(&e1);
          g_clear_error(&e2);
          g_byte_array_free(bad, TRUE);
          /* the wrong size: more or fewer voxels than the data holds */
          char h2[256];
          g_snprintf(h2, sizeof h2, HDR("%s", "60 60 49", "gzip"), types[t].name);
          same_error(write_gz("big.nrrd", h2, gz, 0, NULL), "more data than the header says");
          g_snprintf(h2, sizeof h2, HDR("%s", "60 60 51", "gzip"), types[t].name);
          same_error(write_gz("small.nrrd", h2, gz, 0, NULL), "less data than the header says");
        }
        g_byte_array_free(gz, TRUE);
      }
    rmx_volume_free(v);
  }
  g_rand_free(rng);
}

int main(void) {
  static const char *cases[] = {"brain1_label.nrrd", "breast1_label.nrrd",
                                "test-mask_64x64x64.nrrd", "test-mask_37x37x37.nrrd",
                                "prostate_phantom_subvolume-label.nrrd"};
  for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
    char *p = g_build_filename(io_shared(), "data", "pyradiomics", "cases", cases[c], NULL);
    same_mask(p, 1, cases[c]);
    g_free(p);
  }
  synthetic();
  return io_finish("io_gzmask");
}
