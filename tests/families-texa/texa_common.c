/* texa_common.c: loads cases and calls the firstorder/glcm/glrlm plugins through the host API. */
#include "texa_common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctx.h>
#include <params.h>
#include <registry.h>
#include <volume.h>

static const char *const texa_families[] = {"firstorder", "glcm", "glrlm"};

int texa_load_plugins(void) {
  const char *build = getenv("RADIOMIX_BUILD");
  if (!build) { fprintf(stderr, "error: RADIOMIX_BUILD is not set (run through ctest)\n"); return -1; }
  for (size_t f = 0; f < 3; f++) {
    char *path = g_strdup_printf("%s/%s/%s.so", build, RMX_PLUGIN_SUBDIR, texa_families[f]);
    GError *err = NULL;
    gboolean ok = rmx_plugin_load_file(path, &err);
    g_free(path);
    if (!ok) { fprintf(stderr, "error: %s\n", err->message); g_error_free(err); return -1; }
  }
  return 0;
}

static const RmxComponent *family(const char *name) {
  const RmxComponent *c = rmx_registry_find(RMX_KIND_FEATURES, name);
  if (!c) fprintf(stderr, "error: feature family '%s' is not registered\n", name);
  return c;
}

const RmxFeatureInfo *texa_features(const char *name, size_t *n) {
  const RmxComponent *c = family(name);
  if (!c) return NULL;
  *n = c->n_features;
  return c->u.family.features;
}

int texa_feature_index(const char *name, const char *feature) {
  size_t n = 0;
  const RmxFeatureInfo *f = texa_features(name, &n);
  for (size_t i = 0; f && i < n; i++)
    if (!strcmp(f[i].name, feature)) return (int)i;
  return -1;
}

int texa_run(const char *name, const RmxFeatureInput *in, const TexaSettings *s, double *values) {
  const RmxComponent *c = family(name);
  if (!c) return -1;
  RmxParams *params = rmx_params_new(), *settings = rmx_params_new();
  rmx_params_set_bool(settings, "ibsiCompat", s->ibsi);
  rmx_params_set_bool(settings, "symmetricalGLCM", TRUE);
  double one = 1;
  rmx_params_set_list(settings, "distances", &one, 1);
  rmx_params_set_double(settings, "voxelArrayShift", s->voxel_shift);
  if (s->weighting) rmx_params_set_string(settings, "weightingNorm", s->weighting);
  uint8_t *enabled = g_malloc(c->n_features);
  memset(enabled, 1, c->n_features);
  GError *err = NULL;
  gboolean skipped = FALSE;
  gboolean ok = rmx_call_family(c, params, settings, in, enabled, values, &skipped, &err);
  g_free(enabled);
  rmx_params_free(params);
  rmx_params_free(settings);
  if (!ok) { fprintf(stderr, "error: %s\n", err->message); g_error_free(err); return -1; }
  return 0;
}

/* Index offset of b's first voxel on a's grid (same spacing and direction). */
static int grid_offset(const RmxVolume *a, const RmxVolume *b, long off[3]) {
  for (int c = 0; c < 3; c++) {
    double s = 0;
    for (int r = 0; r < 3; r++) s += a->direction[r * 3 + c] * (b->origin[r] - a->origin[r]);
    double idx = s / a->spacing[c];
    off[c] = lround(idx);
    if (fabs(idx - (double)off[c]) > 1e-3) return -1;
  }
  return 0;
}

/* PyRadiomics' bin of x: numpy.digitize against its edges. */
static int32_t bin_of(double x, double vmin, const TexaPrep *p, const double *edges) {
  if (p->bin_count > 0) {
    int32_t l = 0; /* number of edges <= x */
    while (l <= p->bin_count && edges[l] <= x) l++;
    return l;
  }
  if (p->bin_width > 0) return (int32_t)(floor(x / p->bin_width) - floor(vmin / p->bin_width) + 1);
  return (int32_t)x;
}

static int fill_case(TexaCase *c, const RmxVolume *img, uint8_t *roi_full, const TexaPrep *prep) {
  const size_t *d = img->dim;
  size_t nvox = d[0] * d[1] * d[2];
  /* Resegmentation: thresholds from the label's ROI, applied to it. */
  uint8_t *morph = malloc(nvox);
  memcpy(morph, roi_full, nvox);
  if (prep->reseg) {
    double lo = prep->reseg_lo, hi = prep->reseg_hi;
    if (prep->reseg == 2) {
      double s = 0, s2 = 0;
      size_t n = 0;
      for (size_t v = 0; v < nvox; v++)
        if (roi_full[v]) { s += rmx_volume_get(img, v); n++; }
      double mean = s / (double)n;
      for (size_t v = 0; v < nvox; v++)
        if (roi_full[v]) { double t = rmx_volume_get(img, v) - mean; s2 += t * t; }
      double sd = sqrt(s2 / (double)n);
      lo = mean + sd * prep->reseg_lo;
      hi = mean + sd * prep->reseg_hi;
    }
    for (size_t v = 0; v < nvox; v++) {
      double x = rmx_volume_get(img, v);
      if (roi_full[v] && (x < lo || (!isnan(hi) && x > hi))) roi_full[v] = 0;
    }
  }
  size_t lo[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX}, hi[3] = {0, 0, 0}, n = 0;
  double vmin = INFINITY, vmax = -INFINITY;
  for (size_t k = 0; k < d[2]; k++)
    for (size_t j = 0; j < d[1]; j++)
      for (size_t i = 0; i < d[0]; i++) {
        size_t v = i + d[0] * (j + d[1] * k);
        if (morph[v]) {
          size_t p[3] = {i, j, k};
          for (int a = 0; a < 3; a++) {
            if (p[a] < lo[a]) lo[a] = p[a];
            if (p[a] > hi[a]) hi[a] = p[a];
          }
        }
        if (!roi_full[v]) continue;
        double x = rmx_volume_get(img, v);
        if (x < vmin) vmin = x;
        if (x > vmax) vmax = x;
        n++;
      }
  if (n == 0) { free(morph); return -1; }
  /* numpy.histogram edges (linspace), top edge + 1 as PyRadiomics does. */
  double edges[1025];
  if (prep->bin_count > 1024) { free(morph); return -1; }
  if (prep->bin_count > 0) {
    double step = (vmax - vmin) / prep->bin_count;
    for (int e = 0; e <= prep->bin_count; e++) edges[e] = e * step + vmin;
    edges[prep->bin_count] = vmax + 1;
  }
  size_t cd[3] = {hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1};
  c->image = rmx_volume_new(RMX_F64, cd, img);
  c->mask = rmx_volume_new(RMX_U8, cd, img);
  c->morph = rmx_volume_new(RMX_U8, cd, img);
  size_t nc = cd[0] * cd[1] * cd[2];
  c->levels = calloc(nc, sizeof *c->levels);
  double *x = c->image->data;
  uint8_t *m = c->mask->data, *mm = c->morph->data;
  int32_t maxl = 0;
  for (size_t k = 0; k < cd[2]; k++)
    for (size_t j = 0; j < cd[1]; j++)
      for (size_t i = 0; i < cd[0]; i++) {
        size_t o = i + cd[0] * (j + cd[1] * k);
        size_t v = (i + lo[0]) + d[0] * ((j + lo[1]) + d[1] * (k + lo[2]));
        x[o] = rmx_volume_get(img, v);
        m[o] = roi_full[v] != 0;
        mm[o] = morph[v] != 0;
        if (!m[o]) continue;
        int32_t l = bin_of(x[o], vmin, prep, edges);
        c->levels[o] = l;
        if (l > maxl) maxl = l;
      }
  free(morph);
  memset(&c->in, 0, sizeof c->in);
  c->in.struct_size = sizeof c->in;
  c->in.image_type = "original";
  c->in.image = c->image;
  c->in.mask = c->mask;
  c->in.morph_mask = c->morph;
  c->in.levels = c->levels;
  c->in.n_levels = maxl;
  c->in.n_roi = n;
  return 0;
}

int texa_case_load(TexaCase *c, const char *image_path, const char *mask_path, int label, double bw) {
  TexaPrep p = {bw, 0, 0, 0, NAN};
  return texa_case_load_prep(c, image_path, mask_path, label, &p);
}

int texa_case_load_prep(TexaCase *c, const char *image_path, const char *mask_path, int label,
                        const TexaPrep *prep) {
  memset(c, 0, sizeof *c);
  GError *err = NULL;
  RmxVolume *img = rmx_nrrd_read(image_path, &err), *lab = NULL;
  if (img) lab = rmx_nrrd_read(mask_path, &err);
  if (!img || !lab) {
    fprintf(stderr, "error: %s\n", err->message);
    g_error_free(err);
    rmx_volume_free(img);
    return -1;
  }
  long off[3];
  int rc = -1;
  uint8_t *roi = NULL;
  if (grid_offset(img, lab, off)) {
    fprintf(stderr, "error: %s: mask grid is not aligned with the image grid\n", mask_path);
    goto out;
  }
  size_t nvox = img->dim[0] * img->dim[1] * img->dim[2];
  roi = calloc(nvox, 1);
  for (size_t k = 0; k < lab->dim[2]; k++)
    for (size_t j = 0; j < lab->dim[1]; j++)
      for (size_t i = 0; i < lab->dim[0]; i++) {
        long p[3] = {(long)i + off[0], (long)j + off[1], (long)k + off[2]};
        if (rmx_volume_get(lab, i + lab->dim[0] * (j + lab->dim[1] * k)) != label) continue;
        if (p[0] < 0 || p[1] < 0 || p[2] < 0 || (size_t)p[0] >= img->dim[0] ||
            (size_t)p[1] >= img->dim[1] || (size_t)p[2] >= img->dim[2]) continue;
        roi[(size_t)p[0] + img->dim[0] * ((size_t)p[1] + img->dim[1] * (size_t)p[2])] = 1;
      }
  rc = fill_case(c, img, roi, prep);
  if (rc) fprintf(stderr, "error: %s: label %d is absent\n", mask_path, label);
out:
  free(roi);
  rmx_volume_free(img);
  rmx_volume_free(lab);
  return rc;
}

int texa_case_slice(TexaCase *dst, const TexaCase *src, size_t k) {
  memset(dst, 0, sizeof *dst);
  const size_t *d = src->image->dim;
  size_t sd[3] = {d[0], d[1], 1}, ns = d[0] * d[1];
  dst->image = rmx_volume_new(RMX_F64, sd, src->image);
  dst->mask = rmx_volume_new(RMX_U8, sd, src->image);
  dst->morph = rmx_volume_new(RMX_U8, sd, src->image);
  dst->levels = calloc(ns, sizeof *dst->levels);
  memcpy(dst->image->data, (double *)src->image->data + k * ns, ns * sizeof(double));
  memcpy(dst->mask->data, (uint8_t *)src->mask->data + k * ns, ns);
  memcpy(dst->morph->data, (uint8_t *)src->morph->data + k * ns, ns);
  memcpy(dst->levels, src->levels + k * ns, ns * sizeof *dst->levels);
  dst->in = src->in;
  dst->in.image = dst->image;
  dst->in.mask = dst->mask;
  dst->in.morph_mask = dst->morph;
  dst->in.levels = dst->levels;
  dst->in.n_roi = 0;
  for (size_t v = 0; v < ns; v++) dst->in.n_roi += dst->levels[v] > 0;
  return dst->in.n_roi ? 0 : -1;
}

void texa_case_free(TexaCase *c) {
  rmx_volume_free(c->image);
  rmx_volume_free(c->mask);
  rmx_volume_free(c->morph);
  free(c->levels);
  memset(c, 0, sizeof *c);
}

const char *texa_shared(int slot, const char *rel) {
  static char buf[4][1024];
  const char *root = getenv("RADIOMIX_SHARED");
  snprintf(buf[slot & 3], sizeof buf[0], "%s/data/%s", root ? root : "../../../shared", rel);
  return buf[slot & 3];
}

int texa_csv_split(char *line, char **fields, int max_fields) {
  int n = 0;
  char *p = line;
  line[strcspn(line, "\r\n")] = 0;
  while (n < max_fields) {
    if (*p == '"') {
      fields[n++] = ++p;
      while (*p && *p != '"') p++;
      if (*p) *p++ = 0;
      if (*p == ',') p++;
      else break;
    } else {
      fields[n++] = p;
      char *c = strchr(p, ',');
      if (!c) break;
      *c = 0;
      p = c + 1;
    }
  }
  return n;
}

double texa_reldiff(double got, double want) {
  if (isnan(got) || isnan(want)) return (isnan(got) && isnan(want)) ? 0 : INFINITY;
  double d = fabs(got - want), s = fmax(fabs(got), fabs(want));
  return s == 0 ? 0 : d / s;
}
