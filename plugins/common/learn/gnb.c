/* gnb.c: Gaussian naive Bayes for two classes. */
#include "ml_simple.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int rmx_gnb_fit(RmxGnb *m, const RmxMatrix *X, const double *y, const double *sw,
                double var_smoothing) {
  size_t n = X->rows, p = X->cols;
  memset(m, 0, sizeof *m);
  m->theta = calloc(2 * p + 1, sizeof *m->theta);
  m->var = calloc(2 * p + 1, sizeof *m->var);
  if (!m->theta || !m->var) {
    rmx_gnb_clear(m);
    return RMX_ERR_NOMEM;
  }
  m->p = p;
  double wc[2] = {0, 0}, eps = 0;
  for (size_t i = 0; i < n; i++) wc[y[i] > 0.5] += sw ? sw[i] : 1.0;
  if (!(wc[0] > 0 && wc[1] > 0)) {
    rmx_gnb_clear(m);
    return RMX_ERR_INVALID;
  }
  for (size_t c = 0; c < p; c++) {
    double mu = 0, v = 0;
    for (size_t i = 0; i < n; i++) mu += RMX_ML_AT(X, i, c);
    mu /= (double)n;
    for (size_t i = 0; i < n; i++) v += (RMX_ML_AT(X, i, c) - mu) * (RMX_ML_AT(X, i, c) - mu);
    v /= (double)n;
    eps = v > eps ? v : eps; /* the largest (unweighted) feature variance */
    for (int k = 0; k < 2; k++) {
      double s = 0, q = 0;
      for (size_t i = 0; i < n; i++)
        if ((y[i] > 0.5) == k) s += (sw ? sw[i] : 1.0) * RMX_ML_AT(X, i, c);
      double th = s / wc[k];
      for (size_t i = 0; i < n; i++)
        if ((y[i] > 0.5) == k) {
          double t = RMX_ML_AT(X, i, c) - th;
          q += (sw ? sw[i] : 1.0) * t * t;
        }
      m->theta[k * p + c] = th;
      m->var[k * p + c] = q / wc[k];
    }
  }
  eps *= var_smoothing;
  for (size_t c = 0; c < 2 * p; c++) m->var[c] += eps;
  m->prior[0] = wc[0] / (wc[0] + wc[1]);
  m->prior[1] = wc[1] / (wc[0] + wc[1]);
  return RMX_OK;
}

void rmx_gnb_predict(const RmxGnb *m, const RmxMatrix *X, double *proba) {
  size_t p = m->p;
  /* log(2 pi var) once per class and feature instead of once per row (same values) */
  double *lv = malloc((2 * p + 1) * sizeof *lv);
  if (lv)
    for (size_t c = 0; c < 2 * p; c++) lv[c] = log(2 * M_PI * m->var[c]);
  for (size_t r = 0; r < X->rows; r++) {
    double jll[2];
    for (int k = 0; k < 2; k++) {
      double s = log(m->prior[k]);
      for (size_t c = 0; c < p; c++) {
        double v = m->var[k * p + c], t = RMX_ML_AT(X, r, c) - m->theta[k * p + c];
        s -= 0.5 * (lv ? lv[k * p + c] : log(2 * M_PI * v)) + 0.5 * t * t / v;
      }
      jll[k] = s;
    }
    /* exp(jll1 - logsumexp(jll)), evaluated as scikit-learn does, so that
     * probabilities saturate at 1 (tie) exactly where theirs do */
    double amax = jll[0] > jll[1] ? jll[0] : jll[1];
    double lse = log(exp(jll[0] - amax) + exp(jll[1] - amax)) + amax;
    proba[r] = exp(jll[1] - lse);
  }
  free(lv);
}

void rmx_gnb_clear(RmxGnb *m) {
  free(m->theta);
  free(m->var);
  memset(m, 0, sizeof *m);
}

void rmx_gnb_save(RmxMlWriter *w, const RmxGnb *m) {
  rmx_ml_put_u64(w, m->p);
  rmx_ml_put_f64s(w, m->prior, 2);
  rmx_ml_put_f64s(w, m->theta, 2 * m->p);
  rmx_ml_put_f64s(w, m->var, 2 * m->p);
}

int rmx_gnb_load(RmxMlReader *r, RmxGnb *m) {
  memset(m, 0, sizeof *m);
  m->p = rmx_ml_get_count(r, r->left / 32);
  rmx_ml_get(r, m->prior, sizeof m->prior);
  if (r->bad || m->p == 0) return -1;
  m->theta = rmx_ml_get_f64s(r, 2 * m->p);
  m->var = rmx_ml_get_f64s(r, 2 * m->p);
  return m->theta && m->var ? 0 : -1;
}
