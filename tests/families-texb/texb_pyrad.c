/* texb_pyrad.c: GLSZM/GLDM/NGTDM vs. PyRadiomics 3.1.0 reference values on the 5 test cases (3d) or the 2 single-slice force2D cases (2d). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "texb_common.h"

#define REL_TOL 1e-10 /* PyRadiomics parity: required 1e-6, aimed at 1e-12 */

static const struct { const char *name, *image, *mask; } cases[] = {
  {"brain1", "brain1_image.nrrd", "brain1_label.nrrd"},
  {"breast1", "breast1_image.nrrd", "breast1_label.nrrd"},
  {"test64", "test-image_64x64x64.nrrd", "test-mask_64x64x64.nrrd"},
  {"test37", "test-image_37x37x37.nrrd", "test-mask_37x37x37.nrrd"},
  {"prostate_phantom", "prostate_phantom_subvolume.nrrd", "prostate_phantom_subvolume-label.nrrd"},
  {"brain1_2D", "brain1_image.nrrd", "brain1_label_2D.nrrd"},
  {"breast1_2D", "breast1_image.nrrd", "breast1_label_2D.nrrd"},
};

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int family_of(const char *cls) {
  for (int f = 0; f < TEXB_NFAM; f++)
    if (!strcmp(cls, texb_family_name(f))) return f;
  return -1;
}

int main(int argc, char **argv) {
  int two_d = argc > 1 && !strcmp(argv[1], "2d");
  const char *ref_path = texb_shared(0, two_d ? "pyradiomics/pyradiomics_reference_original_2D.csv"
                                              : "pyradiomics/pyradiomics_reference_original.csv");
  double maxrel[TEXB_NFAM][32] = {{0}}, ibsidiff[TEXB_NFAM][32] = {{0}};
  int seen[TEXB_NFAM][32] = {{0}};
  int passed = 0, failed = 0;
  for (size_t ci = 0; ci < sizeof cases / sizeof cases[0]; ci++) {
    int is_2d_case = strstr(cases[ci].name, "_2D") != NULL;
    if (is_2d_case != two_d) continue;
    char rel_img[256], rel_msk[256];
    snprintf(rel_img, sizeof rel_img, "pyradiomics/cases/%s", cases[ci].image);
    snprintf(rel_msk, sizeof rel_msk, "pyradiomics/cases/%s", cases[ci].mask);
    TexbCase c;
    if (texb_case_load(&c, texb_shared(1, rel_img), texb_shared(2, rel_msk), 1, 25.0, 0)) return 2;
    c.in.is_2d = two_d;
    const double d1 = 1;
    double val[TEXB_NFAM][32], ms[TEXB_NFAM];
    for (int fam = 0; fam < TEXB_NFAM; fam++) {
      ms[fam] = INFINITY;
      for (int rep = 0; rep < 20; rep++) { /* best of 20: the machine is shared */
        double t0 = now_ms();
        if (texb_family_run(fam, &c.in, 0, &d1, 1, 0, val[fam])) {
          fprintf(stderr, "error: %s: %s failed\n", cases[ci].name, texb_family_name(fam));
          return 2;
        }
        double dt = now_ms() - t0;
        if (dt < ms[fam]) ms[fam] = dt;
      }
    }
    /* Size of the ibsiCompat departures on real data (informational). */
    for (int fam = 0; fam < TEXB_NFAM; fam++) {
      double vi[32];
      if (texb_family_run(fam, &c.in, 1, &d1, 1, 0, vi)) return 2;
      for (int i = 0; i < texb_family_count(fam); i++) {
        double a = val[fam][i], b = vi[i];
        double r = (isnan(a) && isnan(b)) ? 0 : fabs(a - b) / fmax(fabs(a), 1e-300);
        if (!(r <= ibsidiff[fam][i])) ibsidiff[fam][i] = r;
      }
    }
    printf("time %-16s n_roi %5zu bbox %zux%zux%zu: glszm %.3f ms, gldm %.3f ms, ngtdm %.3f ms\n",
           cases[ci].name, c.in.n_roi, c.image->dim[0], c.image->dim[1], c.image->dim[2], ms[0],
           ms[1], ms[2]);
    FILE *f = fopen(ref_path, "r");
    if (!f) {
      fprintf(stderr, "error: %s: cannot open\n", ref_path);
      return 2;
    }
    char line[1024], *fld[8];
    int rows = 0;
    while (fgets(line, sizeof line, f)) {
      if (texb_csv_split(line, fld, 8) < 5 || strcmp(fld[0], cases[ci].name)) continue;
      if (!strcmp(fld[1], "original_firstorder_Uniformity")) {
        /* Deprecated GLDM GLNN is first-order Uniformity (PyRadiomics' proof). */
        double ref = strtod(fld[2], NULL), got = val[TEXB_GLDM][texb_feature_index(TEXB_GLDM,
                                                   "GrayLevelNonUniformityNormalized")];
        double rel = fabs(got - ref) / fabs(ref);
        printf("%s  %-16s gldm.GrayLevelNonUniformityNormalized vs firstorder Uniformity rel %.3g\n",
               rel <= REL_TOL ? "PASS" : "FAIL", cases[ci].name, rel);
        if (rel <= REL_TOL) passed++;
        else failed++;
        continue;
      }
      int fam = family_of(fld[4]);
      if (fam < 0) continue;
      const char *u = strrchr(fld[1], '_');
      int fi = texb_feature_index(fam, u + 1);
      if (fi < 0) {
        printf("FAIL  %s %s: no such feature\n", cases[ci].name, fld[1]);
        failed++;
        continue;
      }
      rows++;
      seen[fam][fi] = 1;
      double ref = strtod(fld[2], NULL), got = val[fam][fi];
      double rel = isnan(ref) && isnan(got) ? 0 : fabs(got - ref) / fmax(fabs(ref), 1e-300);
      if (!(rel <= REL_TOL)) {
        printf("FAIL  %-16s %-55s ref %.17g got %.17g rel %.3g\n", cases[ci].name, fld[1], ref,
               got, rel);
        failed++;
      } else {
        passed++;
      }
      if (!(rel <= maxrel[fam][fi])) maxrel[fam][fi] = rel;
    }
    fclose(f);
    printf("case %-16s %d reference values compared\n", cases[ci].name, rows);
    texb_case_free(&c);
  }
  for (int fam = 0; fam < TEXB_NFAM; fam++) {
    const RmxFeatureInfo *fi = texb_family_features(fam);
    for (int i = 0; fi[i].name; i++) {
      if (!seen[fam][i]) {
        if (!(fi[i].flags & RMX_FEATURE_DEPRECATED)) {
          printf("FAIL  %s.%s: no reference value\n", texb_family_name(fam), fi[i].name);
          failed++;
        }
        continue;
      }
      printf("max rel diff %s.%-38s %.3g   (ibsiCompat changes it by %.3g)\n",
             texb_family_name(fam), fi[i].name, maxrel[fam][i], ibsidiff[fam][i]);
    }
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
