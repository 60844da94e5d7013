/* futil.c: helpers of the filter tests. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "futil.h"

static int n_ok, n_fail;

char *fu_shared(const char *rel) {
  const char *root = g_getenv("RADIOMIX_SHARED");
  return g_build_filename(root ? root : "../shared", rel, NULL);
}

GHashTable *fu_ref_load(const char *rel) {
  char *path = fu_shared(rel), *text = NULL;
  GError *err = NULL;
  if (!g_file_get_contents(path, &text, NULL, &err)) {
    fprintf(stderr, "cannot read %s: %s\n", path, err->message);
    exit(2);
  }
  GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  char **lines = g_strsplit(text, "\n", -1);
  for (char **l = lines + 1; *l; l++) {
    char **f = g_strsplit(*l, ",", 4);
    if (f[0] && f[1] && f[2]) {
      double *v = g_new(double, 1);
      *v = g_ascii_strtod(f[2], NULL);
      g_hash_table_insert(t, g_strdup_printf("%s,%s", f[0], f[1]), v);
    }
    g_strfreev(f);
  }
  g_strfreev(lines);
  g_free(text);
  g_free(path);
  return t;
}

double fu_ref(GHashTable *t, const char *case_name, const char *feature) {
  char *k = g_strdup_printf("%s,%s", case_name, feature);
  const double *v = g_hash_table_lookup(t, k);
  g_free(k);
  return v ? *v : NAN;
}

static int cmp_d(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void stats(const double *v, size_t m, FuStats *s) {
  memset(s, 0, sizeof *s);
  s->n = m;
  if (!m) return;
  double sum = 0, e = 0;
  s->min = INFINITY;
  s->max = -INFINITY;
  for (size_t i = 0; i < m; i++) {
    sum += v[i];
    e += v[i] * v[i];
    if (v[i] < s->min) s->min = v[i];
    if (v[i] > s->max) s->max = v[i];
  }
  s->mean = sum / (double)m;
  s->energy = e;
  double var = 0;
  for (size_t i = 0; i < m; i++) var += (v[i] - s->mean) * (v[i] - s->mean);
  s->variance = var / (double)m;
  double *c = malloc(m * sizeof *c);
  memcpy(c, v, m * sizeof *c);
  qsort(c, m, sizeof *c, cmp_d);
  s->median = m % 2 ? c[m / 2] : 0.5 * (c[m / 2 - 1] + c[m / 2]);
  free(c);
}

void fu_stats_f64(const double *x, const uint8_t *mask, size_t n, FuStats *s) {
  double *v = malloc((n ? n : 1) * sizeof *v);
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (!mask || mask[i]) v[m++] = x[i];
  stats(v, m, s);
  free(v);
}

void fu_stats_f32(const float *x, const uint8_t *mask, size_t n, FuStats *s) {
  double *v = malloc((n ? n : 1) * sizeof *v);
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (!mask || mask[i]) v[m++] = x[i];
  stats(v, m, s);
  free(v);
}

double fu_compare(GHashTable *ref, const char *case_name, const char *image_type,
                  const FuStats *s, int *missing) {
  static const char *names[] = {"Mean", "Minimum", "Maximum", "Median", "Variance", "Energy"};
  double ours[] = {s->mean, s->min, s->max, s->median, s->variance, s->energy};
  char feat[256];
  snprintf(feat, sizeof feat, "%s_firstorder_Range", image_type);
  double range = fu_ref(ref, case_name, feat), worst = 0;
  *missing = 0;
  for (int i = 0; i < 6; i++) {
    snprintf(feat, sizeof feat, "%s_firstorder_%s", image_type, names[i]);
    double r = fu_ref(ref, case_name, feat);
    if (isnan(r)) { (*missing)++; continue; }
    /* location statistics relative to the image's range, spread ones to themselves */
    double scale = i < 4 ? fmax(fabs(r), fabs(range)) : fabs(r);
    double d = scale > 0 ? fabs(ours[i] - r) / scale : fabs(ours[i] - r);
    if (getenv("FU_VERBOSE")) printf("   %s %s: ours %.17g ref %.17g rel %.3g\n", image_type, names[i], ours[i], r, d);
    if (!(d <= worst)) worst = isnan(d) ? INFINITY : d;
  }
  return worst;
}

void fu_check(int cond, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  printf("%s: ", cond ? "ok" : "FAIL");
  vprintf(fmt, ap);
  printf("\n");
  va_end(ap);
  if (cond) n_ok++; else n_fail++;
}

int fu_done(void) {
  printf("%d passed, %d failed\n", n_ok, n_fail);
  return n_fail ? 1 : 0;
}

static const char *case_file(const char *c, int mask) {
  static const char *t[][3] = {
    {"brain1", "brain1_image.nrrd", "brain1_label.nrrd"},
    {"breast1", "breast1_image.nrrd", "breast1_label.nrrd"},
    {"test64", "test-image_64x64x64.nrrd", "test-mask_64x64x64.nrrd"},
    {"test37", "test-image_37x37x37.nrrd", "test-mask_37x37x37.nrrd"},
    {"prostate_phantom", "prostate_phantom_subvolume.nrrd", "prostate_phantom_subvolume-label.nrrd"},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
    if (!strcmp(t[i][0], c)) return t[i][mask ? 2 : 1];
  return NULL;
}

RmxVolume *fu_case_image(const char *c) {
  char rel[512];
  snprintf(rel, sizeof rel, "data/pyradiomics/cases/%s", case_file(c, 0));
  char *p = fu_shared(rel);
  GError *err = NULL;
  RmxVolume *v = rmx_nrrd_read(p, &err);
  if (!v) { fprintf(stderr, "%s\n", err->message); exit(2); }
  g_free(p);
  return v;
}

RmxVolume *fu_case_mask(const char *c, const RmxVolume *img) {
  char rel[512];
  snprintf(rel, sizeof rel, "data/pyradiomics/cases/%s", case_file(c, 1));
  char *p = fu_shared(rel);
  GError *err = NULL;
  RmxVolume *v = rmx_mask_read(p, img, 1, 1e-3, &err);
  if (!v) { fprintf(stderr, "%s\n", err->message); exit(2); }
  g_free(p);
  return v;
}

double *fu_as_double(const RmxVolume *v) {
  size_t n = rmx_volume_voxels(v);
  double *d = malloc(n * sizeof *d);
  for (size_t i = 0; i < n; i++) d[i] = rmx_volume_get(v, i);
  return d;
}

uint8_t *fu_as_mask(const RmxVolume *v) {
  size_t n = rmx_volume_voxels(v);
  uint8_t *m = malloc(n);
  for (size_t i = 0; i < n; i++) m[i] = rmx_volume_get(v, i) != 0;
  return m;
}

gboolean fu_sink_emit(void *user, const char *image_type, RmxVolume *vol, GError **err) {
  (void)err;
  FuSink *s = user;
  g_ptr_array_add(s->names, g_strdup(image_type));
  g_ptr_array_add(s->vols, vol);
  return TRUE;
}

void fu_sink_init(FuSink *s) {
  s->names = g_ptr_array_new_with_free_func(g_free);
  s->vols = g_ptr_array_new_with_free_func((GDestroyNotify)rmx_volume_free);
}

void fu_sink_clear(FuSink *s) {
  g_ptr_array_free(s->names, TRUE);
  g_ptr_array_free(s->vols, TRUE);
}
