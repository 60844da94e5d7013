/* gabor.c: IBSI 2 Gabor filter: complex 2D kernel
** exp(-(x'^2 + gamma^2 y'^2) / (2 sigma^2) + i 2 pi x' / lambda), x', y' the
** in-plane coordinates rotated by theta, sampled on a square grid as wide as
** the slice (odd), convolved with each slice (boundary-extended by half the
** kernel) through FFTW; response = modulus, averaged over the
** orientations and, optionally, over the three orthogonal planes. */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "fourier.h"

/* One plane family: slices normal to numpy axis 'stack' (0: z, 1: y, 2: x);
** rows/cols are the other numpy axes in order. Adds w[k] |response| for
** each orientation k of weight w[k] > 0 to acc, which covers the box
** [lo, hi): only the slices crossing it are filtered (each whole, as the
** kernel spans the slice), each slice transformed once for all
** orientations. The grid is padded past the boundary-extended slice to a
** fast FFT size: the kernel reaches no further than the extension, so the
** circular convolution does not wrap into the kept voxels. */
static int plane(const double *in, const size_t dim[3], const double spacing[3], int stack,
                 const RmxFcGabor *g, const double *w, const size_t lo[3], const size_t hi[3],
                 double *acc) {
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
  size_t P = rmx_fc_fft_size(R + 2 * off), Q = rmx_fc_fft_size(Cn + 2 * off);
  const size_t grid[3] = {Q, P, 1};
  size_t str[3], len = rmx_fc_fft_layout(grid, str), qs = str[1]; /* row stride */
  int nt = g->n_theta, rc = 0;
  double complex **ker = calloc((size_t)nt, sizeof *ker);
  double complex *buf = rmx_fc_fft_alloc(len), *tmp = rmx_fc_fft_alloc(len);
  RmxFcFft *fwd = rmx_fc_fft_plan(grid, 0), *inv = rmx_fc_fft_plan(grid, 1);
  if (!ker || !buf || !tmp || !fwd || !inv) rc = -1;
  for (int k = 0; k < nt && !rc; k++) {
    if (!(w[k] > 0)) continue;
    double complex *kk = ker[k] = rmx_fc_fft_alloc(len);
    if (!kk) { rc = -1; break; }
    memset(kk, 0, len * sizeof *kk);
    double ct = cos(g->theta[k]), st = sin(g->theta[k]);
    for (size_t yi = 0; yi < K; yi++)
      for (size_t xi = 0; xi < K; xi++) {
        double y = (double)yi - (double)(K - 1) / 2, x = (double)xi - (double)(K - 1) / 2;
        double yr = -ct * y + st * x, xr = st * y + ct * x;
        kk[yi * qs + xi] = cexp(-(xr * xr + g->gamma * g->gamma * yr * yr) / (2 * sig * sig) +
                               I * (2 * M_PI * xr) / lam);
      }
    rmx_fc_fft_run(fwd, kk);
    for (size_t i = 0; i < len; i++) kk[i] /= (double)(P * Q); /* the inverse's 1/(P Q) */
  }
  for (size_t t = lo_np[stack]; t < hi_np[stack] && !rc; t++) {
    memset(buf, 0, len * sizeof *buf);
    for (size_t r = 0; r < R + 2 * off; r++) {
      long sr = rmx_fc_boundary_index((long)r - (long)off, (long)R, g->boundary);
      for (size_t c = 0; c < Cn + 2 * off; c++) {
        long sc = rmx_fc_boundary_index((long)c - (long)off, (long)Cn, g->boundary);
        if (sr >= 0 && sc >= 0)
          buf[r * qs + c] = in[t * str_np[stack] + (size_t)sr * str_np[ra] + (size_t)sc * str_np[ca]];
      }
    }
    rmx_fc_fft_run(fwd, buf);
    for (int k = 0; k < nt; k++) {
      if (!ker[k]) continue;
      for (size_t i = 0; i < len; i++) tmp[i] = buf[i] * ker[k][i];
      rmx_fc_fft_run(inv, tmp);
      for (size_t r = lo_np[ra]; r < hi_np[ra]; r++)
        for (size_t c = lo_np[ca]; c < hi_np[ca]; c++)
          acc[(t - lo_np[stack]) * bstr_np[stack] + (r - lo_np[ra]) * bstr_np[ra] +
              (c - lo_np[ca]) * bstr_np[ca]] += w[k] * cabs(tmp[(r + 2 * off) * qs + c + 2 * off]);
    }
  }
  for (int k = 0; ker && k < nt; k++) rmx_fc_fft_free(ker[k]);
  free(ker);
  rmx_fc_fft_free(buf);
  rmx_fc_fft_free(tmp);
  rmx_fc_fft_destroy(fwd);
  rmx_fc_fft_destroy(inv);
  return rc;
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
  for (int p = 0; p < planes && !rc; p++) rc = plane(in, dim, spacing, p, g, w, lo, hi, out);
  free(w);
  if (rc) return -1;
  for (size_t i = 0; i < n; i++) out[i] /= (double)(planes * g->n_theta);
  return 0;
}
