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
  m->x = malloc((n * p + 1) * sizeof *m->x);
  m->y = malloc((n + 1) * sizeof *m->y);
  m->w = malloc((n + 1) * sizeof *m->w);
  if (!m->x || !m->y || !m->w) {
    rmx_knn_clear(m);
    return RMX_ERR_NOMEM;
  }
  m->n = n;
  m->p = p;
  m->k = k;
  m->distance_weights = distance_weights;
  for (size_t i = 0; i < n; i++) {
    for (size_t c = 0; c < p; c++) m->x[i * p + c] = RMX_ML_AT(X, i, c);
    m->y[i] = y[i];
    m->w[i] = sw ? sw[i] : 1.0;
  }
  return RMX_OK;
}

int rmx_knn_predict(const RmxKnn *m, const RmxMatrix *X, double *proba) {
  DI *d = malloc((m->n + 1) * sizeof *d);
  if (!d) return RMX_ERR_NOMEM;
  size_t k = m->k < m->n ? m->k : m->n;
  for (size_t r = 0; r < X->rows; r++) {
    for (size_t i = 0; i < m->n; i++) {
      double s = 0;
      for (size_t c = 0; c < m->p; c++) {
        double t = RMX_ML_AT(X, r, c) - m->x[i * m->p + c];
        s += t * t;
      }
      d[i].d = sqrt(s);
      d[i].i = i;
    }
    qsort(d, m->n, sizeof *d, cmp_di);
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
  free(d);
  return RMX_OK;
}

void rmx_knn_clear(RmxKnn *m) {
  free(m->x);
  free(m->y);
  free(m->w);
  memset(m, 0, sizeof *m);
}

void rmx_knn_save(RmxMlWriter *w, const RmxKnn *m) {
  rmx_ml_put_u64(w, m->n);
  rmx_ml_put_u64(w, m->p);
  rmx_ml_put_u64(w, m->k);
  rmx_ml_put_u64(w, (uint64_t)m->distance_weights);
  rmx_ml_put_f64s(w, m->x, m->n * m->p);
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
  m->x = rmx_ml_get_f64s(r, m->n * m->p);
  m->y = rmx_ml_get_f64s(r, m->n);
  m->w = rmx_ml_get_f64s(r, m->n);
  return m->x && m->y && m->w ? 0 : -1;
}
