/* riesz.c: Riesz transforms (IBSI 2 tests 9, 10): the Riesz multiplier and
** a Riesz-transformed Laplacian of Gaussian, computed in the Fourier domain
** on the boundary-padded image as MIRP's FilterSet3D does. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "fourier.h"

/* x^n for a small n >= 0 by products: called per voxel, where pow() was
** most of the Riesz filters' time. */
static double ipow(double x, int n) {
  double r = 1;
  for (; n > 0; n--) r *= x;
  return r;
}

/* Riesz multiplier at FFT index k (orders along x, y, z, as IBSI writes them:
** (-i)^L sqrt(L! / prod l!) prod c_a^l_a / |c|^L on centred coordinates
** c_a = (pos - ctr) / ctr, pos the centred (fftshift) position). Checked on
** IBSI 9.a: order (1,0,0) is the derivative-like transform along x. */
double complex rmx_fc_riesz_factor(const int order[3], const size_t dim[3], const size_t k[3]) {
  int L = order[0] + order[1] + order[2];
  if (!L) return 1;
  double c[3], norm2 = 0, fact = 1, lf = 1;
  for (int i = 2; i <= L; i++) lf *= i;
  for (int ax = 0; ax < 3; ax++) {
    double ctr = (double)(dim[ax] - 1) / 2.0;
    size_t pos = (k[ax] + dim[ax] / 2) % dim[ax];
    c[ax] = ctr > 0 ? ((double)pos - ctr) / ctr : 0;
    norm2 += c[ax] * c[ax];
  }
  double num = 1;
  for (int ax = 0; ax < 3; ax++) {
    int l = order[ax];
    for (int i = 2; i <= l; i++) fact *= i;
    num *= ipow(c[ax], l);
  }
  /* (-i)^L exactly (cpow goes through logarithms) */
  double complex mi = L % 4 == 0 ? 1 : L % 4 == 1 ? -I : L % 4 == 2 ? -1 : I;
  double complex pre = mi * sqrt(lf / fact);
  return norm2 > 0 ? pre * num / ipow(sqrt(norm2), L) : 0;
}

/* LoG kernel in the IBSI continuous form (not renormalised), voxel units. */
int rmx_fc_riesz_log(const double *in, const size_t dim[3], const double spacing[3], double sigma,
                     double truncate, RmxFcBoundary bc, const int riesz[3], double *out) {
  const size_t lo[3] = {0, 0, 0};
  return rmx_fc_riesz_log_box(in, RMX_F64, dim, spacing, sigma, truncate, bc, riesz, lo, dim, out);
}

int rmx_fc_riesz_log_box(const void *in, int type, const size_t dim[3], const double spacing[3],
                         double sigma, double truncate, RmxFcBoundary bc, const int riesz[3],
                         const size_t lo[3], const size_t hi[3], double *out) {
  if (type < RMX_U8 || type > RMX_F64) return -2;
  for (int a = 0; a < 3; a++)
    if (lo[a] > hi[a] || hi[a] > dim[a]) return -2;
  double s = sigma / fmax(spacing[0], fmax(spacing[1], spacing[2]));
  size_t fs[3], off[3], P[3];
  for (int a = 0; a < 3; a++) {
    double sa = sigma / spacing[a];
    fs[a] = 1 + 2 * (size_t)floor(truncate * sa + 0.5);
    off[a] = fs[a] / 2;
    P[a] = dim[a] + 2 * off[a];
  }
  size_t np = P[0] * P[1] * P[2], str[3], len = rmx_fc_fft_layout(P, str);
  double complex *k = rmx_fc_fft_alloc(len), *x = rmx_fc_fft_alloc(len);
  double *row = malloc((dim[0] ? dim[0] : 1) * sizeof *row);
  RmxFcFft *fwd = rmx_fc_fft_plan(P, 0), *inv = rmx_fc_fft_plan(P, 1);
  int rc = !k || !x || !row || !fwd || !inv ? -1 : 0;
  if (!rc) memset(k, 0, len * sizeof *k);
  double norm = pow(1.0 / sqrt(2 * M_PI * s * s), 3);
  for (size_t c = 0; c < fs[2] && !rc; c++)
    for (size_t b = 0; b < fs[1]; b++)
      for (size_t a = 0; a < fs[0]; a++) {
        double dz = (double)c - (double)(fs[2] - 1) / 2, dy = (double)b - (double)(fs[1] - 1) / 2;
        double dx = (double)a - (double)(fs[0] - 1) / 2, r2 = dx * dx + dy * dy + dz * dz;
        k[a + str[1] * b + str[2] * c] =
            -1.0 / (s * s) * norm * (3 - r2 / (s * s)) * exp(-r2 / (2 * s * s));
      }
  /* the boundary-padded input, each source row read by type once */
  for (size_t c = 0; c < P[2] && !rc; c++)
    for (size_t b = 0; b < P[1]; b++) {
      long pb = rmx_fc_boundary_index((long)b - (long)off[1], (long)dim[1], bc);
      long pc = rmx_fc_boundary_index((long)c - (long)off[2], (long)dim[2], bc);
      int have = pb >= 0 && pc >= 0;
      if (have) rmx_fc_read_double(in, type, dim[0] * ((size_t)pb + dim[1] * (size_t)pc), dim[0], row);
      for (size_t a = 0; a < P[0]; a++) {
        long pa = rmx_fc_boundary_index((long)a - (long)off[0], (long)dim[0], bc);
        x[a + str[1] * b + str[2] * c] = !have || pa < 0 ? 0 : row[pa];
      }
    }
  free(row);
  if (!rc) {
    rmx_fc_fft_run(fwd, k);
    rmx_fc_fft_run(fwd, x);
  }
  for (size_t c = 0; c < P[2] && !rc; c++)
    for (size_t b = 0; b < P[1]; b++)
      for (size_t a = 0; a < P[0]; a++) {
        size_t idx = a + str[1] * b + str[2] * c, kk[3] = {a, b, c};
        double complex f = k[idx] / (double)np; /* the inverse's 1/np folded in */
        if (riesz) f *= rmx_fc_riesz_factor(riesz, P, kk);
        x[idx] *= f;
      }
  size_t plo[3], phi[3]; /* the box on the padded grid */
  for (int a = 0; a < 3; a++) plo[a] = lo[a] + 2 * off[a], phi[a] = hi[a] + 2 * off[a];
  /* the whole inverse: simpler than skipping lines, and cheap with FFTW */
  if (!rc) {
    rmx_fc_fft_run(inv, x);
    rmx_fc_fft_real_box(x, str, plo, phi, out);
  }
  rmx_fc_fft_free(k);
  rmx_fc_fft_free(x);
  rmx_fc_fft_destroy(fwd);
  rmx_fc_fft_destroy(inv);
  return rc;
}
