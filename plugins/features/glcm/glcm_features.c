/* glcm_features.c: the GLCM features of one normalised co-occurrence matrix. */
#include <math.h>
#include <string.h>
#include "glcm_core.h"

#define EPS 2.220446049250313e-16 /* numpy.spacing(1) */

/* LAPACK (OpenBLAS): general eigenvalues, as numpy.linalg.eigvals uses. */
extern void dgeev_(const char *jobvl, const char *jobvr, const int *n, double *a,
                   const int *lda, double *wr, double *wi, double *vl, const int *ldvl,
                   double *vr, const int *ldvr, double *work, const int *lwork, int *info,
                   size_t len_jobvl, size_t len_jobvr);

/* x * log2(x + eps), PyRadiomics' entropy term; IBSI drops the eps. */
static inline double xlog2(double x, int ibsi) {
  if (ibsi) return x > 0 ? x * log2(x) : 0.0;
  return x * log2(x + EPS);
}

/* Second largest eigenvalue of Q in numpy's complex sort order. */
static int second_eigenvalue(RmxGlcmWork *w, double *re, double *im) {
  int n = (int)w->ng, lwork = (int)w->nlwork, info = 0, one = 1;
  double dummy;
  dgeev_("N", "N", &n, w->q, &n, w->wr, w->wi, &dummy, &one, &dummy, &one, w->lwork,
         &lwork, &info, 1, 1);
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

  /* Pass 2: moments about the means, entropies of the marginals. */
  double ct = 0, cs = 0, cp = 0, ss = 0, sy = 0, corm = 0, hxy1 = 0, hxy2 = 0;
  for (size_t i = 0; i < ng; i++) {
    const double *row = p + i * ng;
    double di = gl[i] - ux;
    for (size_t j = 0; j < ng; j++) {
      double v = row[j], pp = px[i] * py[j];
      double l = ibsi ? (pp > 0 ? log2(pp) : 0) : log2(pp + EPS);
      hxy2 -= pp * l;
      if (v == 0) continue;
      double dj = gl[j] - uy, c = gl[i] + gl[j] - ux - uy;
      ct += v * c * c;
      cs += v * pow(c, 3);
      cp += v * pow(c, 4);
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
  /* Q(i,j) = sum_k p(i,k) p(j,k) / (px(i) py(k) + eps), stored column-major. */
  for (size_t i = 0; i < ng; i++)
    for (size_t j = 0; j < ng; j++) {
      double s = 0;
      const double *ri = p + i * ng, *rj = p + j * ng;
      for (size_t k = 0; k < ng; k++) s += ri[k] * rj[k] / (px[i] * py[k] + EPS);
      w->q[i + j * ng] = s;
    }
  return second_eigenvalue(w, mcc_re, mcc_im) ? RMX_ERR_NUMERIC : 0;
}
