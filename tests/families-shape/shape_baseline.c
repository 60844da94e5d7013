/* shape_baseline.c: shape and shape2D vs. PyRadiomics' own regression baselines (incl. lung1, label only). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shape2d_core.h"
#include "shape_core.h"
#include "shape_test_util.h"

/* Baseline values are printed with 12 significant digits. */
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

/* known: the column comes from a PyRadiomics 2.0.1 pre-release whose mesh
   differs (data README); its differences are printed, not counted. */
static const struct { const char *column, *label; int is2d, known; } cols[] = {
  {"breast1", "breast1_label.nrrd", 0, 0},
  {"lung1", "lung1_label.nrrd", 0, 0},
  {"brain1", "brain1_label.nrrd", 0, 1},
  {"brain1_shape2D", "brain1_label_2D.nrrd", 1, 0},
  {"breast1_shape2D", "breast1_label_2D.nrrd", 1, 0},
  {"lung1_shape2D", "lung1_label_2D.nrrd", 1, 0},
};

int main(void) {
  int passed = 0, failed = 0, known = 0;
  RmxMcTable table;
  rmx_mc_table_build(&table);
  for (size_t ci = 0; ci < sizeof cols / sizeof cols[0]; ci++) {
    char rel[256];
    snprintf(rel, sizeof rel, "pyradiomics/cases/%s", cols[ci].label);
    ShapeMask m;
    if (st_mask_load(&m, st_shared(0, rel), 1)) return 2;
    const char *csv = st_shared(1, cols[ci].is2d ? "pyradiomics/baseline/baseline_shape2D.csv"
                                                 : "pyradiomics/baseline/baseline_shape.csv");
    int col = st_csv_column(csv, cols[ci].column);
    if (col < 0) {
      fprintf(stderr, "error: %s: no column %s\n", csv, cols[ci].column);
      return 2;
    }
    double v[32]; /* >= RMX_SHAPE_COUNT and RMX_S2_COUNT */
    int n = cols[ci].is2d ? RMX_S2_COUNT : RMX_SHAPE_COUNT;
    const char *const *names = cols[ci].is2d ? s2_names : shape_names;
    int rc = cols[ci].is2d ? rmx_shape2d_features(m.data, m.dim, m.spacing, 2, v)
                           : rmx_shape_features(m.data, m.dim, m.spacing, &table, 0, v);
    st_mask_free(&m);
    if (rc) {
      fprintf(stderr, "error: %s: computation failed (%d)\n", cols[ci].column, rc);
      return 2;
    }
    for (int f = 0; f < n; f++) {
      char key[128];
      snprintf(key, sizeof key, "original_%s_%s", cols[ci].is2d ? "shape2D" : "shape", names[f]);
      double ref = st_csv_lookup(csv, 0, key, -1, NULL, col);
      if (isnan(ref)) continue;
      double d = st_reldiff(v[f], ref);
      const char *tag = d <= REL_TOL ? "ok  " : cols[ci].known ? "KNOWN" : "FAIL";
      printf("%-5s %-16s %-24s ref %.12g got %.12g rel %.2e\n", tag, cols[ci].column, names[f],
             ref, v[f], d);
      if (d <= REL_TOL) passed++;
      else if (cols[ci].known) known++;
      else failed++;
    }
  }
  printf("%d known differences (brain1 column: PyRadiomics 2.0.1 pre-release mesh)\n", known);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
