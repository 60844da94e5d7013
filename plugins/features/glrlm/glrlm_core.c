/* glrlm_core.c: run-length matrices per direction and PyRadiomics' GLRLM features. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "glrlm_core.h"
#include "levels.h"
#include "dirangles.h"

const RmxFeatureInfo rmx_glrlm_features[RL_COUNT + 1] = {
  {"GrayLevelNonUniformity", 0},
  {"GrayLevelNonUniformityNormalized", 0},
  {"GrayLevelVariance", 0},
  {"HighGrayLevelRunEmphasis", 0},
  {"LongRunEmphasis", 0},
  {"LongRunHighGrayLevelEmphasis", 0},
  {"LongRunLowGrayLevelEmphasis", 0},
  {"LowGrayLevelRunEmphasis", 0},
  {"RunEntropy", 0},
  {"RunLengthNonUniformity", 0},
  {"RunLengthNonUniformityNormalized", 0},
  {"RunPercentage", 0},
  {"RunVariance", 0},
  {"ShortRunEmphasis", 0},
  {"ShortRunHighGrayLevelEmphasis", 0},
  {"ShortRunLowGrayLevelEmphasis", 0},
  {NULL, 0}};

#define EPS 2.220446049250313e-16 /* numpy.spacing(1) */

/* PyRadiomics' GLRLM weight: the offset's length in mm (not exp as GLCM). */
static double run_weight(RmxRunNorm norm, const int o[3], const double sp[3]) {
  double mx = 0, e2 = 0, l1 = 0;
  for (int c = 0; c < 3; c++) {
    double a = fabs((double)o[c]) * sp[c];
    if (a > mx) mx = a;
    e2 += a * a;
    l1 += a;
  }
  switch (norm) {
  case RL_NORM_INFINITY: return mx;
  case RL_NORM_EUCLIDEAN: return sqrt(e2);
  case RL_NORM_MANHATTAN: return l1;
  default: return 1.0;
  }
}

typedef struct Ctx {
  const RmxFeatureInput *in;
  size_t ng, nr, nroi;  /* grey levels present, longest possible run, ROI voxels */
  int32_t *lut;         /* grey level -> row */
  double *gl;           /* grey level of each row */
  size_t *vox;          /* ROI voxels: flat indices on the input grid */
  size_t *pvox;         /* the same on the padded grid */
  int *coord;           /* their (i, j, k) */
  int32_t *row;         /* grid padded by one zero voxel: (matrix row + 1) * nr in the ROI */
  int32_t *len;         /* same grid: length of the run so far at each ROI voxel */
  size_t maxlen;        /* longest run in the matrices counted so far */
  size_t used;          /* longest run of the last direction: its columns */
  size_t pdim[3];
  uint32_t *cnt;        /* run counts of one direction, ng x nr, then 4 dummies */
  double *m, *acc, *pr, *pg, *feat;
} Ctx;

/* Counts the runs along offset o into c->cnt (zero on entry); returns
 * 1 when some line along o holds two or more ROI voxels (PyRadiomics'
 * multiElement). */
static int count_runs(Ctx *c, const int o[3], ptrdiff_t step) {
  const size_t *dim = c->in->image->dim, nr = c->nr;
  const int32_t *lv = c->in->levels, *row = c->row;
  /* The zero padding ends every run: no bounds tests. */
  ptrdiff_t ps = o[0] + (ptrdiff_t)c->pdim[0] * (o[1] + (ptrdiff_t)c->pdim[1] * o[2]);
  /* Every step is positive (the first non-zero of (k, j, i) is), so raster
   * order reaches v - ps before v: the run so far at v is one more than at
   * v - ps when both have v's level, else 1, and a run is counted at its
   * last voxel. The run start is selected by a mask, not a branch; len is
   * only written at ROI voxels and is not cleared: a run start reads len[0],
   * a padding voxel kept 0. Counts are integers: an end counted in the same
   * cell as the voxel before waits on that store (short runs of one level
   * often end side by side), and an integer add is shorter than a double's. */
  int32_t *len = c->len, longest = 1;
  const size_t dummy = c->ng * nr; /* 4 cells after the matrix */
  for (size_t r = 0; r < c->nroi; r++) {
    ptrdiff_t v = (ptrdiff_t)c->pvox[r];
    int32_t g = row[v]; /* premultiplied: the matrix row's start is g - nr */
    ptrdiff_t prev = (v - ps) & -(ptrdiff_t)(row[v - ps] == g);
    int32_t l = len[prev] + 1;
    len[v] = l;
    longest = l > longest ? l : longest;
    size_t idx = (size_t)g + (size_t)l - (nr + 1);
    /* non-ends add to one of 4 rotating dummies: no chain through one cell */
    size_t dst = row[v + ps] != g ? idx : dummy + (r & 3);
    c->cnt[dst] += 1;
  }
  c->used = (size_t)longest;
  if ((size_t)longest > c->maxlen) c->maxlen = (size_t)longest;
  int multi = longest > 1;
  if (multi) return 1;
  /* All runs are single voxels: look for two ROI voxels on one line. */
  for (size_t r = 0; r < c->nroi && !multi; r++) {
    const int *x = c->coord + 3 * r;
    int p[3] = {x[0], x[1], x[2]};
    ptrdiff_t w = (ptrdiff_t)c->vox[r];
    while (rmx_dir_inside(dim, p, o)) {
      w += step;
      for (int d = 0; d < 3; d++) p[d] += o[d];
      if (lv[w] > 0) { multi = 1; break; }
    }
  }
  return multi;
}

/* The counts as the matrix m (columns up to the longest run so far; those
 * past it stay 0), and the columns count_runs filled zeroed again: runs are
 * mostly short, so that is a small part of the ng x nr counts. */
static void take_runs(Ctx *c) {
  for (size_t i = 0; i < c->ng; i++) {
    uint32_t *src = c->cnt + i * c->nr;
    double *dst = c->m + i * c->nr;
    for (size_t j = 0; j < c->maxlen; j++) dst[j] = src[j];
    memset(src, 0, c->used * sizeof *src);
  }
}

static inline double xlog2(double x, int ibsi) {
  if (ibsi) return x > 0 ? x * log2(x) : 0.0;
  return x * log2(x + EPS);
}

/* Features of one (possibly merged) run-length matrix m, total runs > 0. */
static void run_features(Ctx *c, const double *m, int ibsi, double *f) {
  /* Columns past the longest run are zero: leaving them out adds no term. */
  const size_t ng = c->ng, nr = c->maxlen, stride = c->nr;
  double *pr = c->pr, *pg = c->pg;
  memset(pr, 0, nr * sizeof *pr);
  double total = 0, lglre = 0, hglre = 0, srlgle = 0, srhgle = 0, lrlgle = 0, lrhgle = 0;
  for (size_t i = 0; i < ng; i++) {
    const double *row = m + i * stride;
    double gi = c->gl[i], g2 = gi * gi, rowsum = 0;
    for (size_t j = 0; j < nr; j++) {
      double v = row[j];
      if (v == 0) continue;
      double jj = (double)(j + 1), j2 = jj * jj;
      rowsum += v;
      pr[j] += v;
      srlgle += v / (g2 * j2);
      srhgle += v * g2 / j2;
      lrlgle += v * j2 / g2;
      lrhgle += v * j2 * g2;
    }
    pg[i] = rowsum;
    total += rowsum;
    lglre += rowsum / g2;
    hglre += rowsum * g2;
  }
  double sre = 0, lre = 0, rln = 0, np = 0, gln = 0, ui = 0, uj = 0, re = 0;
  for (size_t j = 0; j < nr; j++) {
    double jj = (double)(j + 1), v = pr[j];
    sre += v / (jj * jj);
    lre += v * jj * jj;
    rln += v * v;
    np += v * jj;
    uj += v / total * jj;
  }
  for (size_t i = 0; i < ng; i++) { gln += pg[i] * pg[i]; ui += pg[i] / total * c->gl[i]; }
  double glv = 0, rv = 0;
  for (size_t i = 0; i < ng; i++) { double d = c->gl[i] - ui; glv += pg[i] / total * d * d; }
  for (size_t j = 0; j < nr; j++) { double d = (double)(j + 1) - uj; rv += pr[j] / total * d * d; }
  for (size_t i = 0; i < ng; i++)
    for (size_t j = 0; j < nr; j++) {
      double v = m[i * stride + j];
      if (v != 0) re -= xlog2(v / total, ibsi);
    }
  f[RL_SRE] = sre / total;
  f[RL_LRE] = lre / total;
  f[RL_GLN] = gln / total;
  f[RL_GLNN] = gln / (total * total);
  f[RL_RLN] = rln / total;
  f[RL_RLNN] = rln / (total * total);
  f[RL_RP] = total / np;
  f[RL_GLV] = glv;
  f[RL_RV] = rv;
  f[RL_RE] = re;
  f[RL_LGLRE] = lglre / total;
  f[RL_HGLRE] = hglre / total;
  f[RL_SRLGLE] = srlgle / total;
  f[RL_SRHGLE] = srhgle / total;
  f[RL_LRLGLE] = lrlgle / total;
  f[RL_LRHGLE] = lrhgle / total;
}

int rmx_glrlm_compute(const RmxFeatureInput *in, const RmxGlrlmOptions *opt,
                      const uint8_t *enabled, double *values) {
  (void)enabled; /* every feature comes from the same sums */
  for (int f = 0; f < RL_COUNT; f++) values[f] = NAN;
  const size_t *dim = in->image->dim;
  size_t nvox = dim[0] * dim[1] * dim[2], Ng = (size_t)(in->n_levels > 0 ? in->n_levels : 0);
  static const double one[1] = {1};
  RmxDirAngles nb;
  int rc = rmx_dir_angles(&nb, dim, one, 1, rmx_dir_plane_axis(in));
  if (rc) return rc;
  size_t na = nb.n;

  Ctx c = {0};
  c.in = in;
  c.nr = dim[0] > dim[1] ? dim[0] : dim[1];
  if (dim[2] > c.nr) c.nr = dim[2];
  /* The box is mostly outside the ROI (5.6x the ROI on brain1 after
   * preCrop): it is read by a count the compiler vectorises and by a raster
   * pass that tests 8 voxels at once; the levels present are then found and
   * remapped on the ROI list alone. Levels are 0..Ng (checked by the caller). */
  const int32_t *lv = in->levels;
  c.nroi = rmx_levels_count(lv, nvox);
  for (int a = 0; a < 3; a++) c.pdim[a] = dim[a] + 2;
  size_t npad = c.pdim[0] * c.pdim[1] * c.pdim[2];
  c.lut = malloc((Ng + 1) * sizeof *c.lut);
  void *grid = malloc(c.nroi * (2 * sizeof(size_t) + 3 * sizeof(int)) + 2 * npad * sizeof(int32_t));
  if (!c.lut || !grid) {
    free(c.lut);
    free(grid);
    rmx_dir_angles_free(&nb);
    return RMX_ERR_NOMEM;
  }
  for (size_t g = 0; g <= Ng; g++) c.lut[g] = -1;
  c.vox = grid;
  c.pvox = c.vox + c.nroi;
  c.coord = (int *)(c.pvox + c.nroi);
  c.row = (int32_t *)(c.coord + 3 * c.nroi);
  c.len = c.row + npad;
  const size_t pad[3] = {1, 1, 1};
  rmx_levels_pad(lv, dim, pad, c.row);
  c.len[0] = 0; /* a padding voxel: count_runs' run length before a run starts */
  size_t r = 0;
  for (size_t k = 0; k < dim[2]; k++)
    for (size_t j = 0; j < dim[1]; j++) {
      size_t v0 = dim[0] * (j + dim[1] * k), p0 = 1 + c.pdim[0] * ((j + 1) + c.pdim[1] * (k + 1));
      const int32_t *line = lv + v0;
      for (size_t i0 = 0; i0 < dim[0]; i0 += 8)
        for (unsigned m = rmx_levels_mask8(line, i0, dim[0], nvox - v0); m; m &= m - 1) {
          size_t i = i0 + (size_t)__builtin_ctz(m);
          c.vox[r] = v0 + i;
          c.pvox[r] = p0 + i;
          c.lut[line[i]] = 0;
          c.coord[3 * r] = (int)i;
          c.coord[3 * r + 1] = (int)j;
          c.coord[3 * r + 2] = (int)k;
          r++;
        }
    }
  for (size_t g = 1; g <= Ng; g++)
    if (c.lut[g] == 0) c.lut[g] = (int32_t)c.ng++;
  /* The grid holds (row + 1) * nr, so count_runs needs no multiply; the
   * counts, ng x nr 32-bit cells, would pass 8 GiB before that overflows. */
  if (c.ng * c.nr > INT32_MAX) {
    free(grid); free(c.lut); rmx_dir_angles_free(&nb);
    return RMX_ERR_NOMEM;
  }
  for (size_t q = 0; q < r; q++)
    c.row[c.pvox[q]] = (c.lut[c.row[c.pvox[q]]] + 1) * (int32_t)c.nr;
  size_t nd = 2 * c.ng * c.nr + c.nr + 2 * c.ng + (na + 1) * RL_COUNT + (c.ng * c.nr + 4) / 2 + 1;
  void *block = malloc(nd * sizeof(double));
  if (!block) { free(grid); free(c.lut); rmx_dir_angles_free(&nb); return RMX_ERR_NOMEM; }
  double *d = block;
  c.m = d; d += c.ng * c.nr;
  c.acc = d; d += c.ng * c.nr;
  c.pr = d; d += c.nr;
  c.pg = d; d += c.ng;
  c.gl = d; d += c.ng;
  c.feat = d; d += (na + 1) * RL_COUNT;
  c.cnt = (uint32_t *)d;
  for (size_t g = 1; g <= Ng; g++)
    if (c.lut[g] >= 0) c.gl[c.lut[g]] = (double)g;

  size_t nm = c.ng * c.nr, nvalid = 0;
  memset(c.m, 0, nm * sizeof *c.m);
  memset(c.cnt, 0, (nm + 4) * sizeof *c.cnt);
  if (opt->weighting != RL_NORM_NONE) memset(c.acc, 0, nm * sizeof *c.acc);
  for (size_t a = 0; a < na; a++) {
    int multi = count_runs(&c, nb.off[a], nb.step[a]);
    take_runs(&c);
    /* PyRadiomics drops a direction whose lines never hold two ROI voxels
     * (the ROI is flat across it); IBSI keeps its single-voxel runs. */
    if (multi || opt->ibsi) {
      if (opt->weighting != RL_NORM_NONE) {
        double wgt = run_weight(opt->weighting, nb.off[a], in->image->spacing);
        for (size_t e = 0; e < nm; e++) c.acc[e] += wgt * c.m[e];
      } else {
        run_features(&c, c.m, opt->ibsi, c.feat + nvalid * RL_COUNT);
        nvalid++;
      }
    }
  }
  if (opt->weighting != RL_NORM_NONE) {
    double sum = 0;
    for (size_t e = 0; e < nm; e++) sum += c.acc[e];
    if (sum > 0) { run_features(&c, c.acc, opt->ibsi, c.feat); nvalid = 1; }
  }
  for (int f = 0; f < RL_COUNT; f++) {
    double sum = 0;
    size_t cnt = 0;
    for (size_t a = 0; a < nvalid; a++) {
      double v = c.feat[a * RL_COUNT + f];
      if (!isnan(v)) { sum += v; cnt++; }
    }
    values[f] = cnt ? sum / (double)cnt : NAN;
  }
  free(block);
  free(grid);
  free(c.lut);
  rmx_dir_angles_free(&nb);
  return RMX_OK;
}
