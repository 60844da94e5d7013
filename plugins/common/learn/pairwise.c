/* pairwise.c: one query against packed rows, eight rows per block in four two-lane vectors (GNU
 * vector extension: SSE2 on x86-64, generic code elsewhere). The four accumulators are independent,
 * so the adds overlap instead of waiting on one chain; each lane is still one row's sum in feature
 * order, hence the same value as the scalar loop. */
#include "ml_pairwise.h"

#include <stdlib.h>
#include <string.h>

typedef double v2d __attribute__((vector_size(16)));

static int alloc_blocks(RmxPacked *pk, size_t n, size_t p) {
  memset(pk, 0, sizeof *pk);
  pk->n = n;
  pk->p = p;
  pk->nblk = (n + RMX_PW_BLOCK - 1) / RMX_PW_BLOCK;
  size_t bytes = (pk->nblk * p * RMX_PW_BLOCK + 2) * sizeof(double);
  pk->data = aligned_alloc(16, (bytes + 15) / 16 * 16);
  if (!pk->data) return -1;
  memset(pk->data, 0, bytes);
  return 0;
}

int rmx_pw_pack(RmxPacked *pk, const RmxMatrix *X, const size_t *rows, size_t n) {
  if (!rows) n = X->rows;
  if (alloc_blocks(pk, n, X->cols)) return -1;
  for (size_t c = 0; c < X->cols; c++) {
    const double *col = X->data + c * X->ld;
    for (size_t i = 0; i < n; i++)
      pk->data[((i / RMX_PW_BLOCK) * X->cols + c) * RMX_PW_BLOCK + i % RMX_PW_BLOCK] =
          col[rows ? rows[i] : i];
  }
  return 0;
}

int rmx_pw_pack_rowmajor(RmxPacked *pk, const double *x, size_t n, size_t p) {
  if (alloc_blocks(pk, n, p)) return -1;
  for (size_t i = 0; i < n; i++) {
    double *dst = pk->data + (i / RMX_PW_BLOCK) * p * RMX_PW_BLOCK + i % RMX_PW_BLOCK;
    for (size_t c = 0; c < p; c++) dst[c * RMX_PW_BLOCK] = x[i * p + c];
  }
  return 0;
}

void rmx_pw_free(RmxPacked *pk) {
  free(pk->data);
  memset(pk, 0, sizeof *pk);
}

/* Copies the sums of one block's valid rows (from row i0) out. */
static void store(const v2d a[4], size_t i0, size_t n, size_t from, double *out) {
  double s[RMX_PW_BLOCK];
  memcpy(s, a, sizeof s);
  size_t m = n - i0 < RMX_PW_BLOCK ? n - i0 : RMX_PW_BLOCK;
  memcpy(out + (i0 - from), s, m * sizeof *s);
}

void rmx_pw_sqdist(const RmxPacked *pk, const double *q, size_t from, double *out) {
  size_t p = pk->p;
  for (size_t b = from / RMX_PW_BLOCK; b < pk->nblk; b++) {
    const v2d *x = (const v2d *)(pk->data + b * p * RMX_PW_BLOCK);
    v2d a[4] = {{0, 0}, {0, 0}, {0, 0}, {0, 0}};
    for (size_t c = 0; c < p; c++, x += 4) {
      v2d v = {q[c], q[c]};
      v2d t0 = v - x[0], t1 = v - x[1], t2 = v - x[2], t3 = v - x[3];
      a[0] += t0 * t0;
      a[1] += t1 * t1;
      a[2] += t2 * t2;
      a[3] += t3 * t3;
    }
    store(a, b * RMX_PW_BLOCK, pk->n, from, out);
  }
}

void rmx_pw_dot(const RmxPacked *pk, const double *q, size_t from, double *out) {
  size_t p = pk->p;
  for (size_t b = from / RMX_PW_BLOCK; b < pk->nblk; b++) {
    const v2d *x = (const v2d *)(pk->data + b * p * RMX_PW_BLOCK);
    v2d a[4] = {{0, 0}, {0, 0}, {0, 0}, {0, 0}};
    for (size_t c = 0; c < p; c++, x += 4) {
      v2d v = {q[c], q[c]};
      a[0] += v * x[0];
      a[1] += v * x[1];
      a[2] += v * x[2];
      a[3] += v * x[3];
    }
    store(a, b * RMX_PW_BLOCK, pk->n, from, out);
  }
}
