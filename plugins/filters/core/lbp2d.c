/* lbp2d.c: 2D local binary patterns slice by slice, as scikit-image's
** local_binary_pattern computes them for PyRadiomics' getLBP2DImage: P
** samples on a circle of radius R (offsets rounded to 5 decimals), bilinear
** interpolation with 0 outside the slice, s = (sample - centre >= 0);
** methods default, ror, uniform (P+1 when more than two 0/1 changes along
** the non-wrapping chain, as scikit-image counts them), var. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "filtercore.h"

/* One slice: rows x cols on the whole grid (the bounds of the 0 rule); the
** data hold the box whose first row and column are r0, c0. */
typedef struct Slice { const double *v; size_t rows, cols, r0, c0, rstride, cstride, base; } Slice;

static double px(const Slice *s, long r, long c) {
  if (r < 0 || c < 0 || r >= (long)s->rows || c >= (long)s->cols) return 0;
  return s->v[s->base + ((size_t)r - s->r0) * s->rstride + ((size_t)c - s->c0) * s->cstride];
}

static double bilinear(const Slice *s, double r, double c) {
  long minr = (long)floor(r), minc = (long)floor(c), maxr = (long)ceil(r), maxc = (long)ceil(c);
  double dr = r - (double)minr, dc = c - (double)minc;
  double top = (1 - dc) * px(s, minr, minc) + dc * px(s, minr, maxc);
  double bottom = (1 - dc) * px(s, maxr, minc) + dc * px(s, maxr, maxc);
  return (1 - dr) * top + dr * bottom;
}

int rmx_fc_lbp2d_box(const double *in, const size_t ilo[3], const size_t ihi[3],
                     const size_t dim[3], const size_t lo[3], const size_t hi[3], int axis,
                     double radius, int samples, const char *method, double *out) {
  int P = samples;
  if (P < 1 || P > 30 || axis < 0 || axis > 2 || !(radius > 0)) return -2;
  char m = !strcmp(method, "default") ? 'D' : !strcmp(method, "ror") ? 'R'
         : !strcmp(method, "uniform") ? 'U' : !strcmp(method, "var") ? 'V' : 0;
  if (!m) return -3;
  /* numpy axes (k, j, i): the slice axis is 'axis'; after swapaxes(0, axis)
     rows/cols are the remaining numpy axes in order */
  for (int a = 0; a < 3; a++)
    if (ilo[a] > lo[a] || ihi[a] < hi[a] || ihi[a] > dim[a] || lo[a] >= hi[a]) return -2;
  size_t id[3] = {ihi[0] - ilo[0], ihi[1] - ilo[1], ihi[2] - ilo[2]};
  size_t od[3] = {hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]};
  size_t stride_np[3] = {id[0] * id[1], id[0], 1}, len_np[3] = {dim[2], dim[1], dim[0]};
  size_t ostride_np[3] = {od[0] * od[1], od[0], 1};
  size_t ilo_np[3] = {ilo[2], ilo[1], ilo[0]};
  size_t lo_np[3] = {lo[2], lo[1], lo[0]}, hi_np[3] = {hi[2], hi[1], hi[0]};
  int rest[2], nr = 0;
  /* swapaxes(0, a) puts old axis 0 at position a: the order of the rest */
  int order[3] = {0, 1, 2};
  order[0] = axis;
  order[axis] = 0;
  for (int q = 1; q < 3; q++) rest[nr++] = order[q];
  double *rp = malloc((size_t)P * 2 * sizeof *rp), *tex = malloc((size_t)P * sizeof *tex);
  int8_t *sgn = malloc((size_t)P);
  if (!rp || !tex || !sgn) { free(rp); free(tex); free(sgn); return -1; }
  double *cp = rp + P;
  for (int p = 0; p < P; p++) {
    double a = 2 * M_PI * p / P;
    rp[p] = rint(-radius * sin(a) * 1e5) / 1e5;
    cp[p] = rint(radius * cos(a) * 1e5) / 1e5;
  }
  Slice s = {in, len_np[rest[0]], len_np[rest[1]], ilo_np[rest[0]], ilo_np[rest[1]],
             stride_np[rest[0]], stride_np[rest[1]], 0};
  for (size_t t = lo_np[axis]; t < hi_np[axis]; t++) {
    s.base = (t - ilo_np[axis]) * stride_np[axis];
    size_t obase = (t - lo_np[axis]) * ostride_np[axis];
    for (size_t r = lo_np[rest[0]]; r < hi_np[rest[0]]; r++)
      for (size_t c = lo_np[rest[1]]; c < hi_np[rest[1]]; c++) {
        double centre = px(&s, (long)r, (long)c), lbp = 0;
        for (int p = 0; p < P; p++) {
          tex[p] = bilinear(&s, (double)r + rp[p], (double)c + cp[p]);
          sgn[p] = tex[p] - centre >= 0;
        }
        if (m == 'V') {
          double sum = 0, var = 0;
          for (int p = 0; p < P; p++) { sum += tex[p]; var += tex[p] * tex[p]; }
          var = (var - sum * sum / P) / P;
          lbp = var != 0 ? var : NAN;
        } else if (m == 'U') {
          int changes = 0, ones = 0;
          for (int p = 0; p + 1 < P; p++) changes += sgn[p] != sgn[p + 1];
          for (int p = 0; p < P; p++) ones += sgn[p];
          lbp = changes <= 2 ? ones : P + 1;
        } else {
          unsigned long v = 0;
          for (int p = 0; p < P; p++) v |= (unsigned long)sgn[p] << p;
          if (m == 'R') {
            unsigned long best = v, cur = v;
            for (int p = 1; p < P; p++) {
              cur = (cur >> 1) | ((cur & 1ul) << (P - 1));
              if (cur < best) best = cur;
            }
            v = best;
          }
          lbp = (double)v;
        }
        out[obase + (r - lo_np[rest[0]]) * ostride_np[rest[0]] +
            (c - lo_np[rest[1]]) * ostride_np[rest[1]]] = lbp;
      }
  }
  free(rp);
  free(tex);
  free(sgn);
  return 0;
}

int rmx_fc_lbp2d(const double *in, const size_t dim[3], int axis, double radius,
                 int samples, const char *method, double *out) {
  const size_t zero[3] = {0, 0, 0};
  return rmx_fc_lbp2d_box(in, zero, dim, dim, zero, dim, axis, radius, samples, method, out);
}
