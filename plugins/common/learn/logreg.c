/* logreg.c: logistic regression: L2 by damped Newton (primal or Woodbury in sample space), L1/elastic-net by proximal Newton with coordinate descent. */
#include "ml_lapack.h"
#include "ml_linear.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct Prob {
  const RmxMatrix *X;
  const double *y, *sw;
  double C, a1, a2; /* C, L1 and L2 strengths */
  size_t n, p;
} Prob;

/* margins m = Xw + b */
static void margins(const Prob *P, const double *w, double b, double *m) {
  for (size_t i = 0; i < P->n; i++) m[i] = b;
  if (P->p)
    cblas_dgemv(CblasColMajor, CblasNoTrans, (int)P->n, (int)P->p, 1.0, P->X->data,
                (int)P->X->ld, w, 1, 1.0, m, 1);
}

/* smooth objective C*sum sw*loss + a2/2 |w|^2 (+ a1 |w|_1) */
static double objective(const Prob *P, const double *w, double b, double *m) {
  margins(P, w, b, m);
  double f = 0, ww = 0, w1 = 0;
  for (size_t i = 0; i < P->n; i++)
    f += (P->sw ? P->sw[i] : 1.0) * (rmx_ml_log1pexp(m[i]) - P->y[i] * m[i]);
  for (size_t j = 0; j < P->p; j++) {
    ww += w[j] * w[j];
    w1 += fabs(w[j]);
  }
  return P->C * f + 0.5 * P->a2 * ww + P->a1 * w1;
}

/* gradient of the smooth part at margins m; r receives C*sw*(p - y), W the Hessian weights */
static void gradient(const Prob *P, const double *w, const double *m, double *gw, double *gb,
                     double *r, double *W) {
  double sb = 0;
  for (size_t i = 0; i < P->n; i++) {
    double s = P->C * (P->sw ? P->sw[i] : 1.0), pr = rmx_ml_sigmoid(m[i]);
    r[i] = s * (pr - P->y[i]);
    if (W) W[i] = s * pr * (1 - pr);
    sb += r[i];
  }
  *gb = sb;
  for (size_t j = 0; j < P->p; j++) gw[j] = P->a2 * w[j];
  if (P->p)
    cblas_dgemv(CblasColMajor, CblasTrans, (int)P->n, (int)P->p, 1.0, P->X->data, (int)P->X->ld,
                r, 1, 1.0, gw, 1);
}

static double max_abs(const double *v, size_t n, double extra) {
  double g = fabs(extra);
  for (size_t j = 0; j < n; j++)
    if (fabs(v[j]) > g) g = fabs(v[j]);
  return g;
}

/* Newton direction by the (p+1)^2 primal system; returns 0 or -1 */
static int dir_primal(const Prob *P, const double *W, const double *gw, double gb, double *dw,
                      double *db) {
  size_t n = P->n, p = P->p, q = p + 1;
  double *A = malloc(n * q * sizeof *A), *H = calloc(q * q, sizeof *H);
  if (!A || !H) {
    free(A);
    free(H);
    return -1;
  }
  for (size_t i = 0; i < n; i++) {
    double s = sqrt(W[i]);
    for (size_t j = 0; j < p; j++) A[i + j * n] = s * RMX_ML_AT(P->X, i, j);
    A[i + p * n] = s;
  }
  cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, (int)q, (int)n, 1.0, A, (int)n, 0.0, H, (int)q);
  for (size_t j = 0; j < p; j++) H[j + j * q] += P->a2;
  H[p + p * q] += 1e-12 * (1.0 + H[p + p * q]); /* unpenalised intercept: keep H definite */
  for (size_t j = 0; j < p; j++) dw[j] = -gw[j];
  dw[p] = -gb; /* dw has room for q entries */
  int qi = (int)q, one = 1, info = 0;
  dpotrf_("U", &qi, H, &qi, &info, 1);
  if (info == 0) dpotrs_("U", &qi, &one, H, &qi, dw, &qi, &info, 1);
  *db = dw[p];
  free(A);
  free(H);
  return info == 0 ? 0 : -1;
}

/* A^-1 v for A = a2 I + X^T W X through the n x n factor M = a2 I + S K S (upper Cholesky) */
static void woodbury_apply(const Prob *P, const double *M, const double *s, const double *v,
                           double *out, double *t) {
  size_t n = P->n, p = P->p;
  int ni = (int)n, one = 1, info = 0;
  cblas_dgemv(CblasColMajor, CblasNoTrans, ni, (int)p, 1.0, P->X->data, (int)P->X->ld, v, 1, 0.0,
              t, 1);
  for (size_t i = 0; i < n; i++) t[i] *= s[i];
  dpotrs_("U", &ni, &one, M, &ni, t, &ni, &info, 1);
  for (size_t i = 0; i < n; i++) t[i] *= s[i];
  for (size_t j = 0; j < p; j++) out[j] = v[j];
  cblas_dgemv(CblasColMajor, CblasTrans, ni, (int)p, -1.0, P->X->data, (int)P->X->ld, t, 1, 1.0,
              out, 1);
  for (size_t j = 0; j < p; j++) out[j] /= P->a2;
}

/* Newton direction in sample space (p > n), K = X X^T (upper part used) */
static int dir_woodbury(const Prob *P, const double *K, const double *W, const double *gw,
                        double gb, double *dw, double *db) {
  size_t n = P->n, p = P->p;
  double *M = malloc(n * n * sizeof *M), *s = malloc(n * sizeof *s), *t = malloc(n * sizeof *t);
  double *c = malloc(p * sizeof *c), *Ac = malloc(p * sizeof *Ac);
  int rc = -1;
  if (!M || !s || !t || !c || !Ac) goto out;
  for (size_t i = 0; i < n; i++) s[i] = sqrt(W[i]);
  for (size_t j = 0; j < n; j++)
    for (size_t i = 0; i <= j; i++) M[i + j * n] = s[i] * K[i + j * n] * s[j] + (i == j ? P->a2 : 0);
  int ni = (int)n, info = 0;
  dpotrf_("U", &ni, M, &ni, &info, 1);
  if (info != 0) goto out;
  /* c = X^T W 1, sW = 1^T W 1 */
  double sW = 0;
  for (size_t i = 0; i < n; i++) {
    t[i] = W[i];
    sW += W[i];
  }
  cblas_dgemv(CblasColMajor, CblasTrans, ni, (int)p, 1.0, P->X->data, (int)P->X->ld, t, 1, 0.0, c,
              1);
  woodbury_apply(P, M, s, gw, dw, t); /* dw = A^-1 gw */
  woodbury_apply(P, M, s, c, Ac, t);
  double den = sW - cblas_ddot((int)p, c, 1, Ac, 1);
  double bsol = den > 1e-300 ? (gb - cblas_ddot((int)p, c, 1, dw, 1)) / den : 0;
  for (size_t j = 0; j < p; j++) dw[j] = -(dw[j] - Ac[j] * bsol);
  *db = -bsol;
  rc = 0;
out:
  free(M);
  free(s);
  free(t);
  free(c);
  free(Ac);
  return rc;
}

/* L2 Newton with Armijo backtracking; K may be NULL (computed when p > n) */
static int newton_l2(const Prob *P, const double *K, double tol, int max_iter, double *w,
                     double *b, int *n_iter) {
  size_t n = P->n, p = P->p;
  double *m = malloc(n * sizeof *m), *r = malloc(n * sizeof *r), *W = malloc(n * sizeof *W);
  double *gw = malloc((p + 1) * sizeof *gw), *dw = malloc((p + 1) * sizeof *dw);
  double *wn = malloc((p + 1) * sizeof *wn), *Kown = NULL;
  int rc = RMX_ERR_NOMEM, it = 0;
  if (!m || !r || !W || !gw || !dw || !wn) goto out;
  int use_k = p > n;
  if (use_k && !K) {
    Kown = calloc(n * n, sizeof *Kown);
    if (!Kown) goto out;
    cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, (int)n, (int)p, 1.0, P->X->data,
                (int)P->X->ld, 0.0, Kown, (int)n);
    K = Kown;
  }
  double f = objective(P, w, *b, m), gb;
  rc = RMX_ERR_NUMERIC;
  for (it = 0; it <= max_iter; it++) {
    gradient(P, w, m, gw, &gb, r, W);
    if (max_abs(gw, p, gb) <= tol) {
      rc = RMX_OK;
      break;
    }
    if (it == max_iter) break;
    double db;
    int ok = use_k ? dir_woodbury(P, K, W, gw, gb, dw, &db) : dir_primal(P, W, gw, gb, dw, &db);
    if (ok != 0) break;
    double slope = cblas_ddot((int)p, gw, 1, dw, 1) + gb * db, t = 1, fn = f, bn = *b;
    if (!(slope < 0)) break; /* no descent left: round-off floor */
    int accepted = 0;
    /* below the objective's round-off the decrease cannot be measured:
     * this close, the full Newton step is safe */
    int tiny = -slope < 1e-11 * (1.0 + fabs(f));
    for (int ls = 0; ls < 60; ls++, t *= 0.5) {
      for (size_t j = 0; j < p; j++) wn[j] = w[j] + t * dw[j];
      bn = *b + t * db;
      fn = objective(P, wn, bn, m);
      if (tiny || fn <= f + 1e-4 * t * slope) {
        accepted = 1;
        break;
      }
    }
    if (!accepted) {
      margins(P, w, *b, m);
      /* at the round-off floor a tiny gradient is as good as it gets */
      if (max_abs(gw, p, gb) <= sqrt(tol)) rc = RMX_OK;
      break;
    }
    memcpy(w, wn, p * sizeof *w);
    *b = bn;
    f = fn;
  }
out:
  if (n_iter) *n_iter = it;
  free(m);
  free(r);
  free(W);
  free(gw);
  free(dw);
  free(wn);
  free(Kown);
  return rc;
}

static double soft(double u, double a) { return u > a ? u - a : (u < -a ? u + a : 0); }

/* Proximal Newton for L1 / elastic net: quadratic model solved by cyclic coordinate descent */
static int prox_newton(const Prob *P, double tol, int max_iter, double *w, double *b, int *n_iter) {
  size_t n = P->n, p = P->p;
  double *m = malloc(n * sizeof *m), *r = malloc(n * sizeof *r), *W = malloc(n * sizeof *W);
  double *gw = malloc((p + 1) * sizeof *gw), *d = calloc(p + 1, sizeof *d);
  double *q = malloc(n * sizeof *q), *hjj = malloc((p + 1) * sizeof *hjj);
  double *wn = malloc((p + 1) * sizeof *wn);
  int rc = RMX_ERR_NOMEM, it = 0;
  if (!m || !r || !W || !gw || !d || !q || !hjj || !wn) goto out;
  double f = objective(P, w, *b, m), gb;
  rc = RMX_ERR_NUMERIC;
  for (it = 0; it < max_iter; it++) {
    gradient(P, w, m, gw, &gb, r, W);
    double sW = 0;
    for (size_t i = 0; i < n; i++) {
      W[i] = W[i] > 1e-12 * P->C ? W[i] : 1e-12 * P->C; /* keep the model strictly convex */
      sW += W[i];
      q[i] = 0; /* q = X d + db */
    }
    for (size_t j = 0; j < p; j++) {
      double h = P->a2;
      for (size_t i = 0; i < n; i++) h += W[i] * RMX_ML_AT(P->X, i, j) * RMX_ML_AT(P->X, i, j);
      hjj[j] = h > 1e-300 ? h : 1e-300;
      d[j] = 0;
    }
    double db = 0;
    for (int pass = 0; pass < 100; pass++) {
      double big = 0;
      for (size_t j = 0; j < p; j++) {
        double g = gw[j] + P->a2 * d[j];
        for (size_t i = 0; i < n; i++) g += W[i] * RMX_ML_AT(P->X, i, j) * q[i];
        double cur = w[j] + d[j];
        double nw = soft(hjj[j] * cur - g, P->a1) / hjj[j], delta = nw - cur;
        if (delta != 0) {
          d[j] += delta;
          for (size_t i = 0; i < n; i++) q[i] += delta * RMX_ML_AT(P->X, i, j);
          if (fabs(delta) > big) big = fabs(delta);
        }
      }
      double g = gb;
      for (size_t i = 0; i < n; i++) g += W[i] * q[i];
      double delta = -g / sW;
      db += delta;
      for (size_t i = 0; i < n; i++) q[i] += delta;
      if (fabs(delta) > big) big = fabs(delta);
      if (big <= 0.1 * tol) break;
    }
    /* decrease predicted by the model, for Armijo */
    double pred = gb * db, l1o = 0, l1n = 0;
    for (size_t j = 0; j < p; j++) {
      pred += gw[j] * d[j];
      l1o += fabs(w[j]);
      l1n += fabs(w[j] + d[j]);
    }
    pred += P->a1 * (l1n - l1o);
    double t = 1, fn = f, bn = *b, step = max_abs(d, p, db);
    int accepted = 0;
    for (int ls = 0; ls < 60; ls++, t *= 0.5) {
      for (size_t j = 0; j < p; j++) wn[j] = w[j] + t * d[j];
      bn = *b + t * db;
      fn = objective(P, wn, bn, m);
      if (fn <= f + 1e-4 * t * (pred < 0 ? pred : 0)) {
        accepted = 1;
        break;
      }
    }
    if (!accepted) {
      margins(P, w, *b, m);
      if (step <= sqrt(tol)) rc = RMX_OK;
      break;
    }
    memcpy(w, wn, p * sizeof *w);
    *b = bn;
    f = fn;
    if (t * step <= tol) {
      rc = RMX_OK;
      break;
    }
  }
out:
  if (n_iter) *n_iter = it;
  free(m);
  free(r);
  free(W);
  free(gw);
  free(d);
  free(q);
  free(hjj);
  free(wn);
  return rc;
}

int rmx_logreg_fit(const RmxMatrix *X, const double *y, const double *sw,
                   const RmxLogregOpts *o, int warm, double *w, double *b, int *n_iter) {
  Prob P = {X, y, sw, o->C, 0, 1, X->rows, X->cols};
  if (!warm) {
    memset(w, 0, X->cols * sizeof *w);
    *b = 0;
  }
  if (o->penalty == RMX_PENALTY_L2)
    return newton_l2(&P, NULL, o->tol, o->max_iter, w, b, n_iter);
  P.a1 = o->penalty == RMX_PENALTY_L1 ? 1.0 : o->l1_ratio;
  P.a2 = 1.0 - P.a1;
  return prox_newton(&P, o->tol, o->max_iter, w, b, n_iter);
}

double rmx_logreg_l2_grad_max(const RmxMatrix *X, const double *y, const double *sw, double C,
                              const double *w, double b) {
  Prob P = {X, y, sw, C, 0, 1, X->rows, X->cols};
  double *m = malloc(P.n * sizeof *m), *r = malloc(P.n * sizeof *r);
  double *gw = malloc((P.p + 1) * sizeof *gw), gb = 0, g = INFINITY;
  if (m && r && gw) {
    margins(&P, w, b, m);
    gradient(&P, w, m, gw, &gb, r, NULL);
    g = max_abs(gw, P.p, gb);
  }
  free(m);
  free(r);
  free(gw);
  return g;
}

int rmx_logreg_rfe(const RmxMatrix *X, const double *y, double C, double tol, size_t *ranking) {
  size_t n = X->rows, p = X->cols;
  double *A = malloc((n * p + 1) * sizeof *A), *w = calloc(p + 1, sizeof *w);
  size_t *orig = malloc((p ? p : 1) * sizeof *orig);
  double *K = NULL, b = 0;
  int rc = RMX_ERR_NOMEM;
  if (!A || !w || !orig) goto out;
  for (size_t j = 0; j < p; j++) {
    memcpy(A + j * n, X->data + j * X->ld, n * sizeof *A);
    orig[j] = j;
  }
  if (p > n) {
    K = calloc(n * n, sizeof *K);
    if (!K) goto out;
    cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, (int)n, (int)p, 1.0, A, (int)n, 0.0, K,
                (int)n);
  }
  rc = RMX_OK;
  for (size_t k = p; k >= 2; k--) {
    RmxMatrix V = rmx_ml_view(A, n, k, n);
    Prob P = {&V, y, NULL, C, 0, 1, n, k};
    rc = newton_l2(&P, k > n ? K : NULL, tol, 200, w, &b, NULL);
    if (rc != RMX_OK) goto out;
    size_t jmin = 0;
    for (size_t j = 1; j < k; j++) {
      double a = w[j] * w[j], c = w[jmin] * w[jmin];
      if (a < c || (a == c && orig[j] < orig[jmin])) jmin = j;
    }
    ranking[k - 1] = orig[jmin];
    if (k > n) /* K -= x x^T for the dropped column */
      cblas_dsyr(CblasColMajor, CblasUpper, (int)n, -1.0, A + jmin * n, 1, K, (int)n);
    if (jmin != k - 1) {
      memcpy(A + jmin * n, A + (k - 1) * n, n * sizeof *A);
      w[jmin] = w[k - 1];
      orig[jmin] = orig[k - 1];
    }
  }
  if (p >= 1) ranking[0] = orig[0];
out:
  free(A);
  free(w);
  free(orig);
  free(K);
  return rc;
}
