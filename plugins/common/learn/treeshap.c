/* treeshap.c: exact Shapley values of a tree: path-dependent TreeSHAP (Lundberg et al. 2018, Alg. 2) and interventional against a background set. */
#include "ml_tree.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct PathEl { int32_t d; double z, o, w; } PathEl;

static int depth_of(const RmxTree *t, int32_t k) {
  if (t->left[k] < 0) return 0;
  int a = depth_of(t, t->left[k]), b = depth_of(t, t->right[k]);
  return 1 + (a > b ? a : b);
}

/* EXTEND: append (pi, pz, po) to a path of length l and update the subset weights */
static void extend(PathEl *m, int l, double pz, double po, int32_t pi) {
  m[l].d = pi;
  m[l].z = pz;
  m[l].o = po;
  m[l].w = l == 0 ? 1.0 : 0.0;
  for (int i = l - 1; i >= 0; i--) {
    m[i + 1].w += po * m[i].w * (double)(i + 1) / (double)(l + 1);
    m[i].w = pz * m[i].w * (double)(l - i) / (double)(l + 1);
  }
}

/* UNWIND: remove element i from a path of length len (undoes its EXTEND) */
static void unwind(PathEl *m, int len, int i) {
  int l = len - 1;
  double n = m[l].w, z = m[i].z, o = m[i].o;
  for (int j = l - 1; j >= 0; j--) {
    if (o != 0) {
      double t = m[j].w;
      m[j].w = n * (double)(l + 1) / ((double)(j + 1) * o);
      n = t - m[j].w * z * (double)(l - j) / (double)(l + 1);
    } else {
      m[j].w = m[j].w * (double)(l + 1) / (z * (double)(l - j));
    }
  }
  for (int j = i; j < l; j++) {
    m[j].d = m[j + 1].d;
    m[j].z = m[j + 1].z;
    m[j].o = m[j + 1].o;
  }
}

/* sum of the weights after unwinding element i, without modifying the path */
static double unwound_sum(const PathEl *m, int len, int i, PathEl *tmp) {
  memcpy(tmp, m, (size_t)len * sizeof *tmp);
  unwind(tmp, len, i);
  double s = 0;
  for (int j = 0; j < len - 1; j++) s += tmp[j].w;
  return s;
}

typedef struct ShapRun {
  const RmxTree *t;
  const RmxMatrix *X;
  size_t row;
  double scale, *phi;
  PathEl *store, *tmp; /* one path per depth level, each of room D + 2 */
  int room;
} ShapRun;

static void recurse(ShapRun *R, int32_t j, const PathEl *parent, int plen, int level, double pz,
                    double po, int32_t pi) {
  PathEl *m = R->store + (size_t)level * (size_t)R->room;
  memcpy(m, parent, (size_t)plen * sizeof *m);
  extend(m, plen, pz, po, pi);
  int len = plen + 1;
  const RmxTree *t = R->t;
  if (t->left[j] < 0) {
    for (int i = 1; i < len; i++) {
      double w = unwound_sum(m, len, i, R->tmp);
      R->phi[m[i].d] += R->scale * w * (m[i].o - m[i].z) * t->value[j];
    }
    return;
  }
  int32_t f = t->feature[j];
  int goes_left = RMX_ML_AT(R->X, R->row, f) <= t->threshold[j];
  int32_t h = goes_left ? t->left[j] : t->right[j], c = goes_left ? t->right[j] : t->left[j];
  double iz = 1, io = 1;
  int k;
  for (k = 1; k < len; k++)
    if (m[k].d == f) break;
  if (k < len) {
    iz = m[k].z;
    io = m[k].o;
    unwind(m, len, k);
    len--;
  }
  double rj = t->weight[j];
  recurse(R, h, m, len, level + 1, iz * t->weight[h] / rj, io, f);
  recurse(R, c, m, len, level + 1, iz * t->weight[c] / rj, 0, f);
}

static double expectation(const RmxTree *t, int32_t k) {
  if (t->left[k] < 0) return t->value[k];
  return (t->weight[t->left[k]] * expectation(t, t->left[k]) +
          t->weight[t->right[k]] * expectation(t, t->right[k])) /
         t->weight[k];
}

double rmx_tree_shap_path(const RmxTree *t, const RmxMatrix *X, size_t r, double scale,
                          double *phi) {
  int D = depth_of(t, 0);
  ShapRun R = {t, X, r, scale, phi, NULL, NULL, D + 2};
  R.store = malloc((size_t)(D + 2) * (size_t)R.room * sizeof *R.store);
  R.tmp = malloc((size_t)R.room * sizeof *R.tmp);
  if (R.store && R.tmp) {
    PathEl none = {-1, 1, 1, 1};
    recurse(&R, 0, &none, 0, 0, 1, 1, -1);
  }
  free(R.store);
  free(R.tmp);
  return expectation(t, 0);
}

/*
** Interventional: for one background row b, v(S) = f(x_S, b_rest). A leaf
** reached needs every feature in A (where only x leads there) inside S and
** every feature in B (only b leads there) outside; its Shapley weights are
** (a-1)! c!/(a+c)! for A members and -a! (c-1)!/(a+c)! for B members.
*/
typedef struct IntRun {
  const RmxTree *t;
  const RmxMatrix *X, *B;
  size_t xr, br;
  double scale, *phi;
  signed char *state; /* per feature: 0 free, 1 in A, -1 in B */
  int32_t *stack;
  int top, a, c;
  const double *fact;
} IntRun;

static void walk(IntRun *R, int32_t k) {
  const RmxTree *t = R->t;
  if (t->left[k] < 0) {
    if (R->a + R->c == 0) return;
    double v = t->value[k] * R->scale, den = R->fact[R->a + R->c];
    double wa = R->a ? R->fact[R->a - 1] * R->fact[R->c] / den : 0;
    double wb = R->c ? R->fact[R->a] * R->fact[R->c - 1] / den : 0;
    for (int i = 0; i < R->top; i++) {
      int32_t f = R->stack[i];
      R->phi[f] += R->state[f] > 0 ? v * wa : -v * wb;
    }
    return;
  }
  int32_t f = t->feature[k];
  double thr = t->threshold[k];
  int32_t kx = RMX_ML_AT(R->X, R->xr, f) <= thr ? t->left[k] : t->right[k];
  int32_t kb = RMX_ML_AT(R->B, R->br, f) <= thr ? t->left[k] : t->right[k];
  if (kx == kb) {
    walk(R, kx);
  } else if (R->state[f] > 0) {
    walk(R, kx);
  } else if (R->state[f] < 0) {
    walk(R, kb);
  } else {
    R->stack[R->top++] = f;
    R->state[f] = 1;
    R->a++;
    walk(R, kx);
    R->a--;
    R->state[f] = -1;
    R->c++;
    walk(R, kb);
    R->c--;
    R->state[f] = 0;
    R->top--;
  }
}

double rmx_tree_shap_interventional(const RmxTree *t, const RmxMatrix *X, size_t r,
                                    const RmxMatrix *B, double scale, double *phi) {
  int D = depth_of(t, 0);
  size_t p = X->cols;
  double *fact = malloc((size_t)(D + 2) * sizeof *fact), base = 0;
  signed char *state = calloc(p ? p : 1, 1);
  int32_t *stack = malloc((size_t)(D + 1) * sizeof *stack);
  if (fact && state && stack && B->rows) {
    fact[0] = 1;
    for (int i = 1; i < D + 2; i++) fact[i] = fact[i - 1] * i;
    IntRun R = {t, X, B, r, 0, scale / (double)B->rows, phi, state, stack, 0, 0, 0, fact};
    for (size_t b = 0; b < B->rows; b++) {
      R.br = b;
      walk(&R, 0);
      base += rmx_tree_predict_row(t, B, b);
    }
    base /= (double)B->rows;
  }
  free(fact);
  free(state);
  free(stack);
  return base;
}
