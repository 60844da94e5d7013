/* knn.c: brute-force k nearest neighbours with uniform or inverse-distance votes. */
#include "ml_simple.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct DI { double d; size_t i; } DI;

static int cmp_di(const void *a, const void *b) {
  const DI *p = a, *q = b;
  if (p->d < q->d) return -1;
  if (p->d > q->d) return 1;
  return p->i < q->i ? -1 : (p->i > q->i);
}

int rmx_knn_fit(RmxKnn *m, const RmxMatrix *X, const double *y, const double *sw, size_t k,
                int distance_weights) {
  size_t n = X->rows, p = X->cols;
  memset(m, 0, sizeof *m);
  m->y = malloc((n + 1) * sizeof *m->y);
  m->w = malloc((n + 1) * sizeof *m->w);
  if (rmx_pw_pack(&m->x, X, NULL, 0) != 0 || !m->y || !m->w) {
    rmx_knn_clear(m);
    return RMX_ERR_NOMEM;
  }
  m->n = n;
  m->p = p;
  m->k = k;
  m->distance_weights = distance_weights;
  for (size_t i = 0; i < n; i++) {
    m->y[i] = y[i];
    m->w[i] = sw ? sw[i] : 1.0;
  }
  return RMX_OK;
}

/* Whether (dist, i) comes before b in cmp_di's order. */
static int before(double dist, size_t i, const DI *b) {
  return dist < b->d || (!(dist > b->d) && i < b->i);
}

/* The k first of d[0..n) in cmp_di's order, into d[0..k): for a small k an
 * insertion buffer (O(n k)) instead of sorting all n (brute-force k-NN spent
 * 70% of its time in qsort); the same elements in the same order either way. */
#define SMALL_K 32
static void nearest(DI *d, size_t n, size_t k) {
  if (k > SMALL_K) {
    qsort(d, n, sizeof *d, cmp_di);
    return;
  }
  DI best[SMALL_K];
  size_t cnt = 0;
  for (size_t i = 0; i < n; i++) {
    if (cnt == k && !before(d[i].d, d[i].i, &best[k - 1])) continue;
    size_t at = cnt < k ? cnt++ : k - 1;
    while (at > 0 && before(d[i].d, d[i].i, &best[at - 1])) {
      best[at] = best[at - 1];
      at--;
    }
    best[at] = d[i];
  }
  memcpy(d, best, cnt * sizeof *d);
}

int rmx_knn_predict(const RmxKnn *m, const RmxMatrix *X, double *proba) {
  size_t n = m->n, p = m->p;
  DI *d = malloc((n + 1) * sizeof *d);
  double *row = malloc((p + 1) * sizeof *row);
  double *acc = malloc((n + 1) * sizeof *acc);
  if (!d || !row || !acc) {
    free(d);
    free(row);
    free(acc);
    return RMX_ERR_NOMEM;
  }
  size_t k = m->k < n ? m->k : n;
  for (size_t r = 0; r < X->rows; r++) {
    for (size_t c = 0; c < p; c++) row[c] = RMX_ML_AT(X, r, c); /* contiguous copy of the query */
    rmx_pw_sqdist(&m->x, row, 0, acc); /* each sum in feature order: the plain loop's values */
    for (size_t i = 0; i < n; i++) {
      d[i].d = sqrt(acc[i]);
      d[i].i = i;
    }
    nearest(d, n, k);
    double num = 0, den = 0;
    int exact = m->distance_weights && d[0].d == 0; /* exact matches take all the weight */
    for (size_t q = 0; q < k; q++) {
      double w = m->w[d[q].i];
      if (m->distance_weights) w = exact ? (d[q].d == 0 ? w : 0) : w / d[q].d;
      num += w * m->y[d[q].i];
      den += w;
    }
    proba[r] = den > 0 ? num / den : 0.5;
  }
  free(acc);
  free(row);
  free(d);
  return RMX_OK;
}

void rmx_knn_clear(RmxKnn *m) {
  rmx_pw_free(&m->x);
  free(m->y);
  free(m->w);
  memset(m, 0, sizeof *m);
}

/* The training rows are stored row-major (n x p), as before they were packed. */
void rmx_knn_save(RmxMlWriter *w, const RmxKnn *m) {
  rmx_ml_put_u64(w, m->n);
  rmx_ml_put_u64(w, m->p);
  rmx_ml_put_u64(w, m->k);
  rmx_ml_put_u64(w, (uint64_t)m->distance_weights);
  for (size_t i = 0; i < m->n; i++)
    for (size_t c = 0; c < m->p; c++)
      rmx_ml_put_f64(w, m->x.data[((i / RMX_PW_BLOCK) * m->p + c) * RMX_PW_BLOCK + i % RMX_PW_BLOCK]);
  rmx_ml_put_f64s(w, m->y, m->n);
  rmx_ml_put_f64s(w, m->w, m->n);
}

int rmx_knn_load(RmxMlReader *r, RmxKnn *m) {
  memset(m, 0, sizeof *m);
  m->n = rmx_ml_get_count(r, r->left / 8);
  m->p = rmx_ml_get_count(r, r->left / 8);
  m->k = rmx_ml_get_count(r, m->n);
  m->distance_weights = (int)rmx_ml_get_count(r, 1);
  if (r->bad || m->n == 0 || m->p == 0 || m->k == 0 || m->n > r->left / 8 / (m->p + 2)) return -1;
  double *x = rmx_ml_get_f64s(r, m->n * m->p);
  int ok = x && rmx_pw_pack_rowmajor(&m->x, x, m->n, m->p) == 0;
  free(x);
  m->y = rmx_ml_get_f64s(r, m->n);
  m->w = rmx_ml_get_f64s(r, m->n);
  return ok && m->y && m->w ? 0 : -1;
}
