/* gz_mask.c: streaming DEFLATE (RFC 1951) in a gzip member (RFC 1952),
 * compacted to a mask as it is decoded, so an int32 label volume (brain1:
 * 6.6 MB) never sits in memory whole. Written for label volumes, which
 * compress to almost nothing (long runs): Huffman codes up to 9 bits through
 * a table, longer ones bit by bit; runs are copied with memcpy/memset (most
 * of the output). */
#include "gz_mask.h"
#include "volume.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#define WSIZE 32768u          /* DEFLATE's largest distance */
#define CHUNK ((size_t)1 << 18) /* decoded bytes per compaction step: the 32 KiB
                                  * window is moved once per chunk */
#define MAXLEN 258u

typedef struct {
  const uint8_t *in;
  size_t len, pos; /* byte position of the next unread byte */
  uint64_t bits;   /* unread bits, least significant first */
  unsigned nbits;
  int bad; /* ran past the end of the input */
} Bits;

/* n <= 32 bits, least significant first (DEFLATE's packing). */
static unsigned getbits(Bits *b, unsigned n) {
  while (b->nbits < n) {
    if (b->pos >= b->len) {
      b->bad = 1;
      return 0;
    }
    b->bits |= (uint64_t)b->in[b->pos++] << b->nbits;
    b->nbits += 8;
  }
  unsigned v = (unsigned)(b->bits & ((1ull << n) - 1));
  b->bits >>= n;
  b->nbits -= n;
  return v;
}

/* The next n <= 32 bits without consuming them; past the end of the input
 * they read as 0 (only getbits flags running out). */
static unsigned peekbits(Bits *b, unsigned n) {
  while (b->nbits < n && b->pos < b->len) {
    b->bits |= (uint64_t)b->in[b->pos++] << b->nbits;
    b->nbits += 8;
  }
  return (unsigned)(b->bits & ((1ull << n) - 1));
}

#define FAST_BITS 9

/* A canonical Huffman code: how many codes of each length, and the symbols
 * ordered by (length, symbol); fast: for the next FAST_BITS bits of input,
 * (length << 9 | symbol) of the code they start with, 0 if it is longer. */
typedef struct {
  uint16_t count[16];
  uint16_t sym[320];
  uint16_t fast[1u << FAST_BITS];
} Huff;

/* Returns 0, or -1 for an over-subscribed code. An empty code is valid (a
 * block of literals only has no distance code): decoding it fails. */
static int huff_build(Huff *h, const uint8_t *lens, unsigned n) {
  uint16_t offs[16];
  memset(h->count, 0, sizeof h->count);
  for (unsigned s = 0; s < n; s++) h->count[lens[s]]++;
  int left = 1;
  for (unsigned l = 1; l < 16; l++) {
    left = left * 2 - h->count[l];
    if (left < 0) return -1;
  }
  offs[1] = 0;
  for (unsigned l = 1; l < 15; l++) offs[l + 1] = offs[l] + h->count[l];
  for (unsigned s = 0; s < n; s++)
    if (lens[s]) h->sym[offs[lens[s]]++] = (uint16_t)s;
  /* Codes of a length are consecutive numbers, in symbol order, starting
   * where the shorter ones ended (doubled per length); the stream sends them
   * most significant bit first, so the table is indexed bit-reversed. */
  unsigned next[16], code = 0;
  for (unsigned l = 1; l < 16; l++) {
    code = (code + h->count[l - 1] * (l > 1)) << 1;
    next[l] = code;
  }
  memset(h->fast, 0, sizeof h->fast);
  for (unsigned s = 0; s < n; s++) {
    unsigned l = lens[s];
    if (!l) continue;
    unsigned c = next[l]++, r = 0;
    for (unsigned k = 0; k < l; k++) r |= ((c >> k) & 1u) << (l - 1 - k);
    if (l <= FAST_BITS)
      for (unsigned k = r; k < (1u << FAST_BITS); k += 1u << l) h->fast[k] = (uint16_t)(l << 9 | s);
  }
  return 0;
}

/* Codes are sent most significant bit first: grow the code a bit at a time
 * and find the length at which it falls among that length's codes. */
static int huff_decode(Bits *b, const Huff *h) {
  unsigned e = h->fast[peekbits(b, FAST_BITS)];
  if (e && (e >> 9) <= b->nbits) {
    b->bits >>= e >> 9;
    b->nbits -= e >> 9;
    return (int)(e & 511u);
  }
  int code = 0, first = 0, index = 0;
  for (unsigned l = 1; l < 16; l++) {
    code |= (int)getbits(b, 1);
    int c = h->count[l];
    if (code - first < c) return b->bad ? -1 : h->sym[index + code - first];
    index += c;
    first = (first + c) << 1;
    code <<= 1;
  }
  return -1;
}

static const uint16_t len_base[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                      31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t len_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                      2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t dist_base[30] = {1,    2,    3,    4,    5,    7,     9,     13,    17,  25,
                                       33,   49,   65,   97,   129,  193,   257,   385,   513, 769,
                                       1025, 1537, 2049, 3073, 4097, 6145,  8193,  12289, 16385,
                                       24577};
static const uint8_t dist_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                       6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

/* The decoded bytes: win[0] is output byte `base`; [0, done) is compacted
 * already (kept as the back-reference window), [done, w) not yet. */
typedef struct {
  uint8_t *win;
  size_t cap, w, done, base, total;
  int type, label;
  uint32_t crc;
  uint8_t *mask;
  long long hits;
} Out;

/* Compacts the whole voxels of [done, w), then keeps only the last WSIZE
 * bytes (from a voxel boundary, so the typed reads stay aligned). */
static int flush(Out *o) {
  size_t es = rmx_scalar_size(o->type);
  size_t n = (o->w - o->done) / es;
  if (o->base + o->done + n * es > o->total) return -1; /* more data than the header says */
  const uint8_t *p = o->win + o->done;
  uint8_t *m = o->mask + (o->base + o->done) / es;
  o->crc = libdeflate_crc32(o->crc, p, n * es);
  long long h = 0;
  /* 32-bit sums per block of 4096: the loop vectorises (CMakeLists.txt) */
#define CMP(T)                                                  \
  do {                                                          \
    const T *d = (const T *)(const void *)p;                    \
    T want = (T)o->label;                                       \
    for (size_t b = 0; b < n; b += 4096) {                      \
      size_t e = MIN(n, b + 4096);                              \
      uint32_t hb = 0;                                          \
      for (size_t i = b; i < e; i++) {                          \
        uint8_t x = d[i] == want;                               \
        m[i] = x;                                               \
        hb += x;                                                \
      }                                                         \
      h += hb;                                                  \
    }                                                           \
  } while (0)
  switch (o->type) {
  case RMX_U8: CMP(uint8_t); break;
  case RMX_I8: CMP(int8_t); break;
  case RMX_U16: CMP(uint16_t); break;
  case RMX_I16: CMP(int16_t); break;
  case RMX_U32: CMP(uint32_t); break;
  case RMX_I32: CMP(int32_t); break;
  default: return -1;
  }
#undef CMP
  o->hits += h;
  o->done += n * es;
  if (o->w > WSIZE + es) {
    size_t from = (o->w - WSIZE) / es * es;
    if (from > o->done) from = o->done / es * es;
    memmove(o->win, o->win + from, o->w - from);
    o->w -= from;
    o->done -= from;
    o->base += from;
  }
  return 0;
}

/* Room for one more match. */
static int room(Out *o) {
  return o->w + MAXLEN <= o->cap ? 0 : flush(o);
}

static int copy_match(Out *o, size_t dist, size_t len) {
  if (dist > o->base + o->w) return -1; /* before the start of the data */
  if (dist > o->w) return -1;           /* never: WSIZE bytes are kept */
  uint8_t *d = o->win + o->w;
  const uint8_t *s = d - dist;
  if (dist >= len) memcpy(d, s, len);
  else if (dist == 1) memset(d, *s, len);
  else { /* overlapping: the pattern of period dist, doubled each step */
    memcpy(d, s, dist);
    size_t have = dist;
    while (have < len) {
      size_t k = MIN(have, len - have); /* have stays a multiple of dist */
      memcpy(d + have, d, k);
      have += k;
    }
  }
  o->w += len;
  return 0;
}

static int codes(Bits *b, Out *o, const Huff *lit, const Huff *dist) {
  for (;;) {
    if (room(o)) return -1;
    int s = huff_decode(b, lit);
    if (s < 0) return -1;
    if (s < 256) {
      o->win[o->w++] = (uint8_t)s;
      continue;
    }
    if (s == 256) return 0;
    s -= 257;
    if (s >= 29) return -1;
    size_t len = len_base[s] + getbits(b, len_extra[s]);
    int ds = huff_decode(b, dist);
    if (ds < 0 || ds >= 30) return -1;
    size_t d = dist_base[ds] + getbits(b, dist_extra[ds]);
    if (b->bad || copy_match(o, d, len)) return -1;
  }
}

static int fixed_block(Bits *b, Out *o) {
  Huff lit, dist; /* rare in label data: built per block */
  uint8_t l[288];
  for (int i = 0; i < 288; i++) l[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
  huff_build(&lit, l, 288);
  for (int i = 0; i < 30; i++) l[i] = 5;
  huff_build(&dist, l, 30);
  return codes(b, o, &lit, &dist);
}

static int dynamic_block(Bits *b, Out *o) {
  static const uint8_t order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
  unsigned nlen = getbits(b, 5) + 257, ndist = getbits(b, 5) + 1, ncode = getbits(b, 4) + 4;
  if (b->bad || nlen > 286 || ndist > 30) return -1;
  uint8_t l[320] = {0};
  for (unsigned i = 0; i < ncode; i++) l[order[i]] = (uint8_t)getbits(b, 3);
  Huff lc, lit, dist;
  if (b->bad || huff_build(&lc, l, 19)) return -1;
  unsigned i = 0;
  while (i < nlen + ndist) {
    int s = huff_decode(b, &lc);
    if (s < 0) return -1;
    if (s < 16) {
      l[i++] = (uint8_t)s;
      continue;
    }
    unsigned rep;
    uint8_t v = 0;
    if (s == 16) {
      if (i == 0) return -1;
      v = l[i - 1];
      rep = 3 + getbits(b, 2);
    } else if (s == 17) rep = 3 + getbits(b, 3);
    else rep = 11 + getbits(b, 7);
    if (b->bad || i + rep > nlen + ndist) return -1;
    while (rep--) l[i++] = v;
  }
  if (l[256] == 0) return -1; /* no end-of-block code */
  if (huff_build(&lit, l, nlen) || huff_build(&dist, l + nlen, ndist)) return -1;
  return codes(b, o, &lit, &dist);
}

static int stored_block(Bits *b, Out *o) {
  b->bits = 0; /* to a byte boundary: the rest of the current byte */
  b->pos -= b->nbits / 8;
  b->nbits = 0;
  if (b->pos + 4 > b->len) return -1;
  unsigned len = b->in[b->pos] | b->in[b->pos + 1] << 8;
  unsigned nlen = b->in[b->pos + 2] | b->in[b->pos + 3] << 8;
  b->pos += 4;
  if (len != (~nlen & 0xffffu) || b->pos + len > b->len) return -1;
  while (len) {
    if (o->w == o->cap && flush(o)) return -1;
    size_t k = MIN((size_t)len, o->cap - o->w);
    memcpy(o->win + o->w, b->in + b->pos, k);
    o->w += k;
    b->pos += k;
    len -= (unsigned)k;
  }
  return 0;
}

/* Length of the gzip header (RFC 1952), or 0 if it is not one. */
static size_t gzip_header(const uint8_t *in, size_t n) {
  if (n < 18 || in[0] != 0x1f || in[1] != 0x8b || in[2] != 8 || (in[3] & 0xe0)) return 0;
  unsigned flg = in[3];
  size_t p = 10;
  if (flg & 4) {
    if (p + 2 > n) return 0;
    p += 2 + (in[p] | (size_t)in[p + 1] << 8);
  }
  for (unsigned f = 8; f <= 16; f <<= 1)
    if (flg & f) {
      while (p < n && in[p]) p++;
      p++;
    }
  if (flg & 2) p += 2;
  return p < n ? p : 0;
}

long long rmx_gz_mask(const uint8_t *in, size_t in_len, int type, size_t bytes, int label,
                      uint8_t *mask) {
  size_t es = rmx_scalar_size(type);
  if (type < RMX_U8 || type > RMX_I32 || es == 0 || bytes % es) return -1;
  size_t hdr = gzip_header(in, in_len);
  if (!hdr || in_len - hdr < 8) return -1;
  Bits b = {.in = in, .len = in_len - 8, .pos = hdr};
  Out o = {.cap = WSIZE + CHUNK, .type = type, .label = label, .mask = mask,
           .total = bytes};
  o.win = malloc(o.cap);
  if (!o.win) return -1;
  int last = 0, r = 0;
  while (!last && !r) {
    last = (int)getbits(&b, 1);
    unsigned t = getbits(&b, 2);
    if (b.bad) r = -1;
    else if (t == 0) r = stored_block(&b, &o);
    else if (t == 1) r = fixed_block(&b, &o);
    else if (t == 2) r = dynamic_block(&b, &o);
    else r = -1;
    if (b.bad) r = -1;
  }
  if (!r) r = flush(&o);
  free(o.win);
  /* whole bytes left unread: the trailer must follow directly */
  size_t end = b.pos - b.nbits / 8;
  if (r || o.w != o.done || o.base + o.done != bytes || end != in_len - 8) return -1;
  const uint8_t *t = in + in_len - 8;
  uint32_t crc = t[0] | t[1] << 8 | t[2] << 16 | (uint32_t)t[3] << 24;
  uint32_t isize = t[4] | t[5] << 8 | t[6] << 16 | (uint32_t)t[7] << 24;
  if (crc != o.crc || isize != (uint32_t)bytes) return -1;
  return o.hits;
}
