/* extract_prep.c: mask checks, cropping, normalisation, resegmentation and discretisation as PyRadiomics does them. */
#include "extract_prep.h"
#include "volume.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

gboolean rmx_bbox_of(const RmxVolume *mask, RmxBBox *bb) {
  const uint8_t *m = mask->data;
  size_t nx = mask->dim[0], ny = mask->dim[1], nz = mask->dim[2];
  rmx_bbox_init(bb);
  /* ROIs are sparse: all-zero runs of 8 voxels are skipped with one load
   * (brain1: 8.6 M -> ~1 M instructions); other voxels are looked at one by one. */
  for (size_t k = 0; k < nz; k++)
    for (size_t j = 0; j < ny; j++) {
      const uint8_t *r = m + nx * (j + ny * k);
      size_t i = 0;
      while (i < nx) {
        if (i + 8 <= nx) {
          uint64_t w;
          memcpy(&w, r + i, sizeof w);
          if (!w) {
            i += 8;
            continue;
          }
        }
        size_t end = i + 8 < nx ? i + 8 : nx;
        for (; i < end; i++) {
          if (!r[i]) continue;
          size_t p[3] = {i, j, k};
          rmx_bbox_add(bb, p);
        }
      }
    }
  return bb->count > 0;
}

gboolean rmx_check_mask(const RmxVolume *mask, const RmxParams *s, int label, RmxBBox *bb,
                        GError **err) {
  rmx_bbox_of(mask, bb);
  return rmx_check_roi(bb, s, label, err);
}

gboolean rmx_check_roi(const RmxBBox *bb, const RmxParams *s, int label, GError **err) {
  if (!bb->count) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "label %d not present in mask", label);
    return FALSE;
  }
  int ndims = 0;
  for (int a = 0; a < 3; a++) ndims += bb->hi[a] > bb->lo[a];
  gint64 min_dims = rmx_params_int(s, "minimumROIDimensions", 2);
  if (ndims == 0) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "mask only contains 1 segmented voxel (label %d): cannot extract features for a single voxel",
                label);
    return FALSE;
  }
  if (ndims < min_dims) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "mask has too few dimensions (ROI spans %d, minimumROIDimensions is %d)", ndims,
                (int)min_dims);
    return FALSE;
  }
  if (rmx_params_get(s, "minimumROISize")) {
    gint64 min_size = rmx_params_int(s, "minimumROISize", 0);
    /* PyRadiomics rejects roiSize <= minimumROISize */
    if ((gint64)bb->count <= min_size) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                  "ROI is too small: %zu voxels, minimumROISize %d requires more", bb->count,
                  (int)min_size);
      return FALSE;
    }
  }
  return TRUE;
}

RmxVolume *rmx_crop(const RmxVolume *v, const RmxBBox *bb, size_t pad) {
  size_t lo[3], dim[3];
  for (int a = 0; a < 3; a++) {
    lo[a] = bb->lo[a] > pad ? bb->lo[a] - pad : 0;
    size_t hi = MIN(bb->hi[a] + pad, v->dim[a] - 1);
    dim[a] = hi - lo[a] + 1;
  }
  RmxVolume *c = rmx_volume_new(v->type, dim, v);
  if (!c) return NULL;
  double lof[3] = {(double)lo[0], (double)lo[1], (double)lo[2]};
  rmx_index_to_world(v, lof, c->origin);
  size_t es = rmx_scalar_size(v->type), row = dim[0] * es;
  const char *src = v->data;
  char *dst = c->data;
  for (size_t k = 0; k < dim[2]; k++)
    for (size_t j = 0; j < dim[1]; j++) {
      size_t s = lo[0] + v->dim[0] * ((lo[1] + j) + v->dim[1] * (lo[2] + k));
      memcpy(dst + (j + dim[1] * k) * row, src + s * es, row);
    }
  return c;
}

RmxVolume *rmx_crop_f64(const RmxVolume *v, const RmxBBox *bb) {
  if (v->type == RMX_F64) return rmx_crop(v, bb, 0);
  if (v->type == RMX_U64 || v->type == RMX_I64) {
    RmxVolume *c = rmx_crop(v, bb, 0), *d = c ? rmx_volume_convert(c, RMX_F64) : NULL;
    rmx_volume_free(c);
    return d;
  }
  size_t dim[3];
  for (int a = 0; a < 3; a++) dim[a] = bb->hi[a] - bb->lo[a] + 1;
  RmxVolume *c = rmx_volume_new(RMX_F64, dim, v);
  if (!c) return NULL;
  double lof[3] = {(double)bb->lo[0], (double)bb->lo[1], (double)bb->lo[2]};
  rmx_index_to_world(v, lof, c->origin);
  double *dst = c->data;
  /* One typed pass: the same doubles as rmx_volume_get gives, without its
   * per-voxel type switch. */
#define CROP_ROWS(T)                                                                   \
  for (size_t k = 0; k < dim[2]; k++)                                                  \
    for (size_t j = 0; j < dim[1]; j++) {                                              \
      const T *s = (const T *)v->data +                                                \
                   (bb->lo[0] + v->dim[0] * ((bb->lo[1] + j) + v->dim[1] * (bb->lo[2] + k))); \
      double *o = dst + dim[0] * (j + dim[1] * k);                                     \
      for (size_t i = 0; i < dim[0]; i++) o[i] = (double)s[i];                         \
    }
  switch (v->type) {
  case RMX_U8: CROP_ROWS(uint8_t) break;
  case RMX_I8: CROP_ROWS(int8_t) break;
  case RMX_U16: CROP_ROWS(uint16_t) break;
  case RMX_I16: CROP_ROWS(int16_t) break;
  case RMX_U32: CROP_ROWS(uint32_t) break;
  case RMX_I32: CROP_ROWS(int32_t) break;
  case RMX_F32: CROP_ROWS(float) break;
  default: rmx_volume_free(c); return NULL;
  }
#undef CROP_ROWS
  return c;
}

RmxVolume *rmx_normalise(const RmxVolume *image, const RmxParams *s) {
  RmxVolume *out = rmx_volume_convert(image, RMX_F64);
  if (!out) return NULL;
  double *x = out->data;
  size_t n = rmx_volume_voxels(out);
  /* Two-pass mean/variance: ITK's StatisticsImageFilter divides by n - 1. */
  double sum = 0;
  for (size_t i = 0; i < n; i++) sum += x[i];
  double mean = sum / (double)n, ss = 0;
  for (size_t i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
  double sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
  if (sd == 0) sd = 1; /* a constant image stays centred instead of dividing by zero */
  gboolean clip = rmx_params_get(s, "removeOutliers") != NULL;
  double out_lim = rmx_params_double(s, "removeOutliers", 0);
  double scale = rmx_params_double(s, "normalizeScale", 1);
  for (size_t i = 0; i < n; i++) {
    double v = (x[i] - mean) / sd;
    if (clip) v = v > out_lim ? out_lim : v < -out_lim ? -out_lim : v;
    x[i] = v * scale;
  }
  return out;
}

RmxVolume *rmx_resegment(const RmxVolume *image, const RmxVolume *mask, const RmxParams *s,
                         int label, GError **err) {
  const RmxValue *r = rmx_params_get(s, "resegmentRange");
  if (!r || r->type != RMX_PARAM_LIST || r->list->len < 1 || r->list->len > 2) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "parameter 'resegmentRange': expected 1 or 2 thresholds");
    return NULL;
  }
  double th[2];
  guint nth = r->list->len;
  for (guint i = 0; i < nth; i++) th[i] = g_array_index(r->list, double, i);
  if (nth == 2 && th[0] > th[1]) {
    double t = th[0];
    th[0] = th[1];
    th[1] = t;
  }
  const char *mode = rmx_params_string(s, "resegmentMode", "absolute");
  const uint8_t *m = mask->data;
  size_t n = rmx_volume_voxels(mask), roi = 0;
  if (!strcmp(mode, "relative") || !strcmp(mode, "sigma")) {
    double mx = -INFINITY, sum = 0;
    for (size_t i = 0; i < n; i++)
      if (m[i]) {
        double v = rmx_volume_get(image, i);
        mx = MAX(mx, v);
        sum += v;
        roi++;
      }
    if (!strcmp(mode, "relative")) {
      for (guint i = 0; i < nth; i++) th[i] *= mx;
    } else {
      double mean = sum / (double)roi, ss = 0; /* numpy.std: population sd */
      for (size_t i = 0; i < n; i++)
        if (m[i]) {
          double d = rmx_volume_get(image, i) - mean;
          ss += d * d;
        }
      double sd = sqrt(ss / (double)roi);
      for (guint i = 0; i < nth; i++) th[i] = mean + sd * th[i];
    }
  }
  RmxVolume *out = rmx_volume_new(RMX_U8, mask->dim, mask);
  if (!out) return NULL;
  uint8_t *o = out->data;
  roi = 0;
  for (size_t i = 0; i < n; i++) {
    if (!m[i]) continue;
    double v = rmx_volume_get(image, i);
    o[i] = v >= th[0] && (nth < 2 || v <= th[1]);
    roi += o[i];
  }
  if (roi <= 1) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "resegmentation excluded too many voxels with label %d (retained %zu voxel(s))", label,
                roi);
    rmx_volume_free(out);
    return NULL;
  }
  return out;
}

/* Python's float '%': the result takes the divisor's sign. */
static double py_mod(double a, double b) {
  double m = fmod(a, b);
  if (m != 0) {
    if ((b < 0) != (m < 0)) m += b;
  } else {
    m = copysign(0.0, b);
  }
  return m;
}

/* numpy.digitize(x, edges) for increasing edges: how many edges are <= x. */
static int32_t digitize(const double *edges, size_t n, double x) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (edges[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return (int32_t)lo;
}

/* The settings rmx_discretise reads: keep in step with it. */
static const char *const binning_keys[] = {"binWidth", "binCount", "ibsiCompat", "resegmentRange",
                                           "resegmentMode"};

gboolean rmx_same_binning(const RmxParams *a, const RmxParams *b) {
  if (a == b) return TRUE;
  if (!a || !b) return FALSE;
  for (size_t i = 0; i < G_N_ELEMENTS(binning_keys); i++) {
    const RmxValue *x = rmx_params_get(a, binning_keys[i]), *y = rmx_params_get(b, binning_keys[i]);
    if (!x || !y) {
      if (x != y) return FALSE;
      continue;
    }
    char *sx = rmx_value_to_string(x), *sy = rmx_value_to_string(y);
    gboolean same = sx && sy && !strcmp(sx, sy);
    g_free(sx);
    g_free(sy);
    if (!same) return FALSE;
  }
  return TRUE;
}

/* Mask bytes i..i+7 all zero (and inside): a cropped box is mostly outside
 * the ROI (5.6x on brain1 after preCrop), so its scans skip 8 at once. */
static inline gboolean mask_zero8(const uint8_t *m, size_t i, size_t n) {
  uint64_t w;
  if (i + 8 > n) return FALSE;
  memcpy(&w, m + i, sizeof w);
  return w == 0;
}

gboolean rmx_discretise(const RmxVolume *image, const RmxVolume *mask, const RmxParams *s,
                        int32_t *levels, int32_t *n_levels, GError **err) {
  const double *x = image->data;
  const uint8_t *m = mask->data;
  size_t n = rmx_volume_voxels(image);
  double mn = INFINITY, mx = -INFINITY;
  for (size_t i = 0; i < n; i++) {
    if (mask_zero8(m, i, n)) { i += 7; continue; }
    if (m[i]) {
      if (isnan(x[i])) {
        g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "image has NaN inside the ROI");
        return FALSE;
      }
      mn = MIN(mn, x[i]);
      mx = MAX(mx, x[i]);
    }
  }
  memset(levels, 0, n * sizeof *levels);
  *n_levels = 0;
  if (mn > mx) return TRUE; /* empty ROI: nothing to bin */
  if (!isfinite(mn) || !isfinite(mx)) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "image has infinite values inside the ROI");
    return FALSE;
  }
  gboolean ibsi = rmx_params_bool(s, "ibsiCompat", FALSE);
  double *edges = NULL;
  size_t ne = 0;
  if (rmx_params_get(s, "binCount")) {
    gint64 nb = rmx_params_int(s, "binCount", 1);
    if (nb < 1) nb = 1;
    if (ibsi) {
      /* IBSI fixed bin number: floor(Nb (x - min) / (max - min)) + 1, max -> Nb. */
      for (size_t i = 0; i < n; i++) {
        if (!m[i]) continue;
        int32_t b = mx > mn ? (int32_t)floor((double)nb * (x[i] - mn) / (mx - mn)) + 1 : 1;
        levels[i] = MIN(b, (int32_t)nb);
        *n_levels = MAX(*n_levels, levels[i]);
      }
      return TRUE;
    }
    /* numpy.histogram(values, binCount) edges: linspace(min, max), widened by
     * 0.5 for a flat ROI; PyRadiomics then adds 1 to the top edge. */
    double lo = mn, hi = mx;
    if (lo == hi) {
      lo -= 0.5;
      hi += 0.5;
    }
    ne = (size_t)nb + 1;
    edges = g_new(double, ne);
    double step = (hi - lo) / (double)nb;
    for (size_t i = 0; i < ne; i++) edges[i] = (double)i * step + lo;
    edges[ne - 1] = hi + 1;
  } else {
    double bw = rmx_params_double(s, "binWidth", 25);
    if (!(bw > 0)) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "parameter 'binWidth': expected a number > 0");
      return FALSE;
    }
    if (ibsi) {
      /* IBSI fixed bin size: bins start at the lower bound of an absolute
       * resegmentation range, else at the ROI minimum: floor((x - min) / w) + 1. */
      double lo = mn;
      const RmxValue *r = rmx_params_get(s, "resegmentRange");
      if (r && r->type == RMX_PARAM_LIST && r->list->len >= 1 &&
          !strcmp(rmx_params_string(s, "resegmentMode", "absolute"), "absolute")) {
        lo = g_array_index(r->list, double, 0);
        if (r->list->len == 2) lo = MIN(lo, g_array_index(r->list, double, 1));
      }
      for (size_t i = 0; i < n; i++) {
        if (!m[i]) continue;
        levels[i] = (int32_t)floor((x[i] - lo) / bw) + 1;
        *n_levels = MAX(*n_levels, levels[i]);
      }
      return TRUE;
    }
    /* numpy.arange(low, max + 2 w, w) with low = min - (min % w): numpy fills
     * with start + i * (e1 - e0), so rebuild the edges the same way. */
    double low = mn - py_mod(mn, bw), high = mx + 2 * bw;
    double len = ceil((high - low) / bw);
    if (!(len < 1e8)) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                  "binWidth %g gives more than 1e8 grey levels over [%g, %g]", bw, mn, mx);
      return FALSE;
    }
    ne = (size_t)len;
    edges = g_new(double, MAX(ne, 2));
    double delta = (low + bw) - low;
    for (size_t i = 0; i < ne; i++) edges[i] = low + (double)i * delta;
    if (ne == 1) { /* flat region: PyRadiomics makes one bin around it */
      edges[1] = edges[0] + 0.5;
      edges[0] -= 0.5;
      ne = 2;
    }
  }
  /* Evenly spaced edges: start from the bin x falls in by arithmetic and
   * step to the count numpy.digitize gives (usually no step at all). */
  double e0 = edges[0], de = ne > 1 ? edges[1] - edges[0] : 0;
  int32_t top = 0;
  for (size_t i = 0; i < n; i++) {
    if (mask_zero8(m, i, n)) { i += 7; continue; }
    if (!m[i]) continue;
    size_t b = ne;
    if (de > 0) {
      double t = (x[i] - e0) / de; /* truncation is floor for t >= 0 */
      b = !(t >= 0) ? 0 : t >= (double)(ne - 1) ? ne : (size_t)t + 1;
      while (b < ne && edges[b] <= x[i]) b++;
      while (b > 0 && edges[b - 1] > x[i]) b--;
    } else {
      b = (size_t)digitize(edges, ne, x[i]);
    }
    levels[i] = (int32_t)b;
    top = MAX(top, levels[i]);
  }
  *n_levels = top;
  g_free(edges);
  return TRUE;
}
