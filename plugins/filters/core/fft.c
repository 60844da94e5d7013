/* fft.c: the Fourier-domain filters' transforms on FFTW (double precision).
** Plans use FFTW_ESTIMATE only: FFTW_MEASURE picks plans by timing, so the
** result could change from run to run. FFTW's planner is not thread-safe
** (plan creation and destruction share its state), and this code is linked
** into several plugins (log, gabor, simoncelli) that share one libfftw3, so
** a lock of our own would be one per plugin: FFTW's own global planner lock
** (fftw_make_planner_thread_safe, libfftw3_threads) serialises them all.
** Executing a plan on new arrays is thread-safe. */
#include <complex.h> /* before fftw3.h: fftw_complex is then double complex */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <fftw3.h>
#include "fourier.h"

struct RmxFcFft { fftw_plan plan; };

static pthread_once_t planner_once = PTHREAD_ONCE_INIT;

static void make_planner_safe(void) { fftw_make_planner_thread_safe(); }

double complex *rmx_fc_fft_alloc(size_t n) {
  return fftw_malloc((n ? n : 1) * sizeof(double complex));
}

void rmx_fc_fft_free(void *p) { fftw_free(p); }

size_t rmx_fc_fft_layout(const size_t dim[3], size_t str[3]) {
  size_t sx = dim[0], sy = dim[1] | 1; /* odd rows per plane */
  while (sx % 8 != 4) sx++; /* 16-byte voxels: an odd count of 64-byte lines */
  str[0] = 1;
  str[1] = sx;
  str[2] = sx * sy;
  return str[2] * (dim[2] ? dim[2] : 1);
}

RmxFcFft *rmx_fc_fft_plan(const size_t dim[3], int inverse) {
  size_t str[3], n = rmx_fc_fft_layout(dim, str);
  if (n > INT_MAX) return NULL;
  for (int a = 0; a < 3; a++)
    if (!dim[a]) return NULL;
  RmxFcFft *p = malloc(sizeof *p);
  /* planned on a scratch buffer: ESTIMATE does not touch it, and the plan
     runs on the caller's buffers through fftw_execute_dft */
  double complex *scratch = rmx_fc_fft_alloc(n);
  if (!p || !scratch) { free(p); rmx_fc_fft_free(scratch); return NULL; }
  /* FFTW lists the slowest axis first */
  fftw_iodim d[3];
  for (int a = 0; a < 3; a++) d[2 - a].n = (int)dim[a], d[2 - a].is = d[2 - a].os = (int)str[a];
  pthread_once(&planner_once, make_planner_safe);
  p->plan = fftw_plan_guru_dft(3, d, 0, NULL, scratch, scratch, inverse ? FFTW_BACKWARD : FFTW_FORWARD,
                               FFTW_ESTIMATE);
  rmx_fc_fft_free(scratch);
  if (!p->plan) { free(p); return NULL; }
  return p;
}

void rmx_fc_fft_run(const RmxFcFft *p, double complex *a) { fftw_execute_dft(p->plan, a, a); }

void rmx_fc_fft_destroy(RmxFcFft *p) {
  if (!p) return;
  pthread_once(&planner_once, make_planner_safe);
  fftw_destroy_plan(p->plan);
  free(p);
}

void rmx_fc_fft_real_box(const double complex *a, const size_t str[3], const size_t lo[3],
                         const size_t hi[3], double *out) {
  for (size_t z = lo[2]; z < hi[2]; z++)
    for (size_t y = lo[1]; y < hi[1]; y++)
      for (size_t x = lo[0]; x < hi[0]; x++) *out++ = creal(a[x + str[1] * y + str[2] * z]);
}

size_t rmx_fc_fft_size(size_t n) {
  for (size_t m = n ? n : 1;; m++) {
    size_t r = m;
    for (size_t f = 2; f <= 7; f++)
      while (r % f == 0) r /= f;
    if (r == 1) return m;
  }
}
