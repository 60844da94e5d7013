/* gldm_core.c: grey level dependence matrix (one pass over the ROI) and its features. */
#include <math.h>
#include <stdlib.h>
#include <neighbourhood.h>
#include "gldm_core.h"

const RmxFeatureInfo rmx_gldm_features[GLDM_N + 1] = {
  {"DependenceEntropy", 0}, {"DependenceNonUniformity", 0},
  {"DependenceNonUniformityNormalized", 0},
  {"DependencePercentage", RMX_FEATURE_DEPRECATED}, /* always 1 (Nz = Np) */
  {"DependenceVariance", 0}, {"GrayLevelNonUniformity", 0},
  {"GrayLevelNonUniformityNormalized", RMX_FEATURE_DEPRECATED}, /* = firstorder Uniformity */
  {"GrayLevelVariance", 0}, {"HighGrayLevelEmphasis", 0}, {"LargeDependenceEmphasis", 0},
  {"LargeDependenceHighGrayLevelEmphasis", 0}, {"LargeDependenceLowGrayLevelEmphasis", 0},
  {"LowGrayLevelEmphasis", 0}, {"SmallDependenceEmphasis", 0},
  {"SmallDependenceHighGrayLevelEmphasis", 0}, {"SmallDependenceLowGrayLevelEmphasis", 0},
  {NULL, 0}};

#define EPS 2.220446049250313e-16 /* numpy.spacing(1), added inside log2 */

int rmx_gldm_compute(const RmxFeatureInput *in, const RmxGldmSettings *s,
                     const uint8_t *enabled, double *values) {
  (void)enabled; /* every feature is a cheap reduction of the same matrix */
  for (int f = 0; f < GLDM_N; f++) values[f] = NAN;
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
  const size_t ng = in->n_levels > 0 ? (size_t)in->n_levels : 1, nd = nb.n + 1;
  const size_t np = pad.n_roi;
  /* Integer levels: |g - h| <= alpha is |g - h| <= floor(alpha). */
  const int64_t ia = s->alpha >= 2147483647.0 ? INT64_MAX : (int64_t)floor(s->alpha);
  const int32_t *lv = pad.lv;
  /* Rows only for the levels present (PyRadiomics deletes the others), so a
   * fine binning does not cost n_levels x offsets doubles. */
  int32_t *row_of = calloc(ng + 1, sizeof *row_of), *lev = malloc((ng + 1) * sizeof *lev);
  if (!row_of || !lev) {
    free(row_of); free(lev);
    rmx_padded_free(&pad);
    rmx_neigh_free(&nb);
    return RMX_ERR_NOMEM;
  }
  for (size_t q = 0; q < np; q++) row_of[lv[pad.roi[q]]] = 1;
  size_t ngp = 0;
  for (size_t i = 1; i <= ng; i++)
    if (row_of[i]) {
      lev[ngp] = (int32_t)i;
      row_of[i] = (int32_t)ngp++;
    }
  /* P[r * nd + d]: voxels of level lev[r] with d dependent neighbours (dependence d + 1). */
  double *P = calloc((ngp ? ngp : 1) * nd, sizeof *P);
  if (!P) {
    free(row_of); free(lev);
    rmx_padded_free(&pad);
    rmx_neigh_free(&nb);
    return RMX_ERR_NOMEM;
  }
  const size_t *roi = pad.roi;
  const ptrdiff_t *st = nb.step;
  /* A fixed neighbour count (26: 3D, 8: 2D, distance 1) lets the compiler
   * unroll the default equal-level count. */
#define COUNT_EQUAL(N)                                                        \
  for (size_t q = 0; q < np; q++) {                                           \
    const size_t v = roi[q];                                                  \
    const int32_t g = lv[v];                                                  \
    size_t dep = 0;                                                           \
    for (size_t a = 0; a < (N); a++) dep += lv[(size_t)((ptrdiff_t)v + st[a])] == g; \
    P[(size_t)row_of[g] * nd + dep] += 1;                                     \
  }
  if (ia == 0 && pad.box26) {
    /* Equal levels in the 3x3x3 box, rows of four at a time; the box holds
     * the voxel itself, which always counts. */
    for (size_t q = 0; q < np; q++) {
      const int32_t *c = lv + roi[q], g = *c;
      const rmx_v4i gv = {g, g, g, g};
      rmx_v4i acc = {0, 0, 0, 0};
      /* lane 3 (past the row) is counted but never read */
#pragma GCC unroll 9
      for (int r = 0; r < 9; r++) acc += rmx_ld4i(c + pad.row9[r]) == gv;
      size_t dep = (size_t)(-(acc[0] + acc[1] + acc[2]) - 1);
      P[(size_t)row_of[g] * nd + dep] += 1;
    }
  } else if (ia == 0 && nb.n == 26) {
    COUNT_EQUAL(26)
  } else if (ia == 0 && nb.n == 8) {
    COUNT_EQUAL(8)
  } else if (ia == 0) {
    COUNT_EQUAL(nb.n)
  } else {
    for (size_t q = 0; q < np; q++) {
      const size_t v = roi[q];
      const int32_t g = lv[v];
      size_t dep = 0;
      for (size_t a = 0; a < nb.n; a++) {
        int64_t h = lv[(size_t)((ptrdiff_t)v + st[a])];
        int64_t diff = h > g ? h - g : g - h;
        dep += h > 0 && diff <= ia;
      }
      P[(size_t)row_of[g] * nd + dep] += 1;
    }
  }
#undef COUNT_EQUAL
  free(row_of);
  rmx_padded_free(&pad);
  rmx_neigh_free(&nb);
  if (np == 0) {
    free(P); free(lev);
    return 0;
  }
  const double nz = (double)np; /* every voxel has a (possibly incomplete) zone */
  double gln = 0, lgle = 0, hgle = 0, mu_i = 0, de = 0;
  double sdlgle = 0, sdhgle = 0, ldlgle = 0, ldhgle = 0;
  for (size_t r = 0; r < ngp; r++) {
    const double *row = P + r * nd;
    const double i = lev[r];
    double pg = 0, di2 = i * i;
    for (size_t d = 0; d < nd; d++) {
      if (row[d] == 0) continue;
      double dj2 = (double)(d + 1) * (double)(d + 1), p = row[d] / nz;
      pg += row[d];
      sdlgle += row[d] / (di2 * dj2);
      sdhgle += row[d] * di2 / dj2;
      ldlgle += row[d] * dj2 / di2;
      ldhgle += row[d] * dj2 * di2;
      de -= p * log2(s->ibsi ? p : p + EPS);
    }
    if (pg == 0) continue;
    gln += pg * pg;
    lgle += pg / di2;
    hgle += pg * di2;
    mu_i += pg / nz * i;
  }
  double glv = 0;
  for (size_t r = 0; r < ngp; r++) {
    double pg = 0;
    for (size_t d = 0; d < nd; d++) pg += P[r * nd + d];
    if (pg != 0) glv += pg / nz * (lev[r] - mu_i) * (lev[r] - mu_i);
  }
  double dn = 0, sde = 0, lde = 0, mu_j = 0, dv = 0;
  double *pd = calloc(nd, sizeof *pd);
  if (!pd) {
    free(P); free(lev);
    return RMX_ERR_NOMEM;
  }
  for (size_t r = 0; r < ngp; r++)
    for (size_t d = 0; d < nd; d++) pd[d] += P[r * nd + d];
  for (size_t d = 0; d < nd; d++) {
    if (pd[d] == 0) continue;
    double dj = (double)(d + 1);
    dn += pd[d] * pd[d];
    sde += pd[d] / (dj * dj);
    lde += pd[d] * dj * dj;
    mu_j += pd[d] / nz * dj;
  }
  for (size_t d = 0; d < nd; d++)
    if (pd[d] != 0) dv += pd[d] / nz * ((double)(d + 1) - mu_j) * ((double)(d + 1) - mu_j);
  free(pd);
  free(P);
  free(lev);

  values[GLDM_DE] = de;
  values[GLDM_DN] = dn / nz;
  values[GLDM_DNN] = dn / (nz * nz);
  values[GLDM_DP] = nz / (double)np;
  values[GLDM_DV] = dv;
  values[GLDM_GLN] = gln / nz;
  values[GLDM_GLNN] = gln / (nz * nz);
  values[GLDM_GLV] = glv;
  values[GLDM_HGLE] = hgle / nz;
  values[GLDM_LDE] = lde / nz;
  values[GLDM_LDHGLE] = ldhgle / nz;
  values[GLDM_LDLGLE] = ldlgle / nz;
  values[GLDM_LGLE] = lgle / nz;
  values[GLDM_SDE] = sde / nz;
  values[GLDM_SDHGLE] = sdhgle / nz;
  values[GLDM_SDLGLE] = sdlgle / nz;
  return 0;
}
