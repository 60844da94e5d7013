/* ml_base.h: shared helpers of the learning cores (matrix access, scaling, serialisation). */
#ifndef RMX_ML_BASE_H
#define RMX_ML_BASE_H

#include <stddef.h>
#include <stdint.h>
#include <radiomix/plugin.h> /* RmxRng, types */

/* Element (row r, column c) of a column-major RmxMatrix. */
#define RMX_ML_AT(m, r, c) ((m)->data[(size_t)(r) + (size_t)(c) * (m)->ld])

/* A matrix view over existing storage (no copy). */
RmxMatrix rmx_ml_view(double *data, size_t rows, size_t cols, size_t ld);

/* Column means and population scales (divisor n); a (near-)constant column,
 * by scikit-learn's round-off bound, gets scale 1. sw may be NULL. */
void rmx_ml_zscore_fit(const RmxMatrix *X, const double *sw, double *mean, double *scale);
/* New n x p copy with (x - mean) / scale; NULL on OOM. Caller frees data. */
double *rmx_ml_zscore_apply(const RmxMatrix *X, const double *mean, const double *scale);

/* Numerically safe log(1 + exp(m)) and logistic function. */
double rmx_ml_log1pexp(double m);
double rmx_ml_sigmoid(double m);

/* Makes OpenBLAS run on the calling thread only. Our matrices are small
 * (n ~ 100..1000) and the host parallelises over trees, folds and rows, so
 * BLAS worker threads only spin (measured: 3.8 s of sys time in a 2.5 s RFE).
 * Process-wide; called from the init of the plugins that use BLAS. */
void rmx_ml_blas_single_thread(void);

/* Checks y is 0/1 with both classes present; returns 0 or -1. */
int rmx_ml_check_binary(const double *y, size_t n);

/* Serialisation: a writer callback (e.g. wrapping host->blob_write) and a
 * bounds-checked reader. Every reader call returns 0, or -1 when the data
 * is short, and then leaves the reader marked bad. */
typedef int (*RmxMlWriteFn)(void *user, const void *data, size_t len);
typedef struct RmxMlWriter { RmxMlWriteFn fn; void *user; int bad; } RmxMlWriter;
typedef struct RmxMlReader { const unsigned char *p; size_t left; int bad; } RmxMlReader;

void rmx_ml_put(RmxMlWriter *w, const void *data, size_t len);
void rmx_ml_put_u64(RmxMlWriter *w, uint64_t v);
void rmx_ml_put_f64(RmxMlWriter *w, double v);
void rmx_ml_put_f64s(RmxMlWriter *w, const double *v, size_t n);
int rmx_ml_get(RmxMlReader *r, void *data, size_t len);
uint64_t rmx_ml_get_u64(RmxMlReader *r);
double rmx_ml_get_f64(RmxMlReader *r);
/* Reads a u64 count that must be <= max; else marks the reader bad, returns 0. */
uint64_t rmx_ml_get_count(RmxMlReader *r, uint64_t max);
/* Allocates and reads n doubles; NULL (and bad) when short or on OOM. */
double *rmx_ml_get_f64s(RmxMlReader *r, size_t n);

#endif
