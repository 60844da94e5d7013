/* gzip_read.c: streaming gzip decoding with ISA-L's inflate.
 *
 * Why streaming: the compressed file is read 128 KiB at a time, so it is
 * never in memory next to its decoded voxels (brain1: 2.0 MB + 3.3 MB), and
 * a label volume can be reduced to its mask piece by piece. Why ISA-L: it
 * streams about as fast as libdeflate decodes a whole buffer (brain1's
 * image, one cold decode: 8.3 against 8.7 ms), where zlib takes twice as
 * long (12.8 ms warm, against 6.0 and 6.3). */
#include "gzip_read.h"

#include <glib.h>
#include <isa-l/igzip_lib.h>
#include <stdint.h>
#include <stdlib.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

/* Sizes measured on brain1 (ISA-L 2.30, warm): the image decoded 3% slower
 * from 64 KiB input pieces than from 128 KiB or more (6.5 vs 6.3 ms), its
 * int32 label 9% faster into 256 KiB output pieces than into 64 KiB (1.90
 * vs 2.09 ms). */
#define IN_CHUNK ((size_t)128 << 10)
#define PIECE ((size_t)256 << 10)

/* The decoder state and input buffer, kept for the process: allocating them
 * per file cost ~70 page faults a read. Reads are serialised (one decoder at
 * a time). Output pieces are allocated per read (Scratch), so their pages
 * are not resident while the voxels of the next file are. */
typedef struct {
  struct inflate_state s;
  unsigned char in[IN_CHUNK];
} Bufs;
static GMutex bufs_lock;
static Bufs *bufs;

#if defined(__x86_64__) || defined(__i386__)
/* ISA-L's AVX-512 decoder returns with the upper vector state dirty (no
 * vzeroupper), and every later SSE instruction of the process paid for it:
 * brain1's families ran 1.3 ms slower. */
__attribute__((target("avx"))) static void clear_upper_avx(void) { _mm256_zeroupper(); }
static void clear_upper(void) {
  static int avx = -1;
  if (avx < 0) avx = __builtin_cpu_supports("avx");
  if (avx) clear_upper_avx();
}
#else
static void clear_upper(void) {}
#endif

/* Output pieces (sink) or scratch (surplus), allocated on first use: a
 * whole-volume read of a sound stream needs none. */
typedef struct {
  unsigned char *p;
  size_t cap;
} Scratch;

static unsigned char *scratch(Scratch *sc, size_t want) {
  if (!sc->p && (sc->p = malloc(want))) sc->cap = want;
  return sc->p;
}

static RmxGzStatus decode(Bufs *b, Scratch *sc, FILE *f, size_t bytes, size_t unit, void *out,
                          RmxGzSink sink, void *user) {
  struct inflate_state *s = &b->s;
  isal_inflate_init(s);
  s->crc_flag = ISAL_GZIP; /* parses the gzip header, verifies CRC-32 */
  size_t piece = PIECE / unit * unit;
  if (bytes < piece) piece = bytes; /* a small volume: one piece (bytes is whole units) */
  /* A corrupt stream may decode without end: past this, it is called corrupt. */
  const size_t surplus_cap = bytes + ((size_t)1 << 20);
  size_t done = 0, fill = 0, surplus = 0;
  int eof = 0;
  for (;;) {
    if (s->avail_in == 0 && !eof) {
      size_t n = fread(b->in, 1, IN_CHUNK, f);
      if (n < IN_CHUNK) {
        if (ferror(f)) return RMX_GZ_DEFER;
        eof = 1;
      }
      s->next_in = b->in;
      s->avail_in = (uint32_t)n;
    }
    size_t want;
    unsigned char *dst;
    if (done < bytes && out) {
      dst = (unsigned char *)out + done;
      want = bytes - done;
    } else if (done < bytes) {
      if (!(dst = scratch(sc, piece))) return RMX_GZ_DEFER;
      dst += fill;
      want = (bytes - done < piece ? bytes - done : piece) - fill;
    } else { /* surplus: decoded to reach the checksum, then dropped */
      if (!(dst = scratch(sc, PIECE))) return RMX_GZ_DEFER;
      want = sc->cap;
    }
    if (want > ((size_t)1 << 30)) want = (size_t)1 << 30; /* avail_out is 32-bit */
    s->next_out = dst;
    s->avail_out = (uint32_t)want;
    int r = isal_inflate(s);
    clear_upper();
    size_t got = want - s->avail_out;
    if (r < 0) return RMX_GZ_CORRUPT;
    if (done >= bytes) {
      surplus += got;
      if (surplus > surplus_cap) return RMX_GZ_CORRUPT;
    } else if (out) {
      done += got;
    } else {
      fill += got;
      if (fill == piece || done + fill == bytes) {
        sink(user, sc->p, fill);
        done += fill;
        fill = 0;
      }
    }
    if (s->block_state == ISAL_BLOCK_FINISH) break;
    if (got == 0 && s->avail_in == 0 && eof) return RMX_GZ_DEFER; /* truncated */
  }
  /* Anything after the member (another member, trailing bytes) and a short
   * output are teem's to judge, as before this reader existed. */
  if (done == bytes && s->avail_in == 0 && s->read_in_length < 8 && (eof || fgetc(f) == EOF))
    return RMX_GZ_OK;
  return RMX_GZ_DEFER;
}

RmxGzStatus rmx_gzip_read(FILE *f, size_t bytes, size_t unit, void *out, RmxGzSink sink,
                          void *user) {
  if (unit == 0 || unit > PIECE || (!out && !sink)) return RMX_GZ_DEFER;
  g_mutex_lock(&bufs_lock);
  if (!bufs) bufs = malloc(sizeof *bufs); /* kept for the process */
  Scratch sc = {NULL, 0};
  RmxGzStatus st = bufs ? decode(bufs, &sc, f, bytes, unit, out, sink, user) : RMX_GZ_DEFER;
  free(sc.p);
  g_mutex_unlock(&bufs_lock);
  return st;
}
