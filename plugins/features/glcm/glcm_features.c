/* glcm_features.c: the GLCM features of one normalised co-occurrence matrix. */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "glcm_core.h"

#define EPS 2.220446049250313e-16 /* numpy.spacing(1) */

/* x * log2(x + eps), PyRadiomics' entropy term; IBSI drops the eps. */
static inline double xlog2(double x, int ibsi) {
  if (ibsi) return x > 0 ? x * log2(x) : 0.0;
  return x * log2(x + EPS);
}

/* Two doubles at a time (SSE2 on x86-64, plain code elsewhere); element-wise
 * operations round exactly as the scalar ones. */
typedef double v2d __attribute__((vector_size(16)));
typedef int64_t v2di __attribute__((vector_size(16)));
static inline v2d ld2(const double *x) { v2d r; memcpy(&r, x, sizeof r); return r; }
static inline void st2(double *x, v2d r) { memcpy(x, &r, sizeof r); }

/* Householder reduction of symmetric a (n x n, column-major, lower triangle
 * used and overwritten) to tridiagonal form: diagonal d[n], sub-diagonal e[n-1]. */
static void tridiagonalize(double *a, int n, double *d, double *e, double *v, double *p) {
  for (int k = 0; k < n - 2; k++) {
    int m = n - k - 1;
    double *x = a + (k + 1) + (size_t)k * n, norm = 0;
    for (int i = 0; i < m; i++) norm += x[i] * x[i];
    norm = sqrt(norm);
    d[k] = a[k + (size_t)k * n];
    if (norm == 0) { e[k] = 0; continue; }
    double alpha = x[0] > 0 ? -norm : norm, vtv = 0;
    for (int i = 0; i < m; i++) v[i] = x[i];
    v[0] -= alpha;
    for (int i = 0; i < m; i++) vtv += v[i] * v[i];
    e[k] = alpha;
    if (vtv == 0) continue;
    double beta = 2 / vtv, kk = 0, *b = a + (k + 1) + (size_t)(k + 1) * n;
    /* B <- H B H with H = I - beta v v^T: p = beta B v, w = p - (beta/2)(v.p) v,
     * B -= v w^T + w v^T (lower triangle only). */
    for (int i = 0; i < m; i++) p[i] = 0;
    for (int j = 0; j < m; j++) {
      const double *col = b + (size_t)j * n;
      double vj = v[j];
      v2d t2 = {0, 0}, vj2 = {vj, vj};
      int i = j + 1;
      for (; i + 1 < m; i += 2) {
        v2d c = ld2(col + i);
        t2 += c * ld2(v + i);
        st2(p + i, ld2(p + i) + c * vj2);
      }
      double t = col[j] * vj + (t2[0] + t2[1]);
      if (i < m) { t += col[i] * v[i]; p[i] += col[i] * vj; }
      p[j] += t;
    }
    for (int i = 0; i < m; i++) { p[i] *= beta; kk += v[i] * p[i]; }
    kk *= beta / 2;
    for (int i = 0; i < m; i++) p[i] -= kk * v[i];
    for (int j = 0; j < m; j++) {
      double *col = b + (size_t)j * n, vj = v[j], pj = p[j];
      v2d vj2 = {vj, vj}, pj2 = {pj, pj};
      int i = j;
      for (; i + 1 < m; i += 2) st2(col + i, ld2(col + i) - (ld2(v + i) * pj2 + ld2(p + i) * vj2));
      if (i < m) col[i] -= v[i] * pj + p[i] * vj;
    }
  }
  if (n >= 2) {
    d[n - 2] = a[(n - 2) + (size_t)(n - 2) * n];
    e[n - 2] = a[(n - 1) + (size_t)(n - 2) * n];
  }
  d[n - 1] = a[(n - 1) + (size_t)(n - 1) * n];
}

/*
 * Eigenvalues number 0, 1, m-2 and m-1 (ascending) of the symmetric
 * tridiagonal matrix with diagonal d[m] and off-diagonal e[m-1], m >= 4, by
 * bisection on Sturm counts, into wr at those indices. The four searches
 * run in one loop: their recurrences are independent, so the divisions
 * overlap instead of waiting on each other as in a QL sweep. Each stops
 * when its interval is within 4 eps of the matrix norm bound, LAPACK
 * dsterf's accuracy; the midpoint is the value.
 */
static void end_eigenvalues(const double *d, const double *e, int m, double *wr) {
  double lo = INFINITY, hi = -INFINITY, bmax = 0;
  for (int i = 0; i < m; i++) {
    double r = (i > 0 ? fabs(e[i - 1]) : 0) + (i + 1 < m ? fabs(e[i]) : 0);
    lo = fmin(lo, d[i] - r);
    hi = fmax(hi, d[i] + r);
    if (i + 1 < m) bmax = fmax(bmax, e[i] * e[i]);
  }
  double norm = fmax(fabs(lo), fabs(hi)), tol = 4 * EPS * norm;
  /* A zero pivot becomes -pivmin (LAPACK's rule), so counts never divide by 0. */
  double pivmin = 2.2250738585072014e-308 * fmax(1, bmax) / EPS;
  lo -= 2 * tol + pivmin;
  hi += 2 * tol + pivmin;
  const int want[4] = {0, 1, m - 2, m - 1};
  double L[4], U[4];
  for (int t = 0; t < 4; t++) L[t] = lo, U[t] = hi;
  for (int iter = 0; iter < 200; iter++) {
    double x[4];
    int open = 0;
    for (int t = 0; t < 4; t++) {
      x[t] = 0.5 * (L[t] + U[t]);
      open |= U[t] - L[t] > tol;
    }
    if (!open) break;
    /* Sturm counts: how many eigenvalues lie below x[t]; searches 0, 1 in
     * the lanes of q01, 2, 3 in q23 (element-wise, as four scalars would
     * round, in fewer instructions). Lanes of a comparison are 0 or -1. */
    const v2d x01 = {x[0], x[1]}, x23 = {x[2], x[3]};
    const v2d piv = {pivmin, pivmin}, npiv = {-pivmin, -pivmin}, zero = {0, 0};
    const v2di absm = {INT64_MAX, INT64_MAX};
    v2d q01 = d[0] - x01, q23 = d[0] - x23;
    v2di c01 = {0, 0}, c23 = {0, 0};
    for (int i = 0;; i++) {
      /* fabs(q) < pivmin ? -pivmin : q */
      v2di s01 = (v2d)((v2di)q01 & absm) < piv, s23 = (v2d)((v2di)q23 & absm) < piv;
      q01 = (v2d)(((v2di)npiv & s01) | ((v2di)q01 & ~s01));
      q23 = (v2d)(((v2di)npiv & s23) | ((v2di)q23 & ~s23));
      c01 -= q01 < zero, c23 -= q23 < zero;
      if (i + 1 == m) break;
      double b2 = e[i] * e[i], a = d[i + 1];
      const v2d b22 = {b2, b2};
      q01 = (a - x01) - b22 / q01;
      q23 = (a - x23) - b22 / q23;
    }
    const int c[4] = {(int)c01[0], (int)c01[1], (int)c23[0], (int)c23[1]};
    for (int t = 0; t < 4; t++) {
      if (U[t] - L[t] <= tol) continue;
      if (c[t] > want[t]) U[t] = x[t]; /* more than want[t] below: lambda < x */
      else L[t] = x[t];
    }
  }
  for (int t = 0; t < 4; t++) wr[want[t]] = 0.5 * (L[t] + U[t]);
}

/*
 * All eigenvalues, ascending, of the symmetric tridiagonal matrix with
 * diagonal d[n] and off-diagonal e[n-1] (e[n-1] is scratch), by implicit QL
 * with the shift of the leading 2x2 block's nearer eigenvalue: for small n
 * (below 16 levels) its ~2 sweeps per eigenvalue beat the 50-odd bisection
 * steps per wanted one; also S's spectrum (huge ROIs, rare). Returns -1 if
 * some eigenvalue takes over 60 sweeps.
 */
static int ql_eigenvalues(double *d, double *e, int n) {
  e[n - 1] = 0;
  for (int l = 0; l < n; l++) {
    for (int iter = 0;; iter++) {
      /* first negligible off-diagonal at or below l splits the matrix */
      int m = l;
      while (m < n - 1 && !(fabs(e[m]) <= EPS * (fabs(d[m]) + fabs(d[m + 1])))) m++;
      if (m == l) break;
      if (iter == 60) return -1;
      /* sqrt, not hypot: W's and S's entries are at most ~1, and with glibc's
       * hypot the family took 6 % more instructions than with dsterf at 14
       * levels; with sqrt 4 % fewer */
      double g = (d[l + 1] - d[l]) / (2 * e[l]), r = fabs(g) > 1e150 ? fabs(g) : sqrt(g * g + 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r)); /* d[m] - shift */
      double s = 1, c = 1, p = 0;
      int i = m - 1, deflated = 0;
      /* plane rotations from the bottom of the block up chase the bulge out */
      for (; i >= l; i--) {
        double f = s * e[i], b = c * e[i];
        r = sqrt(f * f + g * g);
        e[i + 1] = r;
        if (r == 0) { /* exact underflow: the block splits at i + 1 */
          d[i + 1] -= p;
          e[m] = 0;
          deflated = 1;
          break;
        }
        s = f / r, c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (deflated) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && d[j] < d[j - 1]; j--) { double t = d[j]; d[j] = d[j - 1]; d[j - 1] = t; }
  return 0;
}

/*
 * Symmetric GLCM: Q = D^-1 M with D = diag(px) and M symmetric up to the eps
 * of the denominators, so S = D^1/2 Q D^-1/2 is symmetric but for an
 * antisymmetric part of order eps/(px py). That part moves eigenvalues only
 * at second order, so the symmetric part of S gives dgeev's values to
 * rounding. With px == py, W(i,k) = p(i,k) / sqrt(px_i py_k + eps) is
 * symmetric and W W^T differs from that symmetric part by at most
 * (eps / (px_i py_k))^2 / 8 relative per term, also second order: so S's
 * eigenvalues are the squares of W's (Householder tridiagonal form, then
 * bisection for its ends), without the O(ng^3) product. Should some non-zero p(i,k)
 * have px_i py_k below eps * 1e6 (huge ROIs), S is formed as before. Rows
 * with px = 0 are zero in Q: each adds an eigenvalue 0.
 */
#define W_MIN_PXPY (EPS * 1e6)

static int second_eigenvalue_sym(const double *pm, RmxGlcmWork *w, double *re) {
  size_t ng = w->ng, m = 0;
  const double *px = w->px, *py = w->py;
  size_t *pos = w->nz, *nzk = w->nz + ng;
  for (size_t i = 0; i < ng; i++) pos[i] = px[i] > 0 ? m++ : SIZE_MAX;
  double *s = w->q;
  int squared = 1;
  /* W's lower triangle, column-major, m x m. */
  for (size_t k = 0; k < ng && squared; k++) {
    if (pos[k] == SIZE_MAX) continue;
    double *col = s + pos[k] * m;
    for (size_t i = k; i < ng; i++) {
      if (pos[i] == SIZE_MAX) continue;
      double v = pm[i * ng + k], pp = px[i] * py[k];
      if (v != 0 && pp < W_MIN_PXPY) { squared = 0; break; }
      col[pos[i]] = v / sqrt(pp + EPS);
    }
  }
  if (!squared) {
    /* S(i,j) = 1/2 sum_k [A(i,k) B(j,k) + A(j,k) B(i,k)] with
     * A(i,k) = p(i,k) sqrt(px_i) / (px_i py_k + eps), B(j,k) = p(j,k) / sqrt(px_j):
     * the symmetric part of D^1/2 Q D^-1/2, lower triangle, m x m. */
    double *av = w->q + m * m, *bv = av + ng;
    memset(s, 0, m * m * sizeof *s);
    for (size_t k = 0; k < ng; k++) {
      size_t n = 0;
      for (size_t i = 0; i < ng; i++) {
        double v = pm[i * ng + k];
        if (v == 0) continue;
        double r = sqrt(px[i]);
        nzk[n] = pos[i];
        av[n] = v * r / (px[i] * py[k] + EPS);
        bv[n++] = v / r;
      }
      /* nzk rises with x, so y <= x is the lower triangle. */
      for (size_t x = 0; x < n; x++) {
        double *col = s + nzk[x], ax = av[x], bx = bv[x];
        for (size_t y = 0; y <= x; y++) col[nzk[y] * m] += 0.5 * (ax * bv[y] + av[y] * bx);
      }
    }
  }
  if (m > 0) {
    /* Only the ends of the spectrum matter (W's two largest and smallest,
     * S's two largest). Both solvers are our own, so that the symmetric
     * (default) case needs no LAPACK. */
    int n = (int)m;
    tridiagonalize(s, n, w->wr, w->wi, w->lwork, w->lwork + m);
    if (squared && m >= 16) { /* bisection for those four */
      double *dg = w->lwork, *of = w->lwork + m;
      memcpy(dg, w->wr, m * sizeof *dg);
      memcpy(of, w->wi, (m - 1) * sizeof *of);
      end_eigenvalues(dg, of, n, w->wr);
    } else if (ql_eigenvalues(w->wr, w->wi, n)) {
      return -1;
    }
    for (size_t t = 0; t < m; t++)
      if (!isfinite(w->wr[t]) && (t < 2 || t + 2 >= m)) return -1;
  }
  /* The two largest of S's eigenvalues and the (ng - m) zeros: from W, the
   * squares of its two largest and two smallest. */
  double c[6];
  int nc = 0;
  for (size_t t = m > 2 ? m - 2 : 0; t < m; t++) c[nc++] = squared ? w->wr[t] * w->wr[t] : w->wr[t];
  if (squared)
    for (size_t t = 0; t < 2 && t + 2 < m; t++) c[nc++] = w->wr[t] * w->wr[t];
  for (size_t z = m; z < ng && z < m + 2; z++) c[nc++] = 0.0;
  for (int x = 1; x < nc; x++)
    for (int y = x; y > 0 && c[y] > c[y - 1]; y--) { double t = c[y]; c[y] = c[y - 1]; c[y - 1] = t; }
  *re = c[1];
  return 0;
}

/* Second largest eigenvalue of Q in numpy's complex sort order. */
static int second_eigenvalue(RmxGlcmWork *w, double *re, double *im) {
  int n = (int)w->ng, lwork = (int)w->nlwork, info = 0, one = 1;
  double dummy;
  RmxDgeevFn *dgeev = rmx_glcm_dgeev();
  if (!dgeev) return -2;
  dgeev("N", "N", &n, w->q, &n, w->wr, w->wi, &dummy, &one, &dummy, &one, w->lwork, &lwork,
        &info, 1, 1);
  if (info != 0) return -1;
  /* Largest and second largest by (real, imag) lexicographic order. */
  int b1 = -1, b2 = -1;
  for (int k = 0; k < n; k++) {
    if (b1 < 0 || w->wr[k] > w->wr[b1] || (w->wr[k] == w->wr[b1] && w->wi[k] > w->wi[b1])) {
      b2 = b1; b1 = k;
    } else if (b2 < 0 || w->wr[k] > w->wr[b2] ||
               (w->wr[k] == w->wr[b2] && w->wi[k] > w->wi[b2])) {
      b2 = k;
    }
  }
  *re = w->wr[b2];
  *im = w->wi[b2];
  return 0;
}

int rmx_glcm_matrix_features(const double *p, RmxGlcmWork *w, int ibsi, int want_mcc,
                             double *f, double *mcc_re, double *mcc_im) {
  const size_t ng = w->ng;
  const int Ng = w->n_levels;
  const double *gl = w->gl;
  double *px = w->px, *py = w->py, *psum = w->psum, *pdiff = w->pdiff;
  memset(px, 0, ng * sizeof *px);
  memset(py, 0, ng * sizeof *py);
  memset(psum, 0, (2 * (size_t)Ng + 1) * sizeof *psum);
  memset(pdiff, 0, (size_t)Ng * sizeof *pdiff);

  /* Pass 1: marginals, means and the sums that need no mean. */
  double ux = 0, uy = 0, hxy = 0, energy = 0, maxp = 0, autoc = 0, contrast = 0;
  for (size_t i = 0; i < ng; i++) {
    const double *row = p + i * ng;
    for (size_t j = 0; j < ng; j++) {
      double v = row[j];
      if (v == 0) continue;
      double d = gl[i] - gl[j];
      px[i] += v;
      py[j] += v;
      ux += v * gl[i];
      uy += v * gl[j];
      hxy -= xlog2(v, ibsi);
      energy += v * v;
      if (v > maxp) maxp = v;
      autoc += v * gl[i] * gl[j];
      contrast += v * d * d;
      psum[(int)(gl[i] + gl[j])] += v;
      pdiff[(int)fabs(d)] += v;
    }
  }

  /* log2(px py + eps) for every pair (HXY1, HXY2). A symmetric matrix has
   * px and py equal bit for bit (same sums in the same order), so the table
   * is symmetric too and half the log2 calls suffice. The MCC buffer is free. */
  double *lt = w->q;
  for (size_t i = 0; i < ng; i++)
    for (size_t j = w->symmetric ? i : 0; j < ng; j++) {
      double pp = px[i] * py[j];
      double l = ibsi ? (pp > 0 ? log2(pp) : 0) : log2(pp + EPS);
      lt[i * ng + j] = l;
      if (w->symmetric) lt[j * ng + i] = l;
    }

  /* Pass 2: moments about the means, entropies of the marginals. */
  double ct = 0, cs = 0, cp = 0, ss = 0, sy = 0, corm = 0, hxy1 = 0, hxy2 = 0;
  for (size_t i = 0; i < ng; i++) {
    const double *row = p + i * ng, *lrow = lt + i * ng;
    double di = gl[i] - ux;
    for (size_t j = 0; j < ng; j++) {
      double v = row[j], pp = px[i] * py[j], l = lrow[j];
      hxy2 -= pp * l;
      if (v == 0) continue;
      double dj = gl[j] - uy, c = gl[i] + gl[j] - ux - uy;
      double c2 = c * c;
      ct += v * c2;
      cs += v * c2 * c;
      cp += v * c2 * c2;
      ss += v * di * di;
      sy += v * dj * dj;
      corm += v * di * dj;
      hxy1 -= v * l;
    }
  }
  double hx = 0, hy = 0;
  for (size_t i = 0; i < ng; i++) { hx -= xlog2(px[i], ibsi); hy -= xlog2(py[i], ibsi); }

  double da = 0, dent = 0, idm = 0, idmn = 0, id = 0, idn = 0, iv = 0;
  for (int k = 0; k < Ng; k++) {
    double v = pdiff[k], kk = (double)k;
    da += kk * v;
    dent -= xlog2(v, ibsi);
    idm += v / (1 + kk * kk);
    idmn += v / (1 + (kk * kk) / ((double)Ng * Ng));
    id += v / (1 + kk);
    idn += v / (1 + kk / Ng);
    if (k > 0) iv += v / (kk * kk);
  }
  double dv = 0;
  for (int k = 0; k < Ng; k++) dv += pdiff[k] * (k - da) * (k - da);
  double sa = 0, sent = 0;
  for (int k = 2; k <= 2 * Ng; k++) { sa += k * psum[k]; sent -= xlog2(psum[k], ibsi); }
  double sv = 0;
  for (int k = 2; k <= 2 * Ng; k++) sv += (k - sa) * (k - sa) * psum[k];

  f[CM_AUTOCORRELATION] = autoc;
  f[CM_JOINT_AVERAGE] = ux;
  f[CM_CLUSTER_PROMINENCE] = cp;
  f[CM_CLUSTER_SHADE] = cs;
  f[CM_CLUSTER_TENDENCY] = ct;
  f[CM_CONTRAST] = contrast;
  /* sigma_x * sigma_y == 0 (flat region): PyRadiomics returns 1. */
  double sxy = sqrt(ss) * sqrt(sy);
  f[CM_CORRELATION] = sxy == 0 ? 1.0 : corm / (sxy + EPS);
  f[CM_DIFFERENCE_AVERAGE] = da;
  f[CM_DIFFERENCE_ENTROPY] = dent;
  f[CM_DIFFERENCE_VARIANCE] = dv;
  f[CM_JOINT_ENERGY] = energy;
  f[CM_JOINT_ENTROPY] = hxy;
  double div = fmax(hx, hy);
  f[CM_IMC1] = div != 0 ? (hxy - hxy1) / div : 0.0;
  /* HXY > HXY2 by rounding gives NaN, which the direction mean skips. */
  f[CM_IMC2] = hxy2 == hxy ? 0.0 : sqrt(1 - pow(M_E, -2 * (hxy2 - hxy)));
  f[CM_IDM] = idm;
  f[CM_IDMN] = idmn;
  f[CM_ID] = id;
  f[CM_IDN] = idn;
  f[CM_INVERSE_VARIANCE] = iv;
  f[CM_MAXIMUM_PROBABILITY] = maxp;
  f[CM_SUM_AVERAGE] = sa;
  f[CM_SUM_ENTROPY] = sent;
  f[CM_SUM_SQUARES] = ss;
  f[CM_DISSIMILARITY] = da;
  f[CM_HOMOGENEITY1] = id;
  f[CM_HOMOGENEITY2] = idm;
  f[CM_SUM_VARIANCE] = sv;
  f[CM_MCC] = NAN;

  *mcc_re = *mcc_im = NAN;
  if (!want_mcc || ng < 2) return 0;
  if (w->symmetric) {
    *mcc_im = 0;
    return second_eigenvalue_sym(p, w, mcc_re) ? RMX_ERR_NUMERIC : 0;
  }
  /* Q(i,j) = sum_k p(i,k) p(j,k) / (px(i) py(k) + eps), stored column-major;
   * only the non-zero p(i,k) of each column k contribute. */
  double *q = w->q, *a = w->q + ng * ng;
  size_t *nz = w->nz;
  memset(q, 0, ng * ng * sizeof *q);
  for (size_t k = 0; k < ng; k++) {
    size_t n = 0;
    for (size_t i = 0; i < ng; i++) {
      double v = p[i * ng + k];
      if (v == 0) continue;
      nz[n] = i;
      a[n++] = v / (px[i] * py[k] + EPS);
    }
    for (size_t x = 0; x < n; x++)
      for (size_t y = 0; y < n; y++) q[nz[x] + nz[y] * ng] += a[x] * p[nz[y] * ng + k];
  }
  int rc = second_eigenvalue(w, mcc_re, mcc_im);
  return rc == -2 ? RMX_ERR_UNSUPPORTED : rc ? RMX_ERR_NUMERIC : 0;
}
