/* filters_pyradiomics.c: our filter cores against PyRadiomics 3.1.0 on the
** five reference cases: first-order Mean/Min/Max/Median/Variance/Energy of
** every filtered image inside the ROI vs pyradiomics_reference_full.csv.
** LoG allows 1e-8: a few float32 voxels differ by one ulp from the reference
** port (its IIR recursion sums in another order); min/max/median are equal. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "filtercore.h"
#include "futil.h"

typedef struct Case { const char *name; RmxVolume *img; double *x; uint8_t *m; size_t n; } Case;
static GHashTable *ref;
static double worst_by_kind[8];
static const char *kinds[] = {"square", "squareroot", "logarithm", "exponential", "log",
                              "wavelet", "gradient", "lbp-3D"};

static void report(const Case *c, const char *type, int kind, const FuStats *s, double tol) {
  int missing;
  double d = fu_compare(ref, c->name, type, s, &missing);
  if (d > worst_by_kind[kind]) worst_by_kind[kind] = d;
  fu_check(missing == 0 && d <= tol, "%s %s: max rel diff %.3g (tol %.0e)%s", c->name, type, d,
           tol, missing ? " MISSING reference" : "");
}

static void intensity(const Case *c) {
  int (*fn[4])(const double *, size_t, double *) = {rmx_fc_square, rmx_fc_squareroot,
                                                     rmx_fc_logarithm, rmx_fc_exponential};
  double *y = malloc(c->n * sizeof *y);
  for (int k = 0; k < 4; k++) {
    FuStats s;
    fu_check(fn[k](c->x, c->n, y) == 0, "%s %s runs", c->name, kinds[k]);
    fu_stats_f64(y, c->m, c->n, &s);
    report(c, kinds[k], k, &s, 1e-12);
  }
  free(y);
}

static void laplacian(const Case *c, int all) {
  float *y = malloc(c->n * sizeof *y);
  for (int t = 1; t <= 26; t++) {
    double sigma = 0.5 * t;
    if (!all && t != 1 && t != 2 && t != 6 && t != 26) continue;
    char type[64];
    snprintf(type, sizeof type, "log-sigma-%d-%d-mm-3D", t / 2, t % 2 ? 5 : 0);
    int fits = 1;
    for (int a = 0; a < 3; a++)
      if ((double)c->img->dim[a] < ceil(sigma / c->img->spacing[a]) + 1) fits = 0;
    if (!fits) {
      /* PyRadiomics skips it: the reference must not have it either */
      char f[128];
      snprintf(f, sizeof f, "%s_firstorder_Mean", type);
      fu_check(isnan(fu_ref(ref, c->name, f)), "%s %s skipped as in PyRadiomics", c->name, type);
      continue;
    }
    FuStats s;
    fu_check(rmx_fc_log_recursive(c->x, c->img->dim, c->img->spacing, sigma, y) == 0,
             "%s %s runs", c->name, type);
    fu_stats_f32(y, c->m, c->n, &s);
    report(c, type, 4, &s, 1e-8);
  }
  free(y);
}

typedef struct WCtx { const Case *c; } WCtx;
static int on_band(void *user, int level, const char *name, const double *band) {
  const Case *c = ((WCtx *)user)->c;
  char type[64];
  if (level != 1) snprintf(type, sizeof type, "wavelet%d-%s", level, name);
  else snprintf(type, sizeof type, "wavelet-%s", name);
  FuStats s;
  fu_stats_f64(band, c->m, c->n, &s);
  report(c, type, 5, &s, 1e-12);
  return 0;
}

static void wavelet(const Case *c) {
  RmxFcSwtOptions o = {rmx_fc_wavelet_find("coif1"), 1, 0, 7u, RMX_FC_PERIODIC, 0, 1, NULL, NULL, NULL};
  WCtx w = {c};
  fu_check(rmx_fc_swt3(c->x, c->img->dim, &o, on_band, &w) == 0, "%s wavelet runs", c->name);
}

static void gradient(const Case *c) {
  float *y = malloc(c->n * sizeof *y);
  FuStats s;
  rmx_fc_gradient(c->x, c->img->dim, c->img->spacing, 1, y);
  fu_stats_f32(y, c->m, c->n, &s);
  report(c, "gradient", 6, &s, 1e-12);
  free(y);
}

static void lbp3d(const Case *c) {
  double *out[3];
  for (int l = 0; l < 3; l++) out[l] = malloc(c->n * sizeof(double));
  fu_check(rmx_fc_lbp3d_typed(c->x, c->m, c->img->dim, 2, 1.0, 1, c->img->type, out) == 0,
           "%s lbp3d runs", c->name);
  const char *names[] = {"lbp-3D-m1", "lbp-3D-m2", "lbp-3D-k"};
  for (int l = 0; l < 3; l++) {
    FuStats s;
    fu_stats_f64(out[l], c->m, c->n, &s);
    report(c, names[l], 7, &s, 1e-12);
    free(out[l]);
  }
}

int main(int argc, char **argv) {
  const char *only = argc > 1 ? argv[1] : NULL;
  ref = fu_ref_load("data/pyradiomics/pyradiomics_reference_full.csv");
  const char *names[] = {"brain1", "breast1", "test64", "test37", "prostate_phantom"};
  for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
    Case c = {names[i], NULL, NULL, NULL, 0};
    c.img = fu_case_image(c.name);
    RmxVolume *mv = fu_case_mask(c.name, c.img);
    c.x = fu_as_double(c.img);
    c.m = fu_as_mask(mv);
    c.n = rmx_volume_voxels(c.img);
    if (!only || strstr(only, "int")) intensity(&c);
    if (!only || strstr(only, "log")) laplacian(&c, strcmp(c.name, "brain1") != 0);
    if (!only || strstr(only, "wav")) wavelet(&c);
    if (!only || strstr(only, "grad")) gradient(&c);
    if (!only || strstr(only, "lbp")) lbp3d(&c);
    free(c.x);
    free(c.m);
    rmx_volume_free(mv);
    rmx_volume_free(c.img);
  }
  for (int k = 0; k < 8; k++) printf("max rel diff %-12s %.3g\n", kinds[k], worst_by_kind[k]);
  g_hash_table_destroy(ref);
  return fu_done();
}
