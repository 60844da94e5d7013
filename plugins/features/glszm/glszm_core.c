/* glszm_core.c: grey level size zone matrix (zones by flood fill) and its 16 features. */
#include <math.h>
#include <stdlib.h>
#include <neighbourhood.h>
#include "glszm_core.h"

const RmxFeatureInfo rmx_glszm_features[GLSZM_N + 1] = {
  {"GrayLevelNonUniformity", 0}, {"GrayLevelNonUniformityNormalized", 0},
  {"GrayLevelVariance", 0}, {"HighGrayLevelZoneEmphasis", 0}, {"LargeAreaEmphasis", 0},
  {"LargeAreaHighGrayLevelEmphasis", 0}, {"LargeAreaLowGrayLevelEmphasis", 0},
  {"LowGrayLevelZoneEmphasis", 0}, {"SizeZoneNonUniformity", 0},
  {"SizeZoneNonUniformityNormalized", 0}, {"SmallAreaEmphasis", 0},
  {"SmallAreaHighGrayLevelEmphasis", 0}, {"SmallAreaLowGrayLevelEmphasis", 0},
  {"ZoneEntropy", 0}, {"ZonePercentage", 0}, {"ZoneVariance", 0}, {NULL, 0}};

#define EPS 2.220446049250313e-16 /* numpy.spacing(1), added inside log2 */

typedef struct Zones {
  size_t n, np;       /* zones, ROI voxels */
  int32_t *gl, *size; /* per zone */
  int32_t max_size;
} Zones;

/* Labels zones of equal level, connected through nb (26- or 8-connected),
 * with an explicit stack; a visited voxel is zeroed in the padded copy. */
static int find_zones(RmxPadded *p, const RmxNeighbourhood *nb, Zones *z) {
  const size_t np = p->n_roi;
  int32_t *lv = p->lv;
  const ptrdiff_t *st = nb->step;
  const size_t na = nb->n; /* <= 26: distance 1 */
  z->np = np;
  z->n = 0;
  z->max_size = 0;
  z->gl = malloc((np + 1) * sizeof *z->gl);
  z->size = malloc((np + 1) * sizeof *z->size);
  size_t *stack = malloc((np + 1) * sizeof *stack);
  if (!z->gl || !z->size || !stack) {
    free(stack);
    return RMX_ERR_NOMEM;
  }
  /* Full 3x3x3 box: bit 3 r + l of 'same' is voxel l of box row r, tested
   * four levels at a time (the box centre is already zeroed). */
  ptrdiff_t st27[27];
  rmx_v4i bit[9];
  for (int b = 0; b < 27; b++) st27[b] = p->row9[b / 3] + b % 3;
  for (int r = 0; r < 9; r++) {
    rmx_v4i w = {1 << 3 * r, 2 << 3 * r, 4 << 3 * r, 0};
    bit[r] = w;
  }
  for (size_t q = 0; q < np; q++) {
    const size_t v = p->roi[q];
    if (lv[v] <= 0) continue; /* already in an earlier zone */
    const int32_t g = lv[v];
    size_t top = 0;
    int32_t count = 0;
    stack[top++] = v;
    lv[v] = 0;
    while (top) {
      size_t c = stack[--top];
      count++;
      /* Loads first, pushes second: the level tests are independent of each
       * other, so they do not wait on the stack top (a branch on each test
       * mispredicts, a dependent chain stalls). */
      uint32_t same = 0;
      if (p->box26) {
        const rmx_v4i gv = {g, g, g, g};
        rmx_v4i acc = {0, 0, 0, 0};
#pragma GCC unroll 9
        for (int r = 0; r < 9; r++) acc |= (rmx_ld4i(lv + c + p->row9[r]) == gv) & bit[r];
        same = (uint32_t)(acc[0] | acc[1] | acc[2]);
        while (same) {
          int b = __builtin_ctz(same);
          size_t u = (size_t)((ptrdiff_t)c + st27[b]);
          same &= same - 1;
          lv[u] = 0;
          stack[top++] = u;
        }
        continue;
      }
      for (size_t a = 0; a < na; a++) same |= (uint32_t)(lv[(size_t)((ptrdiff_t)c + st[a])] == g) << a;
      while (same) {
        int a = __builtin_ctz(same);
        size_t u = (size_t)((ptrdiff_t)c + st[a]);
        same &= same - 1;
        lv[u] = 0;
        stack[top++] = u;
      }
    }
    z->gl[z->n] = g;
    z->size[z->n] = count;
    z->n++;
    if (count > z->max_size) z->max_size = count;
  }
  free(stack);
  return 0;
}

/* Sum over the matrix entries P(i,j) of -p log2(p [+ eps]): zones are
 * bucketed by size (counting sort), then counted per level within a size. */
static double zone_entropy(const Zones *z, int32_t n_levels, int ibsi, int *err) {
  size_t ms = (size_t)z->max_size;
  size_t *start = calloc(ms + 2, sizeof *start);
  size_t *order = malloc((z->n + 1) * sizeof *order);
  double *cnt = calloc((size_t)n_levels + 1, sizeof *cnt);
  if (!start || !order || !cnt) {
    free(start); free(order); free(cnt);
    *err = RMX_ERR_NOMEM;
    return NAN;
  }
  for (size_t q = 0; q < z->n; q++) start[z->size[q] + 1]++;
  for (size_t s = 1; s <= ms + 1; s++) start[s] += start[s - 1];
  for (size_t q = 0; q < z->n; q++) order[start[z->size[q]]++] = q;
  /* start[s] is now the end of bucket s; bucket s begins at start[s - 1]. */
  double nz = (double)z->n, h = 0;
  size_t b = 0;
  for (size_t s = 1; s <= ms; s++) {
    size_t e = start[s];
    for (size_t q = b; q < e; q++) cnt[z->gl[order[q]]] += 1;
    for (size_t q = b; q < e; q++) {
      int32_t g = z->gl[order[q]];
      if (cnt[g] > 0) {
        double p = cnt[g] / nz;
        h -= p * log2(ibsi ? p : p + EPS);
        cnt[g] = 0;
      }
    }
    b = e;
  }
  free(start); free(order); free(cnt);
  return h;
}

int rmx_glszm_compute(const RmxFeatureInput *in, int ibsi, const uint8_t *enabled,
                      double *values) {
  for (int f = 0; f < GLSZM_N; f++) values[f] = NAN;
  RmxNeighbourhood nb;
  RmxPadded pad;
  const double one = 1;
  int rc = rmx_neigh_build(&nb, in->image->dim, &one, 1, rmx_neigh_plane_axis(in));
  if (rc) return rc;
  rc = rmx_neigh_pad(in, &nb, &pad);
  Zones z = {0};
  if (!rc) rc = find_zones(&pad, &nb, &z);
  rmx_padded_free(&pad);
  rmx_neigh_free(&nb);
  if (rc || z.n == 0) {
    free(z.gl); free(z.size);
    return rc;
  }
  const int32_t ng = in->n_levels > 0 ? in->n_levels : 1;
  double *pg = calloc((size_t)ng + 1, sizeof *pg);
  double *ps = calloc((size_t)z.max_size + 1, sizeof *ps);
  if (!pg || !ps) {
    free(pg); free(ps); free(z.gl); free(z.size);
    return RMX_ERR_NOMEM;
  }
  /* Joint emphases need only per-zone terms, no matrix. */
  double salgle = 0, sahgle = 0, lalgle = 0, lahgle = 0;
  for (size_t q = 0; q < z.n; q++) {
    double i2 = (double)z.gl[q] * z.gl[q], j2 = (double)z.size[q] * z.size[q];
    pg[z.gl[q]] += 1;
    ps[z.size[q]] += 1;
    salgle += 1 / (i2 * j2);
    sahgle += i2 / j2;
    lalgle += j2 / i2;
    lahgle += i2 * j2;
  }
  const double nz = (double)z.n, np = (double)z.np;
  double gln = 0, lglze = 0, hglze = 0, mu_i = 0;
  for (int32_t i = 1; i <= ng; i++) {
    if (pg[i] == 0) continue;
    double di = i;
    gln += pg[i] * pg[i];
    lglze += pg[i] / (di * di);
    hglze += pg[i] * di * di;
    mu_i += pg[i] / nz * di;
  }
  double glv = 0;
  for (int32_t i = 1; i <= ng; i++)
    if (pg[i] != 0) glv += pg[i] / nz * (i - mu_i) * (i - mu_i);
  double szn = 0, sae = 0, lae = 0, mu_j = 0;
  for (int32_t j = 1; j <= z.max_size; j++) {
    if (ps[j] == 0) continue;
    double dj = j;
    szn += ps[j] * ps[j];
    sae += ps[j] / (dj * dj);
    lae += ps[j] * dj * dj;
    mu_j += ps[j] / nz * dj;
  }
  double zv = 0;
  for (int32_t j = 1; j <= z.max_size; j++)
    if (ps[j] != 0) zv += ps[j] / nz * (j - mu_j) * (j - mu_j);

  values[GLSZM_GLN] = gln / nz;
  values[GLSZM_GLNN] = gln / (nz * nz);
  values[GLSZM_GLV] = glv;
  values[GLSZM_HGLZE] = hglze / nz;
  values[GLSZM_LAE] = lae / nz;
  values[GLSZM_LAHGLE] = lahgle / nz;
  values[GLSZM_LALGLE] = lalgle / nz;
  values[GLSZM_LGLZE] = lglze / nz;
  values[GLSZM_SZN] = szn / nz;
  values[GLSZM_SZNN] = szn / (nz * nz);
  values[GLSZM_SAE] = sae / nz;
  values[GLSZM_SAHGLE] = sahgle / nz;
  values[GLSZM_SALGLE] = salgle / nz;
  values[GLSZM_ZP] = nz / np;
  values[GLSZM_ZV] = zv;
  if (!enabled || enabled[GLSZM_ZE]) values[GLSZM_ZE] = zone_entropy(&z, ng, ibsi, &rc);
  free(pg); free(ps); free(z.gl); free(z.size);
  return rc;
}
