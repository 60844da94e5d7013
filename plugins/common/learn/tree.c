/* tree.c: CART tree growth (exact or extremely randomised splits), prediction, importances and storage. */
#include "ml_tree.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FEATURE_EPS 1e-7 /* values closer than this are not split apart */

void rmx_tree_init(RmxTree *t) { memset(t, 0, sizeof *t); }

void rmx_tree_clear(RmxTree *t) {
  free(t->left);
  free(t->right);
  free(t->feature);
  free(t->threshold);
  free(t->value);
  free(t->weight);
  free(t->gain);
  rmx_tree_init(t);
}

static int grow(void **p, size_t cap, size_t size) {
  void *q = realloc(*p, cap * size);
  if (!q) return -1;
  *p = q;
  return 0;
}

int32_t rmx_tree_add(RmxTree *t, int32_t feature, double threshold, double value, double weight) {
  if (t->n_nodes == t->cap) {
    size_t c = t->cap ? 2 * t->cap : 64;
    if (grow((void **)&t->left, c, sizeof(int32_t)) || grow((void **)&t->right, c, sizeof(int32_t)) ||
        grow((void **)&t->feature, c, sizeof(int32_t)) ||
        grow((void **)&t->threshold, c, sizeof(double)) ||
        grow((void **)&t->value, c, sizeof(double)) || grow((void **)&t->weight, c, sizeof(double)) ||
        grow((void **)&t->gain, c, sizeof(double)))
      return -1;
    t->cap = c;
  }
  size_t k = t->n_nodes++;
  t->left[k] = t->right[k] = -1;
  t->feature[k] = feature;
  t->threshold[k] = threshold;
  t->value[k] = value;
  t->weight[k] = weight;
  t->gain[k] = 0;
  return (int32_t)k;
}

typedef struct Item { double x; size_t i; } Item;

static int cmp_item(const void *a, const void *b) {
  const Item *p = a, *q = b;
  if (p->x < q->x) return -1;
  if (p->x > q->x) return 1;
  return p->i < q->i ? -1 : (p->i > q->i);
}

/* Sorts by (x, row): a total order without NaN, so any sort gives qsort's
 * result. Small nodes by insertion: qsort's call per comparison dominated
 * them. With a NaN the order is not total: qsort decides, as before. */
static void sort_items(Item *a, size_t m, int nan) {
  if (nan || m > 32) {
    qsort(a, m, sizeof *a, cmp_item);
    return;
  }
  for (size_t k = 1; k < m; k++) {
    Item v = a[k];
    size_t j = k;
    for (; j > 0 && (v.x < a[j - 1].x || (v.x == a[j - 1].x && v.i < a[j - 1].i)); j--) a[j] = a[j - 1];
    a[j] = v;
  }
}

typedef struct Builder {
  const RmxMatrix *X;
  const double *t, *w;
  const RmxTreeOpts *o;
  RmxRng *rng;
  size_t *idx, *feat;
  Item *buf;
  uint32_t *mark, stamp; /* rows of the node being split carry the stamp */
} Builder;

typedef struct Stats { double W, S, Q; } Stats;

static double wt(const Builder *B, size_t i) { return B->w ? B->w[i] : 1.0; }

static Stats stats(const Builder *B, size_t lo, size_t hi) {
  Stats s = {0, 0, 0};
  for (size_t k = lo; k < hi; k++) {
    size_t i = B->idx[k];
    double w = wt(B, i), t = B->t[i];
    s.W += w;
    s.S += w * t;
    s.Q += w * t * t;
  }
  return s;
}

static double impurity(const Builder *B, Stats s) {
  if (s.W <= 0) return 0;
  double m = s.S / s.W;
  if (B->o->criterion == RMX_CRIT_GINI) return 2 * m * (1 - m);
  double v = s.Q / s.W - m * m;
  return v > 0 ? v : 0;
}

static double leaf_value(const Builder *B, Stats s) {
  if (B->o->criterion == RMX_CRIT_GINI) return s.W > 0 ? s.S / s.W : 0;
  return s.S / (s.W + B->o->lambda);
}

/* split score to maximise; for Gini minus the children's weighted impurity */
static double score(const Builder *B, double WL, double SL, double WR, double SR) {
  if (B->o->criterion == RMX_CRIT_GINI) return -(2 * SL * (WL - SL) / WL + 2 * SR * (WR - SR) / WR);
  return SL * SL / (WL + B->o->lambda) + SR * SR / (WR + B->o->lambda);
}

static double parent_score(const Builder *B, Stats s) {
  if (B->o->criterion == RMX_CRIT_GINI) return -s.W * impurity(B, s);
  return s.S * s.S / (s.W + B->o->lambda);
}

typedef struct Split { int found; int32_t feature; double threshold, score; } Split;

static int child_ok(const Builder *B, size_t nl, size_t nr, double WL, double WR) {
  return nl >= B->o->min_samples_leaf && nr >= B->o->min_samples_leaf && WL > 0 && WR > 0 &&
         WL >= B->o->min_child_weight && WR >= B->o->min_child_weight;
}

/* candidate split between sorted neighbours a (last row on the left) and b */
static void consider(Builder *B, double xa, double xb, size_t nl, size_t m, double WL, double SL,
                     Stats tot, size_t f, Split *best) {
  double WR = tot.W - WL, SR = tot.S - SL;
  if (!child_ok(B, nl, m - nl, WL, WR)) return;
  double sc = score(B, WL, SL, WR, SR);
  if (!best->found || sc > best->score) {
    double thr = 0.5 * (xa + xb);
    if (thr == xb || !isfinite(thr)) thr = xa;
    best->found = 1;
    best->feature = (int32_t)f;
    best->threshold = thr;
    best->score = sc;
  }
}

/* exact search over one feature; returns 0 when the feature is constant here */
static int search_exact(Builder *B, size_t lo, size_t hi, size_t f, Stats tot, Split *best) {
  size_t m = hi - lo, n = B->X->rows;
  if (B->o->presorted && B->mark && 4 * m >= n) {
    /* large node: stream the global order, keeping this node's rows */
    const uint32_t *ord = B->o->presorted + f * n;
    const double *sx = B->o->presorted_x ? B->o->presorted_x + f * n : NULL;
    /* positions of this node's rows in the order, gathered without a branch
     * (whether a row is in the node is data-dependent: the branch was
     * mispredicted often), then scanned as before */
    size_t c = 0;
    for (size_t q = 0; q < n && c < m; q++) {
      B->buf[c].i = q;
      c += B->mark[ord[q]] == B->stamp;
    }
    double WL = 0, SL = 0, prev = 0, first = 0;
    size_t nl = 0;
    for (size_t k = 0; k < c; k++) {
      size_t q = B->buf[k].i, i = ord[q];
      double x = sx ? sx[q] : RMX_ML_AT(B->X, i, f);
      if (nl == 0) first = x;
      else if (x > prev + FEATURE_EPS) consider(B, prev, x, nl, m, WL, SL, tot, f, best);
      WL += wt(B, i);
      SL += wt(B, i) * B->t[i];
      nl++;
      prev = x;
    }
    return prev > first + FEATURE_EPS;
  }
  int nan = 0;
  for (size_t k = 0; k < m; k++) {
    B->buf[k].i = B->idx[lo + k];
    B->buf[k].x = RMX_ML_AT(B->X, B->buf[k].i, f);
    nan |= B->buf[k].x != B->buf[k].x;
  }
  sort_items(B->buf, m, nan);
  if (B->buf[m - 1].x <= B->buf[0].x + FEATURE_EPS) return 0;
  double WL = 0, SL = 0;
  for (size_t k = 0; k + 1 < m; k++) {
    size_t i = B->buf[k].i;
    WL += wt(B, i);
    SL += wt(B, i) * B->t[i];
    if (B->buf[k + 1].x <= B->buf[k].x + FEATURE_EPS) continue;
    consider(B, B->buf[k].x, B->buf[k + 1].x, k + 1, m, WL, SL, tot, f, best);
  }
  return 1;
}

/* extra-trees search: one uniform threshold in (min, max) */
static int search_random(Builder *B, size_t lo, size_t hi, size_t f, Stats tot, Split *best) {
  double mn = INFINITY, mx = -INFINITY;
  for (size_t k = lo; k < hi; k++) {
    double x = RMX_ML_AT(B->X, B->idx[k], f);
    mn = x < mn ? x : mn;
    mx = x > mx ? x : mx;
  }
  if (mx <= mn + FEATURE_EPS) return 0;
  double thr = mn + rmx_rng_uniform(B->rng) * (mx - mn);
  if (thr >= mx) thr = mn;
  double WL = 0, SL = 0;
  size_t nl = 0;
  for (size_t k = lo; k < hi; k++) {
    size_t i = B->idx[k];
    if (RMX_ML_AT(B->X, i, f) <= thr) {
      WL += wt(B, i);
      SL += wt(B, i) * B->t[i];
      nl++;
    }
  }
  double WR = tot.W - WL, SR = tot.S - SL;
  if (!child_ok(B, nl, hi - lo - nl, WL, WR)) return 1;
  double sc = score(B, WL, SL, WR, SR);
  if (!best->found || sc > best->score) {
    best->found = 1;
    best->feature = (int32_t)f;
    best->threshold = thr;
    best->score = sc;
  }
  return 1;
}

static Split find_split(Builder *B, size_t lo, size_t hi, Stats tot) {
  Split best = {0, -1, 0, 0};
  size_t p = B->X->cols, mf = B->o->max_features;
  if (mf == 0 || mf > p) mf = p;
  size_t visited = 0;
  for (size_t k = 0; k < p; k++) B->feat[k] = k;
  if (B->mark) {
    B->stamp++;
    for (size_t k = lo; k < hi; k++) B->mark[B->idx[k]] = B->stamp;
  }
  size_t nconst = 0;
  /* as in CART implementations like scikit-learn's, constant features use up
   * the budget too, unless every feature drawn so far was constant */
  for (size_t k = 0; k < p && (visited < mf || visited <= nconst); k++) {
    if (B->rng && mf < p) { /* draw without replacement */
      size_t r = k + (size_t)rmx_rng_below(B->rng, p - k), tmp = B->feat[k];
      B->feat[k] = B->feat[r];
      B->feat[r] = tmp;
    }
    size_t f = B->feat[k];
    int nonconst = B->o->random_splits ? search_random(B, lo, hi, f, tot, &best)
                                       : search_exact(B, lo, hi, f, tot, &best);
    visited++;
    nconst += nonconst ? 0 : 1;
  }
  return best;
}

typedef struct Task { size_t lo, hi; int depth; int32_t parent; int is_left; } Task;

int rmx_tree_fit(RmxTree *t, const RmxMatrix *X, const double *target, const double *w,
                 const RmxTreeOpts *o, RmxRng *rng, int32_t *leaf_of) {
  size_t n = X->rows, m = 0;
  Builder B = {X, target, w, o, rng, NULL, NULL, NULL, NULL, 0};
  if (o->presorted && !o->random_splits) B.mark = calloc(n + 1, sizeof *B.mark);
  B.idx = malloc((n + 1) * sizeof *B.idx);
  B.feat = malloc((X->cols + 1) * sizeof *B.feat);
  B.buf = malloc((n + 1) * sizeof *B.buf);
  Task *stack = malloc((2 * n + 64) * sizeof *stack);
  int rc = RMX_ERR_NOMEM;
  if (!B.idx || !B.feat || !B.buf || !stack) goto out;
  for (size_t i = 0; i < n; i++) {
    if (leaf_of) leaf_of[i] = -1;
    if (!w || w[i] > 0) B.idx[m++] = i;
  }
  rmx_tree_clear(t);
  if (m == 0) {
    rc = RMX_ERR_INVALID;
    goto out;
  }
  size_t top = 0;
  stack[top++] = (Task){0, m, 0, -1, 0};
  while (top) {
    Task k = stack[--top];
    Stats s = stats(&B, k.lo, k.hi);
    size_t cnt = k.hi - k.lo;
    int32_t node = rmx_tree_add(t, -1, NAN, leaf_value(&B, s), s.W);
    if (node < 0) goto out;
    if (k.parent >= 0) {
      if (k.is_left) t->left[k.parent] = node;
      else t->right[k.parent] = node;
    }
    int leaf = (o->max_depth > 0 && k.depth >= o->max_depth) || cnt < o->min_samples_split ||
               cnt < 2 * o->min_samples_leaf || s.W < 2 * o->min_child_weight ||
               impurity(&B, s) <= DBL_EPSILON;
    Split sp = {0, -1, 0, 0};
    if (!leaf) sp = find_split(&B, k.lo, k.hi, s);
    double gain = sp.found ? sp.score - parent_score(&B, s) : 0;
    if (!sp.found || (o->criterion == RMX_CRIT_MSE && o->lambda > 0 && !(gain > 0))) {
      for (size_t q = k.lo; leaf_of && q < k.hi; q++) leaf_of[B.idx[q]] = node;
      continue;
    }
    t->feature[node] = sp.feature;
    t->threshold[node] = sp.threshold;
    t->gain[node] = gain;
    size_t a = k.lo, b = k.hi; /* partition: x <= threshold first */
    while (a < b) {
      if (RMX_ML_AT(X, B.idx[a], sp.feature) <= sp.threshold) a++;
      else {
        size_t tmp = B.idx[a];
        B.idx[a] = B.idx[--b];
        B.idx[b] = tmp;
      }
    }
    stack[top++] = (Task){a, k.hi, k.depth + 1, node, 0};
    stack[top++] = (Task){k.lo, a, k.depth + 1, node, 1};
  }
  rc = RMX_OK;
out:
  free(B.idx);
  free(B.feat);
  free(B.buf);
  free(B.mark);
  free(stack);
  return rc;
}

double *rmx_tree_presort_values(const RmxMatrix *X, const uint32_t *order) {
  size_t n = X->rows, p = X->cols;
  double *v = malloc((n * p + 1) * sizeof *v);
  if (!v) return NULL;
  for (size_t f = 0; f < p; f++)
    for (size_t q = 0; q < n; q++) v[f * n + q] = RMX_ML_AT(X, order[f * n + q], f);
  return v;
}

uint32_t *rmx_tree_presort(const RmxMatrix *X) {
  size_t n = X->rows, p = X->cols;
  uint32_t *ord = malloc((n * p + 1) * sizeof *ord);
  Item *buf = malloc((n + 1) * sizeof *buf);
  if (!ord || !buf) {
    free(ord);
    free(buf);
    return NULL;
  }
  for (size_t f = 0; f < p; f++) {
    for (size_t i = 0; i < n; i++) {
      buf[i].x = RMX_ML_AT(X, i, f);
      buf[i].i = i;
    }
    qsort(buf, n, sizeof *buf, cmp_item);
    for (size_t i = 0; i < n; i++) ord[f * n + i] = (uint32_t)buf[i].i;
  }
  free(buf);
  return ord;
}

int32_t rmx_tree_leaf(const RmxTree *t, const RmxMatrix *X, size_t row) {
  int32_t k = 0;
  while (t->left[k] >= 0)
    k = RMX_ML_AT(X, row, t->feature[k]) <= t->threshold[k] ? t->left[k] : t->right[k];
  return k;
}

double rmx_tree_predict_row(const RmxTree *t, const RmxMatrix *X, size_t row) {
  return t->value[rmx_tree_leaf(t, X, row)];
}

void rmx_tree_importance(const RmxTree *t, double *imp) {
  if (!t->n_nodes || !(t->weight[0] > 0)) return;
  for (size_t k = 0; k < t->n_nodes; k++)
    if (t->left[k] >= 0) imp[t->feature[k]] += t->gain[k] / t->weight[0];
}

void rmx_tree_save(RmxMlWriter *w, const RmxTree *t) {
  rmx_ml_put_u64(w, t->n_nodes);
  if (!t->n_nodes) return;
  rmx_ml_put(w, t->left, t->n_nodes * sizeof(int32_t));
  rmx_ml_put(w, t->right, t->n_nodes * sizeof(int32_t));
  rmx_ml_put(w, t->feature, t->n_nodes * sizeof(int32_t));
  rmx_ml_put_f64s(w, t->threshold, t->n_nodes);
  rmx_ml_put_f64s(w, t->value, t->n_nodes);
  rmx_ml_put_f64s(w, t->weight, t->n_nodes);
  rmx_ml_put_f64s(w, t->gain, t->n_nodes);
}

int rmx_tree_load(RmxMlReader *r, RmxTree *t, size_t n_features) {
  rmx_tree_init(t);
  size_t n = rmx_ml_get_count(r, r->left / 40);
  if (r->bad || n == 0) return -1;
  for (size_t k = 0; k < n; k++)
    if (rmx_tree_add(t, -1, 0, 0, 0) < 0) return -1;
  rmx_ml_get(r, t->left, n * sizeof(int32_t));
  rmx_ml_get(r, t->right, n * sizeof(int32_t));
  rmx_ml_get(r, t->feature, n * sizeof(int32_t));
  rmx_ml_get(r, t->threshold, n * sizeof(double));
  rmx_ml_get(r, t->value, n * sizeof(double));
  rmx_ml_get(r, t->weight, n * sizeof(double));
  rmx_ml_get(r, t->gain, n * sizeof(double));
  if (r->bad) return -1;
  /* children must point forward (pre-order) so walks terminate */
  for (size_t k = 0; k < n; k++) {
    int32_t a = t->left[k], b = t->right[k], f = t->feature[k];
    if (a < 0 && b < 0) continue;
    if (a <= (int32_t)k || b <= (int32_t)k || (size_t)a >= n || (size_t)b >= n || f < 0 ||
        (size_t)f >= n_features)
      return -1;
  }
  return 0;
}
