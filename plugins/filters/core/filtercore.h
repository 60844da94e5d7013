/* filtercore.h: numeric cores of the filter plugins (arrays in, arrays out). */
#ifndef RMX_FILTERCORE_H
#define RMX_FILTERCORE_H

#include <stddef.h>
#include <stdint.h>
#include <radiomix/types.h>

/* Voxel (i,j,k) is at i + dim[0]*(j + dim[1]*k), as in RmxVolume. */
static inline size_t rmx_fc_count(const size_t dim[3]) { return dim[0] * dim[1] * dim[2]; }

/* convert.c: any RmxScalar buffer to doubles (NULL on OOM or bad type). */
double *rmx_fc_to_double(const void *data, int type, size_t n);
/* Voxels [start, start + n) of a typed buffer into out; -1 on a bad type. */
int rmx_fc_read_double(const void *data, int type, size_t start, size_t n, double *out);
/* Smallest and largest of n voxels of an integer type up to 32 bits, as
** doubles (exact); -1 for the other types. */
int rmx_fc_minmax_int(const void *data, int type, size_t n, double *mn, double *mx);
/* The box [lo, hi) of a typed volume of size dim into out (i fastest). */
int rmx_fc_read_box(const void *data, int type, const size_t dim[3], const size_t lo[3],
                    const size_t hi[3], double *out);

/* intensity.c: PyRadiomics' imageoperations, float64 in and out.
** Return 0, or -1 when the image's max |x| is 0 (the rescaling divides by it). */
int rmx_fc_square(const double *in, size_t n, double *out);
int rmx_fc_squareroot(const double *in, size_t n, double *out);
int rmx_fc_logarithm(const double *in, size_t n, double *out);
int rmx_fc_exponential(const double *in, size_t n, double *out);
/* The same in two steps: scan the WHOLE image (any number of chunks) for
** the rescaling's maxima (max |f| of the logarithm's f when with_log), then
** map any voxels with them. */
typedef struct RmxFcScale { double max_abs, max_log; } RmxFcScale;
void rmx_fc_scale_init(RmxFcScale *s);
void rmx_fc_scale_scan(const double *in, size_t n, int with_log, RmxFcScale *s);
int rmx_fc_square_scaled(const double *in, size_t n, const RmxFcScale *s, double *out);
int rmx_fc_squareroot_scaled(const double *in, size_t n, const RmxFcScale *s, double *out);
int rmx_fc_logarithm_scaled(const double *in, size_t n, const RmxFcScale *s, double *out);
int rmx_fc_exponential_scaled(const double *in, size_t n, const RmxFcScale *s, double *out);

/* log_recursive.c: ITK LaplacianRecursiveGaussianImageFilter with
** NormalizeAcrossScale on (sigma in mm). Needs every dim >= 4.
** Returns 0, -1 on a too small image, -2 on OOM. */
int rmx_fc_log_recursive(const double *in, const size_t dim[3], const double spacing[3],
                         double sigma, float *out);
/* Same from any RmxScalar input (read a slice at a time), over the box
** [lo, hi) of the grid only (NULL: whole grid): out holds (hi - lo) voxels,
** i fastest, equal to the whole-image result there; the passes keep only
** the lines and samples later passes need. -1 also on a bad box or type. */
int rmx_fc_log_recursive_box(const void *in, int type, const size_t dim[3],
                             const double spacing[3], double sigma, const size_t lo[3],
                             const size_t hi[3], float *out);
/* Same for ns <= RMX_FC_LOG_SIGMAS sigmas at once into out[k]: the input is
** read once per pass for all of them (each result as computed alone). */
#define RMX_FC_LOG_SIGMAS 8
int rmx_fc_log_recursive_boxes(const void *in, int type, const size_t dim[3],
                               const double spacing[3], const double *sigma, int ns,
                               const size_t lo[3], const size_t hi[3], float *const *out);
/* ITK's recursive Gaussian of one order (0 or 2) along one axis, float out. */
int rmx_fc_recursive_gauss_axis(const double *in, float *out, const size_t dim[3],
                                int axis, double sigma, int order, double spacing);

/* Boundary conditions of the convolution filters (IBSI 2 names). */
typedef enum RmxFcBoundary {
  RMX_FC_ZERO = 0, RMX_FC_NEAREST, RMX_FC_PERIODIC, RMX_FC_MIRROR
} RmxFcBoundary;
int rmx_fc_boundary_from_name(const char *name); /* -1 if unknown */
/* Index of sample p (any integer) of a line of length n under bc; -1: zero. */
long rmx_fc_boundary_index(long p, long n, RmxFcBoundary bc);
/* Convolves v in place along one axis with an odd-length kernel k (flipped,
** centred), out-of-range samples taken by the boundary condition
** (conv1d.c). Returns -1 when out of memory. */
int rmx_fc_conv_axis(double *v, const size_t dim[3], int axis, const double *k, int len,
                     RmxFcBoundary bc);

/* log_conv.c: LoG by sampled separable kernels truncated at truncate sigmas,
** any boundary, 3D or in-plane (x-y); normalize: times sigma^2 (mm, per
** mm^2), else the plain Laplacian per voxel^2 (IBSI 2 maps). */
int rmx_fc_log_conv(const double *in, const size_t dim[3], const double spacing[3],
                    double sigma, double truncate, RmxFcBoundary bc, int is2d, int normalize,
                    double *out);

/* wavelet_banks.c: orthogonal filter banks, stored as PyWavelets stores
** them (rec_lo; coiflets normalised to sum 1, times sqrt2 at use). */
typedef struct RmxWavelet {
  const char *name;
  int len;              /* filter length */
  const double *rec_lo; /* orthogonal: rec_lo (scaling filter); bior: table N_M */
  int times_sqrt2;
  const double *b0;     /* bior/rbio: table N_0 */
  int b0_off;           /* its offset M_max - M */
  int kind;             /* 0 orthogonal, 1 bior, 2 rbio */
} RmxWavelet;
#define RMX_FC_WAVELET_NAMES "haar|db1|db2|db3|db4|db5|db6|db7|db8|db9|db10|db11|db12|db13|db14|db15|db16|db17|db18|db19|db20|sym2|sym3|sym4|sym5|sym6|sym7|sym8|sym9|sym10|sym11|sym12|sym13|sym14|sym15|sym16|sym17|sym18|sym19|sym20|coif1|coif2|coif3|coif4|coif5|coif6|coif7|coif8|coif9|coif10|coif11|coif12|coif13|coif14|coif15|coif16|coif17|bior1.1|bior1.3|bior1.5|bior2.2|bior2.4|bior2.6|bior2.8|bior3.1|bior3.3|bior3.5|bior3.7|bior3.9|bior4.4|bior5.5|bior6.8|rbio1.1|rbio1.3|rbio1.5|rbio2.2|rbio2.4|rbio2.6|rbio2.8|rbio3.1|rbio3.3|rbio3.5|rbio3.7|rbio3.9|rbio4.4|rbio5.5|rbio6.8|dmey"
const RmxWavelet *rmx_fc_wavelet_find(const char *name); /* case-insensitive */
const char *rmx_fc_wavelet_names(void);                  /* '|'-separated */
/* Decomposition filters dec_lo[len], dec_hi[len] as PyWavelets derives them. */
void rmx_fc_wavelet_filters(const RmxWavelet *w, double *dec_lo, double *dec_hi);

/* wavelet.c: undecimated (stationary) wavelet transform as PyRadiomics runs
** pywt.swtn: odd dims padded by one wrapped sample, level-1 filters at every
** level (no dilation) unless dilate is set (a trous, as IBSI 2 defines it),
** periodic extension with pywt's alignment unless bc says otherwise.
** axes: bit a set = transform along axis a (0 = x). fn receives each band
** cropped to dim (or to the box [lo, hi)); level_idx counts from 1
** (start_level not included); name holds one 'L'/'H' per transformed axis
** in x, y, z order. The final
** approximation comes last. fn returns nonzero to stop. */
typedef int (*RmxFcBandFn)(void *user, int level_idx, const char *name, const double *band);
typedef struct RmxFcSwtOptions {
  const RmxWavelet *wavelet;
  int level, start_level;
  unsigned axes;
  RmxFcBoundary boundary; /* RMX_FC_PERIODIC = PyWavelets */
  int dilate;
  int pad_odd;            /* PyRadiomics' odd-size padding (1) */
  const char *only;       /* NULL: every band; else just this one (e.g. "HHL") */
  const size_t *lo, *hi;  /* NULL: whole bands; else only the box [lo, hi) of them,
                             computed from the samples it needs (same values) */
} RmxFcSwtOptions;
int rmx_fc_swt3(const double *in, const size_t dim[3], const RmxFcSwtOptions *opt,
                RmxFcBandFn fn, void *user);
/* Same on a typed input (RmxScalar): no double copy of the whole volume.
** fn then gets bands of the box's size. Returns 0, 1 if fn stopped, -1 on
** OOM, -2 on bad options or voxel type. */
int rmx_fc_swt3_typed(const void *data, int type, const size_t dim[3],
                      const RmxFcSwtOptions *opt, RmxFcBandFn fn, void *user);

/* gradient.c: ITK GradientMagnitudeImageFilter (central differences, edge
** voxels replicated), float output. */
int rmx_fc_gradient(const double *in, const size_t dim[3], const double spacing[3],
                    int use_spacing, float *out);

/* lbp3d.c: PyRadiomics getLBP3DImage; out[l] for l < levels, out[levels] the
** kurtosis. Values only where mask != 0 (NULL: everywhere), else 0. */
int rmx_fc_lbp3d(const double *in, const uint8_t *mask, const size_t dim[3], int levels,
                 double radius, int subdivision, double **out);
/* Same, with the interpolated samples rounded into in_type's range when it
** is an integer RmxScalar (what scipy's map_coordinates does). */
int rmx_fc_lbp3d_typed(const double *in, const uint8_t *mask, const size_t dim[3], int levels,
                       double radius, int subdivision, int in_type, double **out);
/* Same from any RmxScalar input (read a slice at a time; in_type still
** sets the rounding), over the box [lo, hi) of the grid only (NULL: whole
** grid): mask (NULL: everywhere) and out[l] cover the box, i fastest, and
** out equals the whole-grid result there; only the knots the samples reach
** are prefiltered. -2 on bad arguments, -1 when out of memory. */
int rmx_fc_lbp3d_box(const void *in, int type, const uint8_t *mask, const size_t dim[3],
                     const size_t lo[3], const size_t hi[3], int levels, double radius,
                     int subdivision, int in_type, double **out);

/* lbp2d.c: scikit-image local_binary_pattern per slice normal to axis. */
int rmx_fc_lbp2d(const double *in, const size_t dim[3], int axis, double radius,
                 int samples, const char *method, double *out);
/* Same over the box [lo, hi) of a dim grid only (out: hi - lo voxels, i
** fastest); in holds the box [ilo, ihi) containing it and every in-slice
** voxel the samples reach (ceil(radius) + 1 around it, clipped to the
** grid). -2 when a box does not fit. */
int rmx_fc_lbp2d_box(const double *in, const size_t ilo[3], const size_t ihi[3],
                     const size_t dim[3], const size_t lo[3], const size_t hi[3], int axis,
                     double radius, int samples, const char *method, double *out);

/* adc.c: per-voxel fit of ln S = ln S0 - b ADC over n images. */
typedef struct RmxAdcStats { size_t n_fallback; } RmxAdcStats;
int rmx_fc_adc(const double *const *s, const double *b, size_t n_img, size_t n_vox,
               int weighted, double *adc, RmxAdcStats *stats);

/* normalize.c: z-score, times scale. Mean and sd (n-1) of the n voxels of
** a typed buffer where mask != 0 (NULL: all): 0, -1 for fewer than 2 voxels,
** -2 for sd 0, -3 for a bad type. Then the map of any n voxels. */
int rmx_fc_normalize_stats(const void *data, int type, const uint8_t *mask, size_t n,
                           double *mean, double *sd);
void rmx_fc_normalize_map(const double *in, size_t n, double mean, double sd, double scale,
                          double remove_outliers, double *out);

/* mean.c: mean filter of odd support, 2D (in-plane, x-y) or 3D. */
int rmx_fc_mean(const double *in, const size_t dim[3], int support, int is2d,
                RmxFcBoundary bc, double *out);

/* rotate.c: the 24 proper right-angle rotations (IBSI 2 rotation invariance). */
typedef struct RmxFcRot { int perm[3]; int flip[3]; } RmxFcRot;
int rmx_fc_rotations(RmxFcRot out[24]);
/* out (dims odim) = in seen with rotated axes: axis a of out runs along input
** axis perm[a], reversed when flip[a]. */
void rmx_fc_rotate(const double *in, const size_t dim[3], const RmxFcRot *r, double *out,
                   size_t odim[3]);
enum { RMX_FC_POOL_NONE = 0, RMX_FC_POOL_AVERAGE, RMX_FC_POOL_MAX };
/* A filter on one rotated copy: returns 0 or nonzero to stop. */
typedef int (*RmxFcRotFilter)(void *user, const double *in, const size_t dim[3], double *out);
/* Runs fn on the 24 rotations (4 about z when planar; once for POOL_NONE),
** rotates each response back and averages or takes the maximum into out. */
int rmx_fc_rot_pool(const double *in, const size_t dim[3], int mode, int planar,
                    RmxFcRotFilter fn, void *user, double *out);

/* laws.c: IBSI 2 Laws kernels ("E5L5S5": x, y, z; 2 kernels: in-plane),
** convolution with boundary bc; energy = mean |response| over (2 delta+1)^d. */
int rmx_fc_laws(const double *in, const size_t dim[3], const char *kernel, RmxFcBoundary bc,
                double *out);
int rmx_fc_laws_energy(const double *resp, const size_t dim[3], int delta, int is2d,
                       RmxFcBoundary bc, double *out);

/* gabor.c: IBSI 2 Gabor filter (modulus), lengths in mm, angles in radians;
** mean over the orientations, and over the 3 orthogonal planes if asked. */
typedef struct RmxFcGabor {
  double sigma, lambda, gamma;
  const double *theta;
  int n_theta;
  int orthogonal_planes;
  RmxFcBoundary boundary;
} RmxFcGabor;
int rmx_fc_gabor(const double *in, const size_t dim[3], const double spacing[3],
                 const RmxFcGabor *g, double *out);
/* Same over the box [lo, hi) of the grid only (out: hi - lo voxels, i
** fastest, equal to the whole result there): only the slices crossing the
** box are filtered. -2 on bad parameters or box. */
int rmx_fc_gabor_box(const double *in, const size_t dim[3], const double spacing[3],
                     const RmxFcGabor *g, const size_t lo[3], const size_t hi[3], double *out);

/* simoncelli.c: IBSI 2 Simoncelli wavelet (isotropic, Fourier domain,
** periodic), real response at decomposition level >= 1. */
int rmx_fc_simoncelli(const double *in, const size_t dim[3], int level, const int riesz[3],
                      double *out); /* riesz: orders along x, y, z, or NULL */
/* Same from any RmxScalar input over the box [lo, hi) only (out: hi - lo
** voxels, i fastest, equal to the whole result there): the inverse
** transform skips the lines no box voxel depends on. -2 on a bad level,
** box or type. */
int rmx_fc_simoncelli_box(const void *in, int type, const size_t dim[3], int level,
                          const int riesz[3], const size_t lo[3], const size_t hi[3],
                          double *out);
/* Riesz transform of the LoG (IBSI 2 test 9): orders along x, y, z; NULL =
** none; LoG kernel in the IBSI continuous form, Fourier domain on the
** boundary-padded image. */
int rmx_fc_riesz_log(const double *in, const size_t dim[3], const double spacing[3], double sigma,
                     double truncate, RmxFcBoundary bc, const int riesz[3], double *out);
/* Same from any RmxScalar input over the box [lo, hi) of the grid only
** (out: hi - lo voxels, i fastest, equal to the whole result there). -2 on
** a bad box or type. */
int rmx_fc_riesz_log_box(const void *in, int type, const size_t dim[3], const double spacing[3],
                         double sigma, double truncate, RmxFcBoundary bc, const int riesz[3],
                         const size_t lo[3], const size_t hi[3], double *out);

#endif
