/* shape_ibsi.c: shape features vs. IBSI 1 morphology reference values on the digital phantom. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "shape_core.h"
#include "shape_test_util.h"

/* Our feature -> IBSI tag; 'pyrad' marks where PyRadiomics' definition is
   known to differ from IBSI's (printed as such when outside tolerance). */
static const struct { int f; const char *name, *tag; } map[] = {
  {RMX_SHAPE_MESHVOL, "MeshVolume", "morph_volume"},
  {RMX_SHAPE_VOXVOL, "VoxelVolume", "morph_vol_approx"},
  {RMX_SHAPE_AREA, "SurfaceArea", "morph_area_mesh"},
  {RMX_SHAPE_SVR, "SurfaceVolumeRatio", "morph_av"},
  {RMX_SHAPE_COMP1, "Compactness1", "morph_comp_1"},
  {RMX_SHAPE_COMP2, "Compactness2", "morph_comp_2"},
  {RMX_SHAPE_SPHDIS, "SphericalDisproportion", "morph_sph_dispr"},
  {RMX_SHAPE_SPHER, "Sphericity", "morph_sphericity"},
  {RMX_SHAPE_DIAM3D, "Maximum3DDiameter", "morph_diam"},
  {RMX_SHAPE_MAJOR, "MajorAxisLength", "morph_pca_maj_axis"},
  {RMX_SHAPE_MINOR, "MinorAxisLength", "morph_pca_min_axis"},
  {RMX_SHAPE_LEAST, "LeastAxisLength", "morph_pca_least_axis"},
  {RMX_SHAPE_ELONG, "Elongation", "morph_pca_elongation"},
  {RMX_SHAPE_FLAT, "Flatness", "morph_pca_flatness"},
};

/* PyRadiomics' PCA divides by N, IBSI's by N - 1: the axis lengths
   differ by sqrt(N / (N - 1)) (0.7 % for the 74 phantom voxels). */
static int pyrad_departs(int f) {
  return f == RMX_SHAPE_MAJOR || f == RMX_SHAPE_MINOR || f == RMX_SHAPE_LEAST;
}

int main(void) {
  ShapeMask m;
  if (st_mask_load(&m, st_shared(0, "ibsi/ibsi1_digital_phantom/mask.nrrd"), 1)) return 2;
  RmxMcTable table;
  rmx_mc_table_build(&table);
  const char *csv = st_shared(1, "ibsi/ibsi1_digital_phantom/reference_values.csv");
  int passed = 0, failed = 0, expected = 0;
  for (int ibsi = 0; ibsi < 2; ibsi++) {
    double v[RMX_SHAPE_COUNT];
    if (rmx_shape_features(m.data, m.dim, m.spacing, &table, ibsi, v)) {
      fprintf(stderr, "error: shape computation failed on the IBSI phantom\n");
      return 2;
    }
    const char *mode = ibsi ? "ibsiCompat" : "pyradiomics";
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
      double ref = st_csv_lookup(csv, 7, map[i].tag, -1, NULL, 9);
      double tol = st_csv_lookup(csv, 7, map[i].tag, -1, NULL, 10);
      if (isnan(ref) || isnan(tol)) {
        printf("FAIL  %-11s %-24s %-22s no reference value\n", mode, map[i].name, map[i].tag);
        failed++;
        continue;
      }
      double got = v[map[i].f];
      int ok = fabs(got - ref) <= tol;
      /* an expected PyRadiomics-vs-IBSI difference is shown, not hidden */
      const char *tag = ok ? "ok  " : (!ibsi && pyrad_departs(map[i].f)) ? "PYRAD" : "FAIL";
      printf("%-5s %-11s %-24s %-22s ref %-8g tol %-7g got %.6g%s\n", tag, mode, map[i].name,
             map[i].tag, ref, tol, got,
             tag[0] == 'P' ? "  (expected: PyRadiomics' PCA divides by N, IBSI's by N-1)" : "");
      if (tag[0] == 'P') expected++;
      else if (tag[0] == 'o') passed++;
      else failed++;
    }
  }
  st_mask_free(&m);
  printf("%d expected PyRadiomics-vs-IBSI differences\n", expected);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
