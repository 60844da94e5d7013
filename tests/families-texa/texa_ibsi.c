/* texa_ibsi.c: firstorder/glcm/glrlm on the IBSI 1 digital phantom against the published reference values. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "texa_common.h"

/* Texture aggregations PyRadiomics' settings can express (IBSI codes). */
enum { AG_3D_AVG, AG_3D_MERGED, AG_25D_AVG, AG_25D_MERGED, AG_2D_AVG, AG_2D_MERGED, AG_N };
static const char *const ag_code[AG_N] = {"ITBB", "IAZD", "JJUI", "ZW7Z", "BTW3", "SUJT"};

#define MAXF 64
static double tex[2][AG_N][MAXF]; /* [glcm, glrlm][aggregation][feature] */
static double fo[2][MAXF];        /* firstorder: [PyRadiomics, ibsiCompat] */

static int run_texture(const TexaCase *c, int ag, int fam, double *out) {
  static const char *const names[2] = {"glcm", "glrlm"};
  TexaSettings s = {0, NULL, 0};
  if (ag == AG_3D_MERGED || ag == AG_25D_MERGED || ag == AG_2D_MERGED) s.weighting = "no_weighting";
  if (ag <= AG_3D_MERGED) return texa_run(names[fam], &c->in, &s, out);
  if (ag <= AG_25D_MERGED) {
    RmxFeatureInput in = c->in;
    in.is_2d = 1;
    in.plane_axis = 2; /* force2Ddimension 0: slices along k */
    return texa_run(names[fam], &in, &s, out);
  }
  /* 2D: features per slice, then averaged over slices. */
  size_t nf = 0, ns = 0;
  texa_features(names[fam], &nf);
  double slice_vals[MAXF];
  for (size_t f = 0; f < nf; f++) out[f] = 0;
  for (size_t k = 0; k < c->image->dim[2]; k++) {
    TexaCase sl;
    if (texa_case_slice(&sl, c, k)) { texa_case_free(&sl); continue; }
    sl.in.is_2d = 1;
    sl.in.plane_axis = 2;
    int rc = texa_run(names[fam], &sl.in, &s, slice_vals);
    texa_case_free(&sl);
    if (rc) return rc;
    for (size_t f = 0; f < nf; f++) out[f] += slice_vals[f];
    ns++;
  }
  for (size_t f = 0; f < nf; f++) out[f] /= (double)ns;
  return 0;
}

/* IBSI publishes 3 significant digits (trailing zeros lost in the CSV):
 * half a unit of the third significant digit, or of the last printed digit
 * when that is finer. */
static double printed_precision(const char *s) {
  const char *dot = strchr(s, '.');
  int dec = 0;
  if (dot) for (const char *p = dot + 1; *p >= '0' && *p <= '9'; p++) dec++;
  double printed = 0.5 * pow(10, -dec), v = fabs(atof(s));
  if (v == 0) return printed;
  double sig3 = 0.5 * pow(10, floor(log10(v)) - 2);
  return fmin(printed, sig3);
}

int main(void) {
  if (texa_load_plugins()) return 1;
  TexaCase c;
  if (texa_case_load(&c, texa_shared(0, "ibsi/ibsi1_digital_phantom/image.nrrd"),
                     texa_shared(1, "ibsi/ibsi1_digital_phantom/mask.nrrd"), 1, 0))
    return 1;
  TexaSettings pyr = {0, NULL, 0}, ibsi = {1, NULL, 0};
  if (texa_run("firstorder", &c.in, &pyr, fo[0]) || texa_run("firstorder", &c.in, &ibsi, fo[1]))
    return 1;
  for (int fam = 0; fam < 2; fam++)
    for (int ag = 0; ag < AG_N; ag++)
      if (run_texture(&c, ag, fam, tex[fam][ag])) return 1;

  const char *path = texa_shared(2, "ibsi/ibsi1_digital_phantom/reference_values.csv");
  FILE *fp = fopen(path, "r");
  if (!fp) { fprintf(stderr, "error: %s: cannot open\n", path); return 1; }
  char line[4096], *f[16];
  int passed = 0, failed = 0, expected = 0;
  if (!fgets(line, sizeof line, fp)) { fclose(fp); return 1; }
  while (fgets(line, sizeof line, fp)) {
    if (texa_csv_split(line, f, 16) < 11) continue;
    const char *family = f[2], *code = f[4], *tag = f[7], *pyname = f[8];
    double ref = atof(f[9]), tol = fmax(atof(f[10]), printed_precision(f[9]));
    const char *feat = NULL;
    int fam = -1, ag = -1;
    if (!strncmp(pyname, "original_firstorder_", 20)) {
      feat = pyname + 20;
    } else if (!strcmp(family, "glcm") || !strcmp(family, "glrlm")) {
      fam = !strcmp(family, "glrlm");
      for (int a = 0; a < AG_N; a++)
        if (!strcmp(code, ag_code[a])) ag = a;
      if (ag < 0) continue;
      if (*pyname) feat = strrchr(pyname, '_') + 1;
      /* IBSI features PyRadiomics lists as deprecated duplicates. */
      else if (!strncmp(tag, "cm_dissimilarity_", 17)) feat = "Dissimilarity";
      else if (!strncmp(tag, "cm_sum_var_", 11)) feat = "SumVariance";
    }
    if (!feat) continue;
    const char *fname = fam < 0 ? "firstorder" : fam ? "glrlm" : "glcm";
    int idx = texa_feature_index(fname, feat);
    if (idx < 0) { printf("FAIL %s %s: feature missing\n", fname, feat); failed++; continue; }
    /* firstorder is compared in ibsiCompat mode; PyRadiomics' own value
     * differs for Kurtosis only (not excess: +3), checked as such. */
    double got = fam < 0 ? fo[1][idx] : tex[fam][ag][idx];
    int ok = fabs(got - ref) <= tol;
    printf("%s %-10s %-34s %-5s got %-12.6g ref %-9s tol %g\n", ok ? "PASS" : "FAIL", fname, feat,
           fam < 0 ? "3D" : ag_code[ag], got, f[9], tol);
    ok ? passed++ : failed++;
    if (fam < 0 && !strcmp(feat, "Kurtosis")) {
      double py = fo[0][idx];
      int eok = fabs(py - 3 - ref) <= tol;
      printf("%s firstorder Kurtosis (PyRadiomics mode) got %.6g = IBSI + 3 expected (not excess)\n",
             eok ? "PASS" : "FAIL", py);
      eok ? expected++ : failed++;
    }
  }
  fclose(fp);
  texa_case_free(&c);
  printf("%d passed, %d failed (%d expected PyRadiomics departures verified)\n", passed + expected,
         failed, expected);
  return failed ? 1 : 0;
}
