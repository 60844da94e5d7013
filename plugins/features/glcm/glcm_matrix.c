/* glcm_matrix.c: builds co-occurrence matrices per direction and averages their features. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "glcm_core.h"
#include "levels.h"
#include "dirangles.h"

const RmxFeatureInfo rmx_glcm_features[CM_COUNT + 1] = {
  {"Autocorrelation", 0},
  {"ClusterProminence", 0},
  {"ClusterShade", 0},
  {"ClusterTendency", 0},
  {"Contrast", 0},
  {"Correlation", 0},
  {"DifferenceAverage", 0},
  {"DifferenceEntropy", 0},
  {"DifferenceVariance", 0},
  {"Dissimilarity", RMX_FEATURE_DEPRECATED},
  {"Homogeneity1", RMX_FEATURE_DEPRECATED},
  {"Homogeneity2", RMX_FEATURE_DEPRECATED},
  {"Id", 0},
  {"Idm", 0},
  {"Idmn", 0},
  {"Idn", 0},
  {"Imc1", 0},
  {"Imc2", 0},
  {"InverseVariance", 0},
  {"JointAverage", 0},
  {"JointEnergy", 0},
  {"JointEntropy", 0},
  {"MCC", 0},
  {"MaximumProbability", 0},
  {"SumAverage", 0},
  {"SumEntropy", 0},
  {"SumSquares", 0},
  {"SumVariance", RMX_FEATURE_DEPRECATED},
  {NULL, 0}};

/* PyRadiomics' GLCM weight exp(-||d||^2), d the offset in mm. */
static double glcm_weight(RmxWeightNorm norm, const int o[3], const double sp[3]) {
  double a[3], mx = 0, e2 = 0, l1 = 0;
  for (int c = 0; c < 3; c++) {
    a[c] = fabs((double)o[c]) * sp[c];
    if (a[c] > mx) mx = a[c];
    e2 += a[c] * a[c];
    l1 += a[c];
  }
  switch (norm) {
  case RMX_WNORM_INFINITY: return exp(-mx * mx);
  case RMX_WNORM_EUCLIDEAN: return exp(-e2);
  case RMX_WNORM_MANHATTAN: return exp(-l1 * l1);
  default: return 1.0;
  }
}

typedef struct Scratch {
  size_t *vox;            /* ROI voxels: flat indices on the padded grid */
  int32_t *row;           /* padded grid: matrix row + 1 inside the ROI, else 0 */
  size_t pdim[3];         /* padded grid size: border voxels on each side */
  double *gl, *count, *acc, *feat, *mre, *mim;
  RmxGlcmWork w;
  void *block, *grid; /* grid: vox and row */
} Scratch;

/* Compacts the grey levels present into matrix rows and copies them onto a
 * grid padded by 'border' zeros, so that neighbours need no bounds tests.
 * Levels are 0..Ng (checked by the caller). The box is mostly outside the
 * ROI (5.6x the ROI on brain1 after preCrop): it is read by a count the
 * compiler vectorises, copied row by row into the grid and scanned 8 voxels
 * at a time for the ROI list; the levels present are then found and
 * remapped on the ROI list alone. */
static int scratch_alloc(Scratch *s, const RmxFeatureInput *in, size_t n_angles, int border) {
  const size_t *dim = in->image->dim;
  size_t nvox = dim[0] * dim[1] * dim[2], Ng = (size_t)in->n_levels;
  const int32_t *lv = in->levels;
  memset(s, 0, sizeof *s);
  size_t nroi = rmx_levels_count(lv, nvox);
  for (int c = 0; c < 3; c++) s->pdim[c] = dim[c] + 2 * (size_t)border;
  size_t npad = s->pdim[0] * s->pdim[1] * s->pdim[2];
  int32_t *lut = calloc(Ng + 1, sizeof *lut);
  s->grid = malloc(nroi * sizeof(size_t) + npad * sizeof(int32_t));
  if (!lut || !s->grid) { free(lut); free(s->grid); return -1; }
  s->vox = s->grid;
  s->row = (int32_t *)(s->vox + nroi);
  const size_t pad[3] = {(size_t)border, (size_t)border, (size_t)border};
  rmx_levels_pad(lv, dim, pad, s->row);
  size_t r = 0;
  for (size_t k = 0; k < dim[2]; k++)
    for (size_t j = 0; j < dim[1]; j++) {
      const int32_t *line = lv + dim[0] * (j + dim[1] * k);
      size_t base = border + s->pdim[0] * ((j + border) + s->pdim[1] * (k + border));
      for (size_t i0 = 0; i0 < dim[0]; i0 += 8)
        for (unsigned m = rmx_levels_mask8(line, i0, dim[0], (size_t)(lv + nvox - line)); m; m &= m - 1) {
          size_t i = i0 + (size_t)__builtin_ctz(m);
          s->vox[r++] = base + i;
          lut[line[i]] = 1;
        }
    }
  size_t ng = 0;
  for (size_t g = 1; g <= Ng; g++)
    if (lut[g]) lut[g] = (int32_t)++ng;
  if (ng > RMX_GLCM_MAX_LEVELS) { free(lut); free(s->grid); return -2; }
  s->w.ng = ng;
  s->w.n_levels = (int)Ng;
  s->w.nlwork = 64 * ng + 64;
  size_t nd = ng * ng * 2 + ng * 5 + 3 * Ng + 1 + n_angles * (CM_COUNT + 2) + s->w.nlwork + 2 * ng * ng + ng;
  s->block = malloc(nd * sizeof(double) + 2 * ng * sizeof(size_t));
  if (!s->block) { free(lut); free(s->grid); return -1; }
  double *d = s->block;
  s->count = d; d += ng * ng;
  s->acc = d; d += ng * ng;
  s->gl = d; d += ng;
  s->w.px = d; d += ng;
  s->w.py = d; d += ng;
  s->w.wr = d; d += ng;
  s->w.wi = d; d += ng;
  s->w.psum = d; d += 2 * Ng + 1;
  s->w.pdiff = d; d += Ng;
  s->feat = d; d += n_angles * CM_COUNT;
  s->mre = d; d += n_angles;
  s->mim = d; d += n_angles;
  s->w.lwork = d; d += s->w.nlwork;
  s->w.q = d; d += 2 * ng * ng + ng;
  s->w.nz = (size_t *)d;
  for (size_t g = 1; g <= Ng; g++)
    if (lut[g]) s->gl[lut[g] - 1] = (double)g;
  s->w.gl = s->gl;
  for (size_t q = 0; q < r; q++) s->row[s->vox[q]] = lut[s->row[s->vox[q]]];
  free(lut);
  return (int)r; /* voxel count, fits: volumes are far below 2^31 voxels */
}

/* Symmetrises counts c in place (when asked); returns their sum. */
static double finish_counts(double *c, size_t ng, size_t total, int symmetrical) {
  if (symmetrical) {
    for (size_t i = 0; i < ng; i++)
      for (size_t j = i; j < ng; j++) {
        double t = c[i * ng + j] + c[j * ng + i];
        c[i * ng + j] = c[j * ng + i] = t;
      }
    total *= 2;
  }
  return (double)total;
}

/* Raw (optionally symmetrised) counts for one offset into c; returns their sum. */
static double count_pairs(const Scratch *s, double *c, size_t nroi, ptrdiff_t step,
                          int symmetrical) {
  const size_t ng = s->w.ng;
  const int32_t *row = s->row;
  size_t total = 0;
  memset(c, 0, ng * ng * sizeof *c);
  for (size_t r = 0; r < nroi; r++) {
    size_t v = s->vox[r];
    int32_t b = row[(ptrdiff_t)v + step];
    if (!b) continue;
    c[(size_t)(row[v] - 1) * ng + (size_t)(b - 1)] += 1;
    total++;
  }
  return finish_counts(c, ng, total, symmetrical);
}

/* Above this many counters (16 MiB) the directions are counted one by one. */
#define ALL_COUNTS_MAX ((size_t)1 << 22)

/*
 * Counts of every direction in one pass over the ROI: cnt holds na blocks
 * of ng x (ng + 1) counters, column 0 of each row catching the neighbours
 * outside the ROI (level 0), so no test per pair.
 */
static void count_all(const Scratch *s, uint32_t *cnt, size_t nroi, const ptrdiff_t *steps,
                      size_t na) {
  const size_t ng = s->w.ng, block = ng * (ng + 1);
  const int32_t *row = s->row;
  for (size_t r = 0; r < nroi; r++) {
    ptrdiff_t v = (ptrdiff_t)s->vox[r];
    uint32_t *c = cnt + (size_t)(row[v] - 1) * (ng + 1);
    if (na == 13) { /* 3D distance 1: unrolled (gcc -O2 does not), ~5 instructions a pair, was 8 */
      const int32_t *rv = row + v;
#pragma GCC unroll 13
      for (size_t a = 0; a < 13; a++) c[a * block + (size_t)rv[steps[a]]]++;
    } else {
      for (size_t a = 0; a < na; a++, c += block) c[row[v + steps[a]]]++;
    }
  }
}

/* Direction a's counts from count_all's block into c (ng x ng); returns their sum. */
static double take_counts(const uint32_t *cnt, double *c, size_t ng, int symmetrical) {
  size_t total = 0;
  for (size_t i = 0; i < ng; i++) {
    const uint32_t *src = cnt + i * (ng + 1) + 1;
    for (size_t j = 0; j < ng; j++) {
      c[i * ng + j] = src[j];
      total += src[j];
    }
  }
  return finish_counts(c, ng, total, symmetrical);
}

/* One direction's matrix and features, with its own work buffers so that
 * directions can run on several threads; results go to slot a. */
typedef struct DirJob {
  const Scratch *s;
  const RmxDirAngles *nb;
  const RmxGlcmOptions *opt;
  size_t nroi;
  const uint32_t *cnt; /* count_all's counts, or NULL: count per direction */
  int want_mcc;
  uint8_t *valid;
  double *feat, *mre, *mim;
} DirJob;

static int direction_body(void *user, size_t a) {
  DirJob *j = user;
  const Scratch *s = j->s;
  size_t ng = s->w.ng, Ng = (size_t)s->w.n_levels;
  RmxGlcmWork w = s->w;
  size_t nd = ng * ng + 4 * ng + 3 * Ng + 1 + w.nlwork + 2 * ng * ng + ng;
  double *d = malloc(nd * sizeof(double) + 2 * ng * sizeof(size_t));
  if (!d) return RMX_ERR_NOMEM;
  double *count = d;
  w.px = count + ng * ng;
  w.py = w.px + ng;
  w.wr = w.py + ng;
  w.wi = w.wr + ng;
  w.psum = w.wi + ng;
  w.pdiff = w.psum + 2 * Ng + 1;
  w.lwork = w.pdiff + Ng;
  w.q = w.lwork + w.nlwork;
  w.nz = (size_t *)(w.q + 2 * ng * ng + ng);
  const int *o = j->nb->off[a];
  ptrdiff_t step = o[0] + (ptrdiff_t)s->pdim[0] * (o[1] + (ptrdiff_t)s->pdim[1] * o[2]);
  double total = j->cnt ? take_counts(j->cnt + a * ng * (ng + 1), count, ng, j->opt->symmetrical)
                        : count_pairs(s, count, j->nroi, step, j->opt->symmetrical);
  int rc = 0;
  j->valid[a] = total > 0; /* empty direction: dropped, as PyRadiomics does */
  if (total > 0) {
    for (size_t e = 0; e < ng * ng; e++) count[e] /= total;
    rc = rmx_glcm_matrix_features(count, &w, j->opt->ibsi, j->want_mcc, j->feat + a * CM_COUNT,
                                  &j->mre[a], &j->mim[a]);
  }
  free(d);
  return rc;
}

int rmx_glcm_compute(const RmxFeatureInput *in, const RmxGlcmOptions *opt,
                     const uint8_t *enabled, double *values) {
  for (int f = 0; f < CM_COUNT; f++) values[f] = NAN;
  RmxDirAngles nb;
  int rc = rmx_dir_angles(&nb, in->image->dim, opt->distances, opt->n_distances,
                          rmx_dir_plane_axis(in));
  if (rc) return rc;
  size_t na = nb.n;
  int border = 0;
  for (size_t a = 0; a < na; a++)
    for (int c = 0; c < 3; c++) border = abs(nb.off[a][c]) > border ? abs(nb.off[a][c]) : border;
  Scratch s;
  int nroi = scratch_alloc(&s, in, na ? na : 1, border);
  if (nroi < 0) {
    rmx_dir_angles_free(&nb);
    return nroi == -2 ? RMX_ERR_UNSUPPORTED : RMX_ERR_NOMEM;
  }
  const size_t ng = s.w.ng;
  s.w.symmetric = opt->symmetrical;
  int want_mcc = enabled[CM_MCC] != 0;

  /* Per direction: features of each non-empty matrix, kept in direction
   * order whatever the threads, so the mean does not depend on them.
   * Merged (weighting): one matrix, the weighted sum over directions. */
  size_t nvalid = 0;
  if (opt->weighting == RMX_WNORM_NONE && na > 0) {
    uint8_t *valid = calloc(na, 1);
    if (!valid) { rc = RMX_ERR_NOMEM; goto done; }
    /* Steps on the padded grid; all directions counted in one pass when the
     * counters fit. */
    ptrdiff_t *steps = malloc(na * sizeof *steps);
    uint32_t *cnt = na * ng * (ng + 1) <= ALL_COUNTS_MAX ? calloc(na * ng * (ng + 1), sizeof *cnt) : NULL;
    if (!steps) { free(valid); free(cnt); rc = RMX_ERR_NOMEM; goto done; }
    for (size_t a = 0; a < na; a++) {
      const int *o = nb.off[a];
      steps[a] = o[0] + (ptrdiff_t)s.pdim[0] * (o[1] + (ptrdiff_t)s.pdim[1] * o[2]);
    }
    if (cnt) count_all(&s, cnt, (size_t)nroi, steps, na);
    free(steps);
    DirJob job = {&s, &nb, opt, (size_t)nroi, cnt, want_mcc, valid, s.feat, s.mre, s.mim};
    /* Threads pay off once MCC's O(ng^3) per direction dominates; below,
     * starting them costs more than it saves on a busy machine. */
    if (opt->run && na > 1 && ng >= 48) {
      rc = opt->run(opt->runner, na, direction_body, &job);
    } else {
      for (size_t a = 0; a < na && !rc; a++) rc = direction_body(&job, a);
    }
    for (size_t a = 0; a < na && !rc; a++) {
      if (!valid[a]) continue;
      if (a != nvalid) {
        memmove(s.feat + nvalid * CM_COUNT, s.feat + a * CM_COUNT, CM_COUNT * sizeof *s.feat);
        s.mre[nvalid] = s.mre[a];
        s.mim[nvalid] = s.mim[a];
      }
      nvalid++;
    }
    free(valid);
    free(cnt);
    if (rc) goto done;
  }
  if (opt->weighting != RMX_WNORM_NONE) {
    memset(s.acc, 0, ng * ng * sizeof *s.acc);
    for (size_t a = 0; a < na; a++) {
      const int *o = nb.off[a];
      ptrdiff_t step = o[0] + (ptrdiff_t)s.pdim[0] * (o[1] + (ptrdiff_t)s.pdim[1] * o[2]);
      count_pairs(&s, s.count, (size_t)nroi, step, opt->symmetrical);
      double wgt = glcm_weight(opt->weighting, o, in->image->spacing);
      for (size_t e = 0; e < ng * ng; e++) s.acc[e] += wgt * s.count[e];
    }
  }
  if (opt->weighting != RMX_WNORM_NONE) {
    /* The weighted total, re-summed, is what PyRadiomics divides by. */
    double sum = 0;
    for (size_t e = 0; e < ng * ng; e++) sum += s.acc[e];
    if (sum > 0) {
      for (size_t e = 0; e < ng * ng; e++) s.acc[e] /= sum;
      rc = rmx_glcm_matrix_features(s.acc, &s.w, opt->ibsi, want_mcc, s.feat, &s.mre[0], &s.mim[0]);
      if (rc) goto done;
      nvalid = 1;
    }
  }

  /* numpy.nanmean over directions (a direction's NaN is skipped). */
  for (int f = 0; f < CM_COUNT; f++) {
    if (f == CM_MCC) continue;
    double sum = 0;
    size_t cnt = 0;
    for (size_t a = 0; a < nvalid; a++) {
      double v = s.feat[a * CM_COUNT + f];
      if (!isnan(v)) { sum += v; cnt++; }
    }
    values[f] = cnt ? sum / (double)cnt : NAN;
  }
  if (want_mcc) {
    /* numpy.linalg.eigvals returns complex values for the whole stack when
     * any direction has a complex eigenvalue; sqrt then follows suit. */
    int any_complex = 0;
    for (size_t a = 0; a < nvalid; a++) any_complex |= s.mim[a] != 0;
    double sum = 0;
    size_t cnt = 0;
    for (size_t a = 0; a < nvalid; a++) {
      double re = s.mre[a], im = s.mim[a], m;
      if (any_complex) {
        double mod = hypot(re, im); /* Re(sqrt(re + i im)) */
        m = sqrt((mod + re) / 2);
      } else {
        m = sqrt(re); /* NaN for a negative eigenvalue */
      }
      if (!isnan(m)) { sum += m; cnt++; }
    }
    values[CM_MCC] = ng < 2 ? 1.0 : (cnt ? sum / (double)cnt : NAN);
  }
done:
  free(s.block);
  free(s.grid);
  rmx_dir_angles_free(&nb);
  return rc;
}
