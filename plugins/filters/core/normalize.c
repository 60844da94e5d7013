/* normalize.c: intensity normalisation as PyRadiomics' normalizeImage
** (SimpleITK Normalize: (x - mean) / sd with the n-1 sample deviation; then
** values beyond +-removeOutliers sd clipped; then times normalizeScale).
** Our addition: the statistics may come from the ROI only. */
#include <math.h>
#include "filtercore.h"

int rmx_fc_normalize(const double *in, const uint8_t *mask, size_t n, double scale,
                     double remove_outliers, double *out) {
  double sum = 0, sum2 = 0;
  size_t cnt = 0;
  for (size_t i = 0; i < n; i++) {
    if (mask && !mask[i]) continue;
    sum += in[i];
    cnt++;
  }
  if (cnt < 2) return -1;
  double mean = sum / (double)cnt;
  for (size_t i = 0; i < n; i++) {
    if (mask && !mask[i]) continue;
    double d = in[i] - mean;
    sum2 += d * d;
  }
  double sd = sqrt(sum2 / (double)(cnt - 1));
  if (!(sd > 0)) return -2;
  for (size_t i = 0; i < n; i++) {
    double z = (in[i] - mean) / sd;
    if (remove_outliers > 0) {
      if (z > remove_outliers) z = remove_outliers;
      if (z < -remove_outliers) z = -remove_outliers;
    }
    out[i] = z * scale;
  }
  return 0;
}
