/* simoncelli.c: IBSI 2 non-separable Simoncelli wavelet: an isotropic band
** pass applied in the Fourier domain, H(d) = cos(pi/2 log2(2 d / f)) for
** f/4 <= d <= f, f = 2^(1 - level), d the frequency radius normalised so
** that the grid spans [-1, 1] per axis; periodic boundary (the DFT's);
** response = real part. Radix-2 FFT for power-of-two axes, a direct DFT
** for the others. */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "fourier.h"

static void dft_line(double complex *x, size_t n, int inverse, double complex *tmp) {
  int pow2 = n && !(n & (n - 1));
  if (pow2) {
    for (size_t i = 1, j = 0; i < n; i++) {
      size_t bit = n >> 1;
      for (; j & bit; bit >>= 1) j ^= bit;
      j ^= bit;
      if (i < j) { double complex t = x[i]; x[i] = x[j]; x[j] = t; }
    }
    for (size_t len = 2; len <= n; len <<= 1) {
      double complex wl = cexp((inverse ? 2 : -2) * M_PI * I / (double)len);
      for (size_t i = 0; i < n; i += len) {
        double complex w = 1;
        for (size_t k = 0; k < len / 2; k++) {
          double complex u = x[i + k], v = x[i + k + len / 2] * w;
          x[i + k] = u + v;
          x[i + k + len / 2] = u - v;
          w *= wl;
        }
      }
    }
  } else {
    /* direct DFT; tmp[n..2n) holds the n roots of unity */
    double complex *w = tmp + n;
    for (size_t j = 0; j < n; j++) w[j] = cexp((inverse ? 2 : -2) * M_PI * I * (double)j / (double)n);
    for (size_t k = 0; k < n; k++) {
      double complex s = 0;
      for (size_t j = 0, kj = 0; j < n; j++, kj = (kj + k) % n) s += x[j] * w[kj];
      tmp[k] = s;
    }
    memcpy(x, tmp, n * sizeof *x);
  }
  if (inverse)
    for (size_t i = 0; i < n; i++) x[i] /= (double)n;
}

int rmx_fc_dft3(void *data, const size_t dim[3], int inverse) {
  const size_t lo[3] = {0, 0, 0};
  return rmx_fc_dft3_box(data, dim, inverse, lo, dim);
}

/* Along x all lines; along y those with x in the box; along z those with x
** and y in the box: what the box's voxels depend on, each line as always. */
int rmx_fc_dft3_box(void *data, const size_t dim[3], int inverse, const size_t lo[3],
                    const size_t hi[3]) {
  double complex *a = data;
  size_t maxn = dim[0] > dim[1] ? dim[0] : dim[1];
  if (dim[2] > maxn) maxn = dim[2];
  double complex *line = malloc(3 * maxn * sizeof *line);
  if (!line) return -1;
  const size_t str[3] = {1, dim[0], dim[0] * dim[1]};
  for (int axis = 0; axis < 3; axis++) {
    int u = axis == 0 ? 1 : 0, v = axis == 2 ? 1 : 2; /* the other two axes */
    size_t ulo = u < axis ? lo[u] : 0, uhi = u < axis ? hi[u] : dim[u];
    size_t vlo = v < axis ? lo[v] : 0, vhi = v < axis ? hi[v] : dim[v];
    size_t ln = dim[axis], stride = str[axis];
    for (size_t jv = vlo; jv < vhi; jv++)
      for (size_t ju = ulo; ju < uhi; ju++) {
        size_t base = ju * str[u] + jv * str[v];
        for (size_t i = 0; i < ln; i++) line[i] = a[base + i * stride];
        dft_line(line, ln, inverse, line + maxn);
        for (size_t i = 0; i < ln; i++) a[base + i * stride] = line[i];
      }
  }
  free(line);
  return 0;
}

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
  size_t n = rmx_fc_count(dim);
  double complex *a = malloc(n * sizeof *a);
  if (!a) return -1;
  enum { CHUNK = 4096 }; /* read by type: no float64 copy of the input */
  double buf[CHUNK];
  for (size_t i = 0; i < n; i += CHUNK) {
    size_t c = n - i < CHUNK ? n - i : CHUNK;
    if (rmx_fc_read_double(in, type, i, c, buf)) { free(a); return -2; }
    for (size_t k = 0; k < c; k++) a[i + k] = buf[k];
  }
  if (rmx_fc_dft3(a, dim, 0)) { free(a); return -1; }
  double f = 1.0 / pow(2.0, level - 1.0);
  /* FFT index k holds the centred grid position (k + n/2) mod n (ifftshift) */
  for (size_t z = 0; z < dim[2]; z++)
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
        double d = sqrt(d2), h = 0;
        if (d >= f / 4.0 && d <= f) h = cos(M_PI / 2.0 * log2(2.0 * d / f));
        a[x + dim[0] * (y + dim[1] * z)] *= h;
        if (riesz) {
          double complex r = rmx_fc_riesz_factor(riesz, dim, k);
          a[x + dim[0] * (y + dim[1] * z)] *= r;
        }
      }
  int rc = rmx_fc_dft3_box(a, dim, 1, lo, hi);
  for (size_t z = lo[2]; z < hi[2] && !rc; z++)
    for (size_t y = lo[1]; y < hi[1]; y++)
      for (size_t x = lo[0]; x < hi[0]; x++) *out++ = creal(a[x + dim[0] * (y + dim[1] * z)]);
  free(a);
  return rc;
}
