/* gabor.c: IBSI 2 Gabor filter: complex 2D kernel
** exp(-(x'^2 + gamma^2 y'^2) / (2 sigma^2) + i 2 pi x' / lambda), x', y' the
** in-plane coordinates rotated by theta, sampled on a square grid as wide as
** the slice (odd), convolved with each slice (boundary-extended by half the
** kernel) through a radix-2 FFT; response = modulus, averaged over the
** orientations and, optionally, over the three orthogonal planes. */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "filtercore.h"

/* In-place iterative radix-2 FFT of n (power of 2) points at stride s;
** tw holds exp(-2 pi i k / n) for k < n/2. */
static void fft1(double complex *a, size_t n, size_t s, const double complex *tw, int inverse) {
  for (size_t i = 1, j = 0; i < n; i++) {
    size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) { double complex t = a[i * s]; a[i * s] = a[j * s]; a[j * s] = t; }
  }
  for (size_t len = 2; len <= n; len <<= 1) {
    size_t step = n / len;
    for (size_t i = 0; i < n; i += len)
      for (size_t k = 0; k < len / 2; k++) {
        double complex w = inverse ? conj(tw[k * step]) : tw[k * step];
        double complex u = a[(i + k) * s], v = a[(i + k + len / 2) * s] * w;
        a[(i + k) * s] = u + v;
        a[(i + k + len / 2) * s] = u - v;
      }
  }
  if (inverse)
    for (size_t i = 0; i < n; i++) a[i * s] /= (double)n;
}

typedef struct Fft2 { size_t rows, cols; double complex *twr, *twc, *col; } Fft2;

static int fft2_init(Fft2 *f, size_t rows, size_t cols) {
  f->rows = rows;
  f->cols = cols;
  f->twr = malloc((rows / 2 + 1) * sizeof *f->twr);
  f->twc = malloc((cols / 2 + 1) * sizeof *f->twc);
  f->col = malloc(rows * sizeof *f->col);
  if (!f->twr || !f->twc || !f->col) return -1;
  for (size_t k = 0; k < rows / 2 + 1; k++) f->twr[k] = cexp(-2 * M_PI * I * (double)k / (double)rows);
  for (size_t k = 0; k < cols / 2 + 1; k++) f->twc[k] = cexp(-2 * M_PI * I * (double)k / (double)cols);
  return 0;
}

static void fft2_free(Fft2 *f) {
  free(f->twr);
  free(f->twc);
  free(f->col);
}

/* Rows in place; columns through a contiguous copy (cache). */
static void fft2(const Fft2 *f, double complex *a, int inverse) {
  for (size_t r = 0; r < f->rows; r++) fft1(a + r * f->cols, f->cols, 1, f->twc, inverse);
  for (size_t c = 0; c < f->cols; c++) {
    for (size_t r = 0; r < f->rows; r++) f->col[r] = a[r * f->cols + c];
    fft1(f->col, f->rows, 1, f->twr, inverse);
    for (size_t r = 0; r < f->rows; r++) a[r * f->cols + c] = f->col[r];
  }
}

static size_t pow2(size_t n) {
  size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

/* One plane family: slices normal to numpy axis 'stack' (0: z, 1: y, 2: x);
** rows/cols are the other numpy axes in order. Adds weight |response| to
** acc, which covers the box [lo, hi): only the slices crossing it are
** filtered (each whole, as the kernel spans the slice). */
static int plane(const double *in, const size_t dim[3], const double spacing[3], int stack,
                 const RmxFcGabor *g, double theta, double weight, const size_t lo[3],
                 const size_t hi[3], double *acc) {
  const size_t len_np[3] = {dim[2], dim[1], dim[0]};
  const size_t str_np[3] = {dim[0] * dim[1], dim[0], 1};
  const size_t lo_np[3] = {lo[2], lo[1], lo[0]}, hi_np[3] = {hi[2], hi[1], hi[0]};
  const size_t bx = hi[0] - lo[0], bstr_np[3] = {bx * (hi[1] - lo[1]), bx, 1};
  const double sp_np[3] = {spacing[2], spacing[1], spacing[0]};
  int ra = stack == 0 ? 1 : 0, ca = stack == 2 ? 1 : 2;
  size_t R = len_np[ra], Cn = len_np[ca];
  double h = fmax(sp_np[ra], sp_np[ca]);
  double sig = g->sigma / h, lam = g->lambda / h;
  size_t side = R > Cn ? R : Cn, K = 1 + 2 * (side / 2), off = K / 2;
  size_t P = pow2(R + 2 * off), Q = pow2(Cn + 2 * off);
  double complex *ker = calloc(P * Q, sizeof *ker), *buf = malloc(P * Q * sizeof *buf);
  Fft2 f;
  memset(&f, 0, sizeof f);
  if (!ker || !buf || fft2_init(&f, P, Q)) {
    free(ker);
    free(buf);
    fft2_free(&f);
    return -1;
  }
  double ct = cos(theta), st = sin(theta);
  for (size_t yi = 0; yi < K; yi++)
    for (size_t xi = 0; xi < K; xi++) {
      double y = (double)yi - (double)(K - 1) / 2, x = (double)xi - (double)(K - 1) / 2;
      double yr = -ct * y + st * x, xr = st * y + ct * x;
      ker[yi * Q + xi] = cexp(-(xr * xr + g->gamma * g->gamma * yr * yr) / (2 * sig * sig) +
                              I * (2 * M_PI * xr) / lam);
    }
  fft2(&f, ker, 0);
  for (size_t t = lo_np[stack]; t < hi_np[stack]; t++) {
    memset(buf, 0, P * Q * sizeof *buf);
    for (size_t r = 0; r < R + 2 * off; r++) {
      long sr = rmx_fc_boundary_index((long)r - (long)off, (long)R, g->boundary);
      for (size_t c = 0; c < Cn + 2 * off; c++) {
        long sc = rmx_fc_boundary_index((long)c - (long)off, (long)Cn, g->boundary);
        if (sr >= 0 && sc >= 0)
          buf[r * Q + c] = in[t * str_np[stack] + (size_t)sr * str_np[ra] + (size_t)sc * str_np[ca]];
      }
    }
    fft2(&f, buf, 0);
    for (size_t i = 0; i < P * Q; i++) buf[i] *= ker[i];
    fft2(&f, buf, 1);
    for (size_t r = lo_np[ra]; r < hi_np[ra]; r++)
      for (size_t c = lo_np[ca]; c < hi_np[ca]; c++)
        acc[(t - lo_np[stack]) * bstr_np[stack] + (r - lo_np[ra]) * bstr_np[ra] +
            (c - lo_np[ca]) * bstr_np[ca]] += weight * cabs(buf[(r + 2 * off) * Q + c + 2 * off]);
  }
  free(ker);
  free(buf);
  fft2_free(&f);
  return 0;
}

int rmx_fc_gabor(const double *in, const size_t dim[3], const double spacing[3],
                 const RmxFcGabor *g, double *out) {
  const size_t lo[3] = {0, 0, 0};
  return rmx_fc_gabor_box(in, dim, spacing, g, lo, dim, out);
}

int rmx_fc_gabor_box(const double *in, const size_t dim[3], const double spacing[3],
                     const RmxFcGabor *g, const size_t lo[3], const size_t hi[3], double *out) {
  if (!(g->sigma > 0) || !(g->lambda > 0) || !(g->gamma > 0) || g->n_theta < 1) return -2;
  for (int a = 0; a < 3; a++)
    if (lo[a] > hi[a] || hi[a] > dim[a]) return -2;
  size_t bd[3] = {hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]}, n = rmx_fc_count(bd);
  memset(out, 0, n * sizeof *out);
  int planes = g->orthogonal_planes ? 3 : 1;
  /* theta + pi gives the conjugate kernel, hence the same modulus on a real
     image: such an orientation only adds weight to the one already there */
  double *w = calloc((size_t)g->n_theta, sizeof *w);
  if (!w) return -1;
  for (int k = 0; k < g->n_theta; k++) {
    int j = 0;
    for (; j < k; j++)
      if (w[j] > 0 && fabs(remainder(g->theta[k] - g->theta[j] - M_PI, 2 * M_PI)) < 1e-12) break;
    w[j < k ? j : k] += 1;
  }
  int rc = 0;
  for (int p = 0; p < planes && !rc; p++)
    for (int k = 0; k < g->n_theta && !rc; k++)
      if (w[k] > 0) rc = plane(in, dim, spacing, p, g, g->theta[k], w[k], lo, hi, out);
  free(w);
  if (rc) return -1;
  for (size_t i = 0; i < n; i++) out[i] /= (double)(planes * g->n_theta);
  return 0;
}
