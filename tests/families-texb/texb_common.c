/* texb_common.c: case loading and discretisation for the texb family tests (PyRadiomics conventions). */
#include "texb_common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <volume.h>

#include "glszm_core.h"
#include "gldm_core.h"
#include "ngtdm_core.h"

static void fail_line(const char *path, const char *what) {
  fprintf(stderr, "error: %s: %s\n", path, what);
}

/* Index offset of b's first voxel on a's grid (same spacing/direction assumed). */
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

/* numpy.digitize against numpy.histogram's edges (linspace), last edge + 1. */
static int32_t bin_by_count(double x, double lo, double hi, int n) {
  double step = (hi - lo) / n;
  int32_t b = 0;
  for (int e = 0; e <= n; e++) {
    double edge = e == n ? hi + 1 : (step == 0 ? lo : e * step + lo);
    if (x >= edge) b = e + 1;
  }
  return b;
}

int texb_case_load(TexbCase *c, const char *image_path, const char *mask_path, int label,
                   double bin_width, int bin_count) {
  memset(c, 0, sizeof *c);
  GError *err = NULL;
  RmxVolume *img = rmx_nrrd_read(image_path, &err);
  if (!img) {
    fprintf(stderr, "error: %s\n", err->message);
    g_error_free(err);
    return -1;
  }
  RmxVolume *lab = rmx_nrrd_read(mask_path, &err);
  if (!lab) {
    fprintf(stderr, "error: %s\n", err->message);
    g_error_free(err);
    rmx_volume_free(img);
    return -1;
  }
  long off[3] = {0, 0, 0};
  if (grid_offset(img, lab, off)) {
    fail_line(mask_path, "mask grid is not aligned with the image grid");
    goto fail;
  }
  /* ROI bounding box on the image grid. */
  size_t lo[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX}, hi[3] = {0, 0, 0}, n_roi = 0;
  double vmin = INFINITY, vmax = -INFINITY;
  for (size_t k = 0; k < lab->dim[2]; k++)
    for (size_t j = 0; j < lab->dim[1]; j++)
      for (size_t i = 0; i < lab->dim[0]; i++) {
        size_t m = i + lab->dim[0] * (j + lab->dim[1] * k);
        if (rmx_volume_get(lab, m) != label) continue;
        long p[3] = {(long)i + off[0], (long)j + off[1], (long)k + off[2]};
        for (int a = 0; a < 3; a++)
          if (p[a] < 0 || p[a] >= (long)img->dim[a]) {
            fail_line(mask_path, "ROI voxel outside the image");
            goto fail;
          }
        size_t q[3] = {(size_t)p[0], (size_t)p[1], (size_t)p[2]};
        for (int a = 0; a < 3; a++) {
          if (q[a] < lo[a]) lo[a] = q[a];
          if (q[a] > hi[a]) hi[a] = q[a];
        }
        double x = rmx_volume_get(img, q[0] + img->dim[0] * (q[1] + img->dim[1] * q[2]));
        if (x < vmin) vmin = x;
        if (x > vmax) vmax = x;
        n_roi++;
      }
  if (n_roi == 0) {
    fail_line(mask_path, "label absent from the mask");
    goto fail;
  }
  size_t dim[3] = {hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1};
  c->image = rmx_volume_new(RMX_F64, dim, img);
  c->mask = rmx_volume_new(RMX_U8, dim, img);
  c->levels = calloc(dim[0] * dim[1] * dim[2], sizeof *c->levels);
  if (!c->image || !c->mask || !c->levels) {
    fail_line(image_path, "out of memory");
    goto fail;
  }
  double *x = c->image->data;
  uint8_t *m = c->mask->data;
  const double base = floor(vmin / bin_width);
  int32_t nmax = 0;
  for (size_t k = 0; k < dim[2]; k++)
    for (size_t j = 0; j < dim[1]; j++)
      for (size_t i = 0; i < dim[0]; i++) {
        size_t v = i + dim[0] * (j + dim[1] * k);
        size_t gi = i + lo[0], gj = j + lo[1], gk = k + lo[2];
        x[v] = rmx_volume_get(img, gi + img->dim[0] * (gj + img->dim[1] * gk));
        long li = (long)gi - off[0], lj = (long)gj - off[1], lk = (long)gk - off[2];
        if (li < 0 || lj < 0 || lk < 0 || li >= (long)lab->dim[0] || lj >= (long)lab->dim[1] ||
            lk >= (long)lab->dim[2])
          continue;
        if (rmx_volume_get(lab, (size_t)li + lab->dim[0] * ((size_t)lj + lab->dim[1] * (size_t)lk)) !=
            label)
          continue;
        m[v] = 1;
        c->levels[v] = bin_count > 0 ? bin_by_count(x[v], vmin, vmax, bin_count)
                                     : (int32_t)(floor(x[v] / bin_width) - base) + 1;
        if (c->levels[v] > nmax) nmax = c->levels[v];
      }
  rmx_volume_free(img);
  rmx_volume_free(lab);
  c->in.struct_size = sizeof c->in;
  c->in.image_type = "original";
  c->in.image = c->image;
  c->in.mask = c->mask;
  c->in.morph_mask = c->mask;
  c->in.levels = c->levels;
  c->in.n_levels = nmax;
  c->in.n_roi = n_roi;
  c->in.is_2d = 0;
  c->in.plane_axis = TEXB_PLANE_K;
  return 0;
fail:
  rmx_volume_free(img);
  rmx_volume_free(lab);
  texb_case_free(c);
  return -1;
}

int texb_case_slice(TexbCase *dst, const TexbCase *src, size_t k) {
  memset(dst, 0, sizeof *dst);
  const size_t *sd = src->image->dim, dim[3] = {sd[0], sd[1], 1}, n = sd[0] * sd[1];
  dst->image = rmx_volume_new(RMX_F64, dim, src->image);
  dst->mask = rmx_volume_new(RMX_U8, dim, src->image);
  dst->levels = calloc(n, sizeof *dst->levels);
  if (!dst->image || !dst->mask || !dst->levels) {
    texb_case_free(dst);
    return -1;
  }
  memcpy(dst->image->data, (const double *)src->image->data + k * n, n * sizeof(double));
  memcpy(dst->mask->data, (const uint8_t *)src->mask->data + k * n, n);
  memcpy(dst->levels, src->levels + k * n, n * sizeof *dst->levels);
  size_t n_roi = 0;
  for (size_t v = 0; v < n; v++) n_roi += dst->levels[v] > 0;
  dst->in = src->in;
  dst->in.image = dst->image;
  dst->in.mask = dst->in.morph_mask = dst->mask;
  dst->in.levels = dst->levels;
  dst->in.n_roi = n_roi;
  return 0;
}

void texb_case_free(TexbCase *c) {
  rmx_volume_free(c->image);
  rmx_volume_free(c->mask);
  free(c->levels);
  memset(c, 0, sizeof *c);
}

const char *texb_family_name(int fam) {
  static const char *names[] = {"glszm", "gldm", "ngtdm"};
  return names[fam];
}

const RmxFeatureInfo *texb_family_features(int fam) {
  switch (fam) {
  case TEXB_GLSZM: return rmx_glszm_features;
  case TEXB_GLDM: return rmx_gldm_features;
  default: return rmx_ngtdm_features;
  }
}

int texb_family_count(int fam) {
  return fam == TEXB_GLSZM ? GLSZM_N : fam == TEXB_GLDM ? GLDM_N : NGTDM_N;
}

int texb_family_run(int fam, const RmxFeatureInput *in, int ibsi, const double *distances,
                    size_t n_distances, double alpha, double *values) {
  if (fam == TEXB_GLSZM) return rmx_glszm_compute(in, ibsi, NULL, values);
  if (fam == TEXB_GLDM) {
    RmxGldmSettings s = {distances, n_distances, alpha, ibsi};
    return rmx_gldm_compute(in, &s, NULL, values);
  }
  RmxNgtdmSettings s = {distances, n_distances, ibsi};
  return rmx_ngtdm_compute(in, &s, NULL, values);
}

int texb_feature_index(int fam, const char *name) {
  const RmxFeatureInfo *f = texb_family_features(fam);
  for (int i = 0; f[i].name; i++)
    if (strcmp(f[i].name, name) == 0) return i;
  return -1;
}

int texb_csv_split(char *line, char **fields, int max_fields) {
  int n = 0;
  char *p = line;
  line[strcspn(line, "\r\n")] = 0;
  while (n < max_fields) {
    if (*p == '"') {
      char *w = ++p;
      fields[n++] = w;
      while (*p && !(*p == '"' && p[1] != '"')) {
        if (*p == '"') p++; /* doubled quote */
        *w++ = *p++;
      }
      if (*p == '"') p++;
      *w = 0;
      if (*p != ',') break;
      p++;
      continue;
    }
    fields[n++] = p;
    char *comma = strchr(p, ',');
    if (!comma) break;
    *comma = 0;
    p = comma + 1;
  }
  return n;
}

const char *texb_shared(int slot, const char *rel) {
  static char buf[4][4096];
  const char *root = getenv("RADIOMIX_SHARED");
  if (!root || !*root) root = "../shared";
  snprintf(buf[slot & 3], sizeof buf[0], "%s/data/%s", root, rel);
  return buf[slot & 3];
}
