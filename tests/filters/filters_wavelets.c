/* filters_wavelets.c: every filter bank is an orthonormal QMF pair with the
** vanishing moments of its family, and matches PyWavelets' published
** decomposition filters where we hold them (pre-1.0 17-digit tables). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "filtercore.h"
#include "futil.h"

/* PyWavelets 0.5 dec_lo rows (wavelets_coeffs.template.h), ~1e-12 accurate. */
static const double pywt_db4[8] = {-0.010597401784997278, 0.032883011666982945, 0.030841381835986965,
                                   -0.18703481171888114, -0.027983769416983849, 0.63088076792959036,
                                   0.71484657055254153, 0.23037781330885523};
static const double pywt_coif2[12] = {-0.00072054944536451221, -0.0018232088707029932,
                                      0.0056114348193944995, 0.023680171946334084, -0.059434418646456898,
                                      -0.076488599078306393, 0.41700518442169254, 0.81272363544554227,
                                      0.38611006682116222, -0.067372554721963018, -0.041464936781759151,
                                      0.016387336463522112};
/* first six dec_lo taps of sym17 in the same pre-1.0 table */
static const double pywt_sym17_dec_lo6[6] = {4.297343327345983e-006, 2.7801266938414138e-006,
                                             -6.2937025975541919e-005, -1.3506383399901165e-005,
                                             0.0004759963802638669, -0.00013864230268045499};

/* pre-1.0 rows 0 (dec_lo) and 1 (dec_hi) of bior2.2 and bior3.1 */
static const double pywt_bior22_lo[6] = {0.0, -0.17677669529663689, 0.35355339059327379,
                                         1.0606601717798214, 0.35355339059327379, -0.17677669529663689};
static const double pywt_bior22_hi[6] = {0.0, 0.35355339059327379, -0.70710678118654757,
                                         0.35355339059327379, 0.0, 0.0};
static const double pywt_bior31_lo[4] = {-0.35355339059327379, 1.0606601717798214, 1.0606601717798214,
                                         -0.35355339059327379};
static const double pywt_bior31_hi[4] = {-0.17677669529663689, 0.53033008588991071,
                                         -0.53033008588991071, 0.17677669529663689};

static double max_diff(const double *a, const double *b, int n) {
  double m = 0;
  for (int i = 0; i < n; i++) m = fmax(m, fabs(a[i] - b[i]));
  return m;
}

int main(void) {
  char *names = strdup(rmx_fc_wavelet_names());
  int count = 0;
  for (char *tok = strtok(names, "|"); tok; tok = strtok(NULL, "|")) {
    const RmxWavelet *w = rmx_fc_wavelet_find(tok);
    if (!w) { fu_check(0, "%s listed but not found", tok); continue; }
    int F = w->len;
    double lo[128], hi[128];
    rmx_fc_wavelet_filters(w, lo, hi);
    if (w->kind != 0 || !strcmp(tok, "dmey")) {
      double sl = 0, sh = 0;
      for (int k = 0; k < F; k++) { sl += lo[k]; sh += hi[k]; }
      /* bior4.4, 5.5, 6.8 are 17-digit tables (~1e-12); dmey is an FIR
         approximation whose high-pass leaks ~1e-3 at DC, as in PyWavelets */
      int dmey = !strcmp(tok, "dmey");
      double tol = strchr("456", tok[4]) ? 1e-11 : 1e-14;
      fu_check(fabs(sl - M_SQRT2) < tol && (dmey ? fabs(sh) < 2e-3 : fabs(sh) < tol),
               "%-8s %3d taps: DC gains %.1e, %.1e", tok, F, fabs(sl - M_SQRT2), fabs(sh));
      count++;
      continue;
    }
    double orth = 0, sum = 0, dc_hi = 0;
    for (int k = 0; k < F; k++) { sum += lo[k]; dc_hi += hi[k]; }
    for (int m = 0; 2 * m < F; m++) {
      double a = 0, b = 0, c = 0;
      for (int k = 0; k + 2 * m < F; k++) {
        a += lo[k] * lo[k + 2 * m];
        b += hi[k] * hi[k + 2 * m];
      }
      for (int k = 0; k < F; k++)
        if (k + 2 * m < F) c += lo[k] * hi[k + 2 * m];
      orth = fmax(orth, fmax(fabs(a - (m == 0)), fmax(fabs(b - (m == 0)), fabs(c))));
    }
    /* vanishing moments of the wavelet: db/sym N: N, coif N: 2N */
    int n = atoi(tok + strcspn(tok, "0123456789"));
    int moments = !strcmp(tok, "haar") ? 1 : !strncmp(tok, "coif", 4) ? 2 * n : n;
    double mom = 0;
    for (int p = 0; p < moments; p++) {
      double s = 0, scale = 0;
      for (int k = 0; k < F; k++) {
        s += pow((double)k - F / 2.0, p) * hi[k];
        scale += fabs(pow((double)k - F / 2.0, p) * hi[k]);
      }
      mom = fmax(mom, fabs(s) / scale);
    }
    /* sym tables are PyWavelets' 17-digit values, good to ~1e-11 */
    double tol = !strncmp(tok, "sym", 3) ? 2e-10 : 1e-14;
    fu_check(orth < tol && fabs(sum - M_SQRT2) < tol && fabs(dc_hi) < tol && mom < 1e-9,
             "%-6s %3d taps: orthonormality %.1e, sum-sqrt2 %.1e, moments(%d) %.1e", tok, F, orth,
             fabs(sum - M_SQRT2), moments, mom);
    count++;
  }
  free(names);
  fu_check(count == 88, "88 banks (haar, db1-20, sym2-20, coif1-17, bior/rbio x15, dmey): %d", count);
  double lo[16], hi[16];
  rmx_fc_wavelet_filters(rmx_fc_wavelet_find("db4"), lo, hi);
  fu_check(max_diff(lo, pywt_db4, 8) < 1e-11, "db4 dec_lo vs PyWavelets: %.1e", max_diff(lo, pywt_db4, 8));
  rmx_fc_wavelet_filters(rmx_fc_wavelet_find("coif2"), lo, hi);
  fu_check(max_diff(lo, pywt_coif2, 12) < 1e-11, "coif2 dec_lo vs PyWavelets: %.1e",
           max_diff(lo, pywt_coif2, 12));
  double lo34[34], hi34[34];
  rmx_fc_wavelet_filters(rmx_fc_wavelet_find("sym17"), lo34, hi34);
  fu_check(max_diff(lo34, pywt_sym17_dec_lo6, 6) < 1e-15, "sym17 dec_lo vs PyWavelets: %.1e",
           max_diff(lo34, pywt_sym17_dec_lo6, 6));
  double lb[6], hb[6];
  rmx_fc_wavelet_filters(rmx_fc_wavelet_find("bior2.2"), lb, hb);
  fu_check(max_diff(lb, pywt_bior22_lo, 6) < 1e-15 && max_diff(hb, pywt_bior22_hi, 6) < 1e-15,
           "bior2.2 vs PyWavelets: %.1e %.1e", max_diff(lb, pywt_bior22_lo, 6), max_diff(hb, pywt_bior22_hi, 6));
  rmx_fc_wavelet_filters(rmx_fc_wavelet_find("bior3.1"), lb, hb);
  fu_check(max_diff(lb, pywt_bior31_lo, 4) < 1e-15 && max_diff(hb, pywt_bior31_hi, 4) < 1e-15,
           "bior3.1 vs PyWavelets: %.1e %.1e", max_diff(lb, pywt_bior31_lo, 4), max_diff(hb, pywt_bior31_hi, 4));
  /* rbio swaps analysis and synthesis: its dec_lo is bior's rec_lo reversed,
     i.e. the N_0 filter; for bior2.2 the hat [0.35 0.71 0.35] */
  rmx_fc_wavelet_filters(rmx_fc_wavelet_find("rbio2.2"), lb, hb);
  double hat[6] = {0.0, 0.0, 0.3535533905932737622, 0.7071067811865475244, 0.3535533905932737622, 0.0};
  fu_check(max_diff(lb, hat, 6) < 1e-15, "rbio2.2 dec_lo is the bior2.2 synthesis filter: %.1e",
           max_diff(lb, hat, 6));
  fu_check(rmx_fc_wavelet_find("COIF1") && !rmx_fc_wavelet_find("coif18") && !rmx_fc_wavelet_find("db21"),
           "lookup is case-insensitive and bounded");
  return fu_done();
}
