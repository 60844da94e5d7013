/* mlp.c: MLP training by mini-batch Adam with back-propagation (BLAS dgemm), seeded Glorot initialisation. */
#include "ml_mlp.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

void rmx_mlp_clear(RmxMlp *m) {
  for (size_t l = 0; m->W && l < m->n_layers; l++) {
    free(m->W[l]);
    free(m->b[l]);
  }
  free(m->W);
  free(m->b);
  free(m->sizes);
  memset(m, 0, sizeof *m);
}

static int alloc_layers(RmxMlp *m, size_t n_layers) {
  m->n_layers = n_layers;
  m->sizes = calloc(n_layers + 1, sizeof *m->sizes);
  m->W = calloc(n_layers, sizeof *m->W);
  m->b = calloc(n_layers, sizeof *m->b);
  return m->sizes && m->W && m->b ? 0 : -1;
}

static int alloc_weights(RmxMlp *m) {
  for (size_t l = 0; l < m->n_layers; l++) {
    m->W[l] = calloc(m->sizes[l] * m->sizes[l + 1] + 1, sizeof(double));
    m->b[l] = calloc(m->sizes[l + 1] + 1, sizeof(double));
    if (!m->W[l] || !m->b[l]) return -1;
  }
  return 0;
}

/* x = x > 0 ? x : 0 (NaN too gives 0) without a branch: the signs of hidden
 * units are data-dependent, and a branch per unit was mispredicted about
 * half the time. MAXPD(x, 0) returns 0 unless x > 0: the same values. */
static void relu(double *x, size_t n) {
  size_t k = 0;
#if defined(__SSE2__)
  const __m128d z = _mm_setzero_pd();
  for (; k + 2 <= n; k += 2) _mm_storeu_pd(x + k, _mm_max_pd(_mm_loadu_pd(x + k), z));
#endif
  for (; k < n; k++) x[k] = x[k] > 0 ? x[k] : 0;
}

/* d = a > 0 ? d : 0 (the ReLU derivative), branch-free for the same reason */
static void relu_grad(double *d, const double *a, size_t n) {
  size_t k = 0;
#if defined(__SSE2__)
  const __m128d z = _mm_setzero_pd();
  for (; k + 2 <= n; k += 2)
    _mm_storeu_pd(d + k, _mm_and_pd(_mm_loadu_pd(d + k), _mm_cmpgt_pd(_mm_loadu_pd(a + k), z)));
#endif
  for (; k < n; k++)
    if (!(a[k] > 0)) d[k] = 0;
}

/* g += d element-wise, two at a time (gcc kept a load and a store per
 * element: it cannot tell that g and d do not overlap) */
static void add_to(double *g, const double *d, size_t n) {
  size_t k = 0;
#if defined(__SSE2__)
  for (; k + 2 <= n; k += 2) _mm_storeu_pd(g + k, _mm_add_pd(_mm_loadu_pd(g + k), _mm_loadu_pd(d + k)));
#endif
  for (; k < n; k++) g[k] += d[k];
}

/* Forward pass of B rows (row-major Xb, B x p) keeping every layer's activations. */
static void forward(const RmxMlp *m, size_t B, double **A) {
  for (size_t l = 0; l < m->n_layers; l++) {
    size_t in = m->sizes[l], out = m->sizes[l + 1];
    for (size_t r = 0; r < B; r++) memcpy(A[l + 1] + r * out, m->b[l], out * sizeof(double));
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)B, (int)out, (int)in, 1.0, A[l],
                (int)in, m->W[l], (int)out, 1.0, A[l + 1], (int)out);
    if (l + 1 < m->n_layers) relu(A[l + 1], B * out);
  }
}

typedef struct Adam { double *m, *v; } Adam;

/* Two weights at a time with SSE2: element-wise, the same operations in the
 * same order as the scalar tail, so the same values. */
static void adam_step(double *w, const double *g, Adam *s, size_t n, double lr, double b1t, double b2t) {
  const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
  double step = lr * sqrt(1 - b2t) / (1 - b1t);
  size_t k = 0;
#if defined(__SSE2__)
  const __m128d vb1 = _mm_set1_pd(b1), vc1 = _mm_set1_pd(1 - b1), vb2 = _mm_set1_pd(b2);
  const __m128d vc2 = _mm_set1_pd(1 - b2), vst = _mm_set1_pd(step), veps = _mm_set1_pd(eps);
  for (; k + 2 <= n; k += 2) {
    __m128d gk = _mm_loadu_pd(g + k);
    __m128d mk = _mm_add_pd(_mm_mul_pd(vb1, _mm_loadu_pd(s->m + k)), _mm_mul_pd(vc1, gk));
    __m128d vk = _mm_add_pd(_mm_mul_pd(vb2, _mm_loadu_pd(s->v + k)), _mm_mul_pd(_mm_mul_pd(vc2, gk), gk));
    _mm_storeu_pd(s->m + k, mk);
    _mm_storeu_pd(s->v + k, vk);
    __m128d upd = _mm_div_pd(_mm_mul_pd(vst, mk), _mm_add_pd(_mm_sqrt_pd(vk), veps));
    _mm_storeu_pd(w + k, _mm_sub_pd(_mm_loadu_pd(w + k), upd));
  }
#endif
  for (; k < n; k++) {
    s->m[k] = b1 * s->m[k] + (1 - b1) * g[k];
    s->v[k] = b2 * s->v[k] + (1 - b2) * g[k] * g[k];
    w[k] -= step * s->m[k] / (sqrt(s->v[k]) + eps);
  }
}

int rmx_mlp_fit(RmxMlp *m, const RmxMatrix *X, const double *y, const double *sw,
                const RmxMlpOpts *o, int *n_iter) {
  size_t n = X->rows, p = X->cols, L = o->n_hidden + 1;
  size_t B = o->batch_size ? o->batch_size : (n < 200 ? n : 200);
  if (B > n) B = n;
  memset(m, 0, sizeof *m);
  int rc = RMX_ERR_NOMEM, epoch = 0;
  double **A = calloc(L + 1, sizeof *A), **D = calloc(L + 1, sizeof *D);
  double **gW = calloc(L, sizeof *gW), **gb = calloc(L, sizeof *gb);
  Adam *sW = calloc(L, sizeof *sW), *sb = calloc(L, sizeof *sb);
  size_t *perm = malloc(n * sizeof *perm);
  double *yb = malloc(B * sizeof *yb), *wb = malloc(B * sizeof *wb);
  if (!A || !D || !gW || !gb || !sW || !sb || !perm || !yb || !wb || alloc_layers(m, L)) goto out;
  m->sizes[0] = p;
  for (size_t l = 0; l < o->n_hidden; l++) m->sizes[l + 1] = o->hidden[l];
  m->sizes[L] = 1;
  if (alloc_weights(m)) goto out;
  RmxRng rng;
  rmx_rng_seed(&rng, o->seed, 0);
  for (size_t l = 0; l < L; l++) { /* Glorot uniform; factor 2 for the logistic output */
    size_t in = m->sizes[l], out = m->sizes[l + 1];
    double bound = sqrt((l + 1 == L ? 2.0 : 6.0) / (double)(in + out));
    for (size_t k = 0; k < in * out; k++) m->W[l][k] = bound * (2 * rmx_rng_uniform(&rng) - 1);
    for (size_t k = 0; k < out; k++) m->b[l][k] = bound * (2 * rmx_rng_uniform(&rng) - 1);
    gW[l] = malloc(in * out * sizeof(double));
    gb[l] = malloc(out * sizeof(double));
    sW[l].m = calloc(in * out, sizeof(double));
    sW[l].v = calloc(in * out, sizeof(double));
    sb[l].m = calloc(out, sizeof(double));
    sb[l].v = calloc(out, sizeof(double));
    if (!gW[l] || !gb[l] || !sW[l].m || !sW[l].v || !sb[l].m || !sb[l].v) goto out;
  }
  for (size_t l = 0; l <= L; l++) {
    A[l] = malloc(B * m->sizes[l] * sizeof(double));
    D[l] = malloc(B * m->sizes[l] * sizeof(double));
    if (!A[l] || !D[l]) goto out;
  }
  double wsum = 0;
  for (size_t i = 0; i < n; i++) {
    perm[i] = i;
    wsum += sw ? sw[i] : 1.0;
  }
  double best = INFINITY, b1t = 1, b2t = 1;
  int stale = 0;
  rc = RMX_ERR_NUMERIC;
  for (epoch = 0; epoch < o->max_iter; epoch++) {
    for (size_t i = 0; i + 1 < n; i++) {
      size_t r = i + (size_t)rmx_rng_below(&rng, n - i), t = perm[i];
      perm[i] = perm[r];
      perm[r] = t;
    }
    double loss = 0;
    for (size_t s = 0; s < n; s += B) {
      size_t nb = s + B <= n ? B : n - s;
      double bw = 0;
      for (size_t r = 0; r < nb; r++) {
        size_t i = perm[s + r];
        for (size_t c = 0; c < p; c++) A[0][r * p + c] = RMX_ML_AT(X, i, c);
        yb[r] = y[i];
        wb[r] = sw ? sw[i] : 1.0;
        bw += wb[r];
      }
      if (!(bw > 0)) continue;
      forward(m, nb, A);
      for (size_t r = 0; r < nb; r++) { /* output delta of the log-loss */
        double z = A[L][r], pr = rmx_ml_sigmoid(z);
        loss += wb[r] * (rmx_ml_log1pexp(z) - yb[r] * z);
        D[L][r] = wb[r] * (pr - yb[r]);
      }
      for (size_t l = L; l-- > 0;) {
        size_t in = m->sizes[l], out = m->sizes[l + 1];
        /* gW = (A^T D + alpha W) / batch weight */
        memcpy(gW[l], m->W[l], in * out * sizeof(double));
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)in, (int)out, (int)nb, 1.0 / bw,
                    A[l], (int)in, D[l + 1], (int)out, o->alpha / bw, gW[l], (int)out);
        /* bias gradients: each summed over the rows in row order, rows outermost
         * so the reads are contiguous */
        for (size_t k = 0; k < out; k++) gb[l][k] = 0;
        for (size_t r = 0; r < nb; r++) add_to(gb[l], D[l + 1] + r * out, out);
        for (size_t k = 0; k < out; k++) gb[l][k] /= bw;
        if (l > 0) { /* D[l] = D[l+1] W^T, times the ReLU derivative */
          cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nb, (int)in, (int)out, 1.0,
                      D[l + 1], (int)out, m->W[l], (int)out, 0.0, D[l], (int)in);
          relu_grad(D[l], A[l], nb * in);
        }
      }
      b1t *= 0.9;
      b2t *= 0.999;
      for (size_t l = 0; l < L; l++) {
        adam_step(m->W[l], gW[l], &sW[l], m->sizes[l] * m->sizes[l + 1], o->learning_rate, b1t, b2t);
        adam_step(m->b[l], gb[l], &sb[l], m->sizes[l + 1], o->learning_rate, b1t, b2t);
      }
    }
    double ww = 0;
    for (size_t l = 0; l < L; l++)
      for (size_t k = 0; k < m->sizes[l] * m->sizes[l + 1]; k++) ww += m->W[l][k] * m->W[l][k];
    loss = loss / wsum + 0.5 * o->alpha * ww / wsum;
    if (!isfinite(loss)) break;
    if (loss > best - o->tol) stale++;
    else stale = 0;
    if (loss < best) best = loss;
    if (stale >= o->n_iter_no_change) {
      rc = RMX_OK;
      epoch++;
      break;
    }
  }
out:
  if (n_iter) *n_iter = epoch;
  for (size_t l = 0; l <= L; l++) {
    if (A) free(A[l]);
    if (D) free(D[l]);
    if (l < L) {
      if (gW) free(gW[l]);
      if (gb) free(gb[l]);
      if (sW) {
        free(sW[l].m);
        free(sW[l].v);
      }
      if (sb) {
        free(sb[l].m);
        free(sb[l].v);
      }
    }
  }
  free(A);
  free(D);
  free(gW);
  free(gb);
  free(sW);
  free(sb);
  free(perm);
  free(yb);
  free(wb);
  return rc;
}

void rmx_mlp_predict(const RmxMlp *m, const RmxMatrix *X, double *proba) {
  size_t B = 256, L = m->n_layers;
  double **A = calloc(L + 1, sizeof *A);
  int ok = A != NULL;
  for (size_t l = 0; ok && l <= L; l++) ok = (A[l] = malloc(B * m->sizes[l] * sizeof(double))) != NULL;
  for (size_t s = 0; s < X->rows; s += B) {
    size_t nb = s + B <= X->rows ? B : X->rows - s;
    if (!ok) { /* out of memory: no probabilities rather than garbage */
      for (size_t r = 0; r < nb; r++) proba[s + r] = NAN;
      continue;
    }
    for (size_t r = 0; r < nb; r++)
      for (size_t c = 0; c < m->sizes[0]; c++) A[0][r * m->sizes[0] + c] = RMX_ML_AT(X, s + r, c);
    forward(m, nb, A);
    for (size_t r = 0; r < nb; r++) proba[s + r] = rmx_ml_sigmoid(A[L][r]);
  }
  for (size_t l = 0; A && l <= L; l++) free(A[l]);
  free(A);
}

void rmx_mlp_save(RmxMlWriter *w, const RmxMlp *m) {
  rmx_ml_put_u64(w, m->n_layers);
  for (size_t l = 0; l <= m->n_layers; l++) rmx_ml_put_u64(w, m->sizes[l]);
  for (size_t l = 0; l < m->n_layers; l++) {
    rmx_ml_put_f64s(w, m->W[l], m->sizes[l] * m->sizes[l + 1]);
    rmx_ml_put_f64s(w, m->b[l], m->sizes[l + 1]);
  }
}

int rmx_mlp_load(RmxMlReader *r, RmxMlp *m) {
  memset(m, 0, sizeof *m);
  size_t L = rmx_ml_get_count(r, 64);
  if (r->bad || L == 0 || alloc_layers(m, L)) return -1;
  for (size_t l = 0; l <= L; l++) m->sizes[l] = rmx_ml_get_count(r, 1u << 24);
  if (r->bad || m->sizes[L] != 1) return -1;
  for (size_t l = 0; l < L; l++)
    if (m->sizes[l] == 0 || m->sizes[l] * m->sizes[l + 1] > r->left / 8) return -1;
  if (alloc_weights(m)) return -1;
  for (size_t l = 0; l < L; l++) {
    rmx_ml_get(r, m->W[l], m->sizes[l] * m->sizes[l + 1] * sizeof(double));
    rmx_ml_get(r, m->b[l], m->sizes[l + 1] * sizeof(double));
  }
  return r->bad ? -1 : 0;
}
