/* numsum.c: numpy-compatible pairwise sum, sort and linear percentile. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "numsum.h"

double rmx_fo_pairwise_sum(const double *a, size_t n) {
  /* Same blocking as numpy's pairwise_sum: 8 accumulators per block of at
   * most 128, halves split at multiples of 8. */
  if (n < 8) {
    double r = 0.;
    for (size_t i = 0; i < n; i++) r += a[i];
    return r;
  }
  if (n <= 128) {
    double r[8];
    size_t i;
    for (int k = 0; k < 8; k++) r[k] = a[k];
    for (i = 8; i < n - (n % 8); i += 8)
      for (int k = 0; k < 8; k++) r[k] += a[i + k];
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
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

int rmx_fo_sort(double *a, size_t n) {
  if (n < 64) {
    insertion_sort(a, n);
    return 0;
  }
  /* LSD radix sort on the keys, a byte per pass: no data-dependent branch
   * (a comparison sort mispredicts about once per element and level).
   * Passes whose byte is the same for every value are skipped: integer
   * intensities leave the low mantissa bytes all zero. */
  uint64_t *k = malloc(2 * n * sizeof *k);
  size_t (*cnt)[256] = calloc(8, sizeof *cnt);
  if (!k || !cnt) {
    free(k);
    free(cnt);
    return -1;
  }
  uint64_t *t = k + n;
  for (size_t i = 0; i < n; i++) {
    k[i] = sort_key(a[i]);
    for (int b = 0; b < 8; b++) cnt[b][(k[i] >> (8 * b)) & 0xff]++;
  }
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
  for (size_t i = 0; i < n; i++) a[i] = key_value(k[i]);
  free(k < t ? k : t);
  free(cnt);
  return 0;
}

double rmx_fo_percentile(const double *s, size_t n, double q) {
  /* numpy >= 1.22 'linear': virtual index (n-1)*q, then _lerp, which
   * interpolates from the upper neighbour when the fraction is >= 0.5. */
  double vi = (double)(n - 1) * (q / 100.0);
  double lo = floor(vi);
  size_t i = (size_t)lo;
  if (i >= n - 1) return s[n - 1];
  double g = vi - lo, a = s[i], b = s[i + 1], d = b - a;
  return g >= 0.5 ? b - d * (1.0 - g) : a + d * g;
}
