/* ml_pairwise.h: squared Euclidean distances and dot products of one query row against many rows
 * (k-NN, SVM kernels), eight rows at a time with two-lane vectors (sixteen with four-lane ones
 * when the CPU has AVX2).
 *
 * Every result is the plain sequential sum over the features in feature order, so it is
 * bit-identical to the scalar loop sum_c (q[c] - x[c])^2 or sum_c q[c] * x[c]; only the eight rows
 * of a block are summed side by side (in SIMD lanes), never the features of one row. */
#ifndef RMX_ML_PAIRWISE_H
#define RMX_ML_PAIRWISE_H

#include "ml_base.h"

#define RMX_PW_BLOCK 8

/* n rows of p features packed by blocks of RMX_PW_BLOCK rows, feature-major inside a block:
 * data[(b * p + c) * RMX_PW_BLOCK + l] is feature c of row b * RMX_PW_BLOCK + l (zero past n). */
typedef struct RmxPacked {
  size_t n, p, nblk;
  double *data; /* 16-byte aligned */
} RmxPacked;

/* From the rows of a column-major matrix (all of them, or rows[0..n) when rows != NULL), or from
 * n row-major rows of p values. Return 0, or -1 when out of memory. */
int rmx_pw_pack(RmxPacked *pk, const RmxMatrix *X, const size_t *rows, size_t n);
int rmx_pw_pack_rowmajor(RmxPacked *pk, const double *x, size_t n, size_t p);
void rmx_pw_free(RmxPacked *pk);

/* out[i - from] = sum_c (q[c] - x_i[c])^2 for the packed rows i in [from, n), where from is a
 * multiple of RMX_PW_BLOCK; q holds p contiguous values. */
void rmx_pw_sqdist(const RmxPacked *pk, const double *q, size_t from, double *out);
/* out[i - from] = sum_c q[c] * x_i[c], likewise. */
void rmx_pw_dot(const RmxPacked *pk, const double *q, size_t from, double *out);

#endif
