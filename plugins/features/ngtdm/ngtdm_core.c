/* ngtdm_core.c: neighbouring grey tone difference matrix (one ROI pass) and its 5 features. */
#include <math.h>
#include <stdlib.h>
#include <neighbourhood.h>
#include "ngtdm_core.h"

const RmxFeatureInfo rmx_ngtdm_features[NGTDM_N + 1] = {
  {"Busyness", 0}, {"Coarseness", 0}, {"Complexity", 0}, {"Contrast", 0}, {"Strength", 0},
  {NULL, 0}};

int rmx_ngtdm_compute(const RmxFeatureInput *in, const RmxNgtdmSettings *s,
                      const uint8_t *enabled, double *values) {
  (void)enabled; /* all five come from the same small (Ng x 2) table */
  for (int f = 0; f < NGTDM_N; f++) values[f] = NAN;
  const double one = 1;
  RmxNeighbourhood nb;
  RmxPadded pad;
  int rc = rmx_neigh_build(&nb, in->image->dim, s->n_distances ? s->distances : &one,
                           s->n_distances ? s->n_distances : 1, rmx_neigh_plane_axis(in));
  if (rc) return rc;
  if ((rc = rmx_neigh_pad(in, &nb, &pad))) {
    rmx_neigh_free(&nb);
    return rc;
  }
  const size_t ng = in->n_levels > 0 ? (size_t)in->n_levels : 1;
  const size_t np = pad.n_roi;
  /* n[i]: voxels of level i; sd[i]: sum of |i - mean of their ROI neighbours|.
   * A voxel without a neighbour in the ROI counts in n[i] with difference 0, as
   * PyRadiomics' C matrix code does (its Nvp is then Np); IBSI leaves it out. */
  double *n = calloc(2 * (ng + 1), sizeof *n);
  if (!n) {
    rmx_padded_free(&pad);
    rmx_neigh_free(&nb);
    return RMX_ERR_NOMEM;
  }
  double *sd = n + ng + 1;
  const int32_t *lv = pad.lv;
  const ptrdiff_t *st = nb.step;
  /* A fixed neighbour count (26: 3D, 8: 2D, distance 1) lets the compiler unroll. */
#define SUM_NEIGHBOURS(N)                                                     \
  for (size_t q = 0; q < np; q++) {                                           \
    const size_t v = pad.roi[q];                                              \
    const int32_t g = lv[v];                                                  \
    int64_t sum = 0, cnt = 0;                                                 \
    for (size_t a = 0; a < (N); a++) {                                        \
      int32_t h = lv[(size_t)((ptrdiff_t)v + st[a])];                         \
      sum += h;                                                               \
      cnt += h > 0;                                                           \
    }                                                                         \
    if (cnt == 0) {                                                           \
      if (!s->ibsi) n[g] += 1;                                                \
      continue;                                                               \
    }                                                                         \
    n[g] += 1;                                                                \
    sd[g] += fabs((double)g - (double)sum / (double)cnt);                     \
  }
  if (pad.box26 && ng < ((size_t)1 << 26)) {
    /* Sums and counts over the 3x3x3 box, rows of four at a time, less the
     * voxel itself (nine levels per lane stay below 2^31). */
    const rmx_v4i zero = {0, 0, 0, 0};
    for (size_t q = 0; q < np; q++) {
      const int32_t *c = lv + pad.roi[q], g = *c;
      rmx_v4i s4 = zero, c4 = zero;
#pragma GCC unroll 9
      for (int r = 0; r < 9; r++) {
        rmx_v4i x = rmx_ld4i(c + pad.row9[r]);
        s4 += x; /* lane 3 (past the row) is summed but never read */
        c4 += x > zero;
      }
      int64_t sum = (int64_t)s4[0] + s4[1] + s4[2] - g, cnt = -(int64_t)(c4[0] + c4[1] + c4[2]) - 1;
      if (cnt == 0) {
        if (!s->ibsi) n[g] += 1;
        continue;
      }
      n[g] += 1;
      sd[g] += fabs((double)g - (double)sum / (double)cnt);
    }
  } else if (nb.n == 26) {
    SUM_NEIGHBOURS(26)
  } else if (nb.n == 8) {
    SUM_NEIGHBOURS(8)
  } else {
    SUM_NEIGHBOURS(nb.n)
  }
#undef SUM_NEIGHBOURS
  rmx_padded_free(&pad);
  rmx_neigh_free(&nb);
  if (np == 0) {
    free(n);
    return 0;
  }
  /* Compact to the levels present (p_i > 0). */
  size_t ngp = 0;
  double nvp = 0;
  for (size_t i = 1; i <= ng; i++) nvp += n[i];
  double *gi = malloc(3 * (ng + 1) * sizeof *gi);
  if (!gi) {
    free(n);
    return RMX_ERR_NOMEM;
  }
  double *pi = gi + ng + 1, *si = pi + ng + 1;
  for (size_t i = 1; i <= ng; i++)
    if (n[i] > 0) {
      gi[ngp] = (double)i;
      pi[ngp] = n[i] / nvp;
      si[ngp] = sd[i];
      ngp++;
    }
  free(n);

  double sum_ps = 0, sum_s = 0;
  for (size_t a = 0; a < ngp; a++) {
    sum_ps += pi[a] * si[a];
    sum_s += si[a];
  }
  double c2 = 0, absdiff = 0, cplx = 0, str = 0;
  for (size_t a = 0; a < ngp; a++)
    for (size_t b = 0; b < ngp; b++) {
      double d = gi[a] - gi[b];
      c2 += pi[a] * pi[b] * d * d;
      absdiff += fabs(gi[a] * pi[a] - gi[b] * pi[b]);
      cplx += fabs(d) * (pi[a] * si[a] + pi[b] * si[b]) / (pi[a] + pi[b]);
      str += (pi[a] + pi[b]) * d * d;
    }
  free(gi);

  /* PyRadiomics' edge cases for a homogeneous ROI: fixed values, not NaN. */
  values[NGTDM_COARSENESS] = sum_ps == 0 ? (s->ibsi ? NAN : 1e6) : 1 / sum_ps;
  values[NGTDM_CONTRAST] = ngp <= 1 ? (s->ibsi ? NAN : 0)
                                    : c2 / ((double)ngp * (double)(ngp - 1)) * (sum_s / nvp);
  values[NGTDM_BUSYNESS] = absdiff == 0 ? (s->ibsi ? NAN : 0) : sum_ps / absdiff;
  values[NGTDM_COMPLEXITY] = cplx / nvp;
  values[NGTDM_STRENGTH] = sum_s == 0 ? (s->ibsi ? NAN : 0) : str / sum_s;
  return 0;
}
