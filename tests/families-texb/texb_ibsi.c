/* texb_ibsi.c: GLSZM/GLDM(NGLDM)/NGTDM on the IBSI 1 digital phantom vs. the published reference values. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "texb_common.h"

/* IBSI entries without a PyRadiomics name that our deprecated GLDM features compute. */
static const struct { const char *tag_prefix, *feature; } extra[] = {
  {"ngl_glnu_norm_", "GrayLevelNonUniformityNormalized"},
  {"ngl_dc_perc_", "DependencePercentage"},
};

static int family_of(const char *ibsi_family) {
  if (!strcmp(ibsi_family, "glszm")) return TEXB_GLSZM;
  if (!strcmp(ibsi_family, "ngldm")) return TEXB_GLDM;
  if (!strcmp(ibsi_family, "ngtdm")) return TEXB_NGTDM;
  return -1;
}

/* Features for one aggregation: "3D" (one volume), "2.5D" (in-plane
 * neighbours, one merged matrix) or "2D" (per slice, averaged). */
static int compute(const TexbCase *c, int fam, const char *agg, int ibsi, double *out) {
  const double d1 = 1;
  int nf = texb_family_count(fam);
  if (!strcmp(agg, "3D")) return texb_family_run(fam, &c->in, ibsi, &d1, 1, 0, out);
  if (!strcmp(agg, "2.5D")) {
    RmxFeatureInput in = c->in;
    in.is_2d = 1;
    in.plane_axis = TEXB_PLANE_K;
    return texb_family_run(fam, &in, ibsi, &d1, 1, 0, out);
  }
  double v[64];
  size_t used = 0;
  for (int f = 0; f < nf; f++) out[f] = 0;
  for (size_t k = 0; k < c->image->dim[2]; k++) {
    TexbCase s;
    if (texb_case_slice(&s, c, k)) return RMX_ERR_NOMEM;
    if (s.in.n_roi > 0) {
      s.in.is_2d = 1;
      int rc = texb_family_run(fam, &s.in, ibsi, &d1, 1, 0, v);
      if (rc) {
        texb_case_free(&s);
        return rc;
      }
      for (int f = 0; f < nf; f++) out[f] += v[f];
      used++;
    }
    texb_case_free(&s);
  }
  for (int f = 0; f < nf; f++) out[f] /= (double)used;
  return 0;
}

/* IBSI values carry 3 significant digits: allow half a unit of the third. */
static int within(double got, double ref, double tol) {
  double unit = ref == 0 ? 0 : 0.5 * pow(10, floor(log10(fabs(ref))) - 2);
  return fabs(got - ref) <= tol + unit * (1 + 1e-9);
}

int main(void) {
  TexbCase c;
  if (texb_case_load(&c, texb_shared(0, "ibsi/ibsi1_digital_phantom/image.nrrd"),
                     texb_shared(1, "ibsi/ibsi1_digital_phantom/mask.nrrd"), 1, 1.0, 0))
    return 2;
  const char *path = texb_shared(2, "ibsi/ibsi1_digital_phantom/reference_values.csv");
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "error: %s: cannot open\n", path);
    return 2;
  }
  char line[4096], *fld[32];
  int passed = 0, failed = 0, pyr_differs = 0;
  if (!fgets(line, sizeof line, f)) return 2; /* header */
  while (fgets(line, sizeof line, f)) {
    int n = texb_csv_split(line, fld, 32);
    if (n < 11) continue;
    const char *family = fld[2], *agg = fld[3], *tag = fld[7], *pyname = fld[8];
    int fam = family_of(family);
    if (fam < 0 || !*fld[9]) continue;
    const char *feature = NULL;
    if (*pyname) {
      const char *u = strrchr(pyname, '_');
      feature = u ? u + 1 : NULL;
    } else {
      for (size_t e = 0; e < sizeof extra / sizeof extra[0]; e++)
        if (!strncmp(tag, extra[e].tag_prefix, strlen(extra[e].tag_prefix))) feature = extra[e].feature;
    }
    if (!feature) {
      printf("SKIP  %-28s no counterpart\n", tag);
      continue;
    }
    int fi = texb_feature_index(fam, feature);
    if (fi < 0) {
      printf("FAIL  %-28s feature %s missing from %s\n", tag, feature, texb_family_name(fam));
      failed++;
      continue;
    }
    double ref = strtod(fld[9], NULL), tol = strtod(fld[10], NULL);
    double vi[64], vp[64];
    if (compute(&c, fam, agg, 1, vi) || compute(&c, fam, agg, 0, vp)) {
      printf("FAIL  %-28s computation failed\n", tag);
      failed++;
      continue;
    }
    int ok = within(vi[fi], ref, tol), pok = within(vp[fi], ref, tol);
    printf("%s  %-28s %s.%-36s %-5s ref %-8s tol %-5s ibsiCompat %.6g  pyradiomics %.6g%s\n",
           ok ? "PASS" : "FAIL", tag, texb_family_name(fam), feature, agg, fld[9], fld[10], vi[fi],
           vp[fi], pok ? "" : "  (PyRadiomics mode outside tolerance)");
    if (ok) passed++;
    else failed++;
    if (!pok) pyr_differs++;
  }
  fclose(f);
  texb_case_free(&c);
  printf("PyRadiomics mode outside IBSI tolerance: %d\n", pyr_differs);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
