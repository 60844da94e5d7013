/* adc.c: apparent diffusion coefficient from n diffusion-weighted images,
** a per-voxel straight-line fit of ln S against b (S = S0 exp(-b ADC)).
** Weighted fit: weights S^2, the inverse variance of ln S under Gaussian
** noise of constant sigma (first-order error propagation); plain: weights 1.
** Samples with S <= 0 have no logarithm and are left out of that voxel's
** fit; a voxel with fewer than two distinct b-values left gets ADC 0 and is
** counted in stats->n_fallback. Units: b in s/mm^2 gives ADC in mm^2/s. */
#include <math.h>
#include "filtercore.h"

int rmx_fc_adc(const double *const *s, const double *b, size_t n_img, size_t n_vox,
               int weighted, double *adc, RmxAdcStats *stats) {
  size_t fallback = 0;
  for (size_t v = 0; v < n_vox; v++) {
    double sw = 0, sx = 0, sy = 0;
    size_t used = 0;
    double bmin = INFINITY, bmax = -INFINITY;
    for (size_t i = 0; i < n_img; i++) {
      double S = s[i][v];
      if (!(S > 0) || !isfinite(S)) continue;
      double w = weighted ? S * S : 1.0;
      sw += w;
      sx += w * b[i];
      sy += w * log(S);
      if (b[i] < bmin) bmin = b[i];
      if (b[i] > bmax) bmax = b[i];
      used++;
    }
    if (used < 2 || !(bmax > bmin)) {
      adc[v] = 0;
      fallback++;
      continue;
    }
    /* centred sums: stable when b is large (1000 s/mm^2) and ADC small */
    double mx = sx / sw, my = sy / sw, sxx = 0, sxy = 0;
    for (size_t i = 0; i < n_img; i++) {
      double S = s[i][v];
      if (!(S > 0) || !isfinite(S)) continue;
      double w = weighted ? S * S : 1.0, dx = b[i] - mx;
      sxx += w * dx * dx;
      sxy += w * dx * (log(S) - my);
    }
    adc[v] = -sxy / sxx;
  }
  if (stats) stats->n_fallback = fallback;
  return 0;
}
