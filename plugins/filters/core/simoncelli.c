/* simoncelli.c: IBSI 2 non-separable Simoncelli wavelet: an isotropic band
** pass applied in the Fourier domain, H(d) = cos(pi/2 log2(2 d / f)) for
** f/4 <= d <= f, f = 2^(1 - level), d the frequency radius normalised so
** that the grid spans [-1, 1] per axis; periodic boundary (the DFT's);
** response = real part. FFTW transforms; the inverse is the whole one
** (simpler than skipping lines outside the box, and cheap with FFTW). */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include "fourier.h"

int rmx_fc_simoncelli(const double *in, const size_t dim[3], int level, const int riesz[3],
                      double *out) {
  const size_t lo[3] = {0, 0, 0};
  return rmx_fc_simoncelli_box(in, RMX_F64, dim, level, riesz, lo, dim, out);
}

int rmx_fc_simoncelli_box(const void *in, int type, const size_t dim[3], int level,
                          const int riesz[3], const size_t lo[3], const size_t hi[3],
                          double *out) {
  if (level < 1 || level > 10) return -2;
  for (int ax = 0; ax < 3; ax++)
    if (lo[ax] > hi[ax] || hi[ax] > dim[ax]) return -2;
  size_t n = rmx_fc_count(dim), str[3], len = rmx_fc_fft_layout(dim, str);
  double complex *a = rmx_fc_fft_alloc(len);
  double *row = malloc((dim[0] ? dim[0] : 1) * sizeof *row); /* read by type: no float64 copy */
  RmxFcFft *fwd = rmx_fc_fft_plan(dim, 0), *inv = rmx_fc_fft_plan(dim, 1);
  int rc = !a || !row || !fwd || !inv ? -1 : 0;
  for (size_t z = 0; z < dim[2] && !rc; z++)
    for (size_t y = 0; y < dim[1] && !rc; y++) {
      double complex *dst = a + y * str[1] + z * str[2];
      if (rmx_fc_read_double(in, type, dim[0] * (y + dim[1] * z), dim[0], row)) rc = -2;
      for (size_t x = 0; x < dim[0] && !rc; x++) dst[x] = row[x];
    }
  free(row);
  if (!rc) rmx_fc_fft_run(fwd, a);
  double f = 1.0 / pow(2.0, level - 1.0);
  /* FFT index k holds the centred grid position (k + n/2) mod n (ifftshift) */
  for (size_t z = 0; z < dim[2] && !rc; z++)
    for (size_t y = 0; y < dim[1]; y++)
      for (size_t x = 0; x < dim[0]; x++) {
        size_t k[3] = {x, y, z};
        double d2 = 0;
        for (int ax = 0; ax < 3; ax++) {
          if (dim[ax] < 2) continue;
          double c = (double)(dim[ax] - 1) / 2.0;
          size_t pos = (k[ax] + dim[ax] / 2) % dim[ax];
          double d = ((double)pos - c) / c;
          d2 += d * d;
        }
        double d = sqrt(d2), h = 0; /* the inverse's 1/n folded in */
        if (d >= f / 4.0 && d <= f) h = cos(M_PI / 2.0 * log2(2.0 * d / f)) / (double)n;
        a[x + str[1] * y + str[2] * z] *= h;
        if (riesz) {
          double complex r = rmx_fc_riesz_factor(riesz, dim, k);
          a[x + str[1] * y + str[2] * z] *= r;
        }
      }
  if (!rc) {
    rmx_fc_fft_run(inv, a);
    rmx_fc_fft_real_box(a, str, lo, hi, out);
  }
  rmx_fc_fft_free(a);
  rmx_fc_fft_destroy(fwd);
  rmx_fc_fft_destroy(inv);
  return rc;
}
