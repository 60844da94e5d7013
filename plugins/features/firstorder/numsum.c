/* numsum.c: numpy-compatible pairwise sum, sort and linear percentile. */
#include <math.h>
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

void rmx_fo_sort(double *a, size_t n) {
  /* Quicksort with median-of-three; recursing into the smaller side keeps
   * the stack depth logarithmic. Inline comparisons beat qsort's callback. */
  while (n > 24) {
    size_t m = n / 2;
    double x = a[0], y = a[m], z = a[n - 1];
    double pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    size_t i = 0, j = n - 1;
    for (;;) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i >= j) break;
      double t = a[i]; a[i] = a[j]; a[j] = t;
      i++; j--;
    }
    size_t left = j + 1; /* a[0..j] <= pivot <= a[j+1..n-1] */
    if (left < n - left) { rmx_fo_sort(a, left); a += left; n -= left; }
    else { rmx_fo_sort(a + left, n - left); n = left; }
  }
  insertion_sort(a, n);
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
