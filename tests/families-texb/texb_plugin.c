/* texb_plugin.c: the glszm/gldm/ngtdm plugins loaded by the host: settings plumbing (distances, gldm_a, ibsiCompat) and error lines. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <ctx.h>
#include <params.h>
#include <registry.h>

#include "texb_common.h"

static int passed, failed;

static void check(const char *what, double got, double want, double tol) {
  int ok = fabs(got - want) <= tol;
  printf("%s  %-58s got %.10g want %.10g\n", ok ? "PASS" : "FAIL", what, got, want);
  if (ok) passed++;
  else failed++;
}

static int feature(const RmxComponent *c, const char *name) {
  for (size_t i = 0; i < c->n_features; i++)
    if (!strcmp(c->u.family.features[i].name, name)) return (int)i;
  fprintf(stderr, "error: %s has no feature %s\n", c->u.hdr.name, name);
  return 0;
}

/* Runs a family with all features enabled under 'settings'; NAN on failure. */
static double run(const RmxComponent *c, const RmxParams *settings, const RmxFeatureInput *in,
                  const char *name, char *errbuf) {
  uint8_t en[64];
  double v[64];
  memset(en, 1, sizeof en);
  GError *err = NULL;
  RmxParams *params = rmx_params_new();
  gboolean ok = rmx_call_family(c, params, settings, in, en, v, NULL, &err);
  rmx_params_free(params);
  if (!ok) {
    if (errbuf) snprintf(errbuf, 512, "%s", err->message);
    g_error_free(err);
    return NAN;
  }
  return v[feature(c, name)];
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: texb_plugin GLSZM.so GLDM.so NGTDM.so\n");
    return 2;
  }
  for (int a = 1; a < 4; a++) {
    GError *err = NULL;
    if (!rmx_plugin_load_file(argv[a], &err)) {
      fprintf(stderr, "error: %s\n", err->message);
      return 2;
    }
  }
  const RmxComponent *szm = rmx_registry_find(RMX_KIND_FEATURES, "glszm");
  const RmxComponent *dm = rmx_registry_find(RMX_KIND_FEATURES, "gldm");
  const RmxComponent *tdm = rmx_registry_find(RMX_KIND_FEATURES, "ngtdm");
  if (!szm || !dm || !tdm) {
    fprintf(stderr, "error: a family did not register\n");
    return 2;
  }
  printf("registered: glszm %zu, gldm %zu, ngtdm %zu features\n", szm->n_features,
         dm->n_features, tdm->n_features);
  check("glszm features (16, PyRadiomics)", (double)szm->n_features, 16, 0);
  check("gldm features (14 + 2 deprecated)", (double)dm->n_features, 16, 0);
  check("ngtdm features (5)", (double)tdm->n_features, 5, 0);

  TexbCase c;
  if (texb_case_load(&c, texb_shared(0, "ibsi/ibsi1_digital_phantom/image.nrrd"),
                     texb_shared(1, "ibsi/ibsi1_digital_phantom/mask.nrrd"), 1, 1.0, 0))
    return 2;
  RmxParams *s = rmx_params_new();
  const double d1 = 1, d12[2] = {1, 2}, d0 = 0;
  rmx_params_set_list(s, "distances", &d1, 1);
  rmx_params_set_int(s, "gldm_a", 0);
  rmx_params_set_bool(s, "ibsiCompat", FALSE);
  /* IBSI 1 digital phantom, 3D (KOBO) values, half a unit of the 3rd digit. */
  check("IBSI szm_lze_3D = 550", run(szm, s, &c.in, "LargeAreaEmphasis", NULL), 550, 0.5);
  check("IBSI ngl_hde_3D = 109", run(dm, s, &c.in, "LargeDependenceEmphasis", NULL), 109, 0.5);
  check("IBSI ngl_glnu_norm_3D = 0.512 (deprecated on request)",
        run(dm, s, &c.in, "GrayLevelNonUniformityNormalized", NULL), 0.512, 0.0005);
  check("IBSI ngt_coarseness_3D = 0.0296", run(tdm, s, &c.in, "Coarseness", NULL), 0.0296, 0.00005);
  check("IBSI ngt_strength_3D = 0.763", run(tdm, s, &c.in, "Strength", NULL), 0.763, 0.0005);
  /* force2D through the input: IBSI 2.5D (62GR). */
  RmxFeatureInput in2 = c.in;
  in2.is_2d = 1;
  check("IBSI szm_lze_2_5D = 34.2", run(szm, s, &in2, "LargeAreaEmphasis", NULL), 34.2, 0.05);
  check("IBSI ngt_contrast_2_5D = 0.601", run(tdm, s, &in2, "Contrast", NULL), 0.601, 0.0005);

  /* Settings reach the families: a homogeneous 5x5x5 cube (closed forms). */
  int32_t lv[125];
  RmxVolume box = {sizeof box, RMX_F64, {5, 5, 5}, {1, 1, 1}, {0, 0, 0}, {1, 0, 0, 0, 1, 0, 0, 0, 1}, NULL};
  RmxFeatureInput cube = {sizeof cube, "original", &box, &box, &box, lv, 2, 125, 0, 2};
  for (int i = 0; i < 125; i++) lv[i] = 1;
  rmx_params_set_list(s, "distances", d12, 2);
  check("distances [1,2] on a flat 5^3 cube: LDE = 15^3", run(dm, s, &cube, "LargeDependenceEmphasis", NULL),
        3375, 1e-9);
  for (int k = 0, i = 0; k < 5; k++)
    for (int y = 0; y < 5; y++)
      for (int x = 0; x < 5; x++, i++) lv[i] = 1 + (x + y + k) % 2;
  rmx_params_set_int(s, "gldm_a", 1);
  check("gldm_a 1 on a 1/2 checkerboard: LDE = 15^3", run(dm, s, &cube, "LargeDependenceEmphasis", NULL),
        3375, 1e-9);
  rmx_params_set_int(s, "gldm_a", 0);
  for (int i = 0; i < 125; i++) lv[i] = 1;
  check("flat cube: Coarseness 1e6 (PyRadiomics)", run(tdm, s, &cube, "Coarseness", NULL), 1e6, 0);
  rmx_params_set_bool(s, "ibsiCompat", TRUE);
  check("flat cube, ibsiCompat: Coarseness NaN", isnan(run(tdm, s, &cube, "Coarseness", NULL)), 1, 0);

  /* Bad settings: one error line naming the parameter. */
  char msg[512] = "";
  rmx_params_set_list(s, "distances", &d0, 1);
  run(dm, s, &cube, "LargeDependenceEmphasis", msg);
  printf("error line: %s\n", msg);
  check("distances [0] rejected with a line naming 'distances'",
        strstr(msg, "gldm") && strstr(msg, "'distances'") && !strchr(msg, '\n'), 1, 0);
  msg[0] = 0;
  run(tdm, s, &cube, "Coarseness", msg);
  printf("error line: %s\n", msg);
  check("ngtdm: distances [0] rejected", strstr(msg, "'distances'") != NULL, 1, 0);
  rmx_params_set_list(s, "distances", &d1, 1);
  lv[7] = 3; /* above n_levels = 2 */
  msg[0] = 0;
  run(szm, s, &cube, "ZonePercentage", msg);
  printf("error line: %s\n", msg);
  check("glszm: level above n_levels rejected", strstr(msg, "n_levels") != NULL, 1, 0);

  rmx_params_free(s);
  texb_case_free(&c);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
