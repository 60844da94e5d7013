/* svm.c: SMO solver for the C-SVC dual (WSS3 of Fan, Chen & Lin 2005), decision values, Platt probabilities. */
#include "ml_svm.h"

#include "ml_pairwise.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TAU 1e-12

typedef struct Kern {
  const RmxMatrix *X;
  int kernel;
  double gamma;
  size_t n;
  double *full; /* n x n when it fits, else NULL */
  double *col[2], *diag, *sq;
} Kern;

static double kval(const Kern *K, size_t i, size_t j) {
  const RmxMatrix *X = K->X;
  double d = 0;
  if (K->kernel == RMX_KERNEL_LINEAR) {
    for (size_t c = 0; c < X->cols; c++) d += RMX_ML_AT(X, i, c) * RMX_ML_AT(X, j, c);
    return d;
  }
  for (size_t c = 0; c < X->cols; c++) {
    double t = RMX_ML_AT(X, i, c) - RMX_ML_AT(X, j, c);
    d += t * t;
  }
  return exp(-K->gamma * d);
}

/* column i of the kernel matrix (slot 0 or 1 when computed on the fly) */
static const double *kcol(Kern *K, size_t i, int slot) {
  if (K->full) return K->full + i * K->n;
  for (size_t j = 0; j < K->n; j++) K->col[slot][j] = kval(K, i, j);
  return K->col[slot];
}

static int kern_init(Kern *K, const RmxMatrix *X, int kernel, double gamma) {
  size_t n = X->rows;
  memset(K, 0, sizeof *K);
  K->X = X;
  K->kernel = kernel;
  K->gamma = gamma;
  K->n = n;
  K->diag = malloc(n * sizeof *K->diag);
  if (!K->diag) return -1;
  for (size_t i = 0; i < n; i++) K->diag[i] = kval(K, i, i);
  if (n <= 6000) { /* up to ~290 MB: precompute */
    K->full = malloc(n * n * sizeof *K->full);
    double *row = malloc((X->cols + 1) * sizeof *row), *tmp = malloc(n * sizeof *tmp);
    RmxPacked pk;
    int packed = K->full && row && tmp && rmx_pw_pack(&pk, X, NULL, 0) == 0;
    if (packed) {
      /* kval's sums for j >= i, eight j side by side (ml_pairwise.h: same values) */
      for (size_t i = 0; i < n; i++) {
        for (size_t c = 0; c < X->cols; c++) row[c] = RMX_ML_AT(X, i, c);
        size_t from = i / RMX_PW_BLOCK * RMX_PW_BLOCK;
        if (kernel == RMX_KERNEL_LINEAR) rmx_pw_dot(&pk, row, from, tmp);
        else rmx_pw_sqdist(&pk, row, from, tmp);
        for (size_t j = i; j < n; j++) {
          double d = tmp[j - from];
          K->full[i + j * n] = K->full[j + i * n] = kernel == RMX_KERNEL_LINEAR ? d : exp(-gamma * d);
        }
      }
      rmx_pw_free(&pk);
    }
    free(row);
    free(tmp);
    if (packed) return 0;
    free(K->full);
    K->full = NULL;
  }
  K->col[0] = malloc(n * sizeof(double));
  K->col[1] = malloc(n * sizeof(double));
  return K->col[0] && K->col[1] ? 0 : -1;
}

static void kern_free(Kern *K) {
  free(K->full);
  free(K->col[0]);
  free(K->col[1]);
  free(K->diag);
  free(K->sq);
}

/* Whether t may move up (y_t a_t can grow) or down; these change only for the pair updated. */
enum { UP = 1, LOW = 2 };
static unsigned char side(double y, double a, double C) {
  return (unsigned char)((y > 0 ? a < C : a > 0) * UP | (y > 0 ? a > 0 : a < C) * LOW);
}

/* Solves the dual; alpha (n) out, *rho out. Returns 0 or 1 when max_iter hit. */
static int smo(Kern *K, const double *yy, const double *Cw, double tol, long max_iter,
               double *alpha, double *rho) {
  size_t n = K->n;
  double *G = malloc(n * sizeof *G);
  unsigned char *st = malloc(n + 1);
  if (!G || !st) {
    free(G);
    free(st);
    return -1;
  }
  /* i: maximal violating "up" index (the last of equal ones), found while G is updated */
  double gmax = -INFINITY;
  size_t i = (size_t)-1;
  for (size_t t = 0; t < n; t++) {
    alpha[t] = 0;
    G[t] = -1; /* gradient of 1/2 a'Qa - e'a at 0 */
    st[t] = side(yy[t], 0, Cw[t]);
    if ((st[t] & UP) && -yy[t] * G[t] >= gmax) {
      gmax = -yy[t] * G[t];
      i = t;
    }
  }
  int hit = 0;
  for (long it = 0;; it++) {
    if (max_iter > 0 && it >= max_iter) {
      hit = 1;
      break;
    }
    if (i == (size_t)-1) break;
    const double *Ki = kcol(K, i, 0);
    double best = INFINITY, gmax2 = -INFINITY, di = K->diag[i];
    size_t j = (size_t)-1;
    for (size_t t = 0; t < n; t++) {
      if (!(st[t] & LOW)) continue;
      double v = yy[t] * G[t];
      if (v > gmax2) gmax2 = v;
      double b = gmax + v;
      if (b > 0) {
        double a = di + K->diag[t] - 2 * Ki[t];
        if (a <= 0) a = TAU;
        double obj = -b * b / a;
        if (obj <= best) {
          best = obj;
          j = t;
        }
      }
    }
    if (gmax + gmax2 < tol || j == (size_t)-1) break;
    /* move along y_i e_i - y_j e_j: step delta >= 0 clipped to the box */
    const double *Kj = kcol(K, j, 1);
    if (K->full) Ki = kcol(K, i, 0);
    double a = K->diag[i] + K->diag[j] - 2 * Ki[j];
    if (a <= 0) a = TAU;
    double b = -yy[i] * G[i] + yy[j] * G[j], delta = b / a;
    double lim_i = yy[i] > 0 ? Cw[i] - alpha[i] : alpha[i];
    double lim_j = yy[j] > 0 ? alpha[j] : Cw[j] - alpha[j];
    if (delta > lim_i) delta = lim_i;
    if (delta > lim_j) delta = lim_j;
    alpha[i] += yy[i] * delta;
    alpha[j] -= yy[j] * delta;
    if (delta == lim_i) alpha[i] = yy[i] > 0 ? Cw[i] : 0; /* land exactly on the bound */
    if (delta == lim_j) alpha[j] = yy[j] > 0 ? 0 : Cw[j];
    st[i] = side(yy[i], alpha[i], Cw[i]);
    st[j] = side(yy[j], alpha[j], Cw[j]);
    gmax = -INFINITY;
    i = (size_t)-1;
    for (size_t t = 0; t < n; t++) {
      G[t] += yy[t] * delta * (Ki[t] - Kj[t]);
      if ((st[t] & UP) && -yy[t] * G[t] >= gmax) {
        gmax = -yy[t] * G[t];
        i = t;
      }
    }
  }
  free(st);
  /* rho: mean of y G over free vectors, else the middle of the feasible interval */
  double ub = INFINITY, lb = -INFINITY, sum = 0;
  size_t nfree = 0;
  for (size_t t = 0; t < n; t++) {
    double yg = yy[t] * G[t];
    if (alpha[t] >= Cw[t]) {
      if (yy[t] < 0) ub = fmin(ub, yg);
      else lb = fmax(lb, yg);
    } else if (alpha[t] <= 0) {
      if (yy[t] > 0) ub = fmin(ub, yg);
      else lb = fmax(lb, yg);
    } else {
      sum += yg;
      nfree++;
    }
  }
  *rho = nfree ? sum / (double)nfree : 0.5 * (ub + lb);
  free(G);
  return hit;
}

void rmx_svm_clear(RmxSvm *m) {
  free(m->sv);
  free(m->coef);
  free(m->w);
  memset(m, 0, sizeof *m);
}

static int fit_core(RmxSvm *m, const RmxMatrix *X, const double *y, const double *sw,
                    const RmxSvmOpts *o, double gamma) {
  size_t n = X->rows, p = X->cols;
  memset(m, 0, sizeof *m);
  m->kernel = o->kernel;
  m->gamma = gamma;
  m->p = p;
  double *yy = malloc(n * sizeof *yy), *Cw = malloc(n * sizeof *Cw), *al = malloc(n * sizeof *al);
  Kern K;
  int rc = RMX_ERR_NOMEM, krc = kern_init(&K, X, o->kernel, gamma);
  if (!yy || !Cw || !al || krc) goto out;
  for (size_t i = 0; i < n; i++) {
    yy[i] = y[i] > 0.5 ? 1.0 : -1.0;
    Cw[i] = o->C * (sw ? sw[i] : 1.0);
  }
  int s = smo(&K, yy, Cw, o->tol, o->max_iter, al, &m->rho);
  if (s < 0) goto out;
  rc = s ? RMX_ERR_NUMERIC : RMX_OK;
  for (size_t i = 0; i < n; i++) m->n_sv += al[i] > 0;
  if (o->kernel == RMX_KERNEL_LINEAR) {
    m->w = calloc(p ? p : 1, sizeof *m->w);
    if (!m->w) {
      rc = RMX_ERR_NOMEM;
      goto out;
    }
    for (size_t i = 0; i < n; i++)
      if (al[i] > 0)
        for (size_t c = 0; c < p; c++) m->w[c] += al[i] * yy[i] * RMX_ML_AT(X, i, c);
    m->n_sv = 0;
  } else {
    m->sv = malloc((m->n_sv * p + 1) * sizeof *m->sv);
    m->coef = malloc((m->n_sv + 1) * sizeof *m->coef);
    if (!m->sv || !m->coef) {
      rc = RMX_ERR_NOMEM;
      goto out;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
      if (!(al[i] > 0)) continue;
      for (size_t c = 0; c < p; c++) m->sv[k * p + c] = RMX_ML_AT(X, i, c);
      m->coef[k++] = al[i] * yy[i];
    }
  }
out:
  if (!krc) kern_free(&K);
  free(yy);
  free(Cw);
  free(al);
  return rc;
}

void rmx_svm_decision(const RmxSvm *m, const RmxMatrix *X, double *f) {
  if (m->kernel == RMX_KERNEL_LINEAR) {
    for (size_t r = 0; r < X->rows; r++) {
      double s = -m->rho;
      for (size_t c = 0; c < m->p; c++) s += m->w[c] * RMX_ML_AT(X, r, c);
      f[r] = s;
    }
    return;
  }
  /* RBF: each row's squared distances to all support vectors, eight at a time
   * (ml_pairwise.h: the plain loop's values); the plain loop if out of memory */
  double *row = malloc((m->p + 1) * sizeof *row), *d = malloc((m->n_sv + 1) * sizeof *d);
  RmxPacked pk;
  int packed = row && d && rmx_pw_pack_rowmajor(&pk, m->sv, m->n_sv, m->p) == 0;
  for (size_t r = 0; r < X->rows; r++) {
    double s = -m->rho;
    if (packed) {
      for (size_t c = 0; c < m->p; c++) row[c] = RMX_ML_AT(X, r, c);
      rmx_pw_sqdist(&pk, row, 0, d);
      for (size_t k = 0; k < m->n_sv; k++) s += m->coef[k] * exp(-m->gamma * d[k]);
    } else {
      for (size_t k = 0; k < m->n_sv; k++) {
        const double *sv = m->sv + k * m->p;
        double dk = 0;
        for (size_t c = 0; c < m->p; c++) {
          double t = RMX_ML_AT(X, r, c) - sv[c];
          dk += t * t;
        }
        s += m->coef[k] * exp(-m->gamma * dk);
      }
    }
    f[r] = s;
  }
  if (packed) rmx_pw_free(&pk);
  free(row);
  free(d);
}

void rmx_platt_fit(const double *f, const double *y, size_t n, double *A, double *B) {
  double np = 0, nn = 0;
  for (size_t i = 0; i < n; i++) {
    if (y[i] > 0.5) np++;
    else nn++;
  }
  double hi = (np + 1) / (np + 2), lo = 1 / (nn + 2), a = 0, b = log((nn + 1) / (np + 1));
  /* negative log-likelihood with targets t: sum t*z + log(1 + exp(-z)), z = a f + b */
#define NLL(a_, b_, out)                                                 \
  do {                                                                   \
    out = 0;                                                             \
    for (size_t i = 0; i < n; i++) {                                     \
      double z = (a_) * f[i] + (b_), t = y[i] > 0.5 ? hi : lo;           \
      out += z >= 0 ? t * z + log1p(exp(-z)) : (t - 1) * z + log1p(exp(z)); \
    }                                                                    \
  } while (0)
  double fv;
  NLL(a, b, fv);
  for (int it = 0; it < 100; it++) {
    double h11 = 1e-12, h22 = 1e-12, h21 = 0, g1 = 0, g2 = 0;
    for (size_t i = 0; i < n; i++) {
      double z = a * f[i] + b, t = y[i] > 0.5 ? hi : lo, pp, q;
      if (z >= 0) {
        pp = exp(-z) / (1 + exp(-z));
        q = 1 / (1 + exp(-z));
      } else {
        pp = 1 / (1 + exp(z));
        q = exp(z) / (1 + exp(z));
      }
      double d2 = pp * q, d1 = t - pp;
      h11 += f[i] * f[i] * d2;
      h22 += d2;
      h21 += f[i] * d2;
      g1 += f[i] * d1;
      g2 += d1;
    }
    if (fabs(g1) < 1e-5 && fabs(g2) < 1e-5) break;
    double det = h11 * h22 - h21 * h21;
    double da = -(h22 * g1 - h21 * g2) / det, db = -(-h21 * g1 + h11 * g2) / det;
    double gd = g1 * da + g2 * db, step = 1;
    while (step >= 1e-10) {
      double na = a + step * da, nb = b + step * db, nf;
      NLL(na, nb, nf);
      if (nf < fv + 1e-4 * step * gd) {
        a = na;
        b = nb;
        fv = nf;
        break;
      }
      step /= 2;
    }
    if (step < 1e-10) break;
  }
#undef NLL
  *A = a;
  *B = b;
}

int rmx_svm_fit(RmxSvm *m, const RmxMatrix *X, const double *y, const double *sw,
                const RmxSvmOpts *o) {
  size_t n = X->rows, p = X->cols;
  double gamma = o->gamma;
  if (o->kernel == RMX_KERNEL_RBF && !(gamma > 0)) { /* "scale" */
    double s = 0, ss = 0, cnt = (double)n * (double)p;
    for (size_t c = 0; c < p; c++)
      for (size_t r = 0; r < n; r++) s += RMX_ML_AT(X, r, c);
    double mu = s / cnt;
    for (size_t c = 0; c < p; c++)
      for (size_t r = 0; r < n; r++) ss += (RMX_ML_AT(X, r, c) - mu) * (RMX_ML_AT(X, r, c) - mu);
    double var = ss / cnt;
    gamma = var > 0 ? 1.0 / ((double)p * var) : 1.0;
  }
  int rc = fit_core(m, X, y, sw, o, gamma);
  if ((rc != RMX_OK && rc != RMX_ERR_NUMERIC) || !o->probability) return rc;
  /* Platt on decisions of a seeded 5-fold internal cross-validation */
  size_t *perm = malloc(n * sizeof *perm);
  double *dec = malloc(n * sizeof *dec), *sub = malloc(n * (p + 1) * sizeof *sub);
  double *ys = malloc(n * sizeof *ys), *ws = malloc(n * sizeof *ws);
  if (!perm || !dec || !sub || !ys || !ws) {
    rc = RMX_ERR_NOMEM;
    goto out;
  }
  RmxRng rng;
  rmx_rng_seed(&rng, o->seed, 0);
  for (size_t i = 0; i < n; i++) perm[i] = i;
  for (size_t i = 0; i + 1 < n; i++) {
    size_t r = i + (size_t)rmx_rng_below(&rng, n - i), t = perm[i];
    perm[i] = perm[r];
    perm[r] = t;
  }
  for (size_t k = 0; k < 5; k++) {
    size_t lo = k * n / 5, hi = (k + 1) * n / 5, m_tr = 0;
    double npos = 0, nneg = 0;
    for (size_t q = 0; q < n; q++) {
      if (q >= lo && q < hi) continue;
      size_t i = perm[q];
      for (size_t c = 0; c < p; c++) sub[m_tr + c * (n - (hi - lo))] = RMX_ML_AT(X, i, c);
      ys[m_tr] = y[i];
      ws[m_tr] = sw ? sw[i] : 1.0;
      npos += y[i] > 0.5;
      nneg += y[i] <= 0.5;
      m_tr++;
    }
    if (npos == 0 || nneg == 0) { /* one class only: libsvm's convention */
      for (size_t q = lo; q < hi; q++) dec[perm[q]] = npos > 0 ? 1 : -1;
      continue;
    }
    RmxMatrix S = rmx_ml_view(sub, m_tr, p, m_tr ? m_tr : 1);
    RmxSvm fm;
    RmxSvmOpts fo = *o;
    fo.probability = 0;
    fo.gamma = gamma;
    int frc = fit_core(&fm, &S, ys, ws, &fo, gamma);
    if (frc != RMX_OK && frc != RMX_ERR_NUMERIC) {
      rmx_svm_clear(&fm);
      rc = frc;
      goto out;
    }
    for (size_t q = lo; q < hi; q++) {
      size_t i = perm[q];
      RmxMatrix one = rmx_ml_view(X->data + i, 1, p, X->ld);
      rmx_svm_decision(&fm, &one, &dec[i]);
    }
    rmx_svm_clear(&fm);
  }
  rmx_platt_fit(dec, y, n, &m->platt_a, &m->platt_b);
  m->has_platt = 1;
out:
  free(perm);
  free(dec);
  free(sub);
  free(ys);
  free(ws);
  return rc;
}

void rmx_svm_proba(const RmxSvm *m, const RmxMatrix *X, double *pr) {
  rmx_svm_decision(m, X, pr);
  for (size_t r = 0; r < X->rows; r++) {
    double z = m->has_platt ? m->platt_a * pr[r] + m->platt_b : -pr[r];
    pr[r] = rmx_ml_sigmoid(-z);
  }
}

void rmx_svm_save(RmxMlWriter *w, const RmxSvm *m) {
  rmx_ml_put_u64(w, (uint64_t)m->kernel);
  rmx_ml_put_f64(w, m->gamma);
  rmx_ml_put_f64(w, m->rho);
  rmx_ml_put_u64(w, m->p);
  rmx_ml_put_u64(w, m->n_sv);
  rmx_ml_put_u64(w, (uint64_t)m->has_platt);
  rmx_ml_put_f64(w, m->platt_a);
  rmx_ml_put_f64(w, m->platt_b);
  if (m->kernel == RMX_KERNEL_LINEAR) rmx_ml_put_f64s(w, m->w, m->p);
  else {
    rmx_ml_put_f64s(w, m->sv, m->n_sv * m->p);
    rmx_ml_put_f64s(w, m->coef, m->n_sv);
  }
}

int rmx_svm_load(RmxMlReader *r, RmxSvm *m) {
  memset(m, 0, sizeof *m);
  m->kernel = (int)rmx_ml_get_count(r, 1);
  m->gamma = rmx_ml_get_f64(r);
  m->rho = rmx_ml_get_f64(r);
  m->p = rmx_ml_get_count(r, r->left / 8);
  m->n_sv = rmx_ml_get_count(r, r->left / 8);
  m->has_platt = (int)rmx_ml_get_count(r, 1);
  m->platt_a = rmx_ml_get_f64(r);
  m->platt_b = rmx_ml_get_f64(r);
  if (r->bad || m->p == 0) return -1;
  if (m->kernel == RMX_KERNEL_LINEAR) {
    m->w = rmx_ml_get_f64s(r, m->p);
    return m->w ? 0 : -1;
  }
  if (m->n_sv > r->left / 8 / (m->p + 1)) return -1;
  m->sv = rmx_ml_get_f64s(r, m->n_sv * m->p);
  m->coef = rmx_ml_get_f64s(r, m->n_sv);
  return m->sv && m->coef ? 0 : -1;
}
