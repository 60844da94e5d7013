/* texb_baseline.c: GLSZM/GLDM/NGTDM vs. PyRadiomics' own baseline columns (force2D on a 3D ROI, binCount 64, flat region). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "texb_common.h"

#define REL_TOL 1e-10

/* Baseline columns whose settings only change what our families see. */
static const struct { const char *column, *image, *mask; double bw; int bins, force2d; } cols[] = {
  {"brain1_2d", "brain1_image.nrrd", "brain1_label.nrrd", 25, 0, 1},
  {"breast1_2d", "breast1_image.nrrd", "breast1_label.nrrd", 25, 0, 1},
  {"brain1_FBN", "brain1_image.nrrd", "brain1_label.nrrd", 0, 64, 0},
  {"breast1_FBN", "breast1_image.nrrd", "breast1_label.nrrd", 0, 64, 0},
  /* binWidth 5000: one grey level, PyRadiomics' homogeneous-ROI values */
  {"brain1_flatRegion", "brain1_image.nrrd", "brain1_label.nrrd", 5000, 0, 0},
  {"breast1_flatRegion", "breast1_image.nrrd", "breast1_label.nrrd", 5000, 0, 0},
};

int main(void) {
  int passed = 0, failed = 0;
  for (size_t ci = 0; ci < sizeof cols / sizeof cols[0]; ci++) {
    char rel_img[256], rel_msk[256];
    snprintf(rel_img, sizeof rel_img, "pyradiomics/cases/%s", cols[ci].image);
    snprintf(rel_msk, sizeof rel_msk, "pyradiomics/cases/%s", cols[ci].mask);
    TexbCase c;
    if (texb_case_load(&c, texb_shared(0, rel_img), texb_shared(1, rel_msk), 1, cols[ci].bw,
                       cols[ci].bins))
      return 2;
    c.in.is_2d = cols[ci].force2d;
    const double d1 = 1;
    double worst = 0;
    int rows = 0;
    for (int fam = 0; fam < TEXB_NFAM; fam++) {
      double val[32];
      if (texb_family_run(fam, &c.in, 0, &d1, 1, 0, val)) {
        fprintf(stderr, "error: %s: %s failed\n", cols[ci].column, texb_family_name(fam));
        return 2;
      }
      char rel[128];
      snprintf(rel, sizeof rel, "pyradiomics/baseline/baseline_%s.csv", texb_family_name(fam));
      const char *path = texb_shared(2, rel);
      FILE *f = fopen(path, "r");
      if (!f) {
        fprintf(stderr, "error: %s: cannot open\n", path);
        return 2;
      }
      static char line[65536];
      char *fld[64];
      int col = -1;
      while (fgets(line, sizeof line, f)) {
        int n = texb_csv_split(line, fld, 64);
        if (col < 0) {
          for (int k = 0; k < n; k++)
            if (!strcmp(fld[k], cols[ci].column)) col = k;
          if (col < 0) {
            fprintf(stderr, "error: %s: no column %s\n", path, cols[ci].column);
            return 2;
          }
          continue;
        }
        if (n <= col || strncmp(fld[0], "original_", 9)) continue;
        const char *u = strrchr(fld[0], '_');
        int fi = texb_feature_index(fam, u + 1);
        if (fi < 0) {
          printf("FAIL  %s %s: no such feature\n", cols[ci].column, fld[0]);
          failed++;
          continue;
        }
        double ref = strtod(fld[col], NULL), got = val[fi];
        double rel_d = fabs(got - ref) / fmax(fabs(ref), 1e-300);
        if (ref == 0) rel_d = fabs(got);
        rows++;
        if (rel_d > worst) worst = rel_d;
        if (!(rel_d <= REL_TOL)) {
          printf("FAIL  %-20s %-55s ref %.17g got %.17g\n", cols[ci].column, fld[0], ref, got);
          failed++;
        } else {
          passed++;
        }
      }
      fclose(f);
    }
    printf("column %-20s %d values, max rel diff %.3g\n", cols[ci].column, rows, worst);
    texb_case_free(&c);
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
