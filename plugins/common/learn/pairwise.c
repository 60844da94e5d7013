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
  pk->data = aligned_alloc(32, (bytes + 31) / 32 * 32);
  if (!pk->data) return -1;
  if (pk->nblk) /* only the last block can have lanes past n: zero them (the rest is overwritten) */
    memset(pk->data + (pk->nblk - 1) * p * RMX_PW_BLOCK, 0, p * RMX_PW_BLOCK * sizeof(double));
  return 0;
}

int rmx_pw_pack(RmxPacked *pk, const RmxMatrix *X, const size_t *rows, size_t n) {
  if (!rows) n = X->rows;
  if (alloc_blocks(pk, n, X->cols)) return -1;
  size_t p = X->cols, stride = p * RMX_PW_BLOCK; /* doubles from one block to the next */
  for (size_t c = 0; c < p; c++) {
    const double *col = X->data + c * X->ld;
    double *dst = pk->data + c * RMX_PW_BLOCK;
    for (size_t i0 = 0; i0 < n; i0 += RMX_PW_BLOCK, dst += stride) {
      size_t m = n - i0 < RMX_PW_BLOCK ? n - i0 : RMX_PW_BLOCK;
      if (rows)
        for (size_t l = 0; l < m; l++) dst[l] = col[rows[i0 + l]];
      else
        memcpy(dst, col + i0, m * sizeof *dst);
    }
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

/* Copies the sums s of one block's valid rows (from row i0) out. */
static void store(const double *s, size_t i0, size_t n, size_t from, double *out) {
  size_t m = n - i0 < RMX_PW_BLOCK ? n - i0 : RMX_PW_BLOCK;
  memcpy(out + (i0 - from), s, m * sizeof *s);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
/* With AVX2 (checked at run time; no FMA, so the products are rounded before
 * the adds as in the scalar loop): two blocks at a time in four four-lane
 * accumulators, half the instructions of the SSE2 loop. Each lane is still one
 * row's sum in feature order. Returns the first block left undone. */
typedef double v4d __attribute__((vector_size(32)));
#define RMX_PW_AVX2 1

__attribute__((target("avx2"))) static size_t pairs_avx2(const RmxPacked *pk, const double *q,
                                                         size_t from, double *out, int dot) {
  size_t p = pk->p, b = from / RMX_PW_BLOCK;
  for (; b + 2 <= pk->nblk; b += 2) {
    const v4d *x = (const v4d *)(pk->data + b * p * RMX_PW_BLOCK), *y = x + 2 * p;
    v4d a0 = {0, 0, 0, 0}, a1 = a0, a2 = a0, a3 = a0;
    if (dot)
      for (size_t c = 0; c < p; c++, x += 2, y += 2) {
        v4d v = {q[c], q[c], q[c], q[c]};
        a0 += v * x[0];
        a1 += v * x[1];
        a2 += v * y[0];
        a3 += v * y[1];
      }
    else
      for (size_t c = 0; c < p; c++, x += 2, y += 2) {
        v4d v = {q[c], q[c], q[c], q[c]};
        v4d t0 = v - x[0], t1 = v - x[1], t2 = v - y[0], t3 = v - y[1];
        a0 += t0 * t0;
        a1 += t1 * t1;
        a2 += t2 * t2;
        a3 += t3 * t3;
      }
    double sums[2 * RMX_PW_BLOCK];
    memcpy(sums, &a0, sizeof a0);
    memcpy(sums + 4, &a1, sizeof a1);
    memcpy(sums + 8, &a2, sizeof a2);
    memcpy(sums + 12, &a3, sizeof a3);
    store(sums, b * RMX_PW_BLOCK, pk->n, from, out);
    store(sums + RMX_PW_BLOCK, (b + 1) * RMX_PW_BLOCK, pk->n, from, out);
  }
  return b * RMX_PW_BLOCK;
}

/* A bit test in the CPU model that libgcc/compiler-rt fill in at load time: no
 * state of our own, so worker threads may call it concurrently. */
static int have_avx2(void) { return __builtin_cpu_supports("avx2") != 0; }
#endif

/* Squared distances (dot = 0) or dot products (dot = 1) of q with the rows
 * from 'from' on: AVX2 blocks when available, then two-lane blocks; the same
 * operations in the same order either way. */
static void pairs(const RmxPacked *pk, const double *q, size_t from, double *out, int dot) {
  size_t p = pk->p, start = from;
#ifdef RMX_PW_AVX2
  if (have_avx2()) start = pairs_avx2(pk, q, from, out, dot);
#endif
  for (size_t b = start / RMX_PW_BLOCK; b < pk->nblk; b++) {
    const v2d *x = (const v2d *)(pk->data + b * p * RMX_PW_BLOCK);
    v2d a[4] = {{0, 0}, {0, 0}, {0, 0}, {0, 0}};
    if (dot)
      for (size_t c = 0; c < p; c++, x += 4) {
        v2d v = {q[c], q[c]};
        a[0] += v * x[0];
        a[1] += v * x[1];
        a[2] += v * x[2];
        a[3] += v * x[3];
      }
    else
      for (size_t c = 0; c < p; c++, x += 4) {
        v2d v = {q[c], q[c]};
        v2d t0 = v - x[0], t1 = v - x[1], t2 = v - x[2], t3 = v - x[3];
        a[0] += t0 * t0;
        a[1] += t1 * t1;
        a[2] += t2 * t2;
        a[3] += t3 * t3;
      }
    double sums[RMX_PW_BLOCK];
    memcpy(sums, a, sizeof sums);
    store(sums, b * RMX_PW_BLOCK, pk->n, from, out);
  }
}

void rmx_pw_sqdist(const RmxPacked *pk, const double *q, size_t from, double *out) {
  pairs(pk, q, from, out, 0);
}

void rmx_pw_dot(const RmxPacked *pk, const double *q, size_t from, double *out) {
  pairs(pk, q, from, out, 1);
}
