/* shape_pyrad.c: shape and shape2D vs. PyRadiomics 3.1.0 reference values on the real cases. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shape2d_core.h"
#include "shape_core.h"
#include "shape_test_util.h"

#define REL_TOL 1e-9

static const char *shape_names[RMX_SHAPE_COUNT] = {
  "MeshVolume", "VoxelVolume", "SurfaceArea", "SurfaceVolumeRatio", "Sphericity",
  "Compactness1", "Compactness2", "SphericalDisproportion", "Maximum3DDiameter",
  "Maximum2DDiameterSlice", "Maximum2DDiameterColumn", "Maximum2DDiameterRow",
  "MajorAxisLength", "MinorAxisLength", "LeastAxisLength", "Elongation", "Flatness"};
static const char *s2_names[RMX_S2_COUNT] = {
  "MeshSurface", "PixelSurface", "Perimeter", "PerimeterSurfaceRatio", "Sphericity",
  "SphericalDisproportion", "MaximumDiameter", "MajorAxisLength", "MinorAxisLength",
  "Elongation"};

static const struct { const char *name, *label; int is2d; } cases[] = {
  {"brain1", "brain1_label.nrrd", 0},
  {"breast1", "breast1_label.nrrd", 0},
  {"test64", "test-mask_64x64x64.nrrd", 0},
  {"test37", "test-mask_37x37x37.nrrd", 0},
  {"prostate_phantom", "prostate_phantom_subvolume-label.nrrd", 0},
  {"brain1_2D", "brain1_label_2D.nrrd", 1},
  {"breast1_2D", "breast1_label_2D.nrrd", 1},
};

static int passed, failed;

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}
static double worst[2][RMX_SHAPE_COUNT];

static void check(const char *csv, const char *cname, const char *family, const char *feat,
                  double got, double *worst_slot) {
  char key[128];
  snprintf(key, sizeof key, "original_%s_%s", family, feat);
  double ref = st_csv_lookup(csv, 0, cname, 1, key, 2);
  if (isnan(ref)) return; /* deprecated features are not in the references */
  double d = st_reldiff(got, ref);
  if (d > *worst_slot) *worst_slot = d;
  int ok = d <= REL_TOL;
  printf("%s  %-18s %-8s %-24s ref %.17g got %.17g rel %.2e\n", ok ? "ok  " : "FAIL", cname,
         family, feat, ref, got, d);
  ok ? passed++ : failed++;
}

int main(int argc, char **argv) {
  int want2d = argc > 1 && !strcmp(argv[1], "2d");
  RmxMcTable table;
  rmx_mc_table_build(&table);
  for (size_t ci = 0; ci < sizeof cases / sizeof cases[0]; ci++) {
    if (cases[ci].is2d != want2d) continue;
    char rel[256];
    snprintf(rel, sizeof rel, "pyradiomics/cases/%s", cases[ci].label);
    ShapeMask m;
    if (st_mask_load(&m, st_shared(0, rel), 1)) return 2;
    const char *csv = st_shared(1, want2d ? "pyradiomics/pyradiomics_reference_original_2D.csv"
                                          : "pyradiomics/pyradiomics_reference_original.csv");
    double v[RMX_SHAPE_COUNT];
    if (rmx_shape_features(m.data, m.dim, m.spacing, &table, 0, v)) {
      fprintf(stderr, "error: %s: shape computation failed\n", cases[ci].name);
      return 2;
    }
    /* informational: mean time of the whole family on this case */
    double t0 = now_ms();
    for (int r = 0; r < 20; r++) rmx_shape_features(m.data, m.dim, m.spacing, &table, 0, v);
    printf("time  %-18s shape %.3f ms\n", cases[ci].name, (now_ms() - t0) / 20);
    for (int f = 0; f < RMX_SHAPE_COUNT; f++)
      check(csv, cases[ci].name, "shape", shape_names[f], v[f], &worst[0][f]);
    if (want2d) {
      double w[RMX_S2_COUNT];
      /* force2Ddimension 0 (numpy z) is index axis 2 */
      int rc = rmx_shape2d_features(m.data, m.dim, m.spacing, 2, w);
      if (rc) {
        fprintf(stderr, "error: %s: shape2D computation failed (%d)\n", cases[ci].name, rc);
        return 2;
      }
      for (int f = 0; f < RMX_S2_COUNT; f++)
        check(csv, cases[ci].name, "shape2D", s2_names[f], w[f], &worst[1][f]);
    }
    st_mask_free(&m);
  }
  printf("max relative difference per feature:\n");
  for (int f = 0; f < RMX_SHAPE_COUNT; f++) printf("  shape   %-24s %.2e\n", shape_names[f], worst[0][f]);
  if (want2d)
    for (int f = 0; f < RMX_S2_COUNT; f++) printf("  shape2D %-24s %.2e\n", s2_names[f], worst[1][f]);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
