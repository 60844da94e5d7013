/* wavelet.c: undecimated separable wavelet transform (PyRadiomics' _swt3 on
** pywt.swtn, and the IBSI 2 variants: boundary condition, a trous dilation). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "filtercore.h"

int rmx_fc_boundary_from_name(const char *name) {
  if (!name) return -1;
  if (!strcasecmp(name, "zero") || !strcasecmp(name, "constant")) return RMX_FC_ZERO;
  if (!strcasecmp(name, "nearest")) return RMX_FC_NEAREST;
  if (!strcasecmp(name, "periodic") || !strcasecmp(name, "wrap")) return RMX_FC_PERIODIC;
  if (!strcasecmp(name, "mirror") || !strcasecmp(name, "symmetric")) return RMX_FC_MIRROR;
  return -1;
}

/* mirror is IBSI's: the edge sample repeats (... b a | a b ...). */
long rmx_fc_boundary_index(long p, long n, RmxFcBoundary bc) {
  if (p >= 0 && p < n) return p;
  switch (bc) {
  case RMX_FC_ZERO: return -1;
  case RMX_FC_NEAREST: return p < 0 ? 0 : n - 1;
  case RMX_FC_PERIODIC: { long r = p % n; return r < 0 ? r + n : r; }
  case RMX_FC_MIRROR: {
    long period = 2 * n, r = p % period;
    if (r < 0) r += period;
    return r < n ? r : period - 1 - r;
  }
  }
  return -1;
}

/* The transform is separable and every output sample reads F taps of its
** line, so the outputs inside a box need, per axis, only a set of input
** positions: each level maps the set of positions it must produce to the
** set it reads (through the boundary rule). Working on those sets instead
** of whole lines gives bit-identical sums (same taps, same order) and lets a
** caller that needs the bands only inside a box (the ROI's) skip the rest.
** A set is a sorted index list plus the local position of every index. */
typedef struct Set { size_t n; size_t *idx; long *loc; } Set;

static int set_alloc(Set *s, size_t P) {
  s->n = 0;
  s->idx = malloc(P * sizeof *s->idx);
  s->loc = malloc(P * sizeof *s->loc);
  return s->idx && s->loc ? 0 : -1;
}
static void set_free(Set *s) { free(s->idx), free(s->loc); }
/* from marks[P] */
static void set_from_marks(Set *s, const char *marks, size_t P) {
  s->n = 0;
  for (size_t g = 0; g < P; g++) {
    s->loc[g] = marks[g] ? (long)s->n : -1;
    if (marks[g]) s->idx[s->n++] = g;
  }
}

typedef struct Swt {
  const RmxFcSwtOptions *o;
  size_t P[3], dim[3], lo[3], hi[3]; /* padded and original dims, output box */
  int axes[3], naxes, on[3];
  double *flo, *fhi;          /* filters */
  int F, dil;                 /* taps, dilation (1 = none) */
  const Set *in, *out;        /* this level's per-axis input and output sets */
  double *approx;             /* this level's all-L band, on the out box */
  double *crop;               /* a band inside [lo, hi) */
  double *tmp[3];             /* per split depth */
  int report, level_idx;
  const char *want;           /* letters to follow this level, NULL: all */
  RmxFcBandFn fn;
  void *user;
} Swt;

/* Positions of a line of length P that outputs at 'out' read: o + shift - j dil. */
static void mark_reads(const Swt *s, const Set *out, size_t P, int dil, char *marks) {
  memset(marks, 0, P);
  long shift = (long)(s->F * dil) / 2;
  for (size_t k = 0; k < out->n; k++)
    for (int j = 0; j < s->F; j++) {
      long p = rmx_fc_boundary_index((long)out->idx[k] + shift - (long)j * dil, (long)P,
                                     s->o->boundary);
      if (p >= 0) marks[p] = 1;
    }
}

/* Box dims when axes [0, upto) of axes[] are already filtered. */
static void box_dims(const Swt *s, int upto, size_t d[3]) {
  for (int a = 0; a < 3; a++) d[a] = s->in[a].n;
  for (int i = 0; i < upto; i++) d[s->axes[i]] = s->out[s->axes[i]].n;
}

/* Per output position k of an axis, the F local input positions its taps
** read (-1: outside, zero boundary); the same for every line. */
static long *tap_table(const Swt *s, int axis) {
  const Set *oset = &s->out[axis], *iset = &s->in[axis];
  long *t = malloc((oset->n ? oset->n : 1) * (size_t)s->F * sizeof *t);
  if (!t) return NULL;
  long P = (long)s->P[axis], shift = (long)(s->F * s->dil) / 2;
  for (size_t k = 0; k < oset->n; k++)
    for (int j = 0; j < s->F; j++) {
      long p = rmx_fc_boundary_index((long)oset->idx[k] + shift - (long)j * s->dil, P,
                                     s->o->boundary);
      t[k * (size_t)s->F + (size_t)j] = p >= 0 ? iset->loc[p] : -1;
    }
  return t;
}

/* out[o] = sum_j f[j] x[o + shift - j*dil], summed in increasing j as pywt
** does; shift = F*dil/2 is pywt's alignment. in: box with axes[0..ai)
** filtered; out: the same with axes[ai] filtered too. */
static int filter_axis(const Swt *s, const double *in, double *out, int ai, const double *f) {
  int axis = s->axes[ai];
  size_t di[3], dout[3];
  box_dims(s, ai, di);
  box_dims(s, ai + 1, dout);
  size_t si[3] = {1, di[0], di[0] * di[1]}, so[3] = {1, dout[0], dout[0] * dout[1]};
  int u = axis == 0 ? 1 : 0, v = axis == 2 ? 1 : 2; /* the other two axes */
  long *tab = tap_table(s, axis);
  if (!tab) return -1;
  size_t nout = s->out[axis].n, F = (size_t)s->F;
  double *x = malloc((di[axis] ? di[axis] : 1) * sizeof *x); /* one line, contiguous */
  if (!x) {
    free(tab);
    return -1;
  }
  for (size_t b = 0; b < di[v]; b++)
    for (size_t a = 0; a < di[u]; a++) {
      const double *line = in + a * si[u] + b * si[v];
      double *y = out + a * so[u] + b * so[v];
      for (size_t i = 0; i < di[axis]; i++) x[i] = line[i * si[axis]];
      for (size_t k = 0; k < nout; k++) {
        const long *t = tab + k * F;
        double sum = 0;
        for (size_t j = 0; j < F; j++)
          if (t[j] >= 0) sum += f[j] * x[t[j]];
        y[k * so[axis]] = sum;
      }
    }
  free(x);
  free(tab);
  return 0;
}

/* The output box [lo, hi) out of a band on the out sets. */
static void crop(const Swt *s, const double *band, double *out) {
  size_t d[3];
  box_dims(s, s->naxes, d);
  const Set *o = s->out;
  for (size_t k = s->lo[2]; k < s->hi[2]; k++)
    for (size_t j = s->lo[1]; j < s->hi[1]; j++) {
      size_t row = (size_t)o[0].loc[s->lo[0]] + d[0] * ((size_t)o[1].loc[j] + d[1] * (size_t)o[2].loc[k]);
      memcpy(out, band + row, (s->hi[0] - s->lo[0]) * sizeof *out); /* x sets are contiguous */
      out += s->hi[0] - s->lo[0];
    }
}

/* Splits vol along axes[ai..], in pywt's key order (a before d, x first). */
static int split(Swt *s, const double *vol, int ai, char *name) {
  if (ai == s->naxes) {
    name[ai] = 0;
    if (!strchr(name, 'H')) {
      size_t d[3];
      box_dims(s, s->naxes, d);
      memcpy(s->approx, vol, rmx_fc_count(d) * sizeof *vol);
      return 0;
    }
    if (!s->report) return 0;
    crop(s, vol, s->crop);
    return s->fn(s->user, s->level_idx, name, s->crop) ? 1 : 0;
  }
  double *t = s->tmp[ai];
  int rc = 0;
  for (int band = 0; band < 2 && !rc; band++) {
    if (s->want && s->want[ai] != (band ? 'H' : 'L')) continue;
    rc = filter_axis(s, vol, t, ai, band ? s->fhi : s->flo);
    name[ai] = band ? 'H' : 'L';
    if (!rc) rc = split(s, t, ai + 1, name);
  }
  return rc;
}

/* Level 0's input: the input volume wrap-padded (numpy.pad 'wrap' by one
** sample at the end of each odd axis), on the sets 'in'. */
static int read_padded(const Swt *s, const void *data, int type, const Set *in, double *out) {
  double *row = malloc((s->dim[0] ? s->dim[0] : 1) * sizeof *row);
  if (!row) return -1;
  int rc = 0;
  for (size_t k = 0; k < in[2].n && !rc; k++)
    for (size_t j = 0; j < in[1].n && !rc; j++) {
      size_t sj = in[1].idx[j] % s->dim[1], sk = in[2].idx[k] % s->dim[2];
      rc = rmx_fc_read_double(data, type, s->dim[0] * (sj + s->dim[1] * sk), s->dim[0], row);
      for (size_t i = 0; i < in[0].n; i++) *out++ = row[in[0].idx[i] % s->dim[0]];
    }
  free(row);
  return rc ? -2 : 0;
}

int rmx_fc_swt3_typed(const void *data, int type, const size_t dim[3],
                      const RmxFcSwtOptions *opt, RmxFcBandFn fn, void *user) {
  Swt s;
  memset(&s, 0, sizeof s);
  s.o = opt;
  s.fn = fn;
  s.user = user;
  s.F = opt->wavelet->len;
  for (int a = 0; a < 3; a++) {
    s.dim[a] = dim[a];
    s.lo[a] = opt->lo ? opt->lo[a] : 0;
    s.hi[a] = opt->hi ? opt->hi[a] : dim[a];
    if (s.lo[a] >= s.hi[a] || s.hi[a] > dim[a]) return -2;
    s.on[a] = (opt->axes >> a) & 1;
    s.P[a] = dim[a] + (opt->pad_odd && s.on[a] && dim[a] % 2 ? 1 : 0);
    if (s.on[a]) s.axes[s.naxes++] = a;
  }
  int total = opt->start_level + opt->level;
  if (!s.naxes || opt->level < 1 || opt->start_level < 0) return -2;
  if (opt->only && strlen(opt->only) != (size_t)s.naxes) return -2;
  /* sets[lv][a]: positions level lv outputs (lv = total: level 0's input) */
  Set *sets = calloc((size_t)(total + 1) * 3, sizeof *sets);
  char *marks = malloc(s.P[0] + s.P[1] + s.P[2]);
  int rc = sets && marks ? 0 : -1;
  for (int i = 0; i < (total + 1) * 3 && !rc; i++) rc = set_alloc(&sets[i], s.P[i % 3]);
  for (int lv = total - 1; lv >= -1 && !rc; lv--) {
    Set *at = &sets[(lv >= 0 ? lv : total) * 3];
    for (int a = 0; a < 3; a++) {
      char *m = marks + (a ? s.P[0] : 0) + (a == 2 ? s.P[1] : 0);
      if (lv == total - 1 || !s.on[a]) { /* the output box itself */
        memset(m, 0, s.P[a]);
        memset(m + s.lo[a], 1, s.hi[a] - s.lo[a]);
      } else {
        int next = lv + 1; /* what the next level reads */
        mark_reads(&s, &sets[next * 3 + a], s.P[a], opt->dilate ? 1 << next : 1, m);
        if (lv >= opt->start_level) memset(m + s.lo[a], 1, s.hi[a] - s.lo[a]); /* reported */
      }
      set_from_marks(&at[a], m, s.P[a]);
    }
  }
  /* buffers: the largest box any level works on */
  size_t big = 1;
  for (int lv = 0; lv < total && !rc; lv++) {
    const Set *in = &sets[(lv ? lv - 1 : total) * 3];
    size_t d[3] = {in[0].n, in[1].n, in[2].n};
    for (int i = 0; i <= s.naxes; i++) {
      if (i) d[s.axes[i - 1]] = sets[lv * 3 + s.axes[i - 1]].n;
      if (rmx_fc_count(d) > big) big = rmx_fc_count(d);
    }
  }
  double *cur = NULL;
  if (!rc) {
    cur = malloc(big * sizeof *cur);
    s.approx = malloc(big * sizeof *cur);
    s.crop = malloc((s.hi[0] - s.lo[0]) * (s.hi[1] - s.lo[1]) * (s.hi[2] - s.lo[2]) * sizeof *cur);
    for (int i = 0; i < s.naxes; i++) s.tmp[i] = malloc(big * sizeof *cur);
    s.flo = malloc(2 * (size_t)s.F * sizeof *cur);
    rc = !cur || !s.approx || !s.crop || !s.flo || !s.tmp[0] || (s.naxes > 1 && !s.tmp[1]) ||
                 (s.naxes > 2 && !s.tmp[2]) ? -1 : 0;
  }
  if (!rc) {
    s.fhi = s.flo + s.F;
    rmx_fc_wavelet_filters(opt->wavelet, s.flo, s.fhi);
    rc = read_padded(&s, data, type, &sets[total * 3], cur);
  }
  char name[4], all_l[4] = "LLL";
  all_l[s.naxes] = 0;
  for (int lv = 0; lv < total && !rc; lv++) {
    s.in = &sets[(lv ? lv - 1 : total) * 3];
    s.out = &sets[lv * 3];
    s.dil = opt->dilate ? 1 << lv : 1;
    s.report = lv >= opt->start_level;
    s.level_idx = lv - opt->start_level + 1;
    /* one band asked for: earlier levels only need the approximation; the
       details of unreported levels are not needed either */
    s.want = !s.report || (opt->only && lv + 1 < total) ? all_l : opt->only;
    rc = split(&s, cur, 0, name);
    if (!(opt->only && lv + 1 == total && strcmp(opt->only, all_l))) {
      double *t = cur; cur = s.approx; s.approx = t;
    }
  }
  if (!rc && (!opt->only || !strcmp(opt->only, all_l))) {
    memset(name, 'L', (size_t)s.naxes);
    name[s.naxes] = 0;
    s.out = &sets[(total - 1) * 3];
    crop(&s, cur, s.crop);
    rc = fn(user, opt->level, name, s.crop) ? 1 : 0;
  }
  for (int i = 0; sets && i < (total + 1) * 3; i++) set_free(&sets[i]);
  free(sets);
  free(marks);
  free(cur);
  free(s.approx);
  free(s.crop);
  for (int i = 0; i < 3; i++) free(s.tmp[i]);
  free(s.flo);
  return rc;
}

int rmx_fc_swt3(const double *in, const size_t dim[3], const RmxFcSwtOptions *opt,
                RmxFcBandFn fn, void *user) {
  return rmx_fc_swt3_typed(in, RMX_F64, dim, opt, fn, user);
}
