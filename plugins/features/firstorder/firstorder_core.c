/* firstorder_core.c: PyRadiomics' first-order features, with numpy's rounding. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "firstorder_core.h"
#include "numsum.h"

const RmxFeatureInfo rmx_firstorder_features[FO_COUNT + 1] = {
  {"10Percentile", 0},
  {"90Percentile", 0},
  {"Energy", 0},
  {"Entropy", 0},
  {"InterquartileRange", 0},
  {"Kurtosis", 0},
  {"Maximum", 0},
  {"MeanAbsoluteDeviation", 0},
  {"Mean", 0},
  {"Median", 0},
  {"Minimum", 0},
  {"Range", 0},
  {"RobustMeanAbsoluteDeviation", 0},
  {"RootMeanSquared", 0},
  {"Skewness", 0},
  {"StandardDeviation", RMX_FEATURE_DEPRECATED},
  {"TotalEnergy", 0},
  {"Uniformity", 0},
  {"Variance", 0},
  {NULL, 0}};

#define EPS 2.220446049250313e-16 /* numpy.spacing(1) */

/* Mask bytes v..v+7 all zero (and inside): a cropped box is mostly outside
 * the ROI (5.6x on brain1 after preCrop), so its scans skip 8 at once. */
static inline int zero8(const uint8_t *m, size_t v, size_t n) {
  uint64_t w;
  if (v + 8 > n) return 0;
  memcpy(&w, m + v, sizeof w);
  return w == 0;
}

/* Non-zero bytes of m[0..n-1], 16 at a time in byte lanes emptied every 255
 * steps (gcc -O2 left the scalar count into a size_t unvectorised). */
static size_t mask_count(const uint8_t *m, size_t n) {
  typedef uint8_t u8x16 __attribute__((vector_size(16)));
  const u8x16 zero = {0};
  size_t total = 0, v = 0;
  while (n - v >= 16) {
    size_t steps = (n - v) / 16 < 255 ? (n - v) / 16 : 255;
    u8x16 acc = zero;
    for (size_t s = 0; s < steps; s++, v += 16) {
      u8x16 x;
      memcpy(&x, m + v, sizeof x);
      acc -= (u8x16)(x != zero); /* a true lane is all ones: -1 */
    }
    for (int l = 0; l < 16; l++) total += acc[l];
  }
  for (; v < n; v++) total += m[v] != 0;
  return total;
}

static void histogram_features(const RmxFeatureInput *in, const RmxFirstOrderOptions *opt,
                               double *entropy, double *uniformity, double *work) {
  /* p(i) over the grey levels present in the ROI (PyRadiomics 3: numpy.unique
   * counts), entropy -sum p log2(p + eps). */
  size_t nb = (size_t)in->n_levels, nvox = in->image->dim[0] * in->image->dim[1] * in->image->dim[2];
  const uint8_t *m = in->mask->data;
  memset(work, 0, nb * sizeof *work);
  double total = 0;
  for (size_t v = 0; v < nvox; v++) {
    if (zero8(m, v, nvox)) { v += 7; continue; }
    if (m[v] && in->levels[v] > 0) { work[in->levels[v] - 1] += 1; total += 1; }
  }
  if (total == 0) { *entropy = *uniformity = NAN; return; }
  double *pe = work + nb, *pu = work + 2 * nb;
  size_t np = 0;
  for (size_t b = 0; b < nb; b++) {
    if (work[b] == 0) continue;
    double p = work[b] / total;
    pe[np] = opt->ibsi ? p * log2(p) : p * log2(p + EPS);
    pu[np++] = p * p;
  }
  *entropy = -1.0 * rmx_fo_pairwise_sum(pe, np);
  *uniformity = rmx_fo_pairwise_sum(pu, np);
}

int rmx_firstorder_compute(const RmxFeatureInput *in, const RmxFirstOrderOptions *opt,
                           const uint8_t *enabled, double *values) {
  const RmxVolume *img = in->image;
  if (img->type != RMX_F64 || in->mask->type != RMX_U8) return RMX_ERR_INVALID;
  size_t nvox = img->dim[0] * img->dim[1] * img->dim[2];
  const double *data = img->data;
  const uint8_t *m = in->mask->data;
  size_t n = mask_count(m, nvox);
  for (int f = 0; f < FO_COUNT; f++) values[f] = NAN;
  if (n == 0) return RMX_OK;

  size_t nb = in->n_levels > 0 ? (size_t)in->n_levels : 1;
  size_t nwork = 3 * n + 3 * nb;
  double *buf = malloc(nwork * sizeof *buf);
  if (!buf) return RMX_ERR_NOMEM;
  double *x = buf, *tmp = buf + n, *sorted = buf + 2 * n, *hist = buf + 3 * n;
  size_t k = 0;
  for (size_t v = 0; v < nvox; v++) {
    if (zero8(m, v, nvox)) { v += 7; continue; }
    if (m[v]) x[k++] = data[v];
  }

  /* Energy family on the shifted values; numpy's x ** 2 is x * x. */
  for (size_t i = 0; i < n; i++) { double s = x[i] + opt->voxel_array_shift; tmp[i] = s * s; }
  double energy = rmx_fo_pairwise_sum(tmp, n);
  values[FO_ENERGY] = energy;
  values[FO_TOTAL_ENERGY] = img->spacing[0] * img->spacing[1] * img->spacing[2] * energy;
  values[FO_RMS] = sqrt(energy / (double)n);

  double mean = rmx_fo_pairwise_sum(x, n) / (double)n;
  values[FO_MEAN] = mean;
  /* numpy.std: sqrt(mean((x - mean)^2)); Variance is std ** 2. PyRadiomics'
   * _moment(x, 2) is the same mean, and MAD is numpy.mean(|x - mean|): one
   * pass fills both arrays ('sorted' is free until the selection). */
  double *tmp2 = sorted;
  for (size_t i = 0; i < n; i++) {
    double d = x[i] - mean;
    tmp[i] = d * d;
    tmp2[i] = fabs(mean - x[i]);
  }
  double m2 = rmx_fo_pairwise_sum(tmp, n) / (double)n, sd = sqrt(m2);
  values[FO_STDDEV] = sd;
  values[FO_VARIANCE] = sd * sd;
  values[FO_MAD] = rmx_fo_pairwise_sum(tmp2, n) / (double)n;

  if (m2 == 0) {
    values[FO_SKEWNESS] = 0;
    values[FO_KURTOSIS] = 0;
  } else if (enabled[FO_SKEWNESS] || enabled[FO_KURTOSIS]) {
    /* _moment(x, 3) and (x, 4) in one pass. Products instead of pow(): the
     * third and fourth powers differ by an ulp at most, ~10x faster. */
    for (size_t i = 0; i < n; i++) {
      double d = x[i] - mean, d2 = d * d;
      tmp[i] = d2 * d;
      tmp2[i] = d2 * d2;
    }
    if (enabled[FO_SKEWNESS])
      values[FO_SKEWNESS] = rmx_fo_pairwise_sum(tmp, n) / (double)n / pow(m2, 1.5);
    if (enabled[FO_KURTOSIS])
      values[FO_KURTOSIS] = rmx_fo_pairwise_sum(tmp2, n) / (double)n / pow(m2, 2.0);
  }
  if (opt->ibsi && m2 != 0) values[FO_KURTOSIS] -= 3.0; /* IBSI: excess kurtosis */

  /* Only these ranks are read: min, max, median, and each percentile's
   * index and the next. */
  static const double qs[4] = {10, 25, 75, 90};
  size_t rank[12], nrank = 0;
  rank[nrank++] = 0;
  rank[nrank++] = n - 1;
  rank[nrank++] = n / 2;
  if (n >= 2) rank[nrank++] = n / 2 - 1;
  for (int q = 0; q < 4; q++) {
    size_t i = rmx_fo_percentile_rank(n, qs[q]);
    rank[nrank++] = i < n - 1 ? i : n - 1;
    if (i + 1 < n) rank[nrank++] = i + 1;
  }
  if (rmx_fo_select(x, n, rank, nrank, sorted)) {
    free(buf);
    return RMX_ERR_NOMEM;
  }
  values[FO_MINIMUM] = sorted[0];
  values[FO_MAXIMUM] = sorted[n - 1];
  values[FO_RANGE] = sorted[n - 1] - sorted[0];
  double p10 = rmx_fo_percentile(sorted, n, 10), p90 = rmx_fo_percentile(sorted, n, 90);
  values[FO_P10] = p10;
  values[FO_P90] = p90;
  values[FO_IQR] = rmx_fo_percentile(sorted, n, 75) - rmx_fo_percentile(sorted, n, 25);
  values[FO_MEDIAN] = (n % 2) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;

  /* Robust MAD: voxels outside [P10, P90] count as zeros of numpy's
   * nan-aware sums, which keeps PyRadiomics' summation order. */
  size_t nr = 0;
  for (size_t i = 0; i < n; i++) {
    int in_range = x[i] >= p10 && x[i] <= p90;
    sorted[i] = in_range ? x[i] : 0.0;
    nr += in_range;
  }
  double rmean = rmx_fo_pairwise_sum(sorted, n) / (double)nr;
  for (size_t i = 0; i < n; i++)
    tmp[i] = (x[i] >= p10 && x[i] <= p90) ? fabs(x[i] - rmean) : 0.0;
  values[FO_RMAD] = rmx_fo_pairwise_sum(tmp, n) / (double)nr;

  if (in->levels && in->n_levels > 0)
    histogram_features(in, opt, &values[FO_ENTROPY], &values[FO_UNIFORMITY], hist);
  free(buf);
  return RMX_OK;
}
