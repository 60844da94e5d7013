/* texb_extract.c: 'radiomix extract' end to end for GLSZM/GLDM/NGTDM vs. PyRadiomics 3.1.0 (5 cases + 2 force2D cases). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "texb_common.h"

#define REL_TOL 1e-10

static const struct { const char *name, *image, *mask; int two_d; } cases[] = {
  {"brain1", "brain1_image.nrrd", "brain1_label.nrrd", 0},
  {"breast1", "breast1_image.nrrd", "breast1_label.nrrd", 0},
  {"test64", "test-image_64x64x64.nrrd", "test-mask_64x64x64.nrrd", 0},
  {"test37", "test-image_37x37x37.nrrd", "test-mask_37x37x37.nrrd", 0},
  {"prostate_phantom", "prostate_phantom_subvolume.nrrd", "prostate_phantom_subvolume-label.nrrd", 0},
  {"brain1_2D", "brain1_image.nrrd", "brain1_label_2D.nrrd", 1},
  {"breast1_2D", "breast1_image.nrrd", "breast1_label_2D.nrrd", 1},
};

/* Value of 'feature' in a two-column feature,value CSV; NAN + *found 0 if absent. */
static double lookup(const char *path, const char *feature, int *found) {
  FILE *f = fopen(path, "r");
  char line[1024], *fld[4];
  *found = 0;
  if (!f) return NAN;
  while (fgets(line, sizeof line, f))
    if (texb_csv_split(line, fld, 4) >= 2 && !strcmp(fld[0], feature)) {
      *found = 1;
      fclose(f);
      return strtod(fld[1], NULL);
    }
  fclose(f);
  return NAN;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: texb_extract RADIOMIX PARAMS.yaml\n");
    return 2;
  }
  char dir[] = "/tmp/texb_extract_XXXXXX";
  if (!mkdtemp(dir)) {
    perror("error: mkdtemp");
    return 2;
  }
  int passed = 0, failed = 0;
  double worst = 0;
  for (size_t ci = 0; ci < sizeof cases / sizeof cases[0]; ci++) {
    char img[512], msk[512], out[600], cmd[2600];
    snprintf(img, sizeof img, "%s", texb_shared(0, "pyradiomics/cases/"));
    strncat(img, cases[ci].image, sizeof img - strlen(img) - 1);
    snprintf(msk, sizeof msk, "%s", texb_shared(1, "pyradiomics/cases/"));
    strncat(msk, cases[ci].mask, sizeof msk - strlen(msk) - 1);
    snprintf(out, sizeof out, "%s/%s.csv", dir, cases[ci].name);
    snprintf(cmd, sizeof cmd, "'%s' extract '%s' '%s' -p '%s' -o '%s'%s", argv[1], img, msk, argv[2],
             out, cases[ci].two_d ? " -s force2D=true -s force2Ddimension=0 -s correctMask=true" : "");
    if (system(cmd) != 0) {
      printf("FAIL  %s: radiomix extract failed: %s\n", cases[ci].name, cmd);
      failed++;
      continue;
    }
    const char *ref = texb_shared(2, cases[ci].two_d ? "pyradiomics/pyradiomics_reference_original_2D.csv"
                                                    : "pyradiomics/pyradiomics_reference_original.csv");
    FILE *f = fopen(ref, "r");
    if (!f) {
      fprintf(stderr, "error: %s: cannot open\n", ref);
      return 2;
    }
    char line[1024], *fld[8];
    int rows = 0;
    while (fgets(line, sizeof line, f)) {
      if (texb_csv_split(line, fld, 8) < 5 || strcmp(fld[0], cases[ci].name)) continue;
      if (strcmp(fld[4], "glszm") && strcmp(fld[4], "gldm") && strcmp(fld[4], "ngtdm")) continue;
      int found;
      double r = strtod(fld[2], NULL), g = lookup(out, fld[1], &found);
      double rel = fabs(g - r) / fmax(fabs(r), 1e-300);
      rows++;
      if (!found || !(rel <= REL_TOL)) {
        printf("FAIL  %-16s %-50s ref %.17g got %.17g%s\n", cases[ci].name, fld[1], r, g,
               found ? "" : " (missing)");
        failed++;
      } else {
        passed++;
        if (rel > worst) worst = rel;
      }
    }
    fclose(f);
    printf("case %-16s %d values compared\n", cases[ci].name, rows);
    unlink(out);
  }
  rmdir(dir);
  printf("max relative difference %.3g\n", worst);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
