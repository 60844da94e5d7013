/* filters_plugins.c: the filter plugins as the host loads and calls them:
** image-type names of the study configuration vs PyRadiomics' feature
** catalogue, parameter errors, ADC recovery (noise-free and Rician) and its
** input checks, normalisation, LBP2D sanity. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ctx.h>
#include <params.h>
#include <registry.h>

#include "futil.h"

/* Runs filter 'name'; returns NULL on success, else the error line (static). */
static const char *run(const char *name, RmxParams *p, const RmxVolume *const *in, size_t n,
                       const RmxVolume *mask, FuSink *s) {
  static char msg[512];
  const RmxComponent *c = rmx_registry_find(RMX_KIND_FILTER, name);
  if (!c) { snprintf(msg, sizeof msg, "no filter %s", name); return msg; }
  GError *err = NULL;
  gboolean ok = rmx_call_filter(c, p, NULL, in, n, mask, fu_sink_emit, s, &err);
  if (ok) return NULL;
  snprintf(msg, sizeof msg, "%s", err ? err->message : "?");
  g_clear_error(&err);
  return msg;
}

/* The 43 image types of the study (feature_catalogue.csv) minus 'original'
** must be exactly what our filters emit with the study's settings. */
static void study_names(void) {
  RmxVolume *img = fu_case_image("test37"), *mask = fu_case_mask("test37", img);
  GHashTable *want = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  char *path = fu_shared("data/pyradiomics/feature_catalogue.csv"), *text = NULL;
  g_file_get_contents(path, &text, NULL, NULL);
  char **lines = g_strsplit(text ? text : "", "\n", -1);
  for (char **l = lines + 1; *l && **l; l++) {
    char *comma = strchr(*l, ',');
    if (comma && strncmp(*l, "original,", 9))
      g_hash_table_add(want, g_strndup(*l, (gsize)(comma - *l)));
  }
  FuSink s;
  fu_sink_init(&s);
  const RmxVolume *in[1] = {img};
  const char *simple[] = {"square", "squareroot", "logarithm", "exponential", "gradient", "lbp3d"};
  for (size_t i = 0; i < G_N_ELEMENTS(simple); i++) {
    RmxParams *p = rmx_params_new();
    const char *e = run(simple[i], p, in, 1, mask, &s);
    fu_check(!e, "%s runs through the host%s%s", simple[i], e ? ": " : "", e ? e : "");
    rmx_params_free(p);
  }
  RmxParams *p = rmx_params_new();
  rmx_params_set_string(p, "wavelet", "coif1");
  rmx_params_set_int(p, "level", 1);
  const char *e = run("wavelet", p, in, 1, mask, &s);
  fu_check(!e, "wavelet runs through the host%s%s", e ? ": " : "", e ? e : "");
  rmx_params_free(p);
  p = rmx_params_new();
  double sig[26];
  for (int i = 0; i < 26; i++) sig[i] = 0.5 * (i + 1);
  rmx_params_set_list(p, "sigma", sig, 26);
  e = run("log", p, in, 1, mask, &s);
  fu_check(!e, "log runs through the host%s%s", e ? ": " : "", e ? e : "");
  rmx_params_free(p);
  guint matched = 0;
  for (guint i = 0; i < s.names->len; i++) {
    const char *n = g_ptr_array_index(s.names, i);
    int ok = g_hash_table_contains(want, n);
    matched += ok;
    if (!ok) fu_check(0, "emitted image type '%s' is in PyRadiomics' catalogue", n);
  }
  fu_check(matched == g_hash_table_size(want) && s.names->len == matched,
           "study image types: %u emitted, %u matched, catalogue has %u (+ original)",
           s.names->len, matched, g_hash_table_size(want));
  /* wavelet order as PyRadiomics yields them: 7 details, then LLL */
  const char *order[] = {"wavelet-LLH", "wavelet-LHL", "wavelet-LHH", "wavelet-HLL",
                         "wavelet-HLH", "wavelet-HHL", "wavelet-HHH", "wavelet-LLL"};
  int in_order = 1;
  for (guint i = 0, k = 0; i < s.names->len; i++)
    if (!strncmp(g_ptr_array_index(s.names, i), "wavelet", 7))
      in_order &= k < 8 && !strcmp(g_ptr_array_index(s.names, i), order[k++]);
  fu_check(in_order, "wavelet bands emitted in PyRadiomics' order");
  fu_sink_clear(&s);
  g_strfreev(lines);
  g_free(text);
  g_free(path);
  g_hash_table_destroy(want);
  rmx_volume_free(mask);
  rmx_volume_free(img);
}

static void errors(void) {
  size_t dim[3] = {8, 8, 8};
  RmxVolume *v = rmx_volume_new(RMX_F64, dim, NULL);
  for (size_t i = 0; i < 512; i++) ((double *)v->data)[i] = (double)(i % 7);
  const RmxVolume *in[1] = {v};
  FuSink s;
  fu_sink_init(&s);
  RmxParams *p = rmx_params_new();
  double bad = -1;
  rmx_params_set_list(p, "sigma", &bad, 1);
  const char *e = run("log", p, in, 1, NULL, &s);
  fu_check(e && strstr(e, "sigma"), "negative sigma rejected naming 'sigma': %s", e ? e : "(accepted)");
  rmx_params_free(p);
  p = rmx_params_new();
  rmx_params_set_string(p, "wavelet", "nosuch7");
  e = run("wavelet", p, in, 1, NULL, &s);
  fu_check(e && strstr(e, "wavelet"), "unknown wavelet rejected naming 'wavelet': %s", e ? e : "(accepted)");
  rmx_params_free(p);
  p = rmx_params_new();
  rmx_params_set_int(p, "support", 4);
  e = run("mean", p, in, 1, NULL, &s);
  fu_check(e && strstr(e, "support"), "even mean support rejected: %s", e ? e : "(accepted)");
  rmx_params_free(p);
  p = rmx_params_new();
  size_t z[3] = {8, 8, 8};
  RmxVolume *zero = rmx_volume_new(RMX_I16, z, NULL);
  const RmxVolume *zin[1] = {zero};
  e = run("square", p, zin, 1, NULL, &s);
  fu_check(e && strstr(e, "zero"), "all-zero image refused by square: %s", e ? e : "(accepted)");
  rmx_params_free(p);
  /* LoG: sigma too large for the image is skipped, not an error */
  p = rmx_params_new();
  double big = 20;
  rmx_params_set_list(p, "sigma", &big, 1);
  guint before = s.names->len;
  e = run("log", p, in, 1, NULL, &s);
  fu_check(!e && s.names->len == before, "LoG sigma larger than the image skipped (PyRadiomics rule)");
  rmx_params_free(p);
  rmx_volume_free(zero);
  rmx_volume_free(v);
  fu_sink_clear(&s);
}

static double gauss(RmxRng *r) {
  double u1 = rmx_rng_uniform(r), u2 = rmx_rng_uniform(r);
  return sqrt(-2 * log(u1 + 1e-300)) * cos(2 * M_PI * u2);
}

/* DWI S_b = S0 exp(-b ADC), S0 800..1199, ADC 0.5e-3..3e-3 mm^2/s, b 0, 500,
** 1000 s/mm^2. Noise-free: exact to 1e-9. Rician noise sigma 10: the mean
** estimate of each of the 10 true ADC values (2000 voxels each) is within
** 1% wherever the weakest signal has SNR >= 10 (stated limit: below that the
** Rician floor biases any log-linear fit upwards in S, downwards in ADC). */
static void adc(void) {
  const double b[3] = {0, 500, 1000};
  size_t dim[3] = {50, 40, 10}, n = 20000;
  RmxVolume *dw[3], *noisy[3];
  RmxRng rng;
  rmx_rng_seed(&rng, 20261126, 0);
  for (int i = 0; i < 3; i++) {
    dw[i] = rmx_volume_new(RMX_F64, dim, NULL);
    noisy[i] = rmx_volume_new(RMX_F64, dim, NULL);
  }
  double *truth = malloc(n * sizeof *truth);
  for (size_t v = 0; v < n; v++) {
    double s0 = 800 + (double)((v / 10) % 400), a = 0.5e-3 + 2.5e-3 * (double)(v % 10) / 9.0;
    truth[v] = a;
    for (int i = 0; i < 3; i++) {
      double s = s0 * exp(-b[i] * a);
      ((double *)dw[i]->data)[v] = s;
      double n1 = 10 * gauss(&rng), n2 = 10 * gauss(&rng);
      ((double *)noisy[i]->data)[v] = sqrt((s + n1) * (s + n1) + n2 * n2);
    }
  }
  for (int weighted = 0; weighted < 2; weighted++) {
    FuSink s;
    fu_sink_init(&s);
    RmxParams *p = rmx_params_new();
    rmx_params_set_list(p, "bValues", b, 3);
    rmx_params_set_bool(p, "weighted", weighted);
    const char *e = run("adc", p, (const RmxVolume *const *)dw, 3, NULL, &s);
    double worst = INFINITY;
    if (!e && s.vols->len == 1 && !strcmp(g_ptr_array_index(s.names, 0), "adc")) {
      const RmxVolume *out = g_ptr_array_index(s.vols, 0);
      worst = 0;
      for (size_t v = 0; v < n; v++)
        worst = fmax(worst, fabs(((double *)out->data)[v] - truth[v]) / truth[v]);
    }
    fu_check(worst <= 1e-9, "ADC noise-free (%s fit): max rel error %.3g <= 1e-9",
             weighted ? "weighted" : "plain", worst);
    e = run("adc", p, (const RmxVolume *const *)noisy, 3, NULL, &s);
    if (!e && s.vols->len == 2) {
      const RmxVolume *out = g_ptr_array_index(s.vols, 1);
      /* bias per true-ADC bin, over voxels sharing one ADC value */
      double worst_bias = 0, low_snr_bias = 0;
      size_t bins = 0;
      for (size_t k = 0; k < 10; k++) {
        double sum = 0;
        size_t cnt = 0;
        for (size_t v = k; v < n; v += 10) { sum += ((double *)out->data)[v]; cnt++; }
        double bias = fabs(sum / (double)cnt / truth[k] - 1);
        if (800 * exp(-1000 * truth[k]) / 10 >= 10) {
          worst_bias = fmax(worst_bias, bias);
          bins++;
        } else low_snr_bias = fmax(low_snr_bias, bias);
      }
      fu_check(bins >= 5 && worst_bias < 0.01,
               "ADC Rician sigma 10 (%s): worst mean bias %.3g%% < 1%% over %zu ADC values with "
               "SNR >= 10 (%.3g%% where SNR < 10)", weighted ? "weighted" : "plain",
               100 * worst_bias, bins, 100 * low_snr_bias);
    } else fu_check(0, "ADC noisy run: %s", e ? e : "no output");
    rmx_params_free(p);
    fu_sink_clear(&s);
  }
  /* mismatched inputs */
  FuSink s;
  fu_sink_init(&s);
  RmxParams *p = rmx_params_new();
  rmx_params_set_list(p, "bValues", b, 2);
  const char *e = run("adc", p, (const RmxVolume *const *)dw, 3, NULL, &s);
  fu_check(e && strstr(e, "bValues"), "ADC: 2 b-values for 3 inputs rejected: %s", e ? e : "(accepted)");
  rmx_params_free(p);
  p = rmx_params_new();
  rmx_params_set_list(p, "bValues", b, 3);
  size_t d2[3] = {50, 40, 9};
  RmxVolume *other = rmx_volume_new(RMX_F64, d2, NULL);
  const RmxVolume *mixed[3] = {dw[0], other, dw[2]};
  e = run("adc", p, mixed, 3, NULL, &s);
  fu_check(e && strstr(e, "input 2"), "ADC: input of another size rejected: %s", e ? e : "(accepted)");
  RmxVolume *moved = rmx_volume_new(RMX_F64, dim, NULL);
  moved->origin[0] = 5;
  const RmxVolume *mixed2[3] = {dw[0], dw[1], moved};
  e = run("adc", p, mixed2, 3, NULL, &s);
  fu_check(e && strstr(e, "input 3"), "ADC: input with another origin rejected: %s", e ? e : "(accepted)");
  e = run("adc", p, (const RmxVolume *const *)dw, 1, NULL, &s);
  fu_check(e && strstr(e, "input"), "ADC: a single input rejected: %s", e ? e : "(accepted)");
  const double same[3] = {500, 500, 500};
  rmx_params_set_list(p, "bValues", same, 3);
  e = run("adc", p, (const RmxVolume *const *)dw, 3, NULL, &s);
  fu_check(e && strstr(e, "bValues"), "ADC: equal b-values rejected: %s", e ? e : "(accepted)");
  rmx_params_free(p);
  fu_sink_clear(&s);
  rmx_volume_free(other);
  rmx_volume_free(moved);
  for (int i = 0; i < 3; i++) { rmx_volume_free(dw[i]); rmx_volume_free(noisy[i]); }
  free(truth);
}

/* normalize: z-score with the n-1 deviation (SimpleITK Normalize), computed
** here independently; ROI variant uses only masked voxels. */
static void normalize(void) {
  RmxVolume *img = fu_case_image("breast1"), *mask = fu_case_mask("breast1", img);
  const RmxVolume *in[1] = {img};
  size_t n = rmx_volume_voxels(img);
  for (int roi = 0; roi < 2; roi++) {
    double sum = 0, cnt = 0;
    for (size_t i = 0; i < n; i++)
      if (!roi || rmx_volume_get(mask, i)) { sum += rmx_volume_get(img, i); cnt++; }
    double mean = sum / cnt, ss = 0;
    for (size_t i = 0; i < n; i++)
      if (!roi || rmx_volume_get(mask, i)) ss += pow(rmx_volume_get(img, i) - mean, 2);
    double sd = sqrt(ss / (cnt - 1));
    FuSink s;
    fu_sink_init(&s);
    RmxParams *p = rmx_params_new();
    rmx_params_set_double(p, "normalizeScale", 100);
    if (roi) rmx_params_set_string(p, "normalizeRegion", "mask");
    const char *e = run("normalize", p, in, 1, mask, &s);
    double worst = INFINITY;
    if (!e) {
      const RmxVolume *o = g_ptr_array_index(s.vols, 0);
      worst = 0;
      for (size_t i = 0; i < n; i++)
        worst = fmax(worst, fabs(((double *)o->data)[i] - 100 * (rmx_volume_get(img, i) - mean) / sd));
    }
    fu_check(worst < 1e-9, "normalize (%s) equals 100 (x - mean)/sd: max diff %.3g", roi ? "ROI" : "image", worst);
    rmx_params_free(p);
    fu_sink_clear(&s);
  }
  rmx_volume_free(mask);
  rmx_volume_free(img);
}

/* LBP2D uniform on a constant image: interior codes are P (all samples equal
** the centre), codes on the border count the samples that fall inside. */
static void lbp2d(void) {
  size_t dim[3] = {12, 10, 2};
  RmxVolume *v = rmx_volume_new(RMX_I16, dim, NULL);
  for (size_t i = 0; i < 240; i++) ((int16_t *)v->data)[i] = 50;
  const RmxVolume *in[1] = {v};
  FuSink s;
  fu_sink_init(&s);
  RmxParams *p = rmx_params_new();
  const char *e = run("lbp2d", p, in, 1, NULL, &s);
  int ok = !e && s.vols->len == 1 && !strcmp(g_ptr_array_index(s.names, 0), "lbp-2D");
  if (ok) {
    const double *o = ((RmxVolume *)g_ptr_array_index(s.vols, 0))->data;
    for (size_t k = 0; k < 2; k++)
      for (size_t j = 1; j + 1 < 10; j++)
        for (size_t i = 1; i + 1 < 12; i++) ok &= o[i + 12 * (j + 10 * k)] == 8;
    ok &= o[0] != 8; /* corner: samples outside read 0 < centre */
  }
  fu_check(ok, "lbp2d uniform codes on a constant image%s%s", e ? ": " : "", e ? e : "");
  rmx_params_free(p);
  fu_sink_clear(&s);
  rmx_volume_free(v);
}

/* IBSI 2 maps through the plugins' parameters: laws 3.a.3 (E5L5S5, zero,
** max pooling, energy delta 7) and wavelet 6.a.2 (coif1 HHL, periodic, a trous,
** average pooling); every voxel within 1% of the reference range. */
static double ibsi_max_rel(const RmxVolume *ours, const char *map) {
  char rel[128];
  snprintf(rel, sizeof rel, "data/ibsi/ibsi2_phase1/response_maps/%s.nrrd", map);
  char *p = fu_shared(rel);
  GError *err = NULL;
  RmxVolume *ref = rmx_nrrd_read(p, &err);
  g_free(p);
  if (!ref) { g_clear_error(&err); return INFINITY; }
  double lo = INFINITY, hi = -INFINITY, worst = 0;
  size_t n = rmx_volume_voxels(ref);
  for (size_t i = 0; i < n; i++) {
    double r = rmx_volume_get(ref, i);
    lo = fmin(lo, r);
    hi = fmax(hi, r);
    worst = fmax(worst, fabs(rmx_volume_get(ours, i) - r));
  }
  rmx_volume_free(ref);
  return worst / (hi - lo);
}

static void ibsi_plugins(void) {
  char *p = fu_shared("data/ibsi/ibsi2_phase1/phantoms/impulse_image.nrrd");
  GError *err = NULL;
  RmxVolume *imp = rmx_nrrd_read(p, &err);
  g_free(p);
  p = fu_shared("data/ibsi/ibsi2_phase1/phantoms/sphere_image.nrrd");
  RmxVolume *sph = rmx_nrrd_read(p, &err);
  g_free(p);
  if (!imp || !sph) { fu_check(0, "IBSI phantoms readable"); return; }
  FuSink s;
  fu_sink_init(&s);
  RmxParams *q = rmx_params_new();
  rmx_params_set_string(q, "kernel", "E5L5S5");
  rmx_params_set_string(q, "boundary", "zero");
  rmx_params_set_string(q, "rotationInvariance", "max");
  rmx_params_set_int(q, "energyDistance", 7);
  const RmxVolume *in[1] = {imp};
  const char *e = run("laws", q, in, 1, NULL, &s);
  double d = !e && s.vols->len == 1 ? ibsi_max_rel(g_ptr_array_index(s.vols, 0), "3_a_3") : INFINITY;
  fu_check(d <= 0.01 && !e && !strcmp(g_ptr_array_index(s.names, 0), "laws-E5L5S5"),
           "laws plugin, IBSI 3.a.3: max diff %.2g of the range%s%s", d, e ? ": " : "", e ? e : "");
  rmx_params_free(q);
  q = rmx_params_new();
  rmx_params_set_string(q, "wavelet", "coif1");
  rmx_params_set_string(q, "boundary", "periodic");
  rmx_params_set_bool(q, "dilate", TRUE);
  rmx_params_set_string(q, "rotationInvariance", "average");
  in[0] = sph;
  guint before = s.vols->len;
  e = run("wavelet", q, in, 1, NULL, &s);
  d = INFINITY;
  for (guint i = before; i < s.vols->len; i++)
    if (!strcmp(g_ptr_array_index(s.names, i), "wavelet-HHL"))
      d = ibsi_max_rel(g_ptr_array_index(s.vols, i), "6_a_2");
  fu_check(!e && s.vols->len - before == 8 && d <= 0.01,
           "wavelet plugin pooled, IBSI 6.a.2 (HHL): max diff %.2g of the range, %u bands%s%s", d,
           s.vols->len - before, e ? ": " : "", e ? e : "");
  rmx_params_free(q);
  q = rmx_params_new();
  double th = M_PI / 3;
  rmx_params_set_double(q, "sigma", 10);
  rmx_params_set_double(q, "lambda", 4);
  rmx_params_set_double(q, "gamma", 0.5);
  rmx_params_set_list(q, "theta", &th, 1);
  rmx_params_set_string(q, "boundary", "zero");
  in[0] = imp;
  before = s.vols->len;
  e = run("gabor", q, in, 1, NULL, &s);
  d = !e && s.vols->len == before + 1 ? ibsi_max_rel(g_ptr_array_index(s.vols, before), "4_a_1") : INFINITY;
  fu_check(d <= 0.01, "gabor plugin, IBSI 4.a.1: max diff %.2g of the range%s%s", d, e ? ": " : "",
           e ? e : "");
  rmx_params_free(q);
  q = rmx_params_new();
  const double levels[2] = {2, 3};
  rmx_params_set_list(q, "level", levels, 2);
  p = fu_shared("data/ibsi/ibsi2_phase1/phantoms/checkerboard_image.nrrd");
  RmxVolume *cb = rmx_nrrd_read(p, &err);
  g_free(p);
  in[0] = cb;
  before = s.vols->len;
  e = cb ? run("simoncelli", q, in, 1, NULL, &s) : "checkerboard unreadable";
  double d2 = INFINITY, d3 = INFINITY;
  if (!e && s.vols->len == before + 2) {
    d2 = ibsi_max_rel(g_ptr_array_index(s.vols, before), "8_a_2");
    d3 = ibsi_max_rel(g_ptr_array_index(s.vols, before + 1), "8_a_3");
  }
  fu_check(d2 <= 0.01 && d3 <= 0.01 && !strcmp(g_ptr_array_index(s.names, before), "simoncelli-2"),
           "simoncelli plugin, IBSI 8.a.2 / 8.a.3: max diff %.2g / %.2g of the range", d2, d3);
  rmx_volume_free(cb);
  rmx_params_free(q);
  q = rmx_params_new();
  const double sig3 = 3, r100[3] = {1, 0, 0};
  rmx_params_set_list(q, "sigma", &sig3, 1);
  rmx_params_set_list(q, "riesz", r100, 3);
  rmx_params_set_string(q, "boundary", "zero");
  in[0] = imp;
  before = s.vols->len;
  e = run("log", q, in, 1, NULL, &s);
  d = !e && s.vols->len == before + 1 ? ibsi_max_rel(g_ptr_array_index(s.vols, before), "9_a") : INFINITY;
  fu_check(d <= 0.01 && !strcmp(g_ptr_array_index(s.names, s.vols->len - 1), "log-sigma-3-0-mm-3D-riesz-100"),
           "log plugin with riesz [1,0,0], IBSI 9.a: max diff %.2g of the range%s%s", d, e ? ": " : "",
           e ? e : "");
  rmx_params_free(q);
  q = rmx_params_new();
  rmx_params_set_string(q, "kernel", "E5Q5");
  e = run("laws", q, in, 1, NULL, &s);
  fu_check(e && strstr(e, "kernel"), "unknown Laws kernel rejected: %s", e ? e : "(accepted)");
  rmx_params_free(q);
  fu_sink_clear(&s);
  rmx_volume_free(imp);
  rmx_volume_free(sph);
}

/* Tiny and flat images: every filter either emits volumes of the input's
** size or fails with one line; none crashes (ASan builds catch overruns). */
static void tiny_inputs(void) {
  static const size_t dims[][3] = {{1, 1, 1}, {3, 2, 1}, {2, 2, 2}, {5, 4, 3}, {7, 1, 6}};
  static const char *filters[] = {"square", "squareroot", "logarithm", "exponential", "gradient",
                                  "log", "wavelet", "lbp3d", "lbp2d", "normalize", "mean",
                                  "laws", "gabor", "simoncelli"};
  int bad = 0, runs = 0;
  for (size_t d = 0; d < G_N_ELEMENTS(dims); d++) {
    RmxVolume *v = rmx_volume_new(RMX_I16, dims[d], NULL);
    size_t n = rmx_volume_voxels(v);
    for (size_t i = 0; i < n; i++) ((int16_t *)v->data)[i] = (int16_t)(i * 7 % 11) - 3;
    RmxVolume *m = rmx_volume_new(RMX_U8, dims[d], v);
    for (size_t i = 0; i < n; i++) ((uint8_t *)m->data)[i] = 1;
    const RmxVolume *in[1] = {v};
    for (size_t f = 0; f < G_N_ELEMENTS(filters); f++) {
      FuSink s;
      fu_sink_init(&s);
      RmxParams *p = rmx_params_new();
      if (!strcmp(filters[f], "log")) {
        const double sg[2] = {0.5, 1.0};
        rmx_params_set_list(p, "sigma", sg, 2);
      }
      if (!strcmp(filters[f], "laws") && dims[d][2] == 1) rmx_params_set_string(p, "kernel", "L5E5");
      const char *e = run(filters[f], p, in, 1, m, &s);
      runs++;
      for (guint k = 0; k < s.vols->len; k++) {
        const RmxVolume *o = g_ptr_array_index(s.vols, k);
        if (o->dim[0] != v->dim[0] || o->dim[1] != v->dim[1] || o->dim[2] != v->dim[2]) bad++;
      }
      if (e && (strchr(e, '\n') || !*e)) bad++;
      rmx_params_free(p);
      fu_sink_clear(&s);
    }
    rmx_volume_free(m);
    rmx_volume_free(v);
  }
  fu_check(bad == 0, "%d filter runs on tiny images: outputs sized like the input, errors one line", runs);
}

int main(int argc, char **argv) {
  for (int a = 1; a < argc; a++) {
    GError *err = NULL;
    if (!rmx_plugin_load_file(argv[a], &err)) {
      fprintf(stderr, "error: %s\n", err->message);
      return 2;
    }
  }
  study_names();
  errors();
  adc();
  normalize();
  lbp2d();
  ibsi_plugins();
  tiny_inputs();
  return fu_done();
}
