/* region.c: the SDK 1.1 output region. A filter asked for the box [lo, hi)
** must give exactly the whole output's values there: each region-aware
** filter is run whole and on boxes inside, at the low and at the high
** corner of a PyRadiomics case, and compared bit for bit, with the region
** volume's origin where a crop puts it. A filter that ignores the region
** (1.0 style) still emits whole volumes, which the host crops. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ctx.h>
#include <extract_prep.h>
#include <params.h>
#include <registry.h>

#include "filtercore.h"
#include "futil.h"

/* A filter call; the wavelet's parameters when wavelet is set. */
typedef struct Case {
  const char *filter, *label;
  const char *wavelet, *boundary;
  int level, start_level, dilate;
} Case;

static RmxParams *params_of(const Case *c) {
  RmxParams *p = rmx_params_new();
  if (!c->wavelet) return p;
  rmx_params_set_string(p, "wavelet", c->wavelet);
  rmx_params_set_int(p, "level", c->level);
  rmx_params_set_int(p, "start_level", c->start_level);
  rmx_params_set_bool(p, "dilate", c->dilate);
  if (c->boundary) rmx_params_set_string(p, "boundary", c->boundary);
  return p;
}

static gboolean run(const Case *c, const RmxVolume *const *in, size_t n_in, const RmxVolume *mask,
                    const RmxParams *settings, const size_t *lo, const size_t *hi, FuSink *s) {
  const RmxComponent *comp = rmx_registry_find(RMX_KIND_FILTER, c->filter);
  if (!comp) return FALSE;
  RmxParams *p = params_of(c);
  GError *err = NULL;
  gboolean ok = rmx_call_filter_region(comp, p, settings, in, n_in, mask, lo, hi, fu_sink_emit, s, &err);
  if (!ok) fprintf(stderr, "%s: %s\n", c->label, err ? err->message : "?");
  g_clear_error(&err);
  rmx_params_free(p);
  return ok;
}

/* Region volume r vs whole volume w cropped to [lo, hi): values and origin. */
static int same_as_crop(const RmxVolume *w, const RmxVolume *r, const size_t lo[3],
                        const size_t hi[3]) {
  RmxBBox bb = {{lo[0], lo[1], lo[2]}, {hi[0] - 1, hi[1] - 1, hi[2] - 1}, 0};
  RmxVolume *c = rmx_crop(w, &bb, 0);
  int same = c && c->type == r->type && !memcmp(c->dim, r->dim, sizeof c->dim) &&
             !memcmp(c->data, r->data, rmx_volume_voxels(c) * rmx_scalar_size(c->type)) &&
             !memcmp(c->origin, r->origin, sizeof c->origin) &&
             !memcmp(c->spacing, r->spacing, sizeof c->spacing) &&
             !memcmp(c->direction, r->direction, sizeof c->direction);
  rmx_volume_free(c);
  return same;
}

static void check_inputs(const Case *c, const RmxVolume *const *in, size_t n_in,
                         const RmxVolume *mask, const RmxParams *settings, const size_t lo[3],
                         const size_t hi[3], const char *box, int region_aware) {
  const RmxVolume *img = in[0];
  FuSink whole, part;
  fu_sink_init(&whole);
  fu_sink_init(&part);
  gboolean ok = run(c, in, n_in, mask, settings, NULL, NULL, &whole) &&
                run(c, in, n_in, mask, settings, lo, hi, &part);
  fu_check(ok, "%s (%s box): runs whole and on the region", c->label, box);
  if (ok) {
    int names = whole.names->len == part.names->len && whole.names->len > 0;
    for (guint i = 0; names && i < whole.names->len; i++)
      names = !strcmp(whole.names->pdata[i], part.names->pdata[i]);
    fu_check(names, "%s (%s box): same %u image types", c->label, box, whole.names->len);
    int region_sized = 1, exact = 1;
    for (guint i = 0; names && i < whole.names->len; i++) {
      const RmxVolume *w = whole.vols->pdata[i], *r = part.vols->pdata[i];
      if (!memcmp(r->dim, img->dim, sizeof r->dim)) { /* whole volume: the host crops it */
        region_sized = 0;
        exact &= w->type == r->type &&
                 !memcmp(w->data, r->data, rmx_volume_voxels(w) * rmx_scalar_size(w->type));
      } else {
        exact &= same_as_crop(w, r, lo, hi);
      }
    }
    if (region_aware)
      fu_check(region_sized, "%s (%s box): emits only the region", c->label, box);
    else
      fu_check(!region_sized, "%s (%s box): 1.0-style filter emits whole volumes", c->label, box);
    fu_check(exact, "%s (%s box): region values and geometry equal the whole output cropped",
             c->label, box);
  }
  fu_sink_clear(&whole);
  fu_sink_clear(&part);
}

static void check_case(const Case *c, const RmxVolume *img, const RmxVolume *mask,
                       const RmxParams *settings, const size_t lo[3], const size_t hi[3],
                       const char *box, int region_aware) {
  const RmxVolume *in[1] = {img};
  check_inputs(c, in, 1, mask, settings, lo, hi, box, region_aware);
}

/* A filter's parameters given as settings "key=value;key=value", on every box. */
static void check_set(const char *filter, const char *set, const RmxVolume *const *in,
                      size_t n_in, const RmxVolume *mask, size_t boxes[3][2][3],
                      const char *const *box_names) {
  char label[200];
  snprintf(label, sizeof label, "%s %s", filter, set);
  const Case c = {filter, label, NULL, NULL, 0, 0, 0};
  RmxParams *p = rmx_params_new();
  char **kv = g_strsplit(set, ";", -1);
  for (char **q = kv; *q; q++) {
    char *eq = strchr(*q, '=');
    if (!eq) continue;
    *eq = 0;
    rmx_params_set_text(p, *q, eq + 1);
  }
  g_strfreev(kv);
  for (int b = 0; b < 3; b++)
    check_inputs(&c, in, n_in, mask, p, boxes[b][0], boxes[b][1], box_names[b], 1);
  rmx_params_free(p);
}

/* The filters that once emitted whole volumes, with their main variants. */
static void check_local_and_global(const RmxVolume *img, const RmxVolume *mask,
                                   size_t boxes[3][2][3], const char *const *box_names) {
  static const char *const sets[][2] = {
      {"mean", "support=3"},
      {"mean", "support=5;boundary=mirror"},
      {"mean", "support=7;boundary=periodic;dimensionality=2D"},
      {"mean", "support=9;boundary=zero"},
      {"laws", "kernel=E5L5S5;boundary=mirror"},
      {"laws", "kernel=L3E5;boundary=periodic"},
      {"laws", "kernel=S3L3E3;boundary=zero;energyDistance=3"},
      {"laws", "kernel=E5W5R5;rotationInvariance=average;energyDistance=2;boundary=periodic"},
      {"laws", "kernel=L5S5;rotationInvariance=max;energyDistance=1;boundary=nearest"},
      {"log", "method=convolution;sigma=[1.0, 2.5];boundary=mirror"},
      {"log", "method=convolution;sigma=[1.5];dimensionality=2D;boundary=periodic;normalization=none"},
      {"log", "method=convolution;sigma=[2.0];boundary=zero;truncate=3"},
      {"log", "sigma=[2.0];riesz=[1, 0, 0]"},
      {"log", "sigma=[1.5];riesz=[0, 1, 1];method=convolution;boundary=periodic"},
      {"gabor", "sigma=3;lambda=2;theta=[0, 0.785]"},
      {"gabor", "sigma=2;lambda=3;gamma=0.5;theta=[0.3, 3.4416];orthogonalPlanes=true;boundary=periodic"},
      {"gabor", "sigma=4;lambda=1.5;boundary=zero"},
      {"simoncelli", "level=[1, 2]"},
      {"simoncelli", "level=[2];riesz=[1, 0, 1]"},
      {"normalize", "normalizeScale=1"},
      {"normalize", "normalizeScale=100;removeOutliers=2"},
      {"normalize", "normalizeRegion=mask;removeOutliers=1.5"},
      {"clip", "lower=0;upper=300"},
      {"clip", "upper=100"},
      {"wavelet", "wavelet=haar;rotationInvariance=max"},
  };
  const RmxVolume *in[1] = {img};
  for (size_t i = 0; i < G_N_ELEMENTS(sets); i++)
    check_set(sets[i][0], sets[i][1], in, 1, mask, boxes, box_names);
  /* adc: three b-values, the first image as read (int16), the others
     decaying doubles with some non-positive signals (the fit's fallback) */
  RmxVolume *dw[2];
  for (int k = 0; k < 2; k++) {
    dw[k] = rmx_volume_new(RMX_F64, img->dim, img);
    for (size_t i = 0; i < rmx_volume_voxels(img); i++)
      rmx_volume_set(dw[k], i, rmx_volume_get(img, i) * (0.8 - 0.3 * k) - (double)(i % 17) * (k + 1));
  }
  const RmxVolume *adc_in[3] = {img, dw[0], dw[1]};
  check_set("adc", "bValues=[0, 500, 1000]", adc_in, 3, mask, boxes, box_names);
  check_set("adc", "bValues=[1000, 0, 400];weighted=false", adc_in, 3, mask, boxes, box_names);
  rmx_volume_free(dw[0]);
  rmx_volume_free(dw[1]);
}

/* The pointwise plugins take the rescaling maxima in chunks, and the
** logarithm's over the distinct values of 8/16-bit inputs: their whole
** output must equal the whole-array core on the doubles, bit for bit. */
static void pointwise_exact(const RmxVolume *img, const char *what) {
  static const char *const names[] = {"square", "squareroot", "logarithm", "exponential"};
  int (*core[])(const double *, size_t, double *) = {rmx_fc_square, rmx_fc_squareroot,
                                                     rmx_fc_logarithm, rmx_fc_exponential};
  size_t n = rmx_volume_voxels(img);
  double *x = fu_as_double(img), *y = malloc(n * sizeof *y);
  for (int f = 0; f < 4; f++) {
    const Case c = {names[f], names[f], NULL, NULL, 0, 0, 0};
    FuSink s;
    fu_sink_init(&s);
    const RmxVolume *in[1] = {img};
    int same = run(&c, in, 1, NULL, NULL, NULL, NULL, &s) && s.vols->len == 1 && core[f](x, n, y) == 0;
    if (same) {
      const RmxVolume *v = s.vols->pdata[0];
      same = v->type == RMX_F64 && !memcmp(v->data, y, n * sizeof *y);
    }
    fu_check(same, "%s on %s: equals the whole-array core bit for bit", names[f], what);
    fu_sink_clear(&s);
  }
  free(x);
  free(y);
}

int main(int argc, char **argv) {
  for (int a = 1; a < argc; a++) {
    GError *err = NULL;
    if (!rmx_plugin_load_file(argv[a], &err)) {
      fprintf(stderr, "error: %s\n", err->message);
      return 2;
    }
  }
  RmxVolume *img = fu_case_image("test37"), *mask = fu_case_mask("test37", img);
  RmxBBox bb;
  if (!rmx_bbox_of(mask, &bb)) return 2;
  size_t boxes[3][2][3], *d = img->dim;
  for (int a = 0; a < 3; a++) {
    boxes[0][0][a] = bb.lo[a], boxes[0][1][a] = bb.hi[a] + 1;          /* the ROI's */
    boxes[1][0][a] = 0, boxes[1][1][a] = (d[a] + 1) / 2;               /* low corner */
    boxes[2][0][a] = d[a] > 3 ? d[a] - 3 : 0, boxes[2][1][a] = d[a];    /* high corner */
  }
  /* the last axis whole in the low box: a region may span a whole axis */
  boxes[1][1][2] = d[2];
  const char *box_names[3] = {"ROI", "low corner", "high corner"};
  RmxParams *s2d = rmx_params_new();
  rmx_params_set_bool(s2d, "force2D", TRUE);
  const Case cases[] = {
      {"square", "square", NULL, NULL, 0, 0, 0},
      {"squareroot", "squareroot", NULL, NULL, 0, 0, 0},
      {"logarithm", "logarithm", NULL, NULL, 0, 0, 0},
      {"exponential", "exponential", NULL, NULL, 0, 0, 0},
      {"gradient", "gradient", NULL, NULL, 0, 0, 0},
      {"wavelet", "wavelet coif1", "coif1", NULL, 1, 0, 0},
      {"wavelet", "wavelet db3 levels 2-3", "db3", NULL, 2, 1, 0},
      {"wavelet", "wavelet haar 3 levels a trous, mirror", "haar", "mirror", 3, 0, 1},
      {"wavelet", "wavelet sym4 2 levels, zero", "sym4", "zero", 2, 0, 0},
      {"wavelet", "wavelet bior1.3 2 levels, nearest", "bior1.3", "nearest", 2, 0, 0},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
    for (int b = 0; b < 3; b++)
      check_case(&cases[i], img, mask, NULL, boxes[b][0], boxes[b][1], box_names[b], 1);
  /* force2D: no transform along z */
  const Case w2d = {"wavelet", "wavelet coif1 force2D", "coif1", NULL, 1, 0, 0};
  for (int b = 0; b < 3; b++)
    check_case(&w2d, img, mask, s2d, boxes[b][0], boxes[b][1], box_names[b], 1);
  /* LoG (recursive; sigmas small to large, the IIRs span the image; given
     as a setting, which filters read after their own parameters) and LBP3D */
  RmxParams *slog = rmx_params_new();
  rmx_params_set_text(slog, "sigma", "[0.5, 2.5, 6.0]");
  const Case lg = {"log", "log", NULL, NULL, 0, 0, 0}, l3 = {"lbp3d", "lbp3d", NULL, NULL, 0, 0, 0};
  for (int b = 0; b < 3; b++) {
    check_case(&lg, img, mask, slog, boxes[b][0], boxes[b][1], box_names[b], 1);
    check_case(&l3, img, mask, NULL, boxes[b][0], boxes[b][1], box_names[b], 1);
  }
  rmx_params_free(slog);
  /* LBP2D in each slice orientation, other radii and methods as settings */
  const char *l2set[][2] = {{"force2Ddimension", "0"}, {"force2Ddimension", "1"},
                            {"force2Ddimension", "2"}, {"lbp2DRadius", "2.5"},
                            {"lbp2DMethod", "var"}};
  for (size_t i = 0; i < G_N_ELEMENTS(l2set); i++) {
    char label[64];
    snprintf(label, sizeof label, "lbp2d %s %s", l2set[i][0], l2set[i][1]);
    const Case l2 = {"lbp2d", label, NULL, NULL, 0, 0, 0};
    RmxParams *sl2 = rmx_params_new();
    rmx_params_set_bool(sl2, "force2D", TRUE);
    rmx_params_set_text(sl2, l2set[i][0], l2set[i][1]);
    for (int b = 0; b < 3; b++)
      check_case(&l2, img, mask, sl2, boxes[b][0], boxes[b][1], box_names[b], 1);
    rmx_params_free(sl2);
  }
  check_local_and_global(img, mask, boxes, box_names);
  /* a 1.0-style filter (from the fixture folder) keeps working */
  const Case old = {"fx_scale", "fx_scale (1.0 style)", NULL, NULL, 0, 0, 0};
  if (rmx_registry_find(RMX_KIND_FILTER, "fx_scale")) {
    RmxVolume *f64 = rmx_volume_convert(img, RMX_F64); /* the fixture reads int16 or double */
    check_case(&old, f64, mask, NULL, boxes[0][0], boxes[0][1], box_names[0], 0);
    rmx_volume_free(f64);
  } else
    fu_check(0, "fixture filter fx_scale is loaded");
  /* pointwise rescaling on every small integer type, negatives included */
  const int types[] = {RMX_U8, RMX_I8, RMX_U16, RMX_I16, RMX_I32, RMX_F64};
  for (size_t t = 0; t < G_N_ELEMENTS(types); t++) {
    RmxVolume *v = rmx_volume_new(types[t], img->dim, img);
    int is_signed = types[t] == RMX_I8 || types[t] == RMX_I16 || types[t] == RMX_I32 ||
                    types[t] == RMX_F64;
    for (size_t i = 0; i < rmx_volume_voxels(v); i++) {
      double g = rmx_volume_get(img, i);
      rmx_volume_set(v, i, is_signed ? g - 100 : g);
    }
    pointwise_exact(v, rmx_scalar_name(types[t]));
    rmx_volume_free(v);
  }
  rmx_params_free(s2d);
  rmx_volume_free(mask);
  rmx_volume_free(img);
  return fu_done();
}
