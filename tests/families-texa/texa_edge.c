/* texa_edge.c: firstorder/glcm/glrlm on degenerate ROIs, bad settings, axis permutations and weighting norms. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctx.h>
#include <params.h>
#include <registry.h>
#include <volume.h>
#include "texa_common.h"

static int passed, failed;
#define MAXF 64

static void check(int ok, const char *what, double got, double want) {
  printf("%s %s (got %.17g, want %.17g)\n", ok ? "PASS" : "FAIL", what, got, want);
  ok ? passed++ : failed++;
}
static void check_close(const char *what, double got, double want, double rel) {
  int ok = (isnan(got) && isnan(want)) || fabs(got - want) <= rel * fmax(fabs(want), 1e-300) ||
           got == want;
  check(ok, what, got, want);
}

static double value(const char *fam, const double *v, const char *feat) {
  int i = texa_feature_index(fam, feat);
  return i < 0 ? NAN : v[i];
}

/* A synthetic case: dim, levels given (0 outside), image = level * 10. */
static void make_case(TexaCase *c, const size_t dim[3], const int32_t *lv, const double sp[3]) {
  memset(c, 0, sizeof *c);
  size_t n = dim[0] * dim[1] * dim[2];
  c->image = rmx_volume_new(RMX_F64, dim, NULL);
  c->mask = rmx_volume_new(RMX_U8, dim, NULL);
  c->morph = rmx_volume_new(RMX_U8, dim, NULL);
  for (int a = 0; a < 3; a++) c->image->spacing[a] = c->mask->spacing[a] = sp[a];
  c->levels = calloc(n, sizeof *c->levels);
  int32_t maxl = 0;
  for (size_t v = 0; v < n; v++) {
    c->levels[v] = lv[v];
    ((double *)c->image->data)[v] = 10.0 * lv[v];
    ((uint8_t *)c->mask->data)[v] = ((uint8_t *)c->morph->data)[v] = lv[v] > 0;
    if (lv[v] > maxl) maxl = lv[v];
    c->in.n_roi += lv[v] > 0;
  }
  c->in.struct_size = sizeof c->in;
  c->in.image_type = "original";
  c->in.image = c->image;
  c->in.mask = c->mask;
  c->in.morph_mask = c->morph;
  c->in.levels = c->levels;
  c->in.n_levels = maxl;
}

/* Runs a family with raw settings; returns 0 or -1 and keeps the error text. */
static int run_raw(const char *fam, const RmxFeatureInput *in, RmxParams *settings, double *out,
                   char *msg, size_t len) {
  const RmxComponent *c = rmx_registry_find(RMX_KIND_FEATURES, fam);
  RmxParams *params = rmx_params_new();
  uint8_t en[MAXF];
  memset(en, 1, sizeof en);
  GError *err = NULL;
  gboolean skipped = FALSE, ok = rmx_call_family(c, params, settings, in, en, out, &skipped, &err);
  rmx_params_free(params);
  if (!ok) { snprintf(msg, len, "%s", err->message); g_error_free(err); return -1; }
  return 0;
}

static void bad_settings(void) {
  size_t dim[3] = {3, 3, 3};
  int32_t lv[27];
  for (int i = 0; i < 27; i++) lv[i] = 1 + i % 3;
  double sp[3] = {1, 1, 1}, out[MAXF];
  TexaCase c;
  make_case(&c, dim, lv, sp);
  char msg[512];
  struct { const char *fam, *key, *text; double num; } cases[] = {
    {"glcm", "distances", NULL, 0}, {"glcm", "distances", NULL, 1.5},
    {"glcm", "weightingNorm", "chebyshev", 0}, {"glrlm", "weightingNorm", "chebyshev", 0}};
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    RmxParams *s = rmx_params_new();
    if (cases[k].text) rmx_params_set_string(s, cases[k].key, cases[k].text);
    else rmx_params_set_list(s, cases[k].key, &cases[k].num, 1);
    int rc = run_raw(cases[k].fam, &c.in, s, out, msg, sizeof msg);
    rmx_params_free(s);
    int ok = rc != 0 && strstr(msg, cases[k].key) && !strchr(msg, '\n');
    printf("%s %s rejects a bad '%s': %s\n", ok ? "PASS" : "FAIL", cases[k].fam, cases[k].key,
           rc ? msg : "(accepted)");
    ok ? passed++ : failed++;
  }
  /* Too many grey levels for GLCM matrices in memory: one clear line. */
  {
    size_t dh[3] = {100, 100, 1};
    int32_t *many = malloc(10000 * sizeof *many);
    for (int i = 0; i < 10000; i++) many[i] = i + 1;
    TexaCase h;
    make_case(&h, dh, many, sp);
    free(many);
    RmxParams *s = rmx_params_new();
    int rc = run_raw("glcm", &h.in, s, out, msg, sizeof msg);
    rmx_params_free(s);
    int ok = rc != 0 && strstr(msg, "grey levels") && !strchr(msg, '\n');
    printf("%s glcm refuses 10000 grey levels (limit 4096): %s\n", ok ? "PASS" : "FAIL", rc ? msg : "(accepted)");
    ok ? passed++ : failed++;
    texa_case_free(&h);
  }
  /* A level above n_levels (a host bug) is refused, not used as an index. */
  c.levels[13] = c.in.n_levels + 5;
  const char *fams[3] = {"firstorder", "glcm", "glrlm"};
  for (int f = 0; f < 3; f++) {
    RmxParams *s = rmx_params_new();
    int rc = run_raw(fams[f], &c.in, s, out, msg, sizeof msg);
    rmx_params_free(s);
    int ok = rc != 0 && strstr(msg, "n_levels") && !strchr(msg, '\n');
    printf("%s %s rejects a grey level above n_levels: %s\n", ok ? "PASS" : "FAIL", fams[f],
           rc ? msg : "(accepted)");
    ok ? passed++ : failed++;
  }
  /* A negative level in the last voxel (past the four-at-a-time part). */
  const size_t *cd = c.in.image->dim;
  int32_t keep = c.levels[cd[0] * cd[1] * cd[2] - 1];
  c.levels[13] = 1;
  c.levels[cd[0] * cd[1] * cd[2] - 1] = -2;
  for (int f = 0; f < 3; f++) {
    RmxParams *s = rmx_params_new();
    int rc = run_raw(fams[f], &c.in, s, out, msg, sizeof msg);
    rmx_params_free(s);
    int ok = rc != 0 && strstr(msg, "-2") && !strchr(msg, '\n');
    printf("%s %s rejects a negative grey level in the last voxel: %s\n", ok ? "PASS" : "FAIL",
           fams[f], rc ? msg : "(accepted)");
    ok ? passed++ : failed++;
  }
  c.levels[cd[0] * cd[1] * cd[2] - 1] = keep;
  texa_case_free(&c);
}

static void degenerate(void) {
  TexaSettings s = {0, NULL, 0};
  double v[MAXF];
  /* One voxel: first order is defined, no texture direction has a pair. */
  size_t d1[3] = {1, 1, 1};
  int32_t one[1] = {3};
  double sp[3] = {1, 1, 1};
  TexaCase c;
  make_case(&c, d1, one, sp);
  if (texa_run("firstorder", &c.in, &s, v) == 0) {
    check(value("firstorder", v, "Mean") == 30, "one voxel: Mean is the voxel value", value("firstorder", v, "Mean"), 30);
    check(value("firstorder", v, "Variance") == 0, "one voxel: Variance 0", value("firstorder", v, "Variance"), 0);
    check(value("firstorder", v, "Skewness") == 0, "one voxel: Skewness 0 (flat)", value("firstorder", v, "Skewness"), 0);
  } else failed++;
  if (texa_run("glcm", &c.in, &s, v) == 0) {
    check(isnan(value("glcm", v, "Contrast")), "one voxel: GLCM Contrast NaN (no pair)", value("glcm", v, "Contrast"), NAN);
    check(value("glcm", v, "MCC") == 1, "one voxel: GLCM MCC 1 (one grey level)", value("glcm", v, "MCC"), 1);
  } else failed++;
  if (texa_run("glrlm", &c.in, &s, v) == 0)
    check(isnan(value("glrlm", v, "RunPercentage")), "one voxel: GLRLM NaN (no direction)", value("glrlm", v, "RunPercentage"), NAN);
  else failed++;
  texa_case_free(&c);

  /* A flat 3x3x3 cube: PyRadiomics' flat-region values, and run counts that
   * follow from the geometry (13 directions: 3 axis, 6 face-diagonal, 4 body-diagonal). */
  size_t d3[3] = {3, 3, 3};
  int32_t flat[27];
  for (int i = 0; i < 27; i++) flat[i] = 2;
  make_case(&c, d3, flat, sp);
  if (texa_run("glcm", &c.in, &s, v) == 0) {
    check(value("glcm", v, "Correlation") == 1, "flat: Correlation 1", value("glcm", v, "Correlation"), 1);
    check(value("glcm", v, "Imc1") == 0, "flat: Imc1 0", value("glcm", v, "Imc1"), 0);
    check(value("glcm", v, "Imc2") == 0, "flat: Imc2 0", value("glcm", v, "Imc2"), 0);
    check(value("glcm", v, "MCC") == 1, "flat: MCC 1", value("glcm", v, "MCC"), 1);
    check(value("glcm", v, "JointEnergy") == 1, "flat: JointEnergy 1", value("glcm", v, "JointEnergy"), 1);
    check_close("flat: JointAverage = level", value("glcm", v, "JointAverage"), 2, 1e-15);
  } else failed++;
  if (texa_run("glrlm", &c.in, &s, v) == 0) {
    /* Expected values from the line lengths of each direction in the cube. */
    double nruns = 0, np = 0, sre_sum = 0;
    int offs[13][3] = {{1,0,0},{0,1,0},{0,0,1},{1,1,0},{1,-1,0},{1,0,1},{1,0,-1},{0,1,1},{0,1,-1},
                       {1,1,1},{1,1,-1},{1,-1,1},{-1,1,1}};
    for (int a = 0; a < 13; a++) {
      /* count lines: a voxel starts a run when its predecessor is outside the cube */
      double runs = 0, sre = 0;
      for (int k = 0; k < 3; k++) for (int j = 0; j < 3; j++) for (int i = 0; i < 3; i++) {
        int p[3] = {i - offs[a][0], j - offs[a][1], k - offs[a][2]};
        if (p[0] >= 0 && p[0] < 3 && p[1] >= 0 && p[1] < 3 && p[2] >= 0 && p[2] < 3) continue;
        int len = 0, q[3] = {i, j, k};
        while (q[0] >= 0 && q[0] < 3 && q[1] >= 0 && q[1] < 3 && q[2] >= 0 && q[2] < 3) {
          len++;
          for (int t = 0; t < 3; t++) q[t] += offs[a][t];
        }
        runs++;
        sre += 1.0 / (len * len);
      }
      nruns += runs / 27.0;
      sre_sum += sre / runs;
      np += 1;
    }
    check_close("flat cube: RunPercentage = mean(runs/27) over 13 directions", value("glrlm", v, "RunPercentage"), nruns / np, 1e-14);
    check_close("flat cube: ShortRunEmphasis from the line lengths", value("glrlm", v, "ShortRunEmphasis"), sre_sum / np, 1e-14);
    check_close("flat cube: GrayLevelNonUniformityNormalized 1", value("glrlm", v, "GrayLevelNonUniformityNormalized"), 1, 1e-15);
  } else failed++;
  texa_case_free(&c);
}

/* Texture features cannot depend on the order of the axes (the direction
 * sets map onto each other), and force2D follows the plane axis. */
static void permutation(void) {
  TexaCase c, p;
  if (texa_case_load(&c, texa_shared(0, "pyradiomics/cases/breast1_image.nrrd"),
                     texa_shared(1, "pyradiomics/cases/breast1_label.nrrd"), 1, 25)) { failed++; return; }
  /* p(i', j', k') = c(i, j, k) with (i', j', k') = (k, i, j). */
  const size_t *d = c.image->dim;
  size_t pd[3] = {d[2], d[0], d[1]}, n = d[0] * d[1] * d[2];
  double sp[3] = {c.image->spacing[2], c.image->spacing[0], c.image->spacing[1]};
  int32_t *lv = malloc(n * sizeof *lv);
  for (size_t k = 0; k < d[2]; k++) for (size_t j = 0; j < d[1]; j++) for (size_t i = 0; i < d[0]; i++)
    lv[k + pd[0] * (i + pd[1] * j)] = c.levels[i + d[0] * (j + d[1] * k)];
  make_case(&p, pd, lv, sp);
  free(lv);
  for (int mode = 0; mode < 2; mode++) {
    c.in.is_2d = p.in.is_2d = mode;
    c.in.plane_axis = 2;
    p.in.plane_axis = 0; /* c's k axis is p's i axis */
    const char *fams[2] = {"glcm", "glrlm"};
    for (int f = 0; f < 2; f++) {
      double a[MAXF], b[MAXF], worst = 0;
      TexaSettings s = {0, NULL, 0};
      if (texa_run(fams[f], &c.in, &s, a) || texa_run(fams[f], &p.in, &s, b)) { failed++; continue; }
      size_t nf = 0;
      texa_features(fams[f], &nf);
      for (size_t k = 0; k < nf; k++) worst = fmax(worst, texa_reldiff(a[k], b[k]));
      char what[128];
      snprintf(what, sizeof what, "%s %s: axes permuted (i,j,k)->(k,i,j), max rel diff %.2g <= 1e-12",
               fams[f], mode ? "force2D" : "3D", worst);
      check(worst <= 1e-12, what, worst, 0);
    }
  }
  /* Isotropic spacing: every direction has the same 'infinity' weight, so
   * the weighted merge equals the plain merge. */
  for (int a = 0; a < 3; a++) c.image->spacing[a] = 1.5;
  c.in.is_2d = 0;
  const char *fams[2] = {"glcm", "glrlm"};
  for (int f = 0; f < 2; f++) {
    double x[MAXF], y[MAXF], worst = 0;
    TexaSettings s1 = {0, "infinity", 0}, s2 = {0, "no_weighting", 0}, s3 = {0, NULL, 0};
    if (texa_run(fams[f], &c.in, &s1, x) || texa_run(fams[f], &c.in, &s2, y)) { failed++; continue; }
    size_t nf = 0;
    texa_features(fams[f], &nf);
    /* GLRLM weights are the offsets' lengths in mm (1.5 here), not
     * normalised: GLN and RLN (not divided by a second count) scale by 1.5. */
    const RmxFeatureInfo *fi = texa_features(fams[f], &nf);
    for (size_t k = 0; k < nf; k++) {
      int scaled = f == 1 && (!strcmp(fi[k].name, "GrayLevelNonUniformity") ||
                              !strcmp(fi[k].name, "RunLengthNonUniformity"));
      worst = fmax(worst, texa_reldiff(x[k], scaled ? 1.5 * y[k] : y[k]));
    }
    char what[200];
    snprintf(what, sizeof what, "%s: weightingNorm infinity == no_weighting at isotropic spacing%s (max rel %.2g)",
             fams[f], f ? " (GLN, RLN x 1.5 mm)" : "", worst);
    check(worst <= 1e-12, what, worst, 0);
    /* and merging must change something compared with averaging */
    texa_run(fams[f], &c.in, &s3, x);
    double diff = 0;
    for (size_t k = 0; k < nf; k++) diff = fmax(diff, texa_reldiff(x[k], y[k]));
    snprintf(what, sizeof what, "%s: merged directions differ from averaged ones (max rel %.2g)", fams[f], diff);
    check(diff > 1e-6, what, diff, 0);
  }
  texa_case_free(&c);
  texa_case_free(&p);
}

/* GLCM directions run on the host's worker threads when there are many grey
 * levels (binWidth 5 on brain1: 160): the result must not depend on their number. */
static void threads(void) {
  TexaCase c;
  if (texa_case_load(&c, texa_shared(0, "pyradiomics/cases/brain1_image.nrrd"),
                     texa_shared(1, "pyradiomics/cases/brain1_label.nrrd"), 1, 5)) { failed++; return; }
  double a[MAXF], b[MAXF];
  TexaSettings s = {0, NULL, 0};
  int n_old = rmx_default_threads();
  rmx_set_default_threads(1);
  int rc = texa_run("glcm", &c.in, &s, a);
  rmx_set_default_threads(4);
  rc |= texa_run("glcm", &c.in, &s, b);
  rmx_set_default_threads(n_old);
  size_t nf = 0;
  texa_features("glcm", &nf);
  int same = rc == 0;
  for (size_t k = 0; k < nf; k++) same &= memcmp(&a[k], &b[k], sizeof a[k]) == 0;
  printf("%s glcm: 1 and 4 worker threads give bit-identical values on brain1, binWidth 5\n", same ? "PASS" : "FAIL");
  same ? passed++ : failed++;
  texa_case_free(&c);
}

/* MCC by our symmetric route (W, or S for very large ROIs) against the
 * non-symmetric one (LAPACK dgeev on Q, as numpy): on an image symmetric
 * under point reflection every direction's plain GLCM is already symmetric,
 * so both must give the same MCC. n = 12 or 8: the W path with bisection
 * for 20, 6, 3 and 2 levels (bisection's small sizes were LAPACK dsterf's
 * before); n = 64 with a rare pair of levels: px py < 1e6 eps, S formed. */
static void mcc_paths(void) {
  static const struct { size_t n; int levels; } cases[] = {{12, 20}, {12, 6}, {8, 3}, {8, 2}, {64, 20}};
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    int big = cases[k].n == 64;
    size_t n = cases[k].n, dim[3] = {n, n, n}, N = n * n * n;
    int32_t *lv = malloc(N * sizeof *lv);
    uint32_t seed = 12345;
    for (size_t v = 0; v < (N + 1) / 2; v++) {
      seed = seed * 1664525u + 1013904223u;
      lv[v] = lv[N - 1 - v] = 1 + (int32_t)((seed >> 16) % (uint32_t)cases[k].levels);
    }
    if (big) { /* levels 21 and 22 side by side, once and mirrored */
      size_t v = 5 + n * (7 + n * 9);
      lv[v] = lv[N - 1 - v] = 21;
      lv[v + 1] = lv[N - 2 - v] = 22;
    }
    double sp[3] = {1, 1, 1}, sym[MAXF], plain[MAXF];
    TexaCase c;
    make_case(&c, dim, lv, sp);
    char msg[512];
    RmxParams *s = rmx_params_new();
    rmx_params_set_bool(s, "symmetricalGLCM", TRUE);
    int rc = run_raw("glcm", &c.in, s, sym, msg, sizeof msg);
    rmx_params_set_bool(s, "symmetricalGLCM", FALSE);
    rc |= run_raw("glcm", &c.in, s, plain, msg, sizeof msg);
    rmx_params_free(s);
    char what[128];
    snprintf(what, sizeof what, "MCC %s path equals dgeev's on a point-symmetric %zu^3 image, %d levels",
             big ? "S (rare pair)" : "W", n, cases[k].levels + 2 * big);
    double a = value("glcm", sym, "MCC"), b = value("glcm", plain, "MCC");
    check(rc == 0 && fabs(a - b) <= 1e-12 * fabs(b), what, a, b);
    texa_case_free(&c);
    free(lv);
  }
}

int main(void) {
  if (texa_load_plugins()) return 1;
  threads();
  bad_settings();
  degenerate();
  permutation();
  mcc_paths();
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
