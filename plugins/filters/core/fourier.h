/* fourier.h: FFTW-backed transforms and complex helpers shared by the
** Fourier-domain filters (gabor, simoncelli, LoG riesz; internal). */
#ifndef RMX_FC_FOURIER_H
#define RMX_FC_FOURIER_H

#include <complex.h>
#include "filtercore.h"

/* Buffers for the transforms: FFTW's aligned allocation, so every buffer of
** a grid gets the same plan (FFTW picks its kernels by alignment too). */
double complex *rmx_fc_fft_alloc(size_t n);
void rmx_fc_fft_free(void *p);

/* Layout of a grid in a transform buffer: voxel (x, y, z) at
** x + str[1] y + str[2] z; returns the buffer's length. Rows and planes are
** padded to an odd number of 64-byte lines: on power-of-two strides FFTW's
** estimated plans thrash the cache (a 512 x 512 transform 10 times slower). */
size_t rmx_fc_fft_layout(const size_t dim[3], size_t str[3]);
/* In-place complex 3D DFT (any axis may be 1) of a buffer laid out by
** rmx_fc_fft_layout, unnormalised (inverse: times the voxel count), for
** buffers from rmx_fc_fft_alloc. NULL when FFTW cannot plan it. */
typedef struct RmxFcFft RmxFcFft;
RmxFcFft *rmx_fc_fft_plan(const size_t dim[3], int inverse);
/* Runs the plan on a (any buffer of the planned grid); thread-safe. */
void rmx_fc_fft_run(const RmxFcFft *p, double complex *a);
void rmx_fc_fft_destroy(RmxFcFft *p);
/* The real parts of the box [lo, hi) of a buffer laid out with strides str,
** x fastest, into out (the inverse transforms' output region). */
void rmx_fc_fft_real_box(const double complex *a, const size_t str[3], const size_t lo[3],
                         const size_t hi[3], double *out);
/* Smallest length >= n with no prime factor above 7 (FFTW's fast sizes). */
size_t rmx_fc_fft_size(size_t n);

/* Riesz multiplier at DFT index k of a grid of size dim (orders along x, y,
** z): (-i)^L sqrt(L!/prod l!) prod c^l / |c|^L, c the
** centred coordinates normalised to [-1, 1]. */
double complex rmx_fc_riesz_factor(const int order[3], const size_t dim[3], const size_t k[3]);

#endif
