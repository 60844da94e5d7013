/* filters_ibsi.c: IBSI 2 phase-1 filter tests (tests.csv) that our filters
** cover, response maps compared voxel by voxel with the consensus maps.
** Pass criterion is IBSI's: every voxel within 1% of the reference range.
** Prints one line per test with max and mean absolute difference. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "filtercore.h"
#include "futil.h"

static RmxVolume *load(const char *rel) {
  char path[512];
  snprintf(path, sizeof path, "data/ibsi/ibsi2_phase1/%s", rel);
  char *p = fu_shared(path);
  GError *err = NULL;
  RmxVolume *v = rmx_nrrd_read(p, &err);
  if (!v) { fprintf(stderr, "%s\n", err->message); exit(2); }
  g_free(p);
  return v;
}

static void compare(const char *test, const double *ours, int expect_pass) {
  char rel[64];
  snprintf(rel, sizeof rel, "response_maps/%s.nrrd", test);
  for (char *c = rel; *c; c++)
    if (*c == '.' && strcmp(c, ".nrrd")) *c = '_';
  RmxVolume *ref = load(rel);
  size_t n = rmx_volume_voxels(ref);
  double lo = INFINITY, hi = -INFINITY, maxd = 0, sumd = 0;
  for (size_t i = 0; i < n; i++) {
    double r = rmx_volume_get(ref, i), d = fabs(ours[i] - r);
    if (r < lo) lo = r;
    if (r > hi) hi = r;
    if (!(d <= maxd)) maxd = d;
    sumd += d;
  }
  double tol = 0.01 * (hi - lo);
  printf("IBSI %-6s max|d| %.3g  mean|d| %.3g  (1%% of range %.3g) %s\n", test, maxd,
         sumd / (double)n, tol, maxd <= tol ? "PASS" : "no");
  if (expect_pass) fu_check(maxd <= tol, "IBSI %s within 1%% of the reference range", test);
  rmx_volume_free(ref);
}

typedef struct Band { const char *want; double *out; size_t n; } Band;
static int keep_band(void *user, int level, const char *name, const double *band) {
  Band *b = user;
  (void)level;
  if (!strcmp(name, b->want)) memcpy(b->out, band, b->n * sizeof *band);
  return 0;
}

static void wavelet_test(const char *test, const RmxVolume *img, const double *x, const char *w,
                         const char *band, int level, RmxFcBoundary bc, double *y, int expect) {
  RmxFcSwtOptions o = {rmx_fc_wavelet_find(w), 1, level - 1, 7u, bc, 1, 0};
  Band b = {band, y, rmx_volume_voxels(img)};
  fu_check(rmx_fc_swt3(x, img->dim, &o, keep_band, &b) == 0, "IBSI %s wavelet runs", test);
  compare(test, y, expect);
}

int main(void) {
  RmxVolume *cb = load("phantoms/checkerboard_image.nrrd");
  RmxVolume *imp = load("phantoms/impulse_image.nrrd");
  RmxVolume *sph = load("phantoms/sphere_image.nrrd");
  double *xcb = fu_as_double(cb), *ximp = fu_as_double(imp), *xsph = fu_as_double(sph);
  size_t n = rmx_volume_voxels(cb);
  double *y = malloc(n * sizeof *y);
  const RmxFcBoundary bcs[4] = {RMX_FC_ZERO, RMX_FC_NEAREST, RMX_FC_PERIODIC, RMX_FC_MIRROR};
  const char *mean_tests[4] = {"1.a.1", "1.a.2", "1.a.3", "1.a.4"};
  for (int t = 0; t < 4; t++) {
    rmx_fc_mean(xcb, cb->dim, 15, 0, bcs[t], y);
    compare(mean_tests[t], y, 1);
  }
  rmx_fc_mean(ximp, imp->dim, 15, 1, RMX_FC_ZERO, y);
  compare("1.b.1", y, 1);
  rmx_fc_log_conv(ximp, imp->dim, imp->spacing, 3.0, 4.0, RMX_FC_ZERO, 0, 0, y);
  compare("2.a", y, 1);
  rmx_fc_log_conv(xcb, cb->dim, cb->spacing, 5.0, 4.0, RMX_FC_MIRROR, 0, 0, y);
  compare("2.b", y, 1);
  rmx_fc_log_conv(xcb, cb->dim, cb->spacing, 5.0, 4.0, RMX_FC_MIRROR, 1, 0, y);
  compare("2.c", y, 1);
  wavelet_test("5.a.1", imp, ximp, "db2", "LHL", 1, RMX_FC_ZERO, y, 1);
  wavelet_test("6.a.1", sph, xsph, "coif1", "HHL", 1, RMX_FC_PERIODIC, y, 1);
  free(y);
  free(xcb); free(ximp); free(xsph);
  rmx_volume_free(cb); rmx_volume_free(imp); rmx_volume_free(sph);
  return fu_done();
}
