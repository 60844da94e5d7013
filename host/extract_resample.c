/* extract_resample.c: index/world geometry, mask correction and PyRadiomics' resampleImage. */
#include "extract_prep.h"
#include "volume.h"

#include <math.h>
#include <string.h>

void rmx_index_to_world(const RmxVolume *v, const double idx[3], double w[3]) {
  for (int r = 0; r < 3; r++) {
    w[r] = v->origin[r];
    for (int c = 0; c < 3; c++) w[r] += v->direction[3 * r + c] * v->spacing[c] * idx[c];
  }
}

void rmx_world_to_index(const RmxVolume *v, const double w[3], double idx[3]) {
  /* Orthonormal direction: the inverse of D * S is S^-1 * D^T. */
  double d[3] = {w[0] - v->origin[0], w[1] - v->origin[1], w[2] - v->origin[2]};
  for (int c = 0; c < 3; c++) {
    double s = 0;
    for (int r = 0; r < 3; r++) s += v->direction[3 * r + c] * d[r];
    idx[c] = s / v->spacing[c];
  }
}

gboolean rmx_check_roi_inside(const RmxVolume *labels, int label, const RmxVolume *image,
                              const char *what, GError **err) {
  size_t lo[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX}, hi[3] = {0, 0, 0}, n = 0;
  size_t nx = labels->dim[0], ny = labels->dim[1], nv = rmx_volume_voxels(labels);
  for (size_t i = 0; i < nv; i++) {
    if (rmx_volume_get(labels, i) != (double)label) continue;
    size_t p[3] = {i % nx, (i / nx) % ny, i / (nx * ny)};
    for (int a = 0; a < 3; a++) {
      lo[a] = MIN(lo[a], p[a]);
      hi[a] = MAX(hi[a], p[a]);
    }
    n++;
  }
  if (!n) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: label %d not present in mask", what, label);
    return FALSE;
  }
  /* Corners of the ROI's voxels (+-0.5) in the image's continuous index space. */
  double c0[3], c1[3], w[3], i0[3], i1[3];
  for (int a = 0; a < 3; a++) {
    c0[a] = (double)lo[a] - 0.5;
    c1[a] = (double)hi[a] + 0.5;
  }
  rmx_index_to_world(labels, c0, w);
  rmx_world_to_index(image, w, i0);
  rmx_index_to_world(labels, c1, w);
  rmx_world_to_index(image, w, i1);
  const double tol = 1e-3; /* PyRadiomics' allowance for rounding */
  for (int a = 0; a < 3; a++)
    if (MIN(i0[a], i1[a]) < -0.5 - tol || MAX(i0[a], i1[a]) > (double)image->dim[a] - 0.5 + tol) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                  "%s: the ROI's bounding box extends outside the image (axis %d: image index %.3f .. %.3f, "
                  "image size %zu)", what, a, MIN(i0[a], i1[a]), MAX(i0[a], i1[a]), image->dim[a]);
      return FALSE;
    }
  return TRUE;
}

/* ITK's buffer test for a continuous index: [-0.5, size - 0.5) per axis. */
static gboolean inside(const RmxVolume *v, const double c[3]) {
  for (int a = 0; a < 3; a++)
    if (!(c[a] >= -0.5 && c[a] < (double)v->dim[a] - 0.5)) return FALSE;
  return TRUE;
}

static size_t lin(const RmxVolume *v, size_t i, size_t j, size_t k) {
  return i + v->dim[0] * (j + v->dim[1] * k);
}

static double sample_nearest(const RmxVolume *v, const double c[3]) {
  size_t p[3];
  for (int a = 0; a < 3; a++) {
    double r = floor(c[a] + 0.5); /* ITK rounds half up */
    p[a] = (size_t)CLAMP(r, 0.0, (double)(v->dim[a] - 1));
  }
  return rmx_volume_get(v, lin(v, p[0], p[1], p[2]));
}

static double sample_linear(const RmxVolume *v, const double c[3]) {
  size_t b[3], e[3];
  double f[3];
  for (int a = 0; a < 3; a++) {
    double fl = floor(c[a]);
    f[a] = c[a] - fl;
    /* neighbours beyond the edge are clamped to it, as ITK does */
    double lo = CLAMP(fl, 0.0, (double)(v->dim[a] - 1)), hi = CLAMP(fl + 1, 0.0, (double)(v->dim[a] - 1));
    b[a] = (size_t)lo;
    e[a] = (size_t)hi;
  }
  double acc = 0;
  for (int n = 0; n < 8; n++) {
    double w = 1;
    size_t p[3];
    for (int a = 0; a < 3; a++) {
      int up = (n >> a) & 1;
      w *= up ? f[a] : 1 - f[a];
      p[a] = up ? e[a] : b[a];
    }
    if (w != 0) acc += w * rmx_volume_get(v, lin(v, p[0], p[1], p[2]));
  }
  return acc;
}

/* ITK casts an interpolated value to an integer output type by clamping and truncating. */
static double cast_to(int type, double x) {
  double lo, hi;
  switch (type) {
  case RMX_U8: lo = 0; hi = 255; break;
  case RMX_I8: lo = -128; hi = 127; break;
  case RMX_U16: lo = 0; hi = 65535; break;
  case RMX_I16: lo = -32768; hi = 32767; break;
  case RMX_U32: lo = 0; hi = 4294967295.0; break;
  case RMX_I32: lo = -2147483648.0; hi = 2147483647.0; break;
  case RMX_F32: return (double)(float)x;
  case RMX_F64: return x;
  default: return trunc(x);
  }
  return trunc(CLAMP(x, lo, hi));
}

typedef double (*Sampler)(const RmxVolume *, const double[3]);

static void resample_into(const RmxVolume *src, RmxVolume *dst, Sampler fn) {
  size_t idx = 0;
  for (size_t k = 0; k < dst->dim[2]; k++)
    for (size_t j = 0; j < dst->dim[1]; j++)
      for (size_t i = 0; i < dst->dim[0]; i++, idx++) {
        double p[3] = {(double)i, (double)j, (double)k}, w[3], c[3];
        rmx_index_to_world(dst, p, w);
        rmx_world_to_index(src, w, c);
        double x = inside(src, c) ? fn(src, c) : 0.0;
        rmx_volume_set(dst, idx, cast_to(dst->type, x));
      }
}

RmxVolume *rmx_resample_nearest_to(const RmxVolume *v, const RmxVolume *ref) {
  RmxVolume *out = rmx_volume_new(v->type, ref->dim, ref);
  if (out) resample_into(v, out, sample_nearest);
  return out;
}

/* ---- cubic B-spline (ITK BSplineInterpolateImageFunction, order 3) ----
 * Coefficients come from the recursive prefilter with mirror boundaries
 * (Unser's algorithm, as ITK's BSplineDecompositionImageFilter). */
static void bspline_prefilter_line(double *c, size_t n, size_t stride) {
  if (n < 2) return;
  const double z = sqrt(3.0) - 2.0, lambda = (1 - z) * (1 - 1 / z);
  for (size_t i = 0; i < n; i++) c[i * stride] *= lambda;
  /* causal initialisation: truncated geometric sum (horizon for 1e-10 precision) */
  size_t horizon = (size_t)ceil(log(1e-10) / log(fabs(z)));
  double sum;
  if (horizon < n) {
    double zn = z;
    sum = c[0];
    for (size_t i = 1; i < horizon; i++) {
      sum += zn * c[i * stride];
      zn *= z;
    }
  } else {
    double zn = z, iz = 1 / z, z2n = pow(z, (double)(n - 1));
    sum = c[0] + z2n * c[(n - 1) * stride];
    z2n *= z2n * iz;
    for (size_t i = 1; i + 1 < n; i++) {
      sum += (zn + z2n) * c[i * stride];
      zn *= z;
      z2n *= iz;
    }
    sum /= 1 - zn * zn;
  }
  c[0] = sum;
  for (size_t i = 1; i < n; i++) c[i * stride] += z * c[(i - 1) * stride];
  c[(n - 1) * stride] = (z / (z * z - 1)) * (z * c[(n - 2) * stride] + c[(n - 1) * stride]);
  for (size_t i = n - 1; i-- > 0;) c[i * stride] = z * (c[(i + 1) * stride] - c[i * stride]);
}

static RmxVolume *bspline_coefficients(const RmxVolume *v) {
  RmxVolume *c = rmx_volume_convert(v, RMX_F64);
  if (!c) return NULL;
  double *d = c->data;
  size_t nx = c->dim[0], ny = c->dim[1], nz = c->dim[2];
  for (size_t k = 0; k < nz; k++)
    for (size_t j = 0; j < ny; j++) bspline_prefilter_line(d + nx * (j + ny * k), nx, 1);
  for (size_t k = 0; k < nz; k++)
    for (size_t i = 0; i < nx; i++) bspline_prefilter_line(d + i + nx * ny * k, ny, nx);
  for (size_t j = 0; j < ny; j++)
    for (size_t i = 0; i < nx; i++) bspline_prefilter_line(d + i + nx * j, nz, nx * ny);
  return c;
}

/* Cubic B-spline weights of the samples at offsets -1, 0, 1, 2 from floor(x). */
static void bspline_weights(double t, double w[4]) {
  double t1 = 1 - t;
  w[0] = t1 * t1 * t1 / 6.0;
  w[1] = 2.0 / 3.0 - 0.5 * t * t * (2 - t);
  w[3] = t * t * t / 6.0;
  w[2] = 1.0 - w[0] - w[1] - w[3];
}

/* Mirror an index into [0, n) the way ITK's B-spline interpolator does. */
static size_t mirror(long i, size_t n) {
  if (n == 1) return 0;
  long p = 2 * (long)n - 2;
  i = labs(i) % p;
  if (i >= (long)n) i = p - i;
  return (size_t)i;
}

static double sample_bspline(const RmxVolume *coef, const double c[3]) {
  long base[3];
  double w[3][4];
  for (int a = 0; a < 3; a++) {
    double fl = floor(c[a]);
    base[a] = (long)fl - 1;
    bspline_weights(c[a] - fl, w[a]);
  }
  const double *d = coef->data;
  double acc = 0;
  for (int kk = 0; kk < 4; kk++) {
    size_t k = mirror(base[2] + kk, coef->dim[2]);
    for (int jj = 0; jj < 4; jj++) {
      size_t j = mirror(base[1] + jj, coef->dim[1]);
      double wjk = w[1][jj] * w[2][kk];
      for (int ii = 0; ii < 4; ii++) {
        size_t i = mirror(base[0] + ii, coef->dim[0]);
        acc += w[0][ii] * wjk * d[lin(coef, i, j, k)];
      }
    }
  }
  return acc;
}

gboolean rmx_resample_case(const RmxVolume *image, const RmxVolume *mask, const RmxParams *s,
                           RmxVolume **image_out, RmxVolume **mask_out, GError **err) {
  const RmxValue *rv = rmx_params_get(s, "resampledPixelSpacing");
  if (!rv || rv->type != RMX_PARAM_LIST || rv->list->len != 3) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "parameter 'resampledPixelSpacing': expected a list of 3 spacings (mm, 0 keeps the axis)");
    return FALSE;
  }
  const char *interp = rmx_params_string(s, "interpolator", "sitkBSpline");
  Sampler fn;
  if (!strcmp(interp, "sitkNearestNeighbor")) fn = sample_nearest;
  else if (!strcmp(interp, "sitkLinear")) fn = sample_linear;
  else if (!strcmp(interp, "sitkBSpline")) fn = sample_bspline;
  else {
    g_set_error(err, RMX_ERROR, RMX_ERR_UNSUPPORTED,
                "parameter 'interpolator': %s is not implemented (use sitkBSpline, sitkLinear or "
                "sitkNearestNeighbor)", interp);
    return FALSE;
  }
  RmxBBox bb;
  if (!rmx_bbox_of(mask, &bb)) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "resampling: the mask is empty");
    return FALSE;
  }
  double sp[3], ratio[3];
  for (int a = 0; a < 3; a++) {
    double r = g_array_index(rv->list, double, a);
    sp[a] = r == 0 ? mask->spacing[a] : r; /* 0 keeps the mask's spacing */
    if (bb.hi[a] == bb.lo[a]) sp[a] = mask->spacing[a]; /* one-slice ROI: axis not resampled */
  }
  gboolean same = TRUE; /* numpy.allclose(imageSpacing, new spacing) */
  for (int a = 0; a < 3; a++)
    same = same && fabs(image->spacing[a] - sp[a]) <= 1e-8 + 1e-5 * fabs(sp[a]);
  gint64 pad = rmx_params_int(s, "padDistance", 5);
  if (same) { /* nothing to interpolate: crop with padding, as PyRadiomics does */
    *image_out = rmx_crop(image, &bb, (size_t)pad);
    *mask_out = rmx_crop(mask, &bb, (size_t)pad);
    return *image_out && *mask_out;
  }
  RmxVolume *grid = rmx_volume_new(RMX_U8, (size_t[3]){1, 1, 1}, mask);
  if (!grid) return FALSE;
  size_t dim[3];
  double lb[3];
  for (int a = 0; a < 3; a++) {
    ratio[a] = mask->spacing[a] / sp[a];
    double lo = floor(((double)bb.lo[a] - 0.5) * ratio[a] - (double)pad);
    double hi = ceil(((double)bb.hi[a] + 0.5) * ratio[a] + (double)pad);
    double max_ub = ceil((double)mask->dim[a] * ratio[a]) - 1;
    if (lo < 0) lo = 0;
    if (hi > max_ub) hi = max_ub;
    dim[a] = (size_t)(hi - lo + 1);
    lb[a] = lo / ratio[a];
    grid->spacing[a] = sp[a];
  }
  /* New origin: centre of the first new voxel, in the mask's continuous index space. */
  double oi[3];
  for (int a = 0; a < 3; a++) oi[a] = 0.5 * (sp[a] - mask->spacing[a]) / mask->spacing[a] + lb[a];
  rmx_index_to_world(mask, oi, grid->origin);
  RmxVolume *img = rmx_volume_new(image->type, dim, grid);
  RmxVolume *msk = rmx_volume_new(RMX_U8, dim, grid);
  rmx_volume_free(grid);
  if (!img || !msk) {
    rmx_volume_free(img);
    rmx_volume_free(msk);
    g_set_error(err, RMX_ERROR, RMX_ERR_NOMEM, "resampling: out of memory");
    return FALSE;
  }
  if (fn == sample_bspline) {
    RmxVolume *coef = bspline_coefficients(image);
    if (!coef) {
      rmx_volume_free(img);
      rmx_volume_free(msk);
      g_set_error(err, RMX_ERROR, RMX_ERR_NOMEM, "resampling: out of memory");
      return FALSE;
    }
    resample_into(coef, img, fn);
    rmx_volume_free(coef);
  } else {
    resample_into(image, img, fn);
  }
  resample_into(mask, msk, sample_nearest);
  *image_out = img;
  *mask_out = msk;
  return TRUE;
}
