/* diameters.c: maximum 3D and in-plane 2D diameters over mesh vertices. */
#include "shape_core.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>

/* PyRadiomics' squared distance, same operation order (z, y, x). */
static inline double dist2(const double *a, const double *b) {
  double dz = a[0] - b[0], dy = a[1] - b[1], dx = a[2] - b[2];
  return dz * dz + dy * dy + dx * dx;
}

/* One line of the line hash: its key and the lowest/highest position on it. */
typedef struct LineSlot {
  int64_t key;
  int32_t lo, hi;
} LineSlot;

#define EMPTY_KEY INT64_MIN

/*
** Keeps in idx[0..n) only the points that are extreme on their line along
** every direction of dir[] (first non-zero component +1, half units): a
** point strictly between two others of the set is not one of its extreme
** points, which are the only possible ends of a longest chord. tab holds
** a power of two >= 2n slots. Returns the new n.
*/
static size_t line_filter(const int32_t *h, size_t *idx, size_t n, const int (*dir)[3], int nd,
                          LineSlot *tab) {
  for (int k = 0; k < nd && n > 2; k++) {
    const int *d = dir[k];
    const int a = d[0] ? 0 : d[1] ? 1 : 2, u = (a + 1) % 3, v = (a + 2) % 3;
    size_t cap = 1;
    while (cap < 2 * n) cap <<= 1;
    for (size_t s = 0; s < cap; s++) tab[s].key = EMPTY_KEY;
    for (int pass = 0; pass < 2; pass++) {
      size_t m = 0;
      for (size_t i = 0; i < n; i++) {
        const int32_t *p = h + 3 * idx[i];
        const int32_t t = p[a];
        const int64_t key = (int64_t)(p[u] - t * d[u]) * 4294967296LL + (p[v] - t * d[v]);
        size_t s = (size_t)(((uint64_t)key * 0x9e3779b97f4a7c15ull) >> 32) & (cap - 1);
        while (tab[s].key != key && tab[s].key != EMPTY_KEY) s = (s + 1) & (cap - 1);
        if (!pass) {
          if (tab[s].key == EMPTY_KEY) tab[s].key = key, tab[s].lo = tab[s].hi = t;
          else if (t < tab[s].lo) tab[s].lo = t;
          else if (t > tab[s].hi) tab[s].hi = t;
        } else if (t == tab[s].lo || t == tab[s].hi) {
          idx[m++] = idx[i];
        }
      }
      if (pass) n = m;
    }
  }
  return n;
}

/* Makes *tab hold a power of two >= 2n slots; 0 when out of memory. */
static int grow_tab(LineSlot **tab, size_t *cap, size_t n) {
  size_t want = 1;
  while (want < 2 * n) want <<= 1;
  if (want <= *cap) return 1;
  LineSlot *t = realloc(*tab, want * sizeof *t);
  if (!t) return 0;
  *tab = t, *cap = want;
  return 1;
}

/* Diagonal directions (z,y,x); the first two lie in planes of constant z,
   the next two in planes of constant y, the next two of constant x. */
static const int diag_dir[10][3] = {{0, 1, 1}, {0, 1, -1}, {1, 0, 1}, {1, 0, -1}, {1, 1, 0},
                                    {1, -1, 0}, {1, 1, 1}, {1, 1, -1}, {1, -1, 1}, {1, -1, -1}};

typedef struct LineCtx {
  const int32_t *h;        /* half-unit coordinates */
  const int (*dir)[3];     /* directions to filter along */
  int nd;
  LineSlot **tab;          /* shared, grown on demand */
  size_t *cap;
} LineCtx;

/*
** Largest dist2 over pairs of the n points idx[] (reordered), or 'best'
** if larger; -1 when out of memory. A lower bound from the points extreme
** along 13 directions lets most points go: one whose farthest bounding-box
** corner is not farther than the bound cannot end a longer chord.
*/
static double max_pair(const double *pt, size_t *idx, size_t n, double best, const LineCtx *lc) {
  if (n < 2) return best;
  double lo[3], hi[3];
  for (int d = 0; d < 3; d++) lo[d] = hi[d] = pt[3 * idx[0] + d];
  for (size_t i = 1; i < n; i++)
    for (int d = 0; d < 3; d++) {
      double c = pt[3 * idx[i] + d];
      if (c < lo[d]) lo[d] = c;
      if (c > hi[d]) hi[d] = c;
    }
  double diag = 0;
  for (int d = 0; d < 3; d++) diag += (hi[d] - lo[d]) * (hi[d] - lo[d]);
  if (diag * (1 + 1e-12) <= best) return best;

  static const double dir[13][3] = {
    {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {1, -1, 0}, {1, 0, 1}, {1, 0, -1},
    {0, 1, 1}, {0, 1, -1}, {1, 1, 1}, {1, 1, -1}, {1, -1, 1}, {1, -1, -1}};
  size_t seed[26];
  for (int k = 0; k < 13; k++) {
    size_t amin = idx[0], amax = idx[0];
    double vmin = INFINITY, vmax = -INFINITY;
    for (size_t i = 0; i < n; i++) {
      const double *p = pt + 3 * idx[i];
      double v = p[0] * dir[k][0] + p[1] * dir[k][1] + p[2] * dir[k][2];
      if (v < vmin) vmin = v, amin = idx[i];
      if (v > vmax) vmax = v, amax = idx[i];
    }
    seed[2 * k] = amin, seed[2 * k + 1] = amax;
  }
  for (int i = 1; i < 26; i++)
    for (int j = 0; j < i; j++) {
      double d = dist2(pt + 3 * seed[i], pt + 3 * seed[j]);
      if (d > best) best = d;
    }

  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    const double *p = pt + 3 * idx[i];
    double ub = 0;
    for (int d = 0; d < 3; d++) {
      double a = p[d] - lo[d], b = hi[d] - p[d];
      ub += a > b ? a * a : b * b;
    }
    if (ub * (1 + 1e-12) > best) idx[m++] = idx[i];
  }
  /* round shapes keep many points: drop those inside a diagonal chord */
  if (m > 128) {
    if (!grow_tab(lc->tab, lc->cap, m)) return -1;
    m = line_filter(lc->h, idx, m, lc->dir, lc->nd, *lc->tab);
  }
  for (size_t i = 1; i < m; i++) {
    const double *a = pt + 3 * idx[i];
    for (size_t j = 0; j < i; j++) {
      double d = dist2(a, pt + 3 * idx[j]);
      if (d > best) best = d;
    }
  }
  return best;
}

int rmx_shape_diameters(const int32_t *h, size_t n, const int ext[3], const double sp[3],
                        double diam[4]) {
  for (int i = 0; i < 4; i++) diam[i] = 0;
  if (n < 2) return 0;
  uint8_t *flag = calloc(n, 1);
  double *pt = malloc(3 * n * sizeof *pt);
  size_t *idx = malloc(n * sizeof *idx);
  int *lo = NULL, *hi = NULL;
  LineSlot *tab = NULL; /* sized for the largest set filtered */
  size_t tab_cap = 0;
  int rc = -1;
  if (!flag || !pt || !idx) goto done;

  /* flag bit a: the vertex is the lowest or highest one on the grid line
     along axis a through it; a point between two others on a line is not
     an extreme point of the set, so it cannot end a maximal chord. */
  for (int a = 0; a < 3; a++) {
    int u = (a + 1) % 3, v = (a + 2) % 3;
    size_t nl = (size_t)ext[u] * (size_t)ext[v];
    free(lo), free(hi);
    lo = malloc(nl * sizeof *lo), hi = malloc(nl * sizeof *hi);
    if (!lo || !hi) goto done;
    for (size_t l = 0; l < nl; l++) lo[l] = INT_MAX, hi[l] = INT_MIN;
    for (size_t i = 0; i < n; i++) {
      size_t l = (size_t)h[3 * i + u] * (size_t)ext[v] + (size_t)h[3 * i + v];
      int c = h[3 * i + a];
      if (c < lo[l]) lo[l] = c;
      if (c > hi[l]) hi[l] = c;
    }
    for (size_t i = 0; i < n; i++) {
      size_t l = (size_t)h[3 * i + u] * (size_t)ext[v] + (size_t)h[3 * i + v];
      int c = h[3 * i + a];
      if (c == lo[l] || c == hi[l]) flag[i] |= (uint8_t)(1u << a);
    }
  }
  for (size_t i = 0; i < n; i++)
    for (int d = 0; d < 3; d++) pt[3 * i + d] = (h[3 * i + d] * 0.5) * sp[d];

  /* 3D: extreme along all three axes */
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (flag[i] == 7) idx[m++] = i;
  const LineCtx lc3 = {h, diag_dir, 10, &tab, &tab_cap};
  diam[3] = max_pair(pt, idx, m, 0, &lc3);
  if (diam[3] < 0) goto done;

  /* In-plane: the plane normal to axis a (0 slice z, 1 column y, 2 row x);
     candidates are extreme along the two in-plane axes, grouped by plane
     with a counting sort on the plane coordinate. */
  for (int a = 0; a < 3; a++) {
    uint8_t need = (uint8_t)(7u & ~(1u << a));
    size_t np = (size_t)ext[a];
    size_t *start = calloc(np + 1, sizeof *start);
    if (!start) goto done;
    for (size_t i = 0; i < n; i++)
      if ((flag[i] & need) == need) start[h[3 * i + a] + 1]++;
    for (size_t k = 0; k < np; k++) start[k + 1] += start[k];
    size_t *fill = malloc(np * sizeof *fill);
    if (!fill) { free(start); goto done; }
    for (size_t k = 0; k < np; k++) fill[k] = start[k];
    for (size_t i = 0; i < n; i++)
      if ((flag[i] & need) == need) idx[fill[h[3 * i + a]]++] = i;
    double best = 0;
    const LineCtx lc2 = {h, diag_dir + 2 * a, 2, &tab, &tab_cap};
    for (size_t k = 0; k < np && best >= 0; k++)
      best = max_pair(pt, idx + start[k], start[k + 1] - start[k], best, &lc2);
    diam[a] = best;
    free(fill), free(start);
    if (best < 0) goto done;
  }
  for (int i = 0; i < 4; i++) diam[i] = sqrt(diam[i]);
  rc = 0;
done:
  free(flag), free(pt), free(idx), free(lo), free(hi), free(tab);
  return rc;
}
