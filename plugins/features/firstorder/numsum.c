/* numsum.c: numpy-compatible pairwise sum, sort and linear percentile. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "numsum.h"

typedef double v2d __attribute__((vector_size(16)));
static inline v2d ld2(const double *x) {
  v2d r;
  memcpy(&r, x, sizeof r);
  return r;
}

double rmx_fo_pairwise_sum(const double *a, size_t n) {
  /* Same blocking as numpy's pairwise_sum: 8 accumulators per block of at
   * most 128, halves split at multiples of 8. */
  if (n < 8) {
    double r = 0.;
    for (size_t i = 0; i < n; i++) r += a[i];
    return r;
  }
  if (n <= 128) {
    /* accumulator k in lane k % 2 of r[k / 2]: element-wise, the same sums
     * as eight scalars (which gcc -O2 kept in memory) */
    v2d r0 = ld2(a), r1 = ld2(a + 2), r2 = ld2(a + 4), r3 = ld2(a + 6);
    size_t i;
    for (i = 8; i < n - (n % 8); i += 8) {
      r0 += ld2(a + i), r1 += ld2(a + i + 2), r2 += ld2(a + i + 4), r3 += ld2(a + i + 6);
    }
    double res = ((r0[0] + r0[1]) + (r1[0] + r1[1])) + ((r2[0] + r2[1]) + (r3[0] + r3[1]));
    for (; i < n; i++) res += a[i];
    return res;
  }
  size_t n2 = n / 2;
  n2 -= n2 % 8;
  return rmx_fo_pairwise_sum(a, n2) + rmx_fo_pairwise_sum(a + n2, n - n2);
}

static void insertion_sort(double *a, size_t n) {
  for (size_t i = 1; i < n; i++) {
    double v = a[i];
    size_t j = i;
    while (j > 0 && a[j - 1] > v) { a[j] = a[j - 1]; j--; }
    a[j] = v;
  }
}

/* Bits of a double as an unsigned key with the same order (negatives
 * reversed, positives above them), and back. */
static inline uint64_t sort_key(double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return u >> 63 ? ~u : u | (UINT64_C(1) << 63);
}
static inline double key_value(uint64_t k) {
  uint64_t u = k >> 63 ? k & ~(UINT64_C(1) << 63) : ~k;
  double x;
  memcpy(&x, &u, sizeof x);
  return x;
}

/* Sorts keys k[n] ascending, t[n] scratch; returns whichever holds the
 * result. Small n: insertion sort. Else LSD radix, a byte per pass: no
 * data-dependent branch (a comparison sort mispredicts about once per
 * element and level); passes whose byte is the same for every key are
 * skipped (integer intensities leave the low mantissa bytes all zero). */
static uint64_t *sort_keys(uint64_t *k, uint64_t *t, size_t n) {
  if (n < 64) {
    for (size_t i = 1; i < n; i++) {
      uint64_t v = k[i];
      size_t j = i;
      while (j > 0 && k[j - 1] > v) { k[j] = k[j - 1]; j--; }
      k[j] = v;
    }
    return k;
  }
  size_t cnt[8][256] = {{0}};
  for (size_t i = 0; i < n; i++)
    for (int b = 0; b < 8; b++) cnt[b][(k[i] >> (8 * b)) & 0xff]++;
  for (int b = 0; b < 8; b++) {
    if (cnt[b][(k[0] >> (8 * b)) & 0xff] == n) continue;
    size_t pos = 0;
    for (int d = 0; d < 256; d++) {
      size_t c = cnt[b][d];
      cnt[b][d] = pos;
      pos += c;
    }
    for (size_t i = 0; i < n; i++) t[cnt[b][(k[i] >> (8 * b)) & 0xff]++] = k[i];
    uint64_t *s = k;
    k = t;
    t = s;
  }
  return k;
}

#define SEL_BITS 11
#define SEL_B (1u << SEL_BITS)
#define SEL_SORT 256 /* buckets up to this size are sorted outright */

/*
 * Keys at ranks rank[0..nrank) of k[n] (t[n] scratch, both reordered) into
 * out[], as a full sort by key would place them. The keys agree above their
 * highest differing bit h; bits h-10..h split them into 2048 ordered
 * buckets, and only the buckets holding a wanted rank are gathered, then
 * sorted (small) or split again below their own agreeing bits (at least 11
 * bits further down per level, so at most 6 levels; equal keys end it).
 * st: 2 * SEL_B + 1 counters, need: SEL_B flags, both scratch.
 */
static void select_keys(uint64_t *k, uint64_t *t, size_t n, const size_t *rank, size_t nrank,
                        uint64_t *out, uint32_t *st, uint8_t *need) {
  uint64_t diff = 0;
  for (size_t i = 0; i < n; i++) diff |= k[i] ^ k[0];
  if (diff == 0) { /* all equal */
    for (size_t r = 0; r < nrank; r++) out[r] = k[0];
    return;
  }
  int h = 0;
  while (h < 63 && (diff >> (h + 1))) h++;
  int sh = h >= SEL_BITS - 1 ? h - (SEL_BITS - 1) : 0;
  uint32_t *pos = st + SEL_B + 1;
  memset(st, 0, (SEL_B + 1) * sizeof *st);
  memset(need, 0, SEL_B);
  for (size_t i = 0; i < n; i++) st[((k[i] >> sh) & (SEL_B - 1)) + 1]++;
  for (uint32_t b = 0; b < SEL_B; b++) st[b + 1] += st[b];
  size_t lo_of[12], len_of[12], nb = 0;
  for (size_t r = 0; r < nrank; r++) {
    uint32_t lo = 0, hi = SEL_B; /* bucket lo: st[lo] <= rank < st[lo + 1] */
    while (hi - lo > 1) {
      uint32_t mid = (lo + hi) / 2;
      if (st[mid] <= rank[r]) lo = mid;
      else hi = mid;
    }
    if (!need[lo]) {
      need[lo] = 1;
      lo_of[nb] = st[lo];
      len_of[nb++] = st[lo + 1] - st[lo];
    }
  }
  memcpy(pos, st, SEL_B * sizeof *pos);
  for (size_t i = 0; i < n; i++) {
    uint32_t b = (uint32_t)(k[i] >> sh) & (SEL_B - 1);
    if (need[b]) t[pos[b]++] = k[i];
  }
  /* st and need are free again: the buckets are in lo_of / len_of */
  for (size_t j = 0; j < nb; j++) {
    size_t lo = lo_of[j], len = len_of[j], sub[12], ns = 0, where[12];
    for (size_t r = 0; r < nrank; r++)
      if (rank[r] >= lo && rank[r] < lo + len) { where[ns] = r; sub[ns++] = rank[r] - lo; }
    uint64_t *bk = t + lo, *bt = k + lo, got[12];
    if (len <= SEL_SORT) {
      uint64_t *s = sort_keys(bk, bt, len);
      for (size_t q = 0; q < ns; q++) got[q] = s[sub[q]];
    } else {
      select_keys(bk, bt, len, sub, ns, got, st, need);
    }
    for (size_t q = 0; q < ns; q++) out[where[q]] = got[q];
  }
}

int rmx_fo_select(const double *a, size_t n, const size_t *rank, size_t nrank, double *s) {
  if (n < 64) {
    /* as before the selection: a stable sort of the values (-0 == +0) */
    memcpy(s, a, n * sizeof *s);
    insertion_sort(s, n);
    return 0;
  }
  if (nrank > 12) return -1;
  uint64_t *k = malloc(2 * n * sizeof *k);
  uint32_t *st = malloc((2 * SEL_B + 1) * sizeof *st);
  uint8_t *need = malloc(SEL_B);
  if (!k || !st || !need) {
    free(k);
    free(st);
    free(need);
    return -1;
  }
  for (size_t i = 0; i < n; i++) k[i] = sort_key(a[i]);
  uint64_t got[12];
  select_keys(k, k + n, n, rank, nrank, got, st, need);
  for (size_t r = 0; r < nrank; r++) s[rank[r]] = key_value(got[r]);
  free(k);
  free(st);
  free(need);
  return 0;
}

size_t rmx_fo_percentile_rank(size_t n, double q) {
  return (size_t)floor((double)(n - 1) * (q / 100.0));
}

double rmx_fo_percentile(const double *s, size_t n, double q) {
  /* numpy >= 1.22 'linear': virtual index (n-1)*q, then _lerp, which
   * interpolates from the upper neighbour when the fraction is >= 0.5. */
  double vi = (double)(n - 1) * (q / 100.0);
  double lo = floor(vi);
  size_t i = rmx_fo_percentile_rank(n, q);
  if (i >= n - 1) return s[n - 1];
  double g = vi - lo, a = s[i], b = s[i + 1], d = b - a;
  return g >= 0.5 ? b - d * (1.0 - g) : a + d * g;
}
