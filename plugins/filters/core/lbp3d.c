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

/* Cubic B-spline coefficients in place along every axis (pole sqrt3 - 2,
** mirror-symmetric initialisation as scipy uses for mode 'constant'). */
static void prefilter(double *c, const size_t dim[3]) {
  /* scipy's literal pole sqrt(3) - 2 and its gain expression */
  const double z = -0.267949192431122706472553658494127633, gain = (1.0 - z) * (1.0 - 1.0 / z);
  for (int axis = 0; axis < 3; axis++) {
    size_t n = dim[axis], stride = axis == 0 ? 1 : axis == 1 ? dim[0] : dim[0] * dim[1];
    if (n < 2) continue;
    size_t nlines = rmx_fc_count(dim) / n;
    double *x = malloc(n * sizeof *x);
    if (!x) return;
    for (size_t l = 0; l < nlines; l++) {
      size_t base = axis == 0 ? l * dim[0]
                  : axis == 1 ? (l % dim[0]) + (l / dim[0]) * dim[0] * dim[1] : l;
      for (size_t i = 0; i < n; i++) x[i] = c[base + i * stride] * gain;
      double zi = z, zn1 = pow(z, (double)(n - 1));
      x[0] = x[0] + zn1 * x[n - 1];
      for (size_t i = 1; i + 1 < n; i++) { x[0] += zi * (x[i] + zn1 * x[n - 1 - i]); zi *= z; }
      x[0] /= 1 - zn1 * zn1;
      for (size_t i = 1; i < n; i++) x[i] += z * x[i - 1];
      x[n - 1] = (z * x[n - 2] + x[n - 1]) * z / (z * z - 1);
      for (size_t i = n - 1; i-- > 0;) x[i] = z * (x[i + 1] - x[i]);
      for (size_t i = 0; i < n; i++) c[base + i * stride] = x[i];
    }
    free(x);
  }
}

static long mirror_idx(long p, long n) {
  if (n == 1) return 0;
  long period = 2 * n - 2;
  p %= period;
  if (p < 0) p += period;
  return p < n ? p : period - p;
}

/* Interpolated value at numpy coordinates (pk, pj, pi); 0 outside. */
static double interp(const double *c, const size_t dim[3], const double pos[3]) {
  const size_t len[3] = {dim[2], dim[1], dim[0]}; /* numpy order k, j, i */
  double w[3][4];
  long start[3];
  for (int a = 0; a < 3; a++) {
    if (pos[a] < 0 || pos[a] > (double)len[a] - 1) return 0;
    double f = floor(pos[a]), y = pos[a] - f, zz = 1.0 - y;
    start[a] = (long)f - 1;
    /* scipy's get_spline_interpolation_weights, order 3, same arithmetic */
    w[a][1] = (y * y * (y - 2.0) * 3.0 + 4.0) / 6.0;
    w[a][2] = (zz * zz * (zz - 2.0) * 3.0 + 4.0) / 6.0;
    w[a][0] = zz * zz * zz / 6.0;
    w[a][3] = 1.0;
    for (int i = 0; i < 3; i++) w[a][3] -= w[a][i];
  }
  /* scipy's order: the 64 knots with the last axis fastest, each term
     coefficient * w_k * w_j * w_i, summed in that order */
  double sum = 0;
  for (int a = 0; a < 4; a++) {
    long k = mirror_idx(start[0] + a, (long)len[0]);
    for (int b = 0; b < 4; b++) {
      long j = mirror_idx(start[1] + b, (long)len[1]);
      for (int e = 0; e < 4; e++) {
        long i = mirror_idx(start[2] + e, (long)len[2]);
        double coeff = c[(size_t)i + dim[0] * ((size_t)j + dim[1] * (size_t)k)];
        coeff *= w[0][a];
        coeff *= w[1][b];
        coeff *= w[2][e];
        sum += coeff;
      }
    }
  }
  return sum;
}

/* scipy's cast of an interpolated value into an integer output type. */
static double to_type(double v, double lo, double hi) {
  v = v > 0 ? v + 0.5 : v - 0.5;
  if (v > hi) v = hi;
  if (v < lo) v = lo;
  return trunc(v);
}

int rmx_fc_lbp3d_typed(const double *in, const uint8_t *mask, const size_t dim[3], int levels,
                       double radius, int subdivision, int in_type, double **out) {
  if (levels < 1 || levels > 10 || subdivision < 0 || subdivision > 4 || !(radius > 0)) return -2;
  Mesh m;
  memset(&m, 0, sizeof m);
  size_t n = rmx_fc_count(dim);
  double *coef = malloc(n * sizeof *coef);
  int nharm = levels * levels; /* sum over n < levels of (2n+1) */
  double complex *Y = NULL, *c = NULL;
  double *f = NULL;
  int rc = 0;
  if (!coef || icosphere(subdivision, radius, &m)) { rc = -1; goto done; }
  size_t nv = m.nv;
  Y = malloc(nv * (size_t)nharm * sizeof *Y);
  c = malloc((size_t)nharm * sizeof *c);
  f = malloc(nv * sizeof *f);
  if (!Y || !c || !f) { rc = -1; goto done; }
  for (size_t v = 0; v < nv; v++) {
    double theta = acos(m.v[v][2] / radius), phi = atan2(m.v[v][1], m.v[v][0]);
    int h = 0;
    for (int l = 0; l < levels; l++)
      for (int mm = -l; mm <= l; mm++) Y[v * (size_t)nharm + (size_t)h++] = sph_harm(mm, l, theta, phi);
  }
  memcpy(coef, in, n * sizeof *coef);
  prefilter(coef, dim);
  double lo = -INFINITY, hi = INFINITY;
  int integer = 1;
  switch (in_type) {
  case RMX_U8: lo = 0; hi = 255; break;
  case RMX_I8: lo = -128; hi = 127; break;
  case RMX_U16: lo = 0; hi = 65535; break;
  case RMX_I16: lo = -32768; hi = 32767; break;
  case RMX_U32: lo = 0; hi = 4294967295.0; break;
  case RMX_I32: lo = -2147483648.0; hi = 2147483647.0; break;
  case RMX_U64: lo = 0; hi = 18446744073709551615.0; break;
  case RMX_I64: lo = -9223372036854775808.0; hi = 9223372036854775807.0; break;
  default: integer = 0;
  }
  for (int l = 0; l <= levels; l++) memset(out[l], 0, n * sizeof **out);
  for (size_t k = 0; k < dim[2]; k++)
    for (size_t j = 0; j < dim[1]; j++)
      for (size_t i = 0; i < dim[0]; i++) {
        size_t idx = i + dim[0] * (j + dim[1] * k);
        if (mask && !mask[idx]) continue;
        double mean = 0;
        for (size_t v = 0; v < nv; v++) {
          double pos[3] = {(double)k + m.v[v][0], (double)j + m.v[v][1], (double)i + m.v[v][2]};
          double val = interp(coef, dim, pos);
          f[v] = integer ? to_type(val, lo, hi) : val;
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
        out[levels][idx] = m2 <= tiny * tiny ? NAN : m4 / (m2 * m2) - 3.0;
        double center = in[idx];
        for (int h = 0; h < nharm; h++) {
          double complex s = 0;
          for (size_t v = 0; v < nv; v++)
            if (f[v] >= center) s += Y[v * (size_t)nharm + (size_t)h];
          c[h] = s;
        }
        for (int l = 0; l < levels; l++) {
          double complex acc = 0;
          for (size_t v = 0; v < nv; v++) {
            double complex g = 0;
            for (int mm = -l; mm <= l; mm++) {
              int h = l * l + (mm + l);
              g += c[h] * Y[v * (size_t)nharm + (size_t)h];
            }
            acc += g * g;
          }
          out[l][idx] = creal(csqrt(acc));
        }
      }
done:
  free(m.v);
  free(m.f);
  free(coef);
  free(Y);
  free(c);
  free(f);
  return rc;
}

int rmx_fc_lbp3d(const double *in, const uint8_t *mask, const size_t dim[3], int levels,
                 double radius, int subdivision, double **out) {
  return rmx_fc_lbp3d_typed(in, mask, dim, levels, radius, subdivision, RMX_F64, out);
}
