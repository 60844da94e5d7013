/* lbp3d.c: 3D local binary patterns by spherical harmonics, as PyRadiomics'
** getLBP3DImage (Banerjee et al. 2013) computes them, including its quirks:
** samples on an icosphere around each ROI voxel by cubic B-spline
** interpolation (scipy map_coordinates: mirror-initialised prefilter, 0
** outside the image, values stored in the input's integer type when it has
** one), scipy's sph_harm with PyRadiomics' polar angle passed as azimuth,
** complex squares summed before the square root, excess kurtosis (NaN for a
** flat neighbourhood). Array axes are (k, j, i) as numpy sees them. */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "filtercore.h"

typedef struct Mesh { double (*v)[3]; size_t nv, cap; int (*f)[3]; size_t nf; } Mesh;

static size_t add_vertex(Mesh *m, const double p[3]) {
  memcpy(m->v[m->nv], p, sizeof m->v[0]);
  return m->nv++;
}

/* trimesh's icosahedron faces (vertex numbering of base[] below). */
static const int ico_faces[20][3] = {
  {0, 11, 5}, {0, 5, 1}, {0, 1, 7}, {0, 7, 10}, {0, 10, 11}, {1, 5, 9}, {5, 11, 4},
  {11, 10, 2}, {10, 7, 6}, {7, 1, 8}, {3, 9, 4}, {3, 4, 2}, {3, 2, 6}, {3, 6, 8},
  {3, 8, 9}, {4, 9, 5}, {2, 4, 11}, {6, 2, 10}, {8, 6, 7}, {9, 8, 1}};

typedef struct Edge { int a, b; } Edge; /* a < b */

static int edge_cmp(const void *x, const void *y) {
  const Edge *e = x, *f = y;
  if (e->b != f->b) return e->b < f->b ? -1 : 1;
  return (e->a > f->a) - (e->a < f->a);
}

/* Icosphere as trimesh builds it, down to the rounding (mathematically
** equal LBP values then tie or not as in PyRadiomics, which moves the
** percentile-based features): icosahedron scaled by 1/sqrt(2 + t), per
** subdivision the edge midpoints in trimesh's unique_rows order (edges
** sorted by larger, then smaller vertex index), faces split as
** trimesh.remesh.subdivide does, vertices pushed out to the radius. */
static int icosphere(int sub, double radius, Mesh *m) {
  double t = (1.0 + sqrt(5.0)) / 2.0;
  size_t nv = 12;
  for (int s = 0; s < sub; s++) nv = nv * 4 - 6;
  m->v = malloc(nv * sizeof *m->v);
  m->f = malloc(20 * ((size_t)1 << (2 * sub)) * sizeof *m->f);
  if (!m->v || !m->f) return -1;
  m->nv = 0;
  m->nf = 20;
  static const double base[12][3] = {{-1, 1, 0}, {1, 1, 0}, {-1, -1, 0}, {1, -1, 0},
                                     {0, -1, 1}, {0, 1, 1}, {0, -1, -1}, {0, 1, -1},
                                     {1, 0, -1}, {1, 0, 1}, {-1, 0, -1}, {-1, 0, 1}};
  double unit_r = sqrt(2.0 + t); /* |(1, t, 0)|, as trimesh scales it */
  for (int i = 0; i < 12; i++) {
    double p[3];
    for (int a = 0; a < 3; a++) p[a] = base[i][a];
    int ta = i < 4 ? 1 : i < 8 ? 2 : 0; /* the coordinate that carries t */
    p[ta] *= t;
    for (int a = 0; a < 3; a++) p[a] /= unit_r;
    add_vertex(m, p);
  }
  memcpy(m->f, ico_faces, sizeof ico_faces);
  for (int s = 0; s < sub; s++) {
    size_t nf = m->nf, ne = 0;
    Edge *e = malloc(3 * nf * sizeof *e);
    int (*nfaces)[3] = malloc(nf * 4 * sizeof *nfaces);
    if (!e || !nfaces) { free(e); free(nfaces); return -1; }
    for (size_t f = 0; f < nf; f++)
      for (int k = 0; k < 3; k++) {
        int a = m->f[f][k], b = m->f[f][(k + 1) % 3];
        e[ne].a = a < b ? a : b;
        e[ne].b = a < b ? b : a;
        ne++;
      }
    qsort(e, ne, sizeof *e, edge_cmp);
    size_t nu = 0;
    for (size_t i = 0; i < ne; i++)
      if (!nu || e[i].a != e[nu - 1].a || e[i].b != e[nu - 1].b) e[nu++] = e[i];
    size_t first = m->nv;
    for (size_t i = 0; i < nu; i++) {
      double p[3];
      for (int k = 0; k < 3; k++) p[k] = (m->v[e[i].a][k] + m->v[e[i].b][k]) / 2;
      add_vertex(m, p);
    }
    for (size_t f = 0; f < nf; f++) {
      int mid[3];
      for (int k = 0; k < 3; k++) {
        int a = m->f[f][k], b = m->f[f][(k + 1) % 3];
        Edge key = {a < b ? a : b, a < b ? b : a};
        Edge *hit = bsearch(&key, e, nu, sizeof *e, edge_cmp);
        mid[k] = (int)(first + (size_t)(hit - e));
      }
      int *F = m->f[f];
      int q[4][3] = {{F[0], mid[0], mid[2]}, {mid[0], F[1], mid[1]},
                     {mid[2], mid[1], F[2]}, {mid[0], mid[1], mid[2]}};
      memcpy(nfaces[4 * f], q, sizeof q);
    }
    memcpy(m->f, nfaces, nf * 4 * sizeof *nfaces);
    m->nf = nf * 4;
    free(e);
    free(nfaces);
    /* trimesh's refine_spherical: v += (v / |v|) (radius - |v|), in that
       arithmetic, after every subdivision (so radius is ignored for 0) */
    for (size_t i = 0; i < m->nv; i++) {
      double *v = m->v[i];
      double sc = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]), off = radius - sc;
      for (int k = 0; k < 3; k++) v[k] += v[k] / sc * off;
    }
  }
  return 0;
}

/* Associated Legendre P_n^m(x), m >= 0, with the Condon-Shortley phase. */
static double legendre(int n, int m, double x) {
  double pmm = 1, s = sqrt(1.0 - x * x), fact = 1; /* specfun LPMV0 form */
  for (int i = 1; i <= m; i++) { pmm *= -fact * s; fact += 2; }
  if (n == m) return pmm;
  double pmm1 = x * (2 * m + 1) * pmm;
  if (n == m + 1) return pmm1;
  double pll = 0;
  for (int l = m + 2; l <= n; l++) {
    pll = ((2 * l - 1) * x * pmm1 - (l + m - 1) * pmm) / (l - m);
    pmm = pmm1;
    pmm1 = pll;
  }
  return pll;
}

static double fact_ratio(int a, int b) { /* a! / b! */
  double r = 1;
  for (int i = b + 1; i <= a; i++) r *= i;
  for (int i = a + 1; i <= b; i++) r /= i;
  return r;
}

/* scipy.special.sph_harm(m, n, az, pol) */
static double complex sph_harm(int m, int n, double az, double pol) {
  int mp = abs(m);
  double val = legendre(n, mp, cos(pol));
  if (m < 0) val *= (mp % 2 ? -1.0 : 1.0) * fact_ratio(n - mp, n + mp);
  val *= sqrt((2 * n + 1) / 4.0 / M_PI);
  val *= sqrt(fact_ratio(n - m, n + m));
  return val * cexp(I * (double)m * az);
}

/* scipy's literal pole sqrt(3) - 2 and its gain expression */
static const double ZP = -0.267949192431122706472553658494127633;

#define LB 8 /* lines prefiltered together (their recursions overlap) */

/* Cubic B-spline coefficients of nb <= LB lines in place, interleaved as
** x[i * LB + b] (already times the gain, length n >= 2, zn1 = z^(n-1)),
** mirror-symmetric initialisation as scipy uses for mode 'constant'. Each
** line sees scipy's operations in scipy's order. */
static void spline_lines(double *x, size_t n, int nb, double zn1) {
  const double z = ZP;
#define X(i) x[(i) * LB + (size_t)b]
  for (int b = 0; b < nb; b++) X(0) = X(0) + zn1 * X(n - 1);
  double zi = z;
  for (size_t i = 1; i + 1 < n; i++) {
    for (int b = 0; b < nb; b++) X(0) += zi * (X(i) + zn1 * X(n - 1 - i));
    zi *= z;
  }
  for (int b = 0; b < nb; b++) X(0) /= 1 - zn1 * zn1;
  for (size_t i = 1; i < n; i++)
    for (int b = 0; b < nb; b++) X(i) += z * X(i - 1);
  for (int b = 0; b < nb; b++) X(n - 1) = (z * X(n - 2) + X(n - 1)) * z / (z * z - 1);
  for (size_t i = n - 1; i-- > 0;)
    for (int b = 0; b < nb; b++) X(i) = z * (X(i + 1) - X(i));
#undef X
}

/* Coefficients over a box of the grid: c[(i-lo0) + len0 ((j-lo1) + len1 (k-lo2))]. */
typedef struct Coefs { double *c; size_t lo[3], len[3]; } Coefs;

/* Filters the lines of src along its axis 'axis' (src dims sd, lines of
** length sd[axis] >= 2) and keeps samples [keep_lo, keep_lo + keep_n) of
** each in dst (same dims but keep_n along axis). Every line sees the whole
** axis, so kept values equal a whole-grid prefilter's. x: LB * sd[axis]. */
static void spline_pass(const double *src, double *dst, const size_t sd[3], int axis,
                        size_t keep_lo, size_t keep_n, double *x) {
  const double gain = (1.0 - ZP) * (1.0 - 1.0 / ZP);
  size_t n = sd[axis], ss = axis == 0 ? 1 : axis == 1 ? sd[0] : sd[0] * sd[1];
  size_t dd[3] = {sd[0], sd[1], sd[2]};
  dd[axis] = keep_n;
  size_t ds = axis == 0 ? 1 : axis == 1 ? dd[0] : dd[0] * dd[1];
  double zn1 = pow(ZP, (double)(n - 1));
  size_t nlines = rmx_fc_count(sd) / n;
  for (size_t l0 = 0; l0 < nlines; l0 += LB) {
    int nb = nlines - l0 < LB ? (int)(nlines - l0) : LB;
    size_t sbase[LB], dbase[LB];
    for (int b = 0; b < nb; b++) {
      /* line l: the other two coordinates, lower axis fastest */
      size_t l = l0 + (size_t)b, u = axis == 0 ? 0 : l % sd[0], w = axis == 0 ? l : l / sd[0];
      sbase[b] = axis == 0 ? w * sd[0] : axis == 1 ? u + w * sd[0] * sd[1] : u + w * sd[0];
      dbase[b] = axis == 0 ? w * dd[0] : axis == 1 ? u + w * dd[0] * dd[1] : u + w * dd[0];
    }
    for (size_t i = 0; i < n; i++)
      for (int b = 0; b < nb; b++) x[i * LB + (size_t)b] = src[sbase[b] + i * ss] * gain;
    spline_lines(x, n, nb, zn1);
    for (size_t i = 0; i < keep_n; i++)
      for (int b = 0; b < nb; b++) dst[dbase[b] + i * ds] = x[(keep_lo + i) * LB + (size_t)b];
  }
}

/* One pass of prefilter_box, or a copy when the axis has one sample
** (scipy leaves such axes). */
static void pass_or_copy(const double *src, double *dst, const size_t sd[3], int axis,
                         const Coefs *cf, double *x) {
  if (sd[axis] >= 2) spline_pass(src, dst, sd, axis, cf->lo[axis], cf->len[axis], x);
  else memcpy(dst, src, rmx_fc_count(sd) * sizeof *dst);
}

/* Coefficients over cf's box (lo, len set by the caller) from the whole
** image, read by scalar type a z slice at a time: in each slice, pass x over
** every row keeping the box's x range, then pass y over those columns
** keeping its y range; then pass z over the box's columns. Returns -1 when
** out of memory. */
static int prefilter_box(const void *in, int type, const size_t dim[3], Coefs *cf) {
  size_t nmax = dim[0] > dim[1] ? dim[0] : dim[1], ns = dim[0] * dim[1];
  if (dim[2] > nmax) nmax = dim[2];
  size_t sd[3] = {dim[0], dim[1], 1}, s1[3] = {cf->len[0], dim[1], 1};
  size_t s2[3] = {cf->len[0], cf->len[1], dim[2]}, ns2 = cf->len[0] * cf->len[1];
  double *x = malloc(nmax * LB * sizeof *x), *slice = malloc(ns * sizeof *slice);
  double *t = malloc(cf->len[0] * dim[1] * sizeof *t), *u = malloc(rmx_fc_count(s2) * sizeof *u);
  double *c = malloc(ns2 * cf->len[2] * sizeof *c);
  int rc = x && slice && t && u && c ? 0 : -1;
  for (size_t k = 0; k < dim[2] && !rc; k++) {
    rmx_fc_read_double(in, type, k * ns, ns, slice);
    pass_or_copy(slice, t, sd, 0, cf, x);
    pass_or_copy(t, u + k * ns2, s1, 1, cf, x);
  }
  if (!rc) pass_or_copy(u, c, s2, 2, cf, x);
  free(x);
  free(slice);
  free(t);
  free(u);
  if (rc) free(c);
  else cf->c = c;
  return rc;
}

static long mirror_idx(long p, long n) {
  if (n == 1) return 0;
  long period = 2 * n - 2;
  p %= period;
  if (p < 0) p += period;
  return p < n ? p : period - p;
}

/* Spline weights and knot offsets (into the coefficients) of one sample
** coordinate along one axis; inside = 0 when it lies outside the image
** (the sample's value is then 0). */
typedef struct AxisKnots { double w[4]; size_t off[4]; int inside, run; } AxisKnots;

/* For numpy axis a (k, j, i = grid axis 2 - a) at position pos. */
static void axis_knots(const Coefs *cf, const size_t dim[3], int a, double pos, AxisKnots *kn) {
  int g = 2 - a;
  long n = (long)dim[g], lo = (long)cf->lo[g];
  size_t stride = g == 0 ? 1 : g == 1 ? cf->len[0] : cf->len[0] * cf->len[1];
  kn->inside = !(pos < 0 || pos > (double)n - 1);
  if (!kn->inside) return;
  double f = floor(pos), y = pos - f, zz = 1.0 - y, *w = kn->w;
  long start = (long)f - 1;
  /* scipy's get_spline_interpolation_weights, order 3, same arithmetic */
  w[1] = (y * y * (y - 2.0) * 3.0 + 4.0) / 6.0;
  w[2] = (zz * zz * (zz - 2.0) * 3.0 + 4.0) / 6.0;
  w[0] = zz * zz * zz / 6.0;
  w[3] = 1.0;
  for (int i = 0; i < 3; i++) w[3] -= w[i];
  for (int q = 0; q < 4; q++) {
    long p = start + q;
    if (p < 0 || p >= n) p = mirror_idx(p, n);
    kn->off[q] = (size_t)(p - lo) * stride;
  }
  kn->run = start >= 0 && start + 3 < n; /* no mirrored knot: off[q] = off[0] + q stride */
}

/* A sample's knots along k, j, i. */
typedef struct Knots { const AxisKnots *k, *j, *i; } Knots;

/* Values of four samples, each in scipy's order: the 64 knots with the
** last axis fastest, each term coefficient * w_k * w_j * w_i, summed in
** that order. Four at once: their dependent sums overlap in the pipeline. */
static void interp4(const double *c, const Knots *k, double *out) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (int a = 0; a < 4; a++)
    for (int b = 0; b < 4; b++) {
#define ROW(n) const double *r##n = c + k[n].k->off[a] + k[n].j->off[b]; \
      double a##n = k[n].k->w[a], b##n = k[n].j->w[b];
      ROW(0) ROW(1) ROW(2) ROW(3)
#undef ROW
      for (int e = 0; e < 4; e++) {
#define TERM(n) { double t = r##n[k[n].i->off[e]]; t *= a##n; t *= b##n; t *= k[n].i->w[e]; s##n += t; }
        TERM(0) TERM(1) TERM(2) TERM(3)
#undef TERM
      }
    }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

/* interp4 when every sample's four knots along i are consecutive (no
** mirroring): each (k, j) row's four terms are formed from one run of
** coefficients, same operations in the same order. */
typedef double v2d __attribute__((vector_size(16))); /* two lanes, IEEE per lane */

static void interp4_run(const double *c, const Knots *k, double *out) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (int a = 0; a < 4; a++)
    for (int b = 0; b < 4; b++) {
#define TERMS(n)                                                                    \
  {                                                                                 \
    const double *r = c + k[n].k->off[a] + k[n].j->off[b] + k[n].i->off[0];         \
    double wa = k[n].k->w[a], wb = k[n].j->w[b];                                    \
    v2d lo, hi, wlo, whi;                                                           \
    memcpy(&lo, r, sizeof lo);                                                      \
    memcpy(&hi, r + 2, sizeof hi);                                                  \
    memcpy(&wlo, k[n].i->w, sizeof wlo);                                            \
    memcpy(&whi, k[n].i->w + 2, sizeof whi);                                        \
    lo *= wa; hi *= wa; lo *= wb; hi *= wb; lo *= wlo; hi *= whi;                   \
    s##n += lo[0]; s##n += lo[1]; s##n += hi[0]; s##n += hi[1];                     \
  }
      TERMS(0) TERMS(1) TERMS(2) TERMS(3)
#undef TERMS
    }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

static void interp4_any(const double *c, const Knots *k, double *out) {
  if (k[0].i->run && k[1].i->run && k[2].i->run && k[3].i->run) interp4_run(c, k, out);
  else interp4(c, k, out);
}

/* Values of the nv samples of one voxel, four at a time; tk, tj, ti: the
** knots of each sample along each axis at this voxel's coordinates. */
static void sample(const double *c, size_t nv, const AxisKnots *tk, const AxisKnots *tj,
                   const AxisKnots *ti, double *val) {
  Knots kn[4];
  size_t slot[4];
  int ns = 0;
  for (size_t v = 0; v < nv; v++) {
    if (!tk[v].inside || !tj[v].inside || !ti[v].inside) { val[v] = 0; continue; }
    kn[ns].k = &tk[v];
    kn[ns].j = &tj[v];
    kn[ns].i = &ti[v];
    slot[ns++] = v;
    if (ns == 4 || v + 1 == nv) {
      double r[4];
      for (int s = ns; s < 4; s++) kn[s] = kn[0]; /* padding, results dropped */
      interp4_any(c, kn, r);
      for (int s = 0; s < ns; s++) val[slot[s]] = r[s];
      ns = 0;
    }
  }
  if (ns) {
    double r[4];
    for (int s = ns; s < 4; s++) kn[s] = kn[0];
    interp4_any(c, kn, r);
    for (int s = 0; s < ns; s++) val[slot[s]] = r[s];
  }
}

/* scipy's cast of an interpolated value into an integer output type. */
static double to_type(double v, double lo, double hi) {
  v = v > 0 ? v + 0.5 : v - 0.5;
  if (v > hi) v = hi;
  if (v < lo) v = lo;
  return trunc(v);
}

static void type_range(int in_type, double *lo, double *hi, int *integer) {
  *lo = -INFINITY;
  *hi = INFINITY;
  *integer = 1;
  switch (in_type) {
  case RMX_U8: *lo = 0; *hi = 255; break;
  case RMX_I8: *lo = -128; *hi = 127; break;
  case RMX_U16: *lo = 0; *hi = 65535; break;
  case RMX_I16: *lo = -32768; *hi = 32767; break;
  case RMX_U32: *lo = 0; *hi = 4294967295.0; break;
  case RMX_I32: *lo = -2147483648.0; *hi = 2147483647.0; break;
  case RMX_U64: *lo = 0; *hi = 18446744073709551615.0; break;
  case RMX_I64: *lo = -9223372036854775808.0; *hi = 9223372036854775807.0; break;
  default: *integer = 0;
  }
}

/* The box of mask voxels (wlo/whi, grid indices); mask covers the box at lo
** of size blen; 0 when it has none. NULL mask: the whole box. */
static int mask_box(const uint8_t *mask, const size_t lo[3], const size_t blen[3],
                    size_t wlo[3], size_t whi[3]) {
  for (int a = 0; a < 3; a++) { wlo[a] = lo[a]; whi[a] = lo[a] + blen[a]; }
  if (!mask) return 1;
  int any = 0;
  for (int a = 0; a < 3; a++) { wlo[a] = lo[a] + blen[a]; whi[a] = lo[a]; }
  for (size_t k = 0; k < blen[2]; k++)
    for (size_t j = 0; j < blen[1]; j++) {
      const uint8_t *row = mask + blen[0] * (j + blen[1] * k);
      for (size_t i = 0; i < blen[0]; i++) {
        if (!row[i]) continue;
        size_t p[3] = {lo[0] + i, lo[1] + j, lo[2] + k};
        for (int a = 0; a < 3; a++) {
          if (p[a] < wlo[a]) wlo[a] = p[a];
          if (p[a] + 1 > whi[a]) whi[a] = p[a] + 1;
        }
        any = 1;
      }
    }
  return any;
}

int rmx_fc_lbp3d_box(const void *in, int type, const uint8_t *mask, const size_t dim[3],
                     const size_t blo[3], const size_t bhi[3], int levels, double radius,
                     int subdivision, int in_type, double **out) {
  if (levels < 1 || levels > 10 || subdivision < 0 || subdivision > 4 || !(radius > 0)) return -2;
  if (type < RMX_U8 || type > RMX_F64) return -2;
  size_t lo[3] = {0, 0, 0}, hi[3] = {dim[0], dim[1], dim[2]}, blen[3];
  for (int a = 0; a < 3; a++) {
    if (blo && bhi) { lo[a] = blo[a]; hi[a] = bhi[a]; }
    if (lo[a] >= hi[a] || hi[a] > dim[a]) return -2;
    blen[a] = hi[a] - lo[a];
  }
  size_t nb = rmx_fc_count(blen);
  for (int l = 0; l <= levels; l++) memset(out[l], 0, nb * sizeof **out);
  size_t wlo[3], whi[3];
  if (!mask_box(mask, lo, blen, wlo, whi)) return 0;
  Mesh m;
  memset(&m, 0, sizeof m);
  Coefs cf;
  memset(&cf, 0, sizeof cf);
  int nharm = levels * levels; /* sum over n < levels of (2n+1) */
  double complex *Y = NULL, *c = NULL;
  double *f = NULL;
  AxisKnots *tab[3] = {NULL, NULL, NULL};
  int rc = 0;
  if (icosphere(subdivision, radius, &m)) { rc = -1; goto done; }
  size_t nv = m.nv;
  Y = malloc(nv * (size_t)nharm * sizeof *Y);
  c = malloc((size_t)nharm * sizeof *c);
  f = malloc(nv * sizeof *f);
  if (!Y || !c || !f) { rc = -1; goto done; }
  double reach = 0; /* farthest sample offset, in voxels */
  for (size_t v = 0; v < nv; v++) {
    double theta = acos(m.v[v][2] / radius), phi = atan2(m.v[v][1], m.v[v][0]);
    int h = 0;
    for (int l = 0; l < levels; l++)
      for (int mm = -l; mm <= l; mm++) Y[v * (size_t)nharm + (size_t)h++] = sph_harm(mm, l, theta, phi);
    for (int a = 0; a < 3; a++) reach = fmax(reach, fabs(m.v[v][a]));
  }
  /* the knots the samples reach: +-(ceil(reach) + 2) around the work box;
     mirrored knots near an edge fall inside it too */
  size_t pad = (size_t)ceil(reach) + 2;
  for (int a = 0; a < 3; a++) {
    cf.lo[a] = wlo[a] > pad ? wlo[a] - pad : 0;
    cf.len[a] = (whi[a] + pad < dim[a] ? whi[a] + pad : dim[a]) - cf.lo[a];
  }
  if (prefilter_box(in, type, dim, &cf)) { rc = -1; goto done; }
  /* knots per axis, coordinate of the work box and sample (the weights
     depend on coordinate + offset as rounded, so they are tabulated, not
     shifted) */
  size_t wn[3] = {whi[0] - wlo[0], whi[1] - wlo[1], whi[2] - wlo[2]};
  for (int a = 0; a < 3; a++) {
    int g = 2 - a;
    if (!(tab[a] = malloc(wn[g] * nv * sizeof *tab[a]))) { rc = -1; goto done; }
    for (size_t q = 0; q < wn[g]; q++)
      for (size_t v = 0; v < nv; v++)
        axis_knots(&cf, dim, a, (double)(wlo[g] + q) + m.v[v][a], &tab[a][q * nv + v]);
  }
  double tlo, thi;
  int integer;
  type_range(in_type, &tlo, &thi, &integer);
  for (size_t k = wlo[2]; k < whi[2]; k++)
    for (size_t j = wlo[1]; j < whi[1]; j++)
      for (size_t i = wlo[0]; i < whi[0]; i++) {
        size_t o = (i - lo[0]) + blen[0] * ((j - lo[1]) + blen[1] * (k - lo[2]));
        if (mask && !mask[o]) continue;
        double mean = 0;
        sample(cf.c, nv, tab[0] + (k - wlo[2]) * nv, tab[1] + (j - wlo[1]) * nv,
               tab[2] + (i - wlo[0]) * nv, f);
        for (size_t v = 0; v < nv; v++) {
          if (integer) f[v] = to_type(f[v], tlo, thi);
          mean += f[v];
        }
        mean /= (double)nv;
        double m2 = 0, m4 = 0;
        for (size_t v = 0; v < nv; v++) {
          double d = f[v] - mean;
          m2 += d * d;
          m4 += d * d * d * d;
        }
        m2 /= (double)nv;
        m4 /= (double)nv;
        double tiny = 1e-15 * mean; /* numpy float64 resolution */
        out[levels][o] = m2 <= tiny * tiny ? NAN : m4 / (m2 * m2) - 3.0;
        double center;
        rmx_fc_read_double(in, type, i + dim[0] * (j + dim[1] * k), 1, &center);
        /* c[h] = sum of Y[v][h] over the samples >= centre, v in order; as
           (re, im) pairs, so the sums run over all h at once (complex
           addition is componentwise: same values) */
        double *cs = (double *)c;
        for (int q = 0; q < 2 * nharm; q++) cs[q] = 0;
        for (size_t v = 0; v < nv; v++)
          if (f[v] >= center) {
            const double *y = (const double *)(Y + v * (size_t)nharm);
            for (int q = 0; q < 2 * nharm; q++) cs[q] += y[q];
          }
        for (int l = 0; l < levels; l++) {
          /* complex products written out as (ac - bd, ad + bc), what the
             compiler forms for finite values, without its NaN recovery */
          double ar = 0, ai = 0;
          for (size_t v = 0; v < nv; v++) {
            const double *y = (const double *)(Y + v * (size_t)nharm);
            double gr = 0, gi = 0;
            for (int h = l * l; h < l * l + 2 * l + 1; h++) {
              double a = cs[2 * h], b = cs[2 * h + 1], yr = y[2 * h], yi = y[2 * h + 1];
              gr += a * yr - b * yi;
              gi += a * yi + b * yr;
            }
            ar += gr * gr - gi * gi;
            ai += gr * gi + gi * gr;
          }
          double parts[2] = {ar, ai}; /* C11: a complex is laid out as double[2] */
          double complex z;
          memcpy(&z, parts, sizeof z);
          out[l][o] = creal(csqrt(z));
        }
      }
done:
  free(m.v);
  free(m.f);
  free(cf.c);
  for (int a = 0; a < 3; a++) free(tab[a]);
  free(Y);
  free(c);
  free(f);
  return rc;
}

int rmx_fc_lbp3d_typed(const double *in, const uint8_t *mask, const size_t dim[3], int levels,
                       double radius, int subdivision, int in_type, double **out) {
  return rmx_fc_lbp3d_box(in, RMX_F64, mask, dim, NULL, NULL, levels, radius, subdivision,
                          in_type, out);
}

int rmx_fc_lbp3d(const double *in, const uint8_t *mask, const size_t dim[3], int levels,
                 double radius, int subdivision, double **out) {
  return rmx_fc_lbp3d_typed(in, mask, dim, levels, radius, subdivision, RMX_F64, out);
}
