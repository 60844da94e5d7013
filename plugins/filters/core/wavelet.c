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

typedef struct Swt {
  const RmxFcSwtOptions *o;
  size_t pd[3], dim[3], n;  /* padded and original dims */
  int axes[3], naxes;
  double *lo, *hi;          /* filters of this level */
  int F, dil;               /* taps, dilation (1 = none) */
  double *approx;           /* this level's all-L band (padded) */
  double *crop;
  int report, level_idx;
  const char *want;         /* letters to follow this level, NULL: all */
  RmxFcBandFn fn;
  void *user;
} Swt;

/* out[o] = sum_j f[j] x[o + shift - j*dil], summed in increasing j as pywt
** does; shift = F*dil/2 is pywt's alignment. */
static int filter_axis(const Swt *s, const double *in, double *out, int axis, const double *f) {
  const size_t *d = s->pd;
  size_t ln = d[axis], stride = axis == 0 ? 1 : axis == 1 ? d[0] : d[0] * d[1];
  size_t nlines = s->n / ln;
  double *x = malloc(ln * sizeof *x);
  if (!x) return -1;
  long shift = (long)(s->F * s->dil) / 2;
  for (size_t l = 0; l < nlines; l++) {
    size_t base = axis == 0 ? l * d[0]
                : axis == 1 ? (l % d[0]) + (l / d[0]) * d[0] * d[1] : l;
    for (size_t i = 0; i < ln; i++) x[i] = in[base + i * stride];
    for (size_t o = 0; o < ln; o++) {
      double sum = 0;
      for (int j = 0; j < s->F; j++) {
        long p = rmx_fc_boundary_index((long)o + shift - (long)j * s->dil, (long)ln, s->o->boundary);
        if (p >= 0) sum += f[j] * x[p];
      }
      out[base + o * stride] = sum;
    }
  }
  free(x);
  return 0;
}

static void crop(const Swt *s, const double *band, double *out) {
  for (size_t k = 0; k < s->dim[2]; k++)
    for (size_t j = 0; j < s->dim[1]; j++)
      memcpy(out + s->dim[0] * (j + s->dim[1] * k), band + s->pd[0] * (j + s->pd[1] * k),
             s->dim[0] * sizeof *out);
}

/* Splits vol along axes[ai..], in pywt's key order (a before d, x first). */
static int split(Swt *s, const double *vol, int ai, char *name) {
  if (ai == s->naxes) {
    name[ai] = 0;
    if (!strchr(name, 'H')) {
      memcpy(s->approx, vol, s->n * sizeof *vol);
      return 0;
    }
    if (!s->report) return 0;
    crop(s, vol, s->crop);
    return s->fn(s->user, s->level_idx, name, s->crop) ? 1 : 0;
  }
  double *t = malloc(s->n * sizeof *t);
  if (!t) return -1;
  int rc = 0;
  for (int band = 0; band < 2 && !rc; band++) {
    if (s->want && s->want[ai] != (band ? 'H' : 'L')) continue;
    rc = filter_axis(s, vol, t, s->axes[ai], band ? s->hi : s->lo);
    name[ai] = band ? 'H' : 'L';
    if (!rc) rc = split(s, t, ai + 1, name);
  }
  free(t);
  return rc;
}

int rmx_fc_swt3(const double *in, const size_t dim[3], const RmxFcSwtOptions *opt,
                RmxFcBandFn fn, void *user) {
  Swt s;
  memset(&s, 0, sizeof s);
  s.o = opt;
  s.fn = fn;
  s.user = user;
  s.F = opt->wavelet->len;
  for (int a = 0; a < 3; a++) {
    s.dim[a] = dim[a];
    int on = (opt->axes >> a) & 1;
    s.pd[a] = dim[a] + (opt->pad_odd && on && dim[a] % 2 ? 1 : 0);
    if (on) s.axes[s.naxes++] = a;
  }
  if (!s.naxes || opt->level < 1 || opt->start_level < 0) return -2;
  s.n = rmx_fc_count(s.pd);
  double *data = malloc(s.n * sizeof *data);
  s.approx = malloc(s.n * sizeof *data);
  s.crop = malloc(rmx_fc_count(dim) * sizeof *data);
  s.lo = malloc(2 * (size_t)s.F * sizeof *data);
  int rc = (!data || !s.approx || !s.crop || !s.lo) ? -1 : 0;
  if (!rc) {
    s.hi = s.lo + s.F;
    rmx_fc_wavelet_filters(opt->wavelet, s.lo, s.hi);
    /* numpy.pad(..., 'wrap') by one sample at the end of each odd axis */
    for (size_t k = 0; k < s.pd[2]; k++)
      for (size_t j = 0; j < s.pd[1]; j++)
        for (size_t i = 0; i < s.pd[0]; i++) {
          size_t si = i % dim[0], sj = j % dim[1], sk = k % dim[2];
          data[i + s.pd[0] * (j + s.pd[1] * k)] = in[si + dim[0] * (sj + dim[1] * sk)];
        }
  }
  char name[4], all_l[4] = "LLL";
  all_l[s.naxes] = 0;
  int total = opt->start_level + opt->level;
  if (opt->only && strlen(opt->only) != (size_t)s.naxes) rc = -2;
  for (int lv = 0; lv < total && !rc; lv++) {
    s.dil = opt->dilate ? 1 << lv : 1;
    s.report = lv >= opt->start_level;
    s.level_idx = lv - opt->start_level + 1;
    /* one band asked for: earlier levels only need the approximation */
    s.want = !opt->only ? NULL : lv + 1 < total ? all_l : opt->only;
    rc = split(&s, data, 0, name);
    if (!(opt->only && lv + 1 == total && strcmp(opt->only, all_l))) {
      double *t = data; data = s.approx; s.approx = t;
    }
  }
  if (!rc && (!opt->only || !strcmp(opt->only, all_l))) {
    memset(name, 'L', (size_t)s.naxes);
    name[s.naxes] = 0;
    crop(&s, data, s.crop);
    rc = fn(user, opt->level, name, s.crop) ? 1 : 0;
  }
  free(data);
  free(s.approx);
  free(s.crop);
  free(s.lo);
  return rc;
}
