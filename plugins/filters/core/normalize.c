/* normalize.c: intensity normalisation as PyRadiomics' normalizeImage
** (SimpleITK Normalize: (x - mean) / sd with the n-1 sample deviation; then
** values beyond +-removeOutliers sd clipped; then times normalizeScale).
** Our addition: the statistics may come from the ROI only. The statistics
** and the map are apart so that the map can run over part of the image. */
#include <math.h>
#include "filtercore.h"

int rmx_fc_normalize_stats(const void *data, int type, const uint8_t *mask, size_t n,
                           double *mean, double *sd) {
  enum { CHUNK = 4096 }; /* no whole-volume double copy; the sums keep voxel order */
  double buf[CHUNK], sum = 0, sum2 = 0;
  size_t cnt = 0;
  for (int pass = 0; pass < 2; pass++) {
    for (size_t i = 0; i < n; i += CHUNK) {
      size_t c = n - i < CHUNK ? n - i : CHUNK;
      if (rmx_fc_read_double(data, type, i, c, buf)) return -3;
      for (size_t k = 0; k < c; k++) {
        if (mask && !mask[i + k]) continue;
        if (pass) {
          double d = buf[k] - *mean;
          sum2 += d * d;
        } else {
          sum += buf[k];
          cnt++;
        }
      }
    }
    if (cnt < 2) return -1;
    *mean = sum / (double)cnt;
  }
  *sd = sqrt(sum2 / (double)(cnt - 1));
  return *sd > 0 ? 0 : -2;
}

void rmx_fc_normalize_map(const double *in, size_t n, double mean, double sd, double scale,
                          double remove_outliers, double *out) {
  for (size_t i = 0; i < n; i++) {
    double z = (in[i] - mean) / sd;
    if (remove_outliers > 0) {
      if (z > remove_outliers) z = remove_outliers;
      if (z < -remove_outliers) z = -remove_outliers;
    }
    out[i] = z * scale;
  }
}
