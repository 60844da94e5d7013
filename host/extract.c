/* extract.c: the per-case extraction pipeline in PyRadiomics 3.1.0's order (featureextractor.execute). */
#include "extract.h"
#include "ctx.h"
#include "extract_diag.h"
#include "extract_prep.h"
#include "registry.h"
#include "volume.h"

#include <math.h>
#include <string.h>

G_DEFINE_QUARK(radiomix-extract-error-quark, rmx_extract_error)

int rmx_extract_exit_code(const GError *err) {
  if (err && err->domain == RMX_EXTRACT_ERROR) return err->code;
  return RMX_EXIT_INPUT;
}

/* ------------------------------------------------------------ results */

RmxFeatureSet *rmx_feature_set_new(void) {
  RmxFeatureSet *fs = g_new0(RmxFeatureSet, 1);
  fs->names = g_ptr_array_new_with_free_func(g_free);
  fs->values = g_array_new(FALSE, FALSE, sizeof(double));
  fs->diag_names = g_ptr_array_new_with_free_func(g_free);
  fs->diag_values = g_ptr_array_new_with_free_func(g_free);
  fs->stage_names = g_ptr_array_new_with_free_func(g_free);
  fs->stage_seconds = g_array_new(FALSE, FALSE, sizeof(double));
  return fs;
}

void rmx_feature_set_free(RmxFeatureSet *fs) {
  if (!fs) return;
  g_ptr_array_unref(fs->names);
  g_array_unref(fs->values);
  g_ptr_array_unref(fs->diag_names);
  g_ptr_array_unref(fs->diag_values);
  g_ptr_array_unref(fs->stage_names);
  g_array_unref(fs->stage_seconds);
  g_free(fs);
}

void rmx_feature_set_add_time(RmxFeatureSet *fs, const char *stage, double seconds) {
  for (guint i = 0; i < fs->stage_names->len; i++)
    if (!strcmp(fs->stage_names->pdata[i], stage)) {
      g_array_index(fs->stage_seconds, double, i) += seconds;
      return;
    }
  g_ptr_array_add(fs->stage_names, g_strdup(stage));
  g_array_append_val(fs->stage_seconds, seconds);
}

static void add_diag(RmxFeatureSet *fs, const char *name, char *value) {
  g_ptr_array_add(fs->diag_names, g_strdup_printf("diagnostics_%s", name));
  g_ptr_array_add(fs->diag_values, value);
}

static double now_s(void) { return (double)g_get_monotonic_time() * 1e-6; }

/* -------------------------------------------------------- configuration */

typedef struct FamilyRun {
  const RmxComponent *comp;
  uint8_t *enabled; /* per feature of the class */
  GArray *order;    /* guint feature indices, output order */
  gboolean original_only;
} FamilyRun;

typedef struct TypeRun {
  char *name;
  const RmxComponent *filter; /* NULL: Original */
  RmxParams *settings;        /* host settings with this type's overrides, validated */
  RmxParams *filter_params;   /* keys the filter declares, not yet validated */
  GPtrArray *family_params;   /* RmxParams* per family (index as ex->families) */
} TypeRun;

struct RmxExtractor {
  char *source;
  RmxParams *settings;      /* validated host settings */
  GPtrArray *families;      /* FamilyRun* */
  GPtrArray *types;         /* TypeRun* */
  GPtrArray *shape_params;  /* RmxParams* per family, from settings only */
};

static void family_run_free(gpointer p) {
  FamilyRun *f = p;
  g_free(f->enabled);
  g_array_unref(f->order);
  g_free(f);
}

static void type_run_free(gpointer p) {
  TypeRun *t = p;
  g_free(t->name);
  rmx_params_free(t->settings);
  rmx_params_free(t->filter_params);
  g_ptr_array_unref(t->family_params);
  g_free(t);
}

void rmx_extractor_free(RmxExtractor *ex) {
  if (!ex) return;
  g_free(ex->source);
  rmx_params_free(ex->settings);
  g_ptr_array_unref(ex->families);
  g_ptr_array_unref(ex->types);
  g_ptr_array_unref(ex->shape_params);
  g_free(ex);
}

const RmxParams *rmx_extractor_settings(const RmxExtractor *ex) { return ex->settings; }

static void copy_value(RmxParams *dst, const char *key, const RmxValue *v) {
  switch (v->type) {
  case RMX_PARAM_BOOL: rmx_params_set_bool(dst, key, v->b); break;
  case RMX_PARAM_INT: rmx_params_set_int(dst, key, v->i); break;
  case RMX_PARAM_DOUBLE: rmx_params_set_double(dst, key, v->d); break;
  case RMX_PARAM_STRING: rmx_params_set_string(dst, key, v->s); break;
  case RMX_PARAM_LIST:
    rmx_params_set_list(dst, key, (const double *)(const void *)v->list->data, v->list->len);
    break;
  }
}

/* The keys of src that spec declares. */
static RmxParams *subset(const RmxParams *src, const RmxParamSpec *spec) {
  RmxParams *p = rmx_params_new();
  const RmxParamSpec *const specs[] = {spec, NULL};
  for (guint i = 0; spec && i < rmx_params_size(src); i++) {
    const char *k = rmx_params_key(src, i);
    if (rmx_spec_find(specs, k)) copy_value(p, k, rmx_params_get(src, k));
  }
  return p;
}

static gboolean config_error(GError **err, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static gboolean config_error(GError **err, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_set_error_literal(err, RMX_EXTRACT_ERROR, RMX_EXIT_USAGE, msg);
  g_free(msg);
  return FALSE;
}

static gboolean usage_from(GError **err, GError *e) {
  g_set_error_literal(err, RMX_EXTRACT_ERROR, RMX_EXIT_USAGE, e->message);
  g_error_free(e);
  return FALSE;
}

/* Checks that PyRadiomics' schema or code requires beyond type and range. */
static gboolean check_extra(const RmxParams *s, const char *where, GError **err) {
  static const char *const positive[] = {"binWidth", "normalizeScale", "removeOutliers",
                                         "geometryTolerance", NULL};
  for (int i = 0; positive[i]; i++) {
    const RmxValue *v = rmx_params_get(s, positive[i]);
    if (v && (v->type == RMX_PARAM_DOUBLE || v->type == RMX_PARAM_INT) && !(v->d > 0))
      return config_error(err, "%s: parameter '%s': expected a number > 0, got %g", where, positive[i], v->d);
  }
  const RmxValue *v = rmx_params_get(s, "distances");
  if (v && v->type == RMX_PARAM_LIST) {
    if (v->list->len == 0) return config_error(err, "%s: parameter 'distances': the list is empty", where);
    for (guint i = 0; i < v->list->len; i++) {
      double d = g_array_index(v->list, double, i);
      if (d != floor(d))
        return config_error(err, "%s: parameter 'distances': expected whole numbers >= 1, got %g", where, d);
    }
  }
  v = rmx_params_get(s, "resegmentRange");
  if (v && v->type == RMX_PARAM_LIST && (v->list->len < 1 || v->list->len > 2))
    return config_error(err, "%s: parameter 'resegmentRange': expected 1 or 2 thresholds, got %u", where,
                        v->list->len);
  v = rmx_params_get(s, "resampledPixelSpacing");
  if (v && v->type == RMX_PARAM_LIST && v->list->len != 3)
    return config_error(err, "%s: parameter 'resampledPixelSpacing': expected 3 spacings [x, y, z], got %u",
                        where, v->list->len);
  return TRUE;
}

/* SimpleITK's interpolator enum values, which PyRadiomics also accepts. */
static void interpolator_names(RmxParams *p) {
  static const char *const names[] = {NULL, "sitkNearestNeighbor", "sitkLinear", "sitkBSpline",
                                      "sitkGaussian", "sitkLabelGaussian", "sitkHammingWindowedSinc",
                                      "sitkCosineWindowedSinc", "sitkWelchWindowedSinc",
                                      "sitkLanczosWindowedSinc", "sitkBlackmanWindowedSinc"};
  const RmxValue *v = rmx_params_get(p, "interpolator");
  if (v && v->type == RMX_PARAM_INT && v->i >= 1 && v->i <= 10)
    rmx_params_set_string(p, "interpolator", names[v->i]);
}

/* Validates each key of p on its own, strictly against the union of specs
 * (a key any component declares is valid, as in PyRadiomics' schema), so
 * that the message names the key's line. Defaults are applied elsewhere. */
static gboolean check_keys(const RmxExtractConfig *cfg, const RmxParams *p, const RmxParams *overrides,
                           const char *type, const RmxParamSpec *const *sv, GError **err) {
  for (guint i = 0; i < rmx_params_size(p); i++) {
    const char *k = rmx_params_key(p, i);
    int line = rmx_extract_config_line(cfg, type, k);
    char *sect = type ? g_strdup_printf("imageType '%s'", type) : g_strdup("setting");
    char *where;
    if (!type && overrides && rmx_params_get(overrides, k)) where = g_strdup("command line (-s)");
    else if (line) where = g_strdup_printf("%s:%d: %s", cfg->source, line, sect);
    else where = g_strdup_printf("%s: %s", cfg->source, sect);
    RmxParams *tmp = rmx_params_new();
    copy_value(tmp, k, rmx_params_get(p, k));
    GError *e = NULL;
    gboolean ok = rmx_params_validate(tmp, sv, TRUE, where, &e) && check_extra(tmp, where, err);
    if (e) usage_from(err, e);
    rmx_params_free(tmp);
    g_free(where);
    g_free(sect);
    if (!ok) return FALSE;
  }
  return TRUE;
}

/* PyRadiomics' order inside a class: getmembers() sorts the method names
 * "get<Name>FeatureValue", so "MeanAbsoluteDeviation" precedes "Mean". */
static const RmxFeatureInfo *sort_features;
static gint cmp_feature(gconstpointer a, gconstpointer b) {
  char *x = g_strconcat(sort_features[*(const guint *)a].name, "FeatureValue", NULL);
  char *y = g_strconcat(sort_features[*(const guint *)b].name, "FeatureValue", NULL);
  gint r = strcmp(x, y);
  g_free(x);
  g_free(y);
  return r;
}

static FamilyRun *family_run_new(const RmxComponent *c, const GPtrArray *names, const char *where,
                                 GError **err) {
  FamilyRun *f = g_new0(FamilyRun, 1);
  f->comp = c;
  f->enabled = g_new0(uint8_t, c->n_features);
  f->order = g_array_new(FALSE, FALSE, sizeof(guint));
  f->original_only = (c->u.family.flags & RMX_FAMILY_ORIGINAL_ONLY) != 0;
  const RmxFeatureInfo *fi = c->u.family.features;
  if (names && names->len) {
    for (guint i = 0; i < names->len; i++) {
      guint k = 0;
      while (k < c->n_features && strcmp(fi[k].name, names->pdata[i])) k++;
      if (k == c->n_features) {
        GString *known = g_string_new(NULL);
        for (guint j = 0; j < c->n_features; j++)
          g_string_append_printf(known, "%s%s", j ? ", " : "", fi[j].name);
        config_error(err, "%s: featureClass '%s': no feature '%s' (known: %s)", where, c->u.hdr.name,
                     (const char *)names->pdata[i], known->str);
        g_string_free(known, TRUE);
        family_run_free(f);
        return NULL;
      }
      if (!f->enabled[k]) g_array_append_val(f->order, k);
      f->enabled[k] = 1;
    }
  } else {
    for (guint k = 0; k < c->n_features; k++)
      if (!(fi[k].flags & RMX_FEATURE_DEPRECATED)) {
        f->enabled[k] = 1;
        g_array_append_val(f->order, k);
      }
    static GMutex sort_lock; /* cmp_feature reads a static */
    g_mutex_lock(&sort_lock);
    sort_features = fi;
    g_array_sort(f->order, cmp_feature);
    g_mutex_unlock(&sort_lock);
  }
  return f;
}

static gboolean is_original(const char *name) { return !g_ascii_strcasecmp(name, "Original"); }

static char *installed_names(int kind) {
  GPtrArray *all = rmx_registry_components();
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < all->len; i++) {
    const RmxComponent *c = all->pdata[i];
    if (c->kind == kind) g_string_append_printf(s, "%s%s", s->len ? ", " : "", c->u.hdr.name);
  }
  if (!s->len) g_string_append(s, "none");
  return g_string_free(s, FALSE);
}

RmxExtractor *rmx_extractor_new(const RmxExtractConfig *cfg, const RmxParams *overrides,
                                GError **err) {
  RmxExtractor *ex = g_new0(RmxExtractor, 1);
  ex->source = g_strdup(cfg->source);
  ex->families = g_ptr_array_new_with_free_func(family_run_free);
  ex->types = g_ptr_array_new_with_free_func(type_run_free);
  ex->shape_params = g_ptr_array_new_with_free_func((GDestroyNotify)rmx_params_free);
  GPtrArray *specs = g_ptr_array_new();
  RmxParams *raw = rmx_params_copy(cfg->settings);
  GError *e = NULL;
  gboolean ok = TRUE;
  if (overrides) rmx_params_merge(raw, overrides);
  interpolator_names(raw);

  /* families: the file's list, or every installed one (registry order is
   * alphabetical, PyRadiomics' default order) */
  g_ptr_array_add(specs, (gpointer)rmx_extract_setting_specs);
  if (cfg->families->len) {
    for (guint i = 0; ok && i < cfg->families->len; i++) {
      const RmxFamilyCfg *fc = cfg->families->pdata[i];
      const RmxComponent *c = rmx_registry_find(RMX_KIND_FEATURES, fc->name);
      if (!c) {
        char *known = installed_names(RMX_KIND_FEATURES);
        ok = config_error(err, "%s:%d: featureClass '%s': no such feature family (installed: %s)",
                          cfg->source, fc->line, fc->name, known);
        g_free(known);
        break;
      }
      char *where = g_strdup_printf("%s:%d", cfg->source, fc->line);
      FamilyRun *f = family_run_new(c, fc->features, where, err);
      g_free(where);
      if (!f) ok = FALSE;
      else g_ptr_array_add(ex->families, f);
    }
  } else {
    GPtrArray *all = rmx_registry_components();
    for (guint i = 0; i < all->len; i++) {
      const RmxComponent *c = all->pdata[i];
      if (c->kind == RMX_KIND_FEATURES) g_ptr_array_add(ex->families, family_run_new(c, NULL, NULL, NULL));
    }
  }
  for (guint i = 0; ok && i < ex->families->len; i++) {
    const FamilyRun *f = ex->families->pdata[i];
    if (f->comp->u.hdr.params) g_ptr_array_add(specs, (gpointer)f->comp->u.hdr.params);
  }
  /* image types */
  for (guint i = 0; ok && i < cfg->image_types->len; i++) {
    const RmxImageTypeCfg *tc = cfg->image_types->pdata[i];
    TypeRun *t = g_new0(TypeRun, 1);
    t->name = g_strdup(tc->name);
    t->family_params = g_ptr_array_new_with_free_func((GDestroyNotify)rmx_params_free);
    g_ptr_array_add(ex->types, t);
    if (!is_original(tc->name)) {
      t->filter = rmx_registry_find(RMX_KIND_FILTER, tc->name);
      if (!t->filter) {
        char *known = installed_names(RMX_KIND_FILTER);
        ok = config_error(err, "%s:%d: imageType '%s': no such filter (installed: Original, %s)",
                          cfg->source, tc->line, tc->name, known);
        g_free(known);
      } else if (t->filter->u.hdr.params) {
        g_ptr_array_add(specs, (gpointer)t->filter->u.hdr.params);
      }
    }
  }
  g_ptr_array_add(specs, NULL);
  const RmxParamSpec *const *sv = (const RmxParamSpec *const *)specs->pdata;
  const RmxParamSpec *const host_only[] = {rmx_extract_setting_specs, NULL};

  /* strict check of the union (a key any component declares is valid, as in
   * PyRadiomics' schema); defaults are applied per component below */
  if (ok) ok = check_keys(cfg, raw, overrides, NULL, sv, err);
  if (ok) {
    ex->settings = rmx_params_copy(raw);
    ok = rmx_params_validate(ex->settings, host_only, FALSE, cfg->source, &e);
    if (!ok) usage_from(err, e), e = NULL;
  }
  for (guint i = 0; ok && i < ex->families->len; i++) {
    const FamilyRun *f = ex->families->pdata[i];
    RmxParams *fp = subset(raw, f->comp->u.hdr.params);
    const RmxParamSpec *const fs[] = {f->comp->u.hdr.params, NULL};
    char *where = g_strdup_printf("%s: setting (family %s)", cfg->source, f->comp->u.hdr.name);
    ok = rmx_params_validate(fp, fs, FALSE, where, &e);
    g_free(where);
    g_ptr_array_add(ex->shape_params, fp);
    if (!ok) usage_from(err, e), e = NULL;
  }
  for (guint i = 0; ok && i < ex->types->len; i++) {
    TypeRun *t = ex->types->pdata[i];
    const RmxImageTypeCfg *tc = cfg->image_types->pdata[i];
    char *where = g_strdup_printf("%s:%d: imageType '%s'", cfg->source, tc->line, tc->name);
    ok = check_keys(cfg, tc->params, NULL, tc->name, sv, err);
    RmxParams *rt = rmx_params_copy(raw);
    rmx_params_merge(rt, tc->params);
    if (ok) {
      t->settings = rmx_params_copy(rt);
      ok = rmx_params_validate(t->settings, host_only, FALSE, where, &e);
    }
    if (ok && t->filter) t->filter_params = subset(rt, t->filter->u.hdr.params);
    for (guint j = 0; ok && j < ex->families->len; j++) {
      const FamilyRun *f = ex->families->pdata[j];
      const RmxParamSpec *const fs[] = {f->comp->u.hdr.params, NULL};
      RmxParams *fp = subset(rt, f->comp->u.hdr.params);
      ok = rmx_params_validate(fp, fs, FALSE, where, &e);
      g_ptr_array_add(t->family_params, fp);
    }
    rmx_params_free(rt);
    g_free(where);
    if (e) ok = usage_from(err, e), e = NULL;
  }
  g_ptr_array_unref(specs);
  rmx_params_free(raw);
  if (!ok) {
    rmx_extractor_free(ex);
    return NULL;
  }
  return ex;
}

/* ------------------------------------------------------------- one case */

/* An image cropped to cr->bb (F64) and its grey levels under one setting set. */
typedef struct Prepared {
  RmxVolume *img;
  int32_t *levels;
  int32_t n_levels;
} Prepared;

typedef struct CaseRun {
  const RmxExtractor *ex;
  RmxFeatureSet *out;
  const RmxVolume *image;      /* preprocessed full image; NULL once freed (see orig_crop) */
  RmxVolume *orig_crop;        /* the original image cropped to bb, F64, when image is freed */
  RmxBBox bb;                  /* crop box for features */
  RmxVolume *tex_mask_c;       /* cropped intensity mask */
  RmxVolume *shape_mask_c;     /* cropped morphological mask */
  size_t n_roi;
  const TypeRun *type;         /* current image type */
  GError *error;               /* first failure inside an emit callback */
  double emit_seconds;         /* time spent in on_emit, not in the filter itself */
  Prepared orig;               /* the original image cropped and discretised */
  const RmxParams *orig_settings; /* ... under these settings */
} CaseRun;

static gboolean plugin_error(GError **err, GError *e, const char *what, const char *name,
                             const char *image_type) {
  g_set_error(err, RMX_EXTRACT_ERROR, RMX_EXIT_PLUGIN, "%s '%s' on image type '%s': %s", what, name,
              image_type, e ? e->message : "failed");
  if (e) g_error_free(e);
  return FALSE;
}

static gboolean has_families(const RmxExtractor *ex, gboolean shape) {
  for (guint i = 0; i < ex->families->len; i++)
    if (((const FamilyRun *)ex->families->pdata[i])->original_only == shape) return TRUE;
  return FALSE;
}

static void prepared_clear(Prepared *p) {
  rmx_volume_free(p->img);
  g_free(p->levels);
  memset(p, 0, sizeof *p);
}

/* Discretises img (owned: kept in *p, or freed on failure). */
static gboolean prepare(CaseRun *cr, RmxVolume *img, const char *image_type,
                        const RmxParams *settings, Prepared *p, GError **err) {
  double t0 = now_s();
  memset(p, 0, sizeof *p);
  size_t nv = img ? rmx_volume_voxels(img) : 0;
  int32_t *levels = img ? g_try_new(int32_t, nv) : NULL;
  if (!levels) {
    rmx_volume_free(img);
    g_set_error(err, RMX_EXTRACT_ERROR, RMX_EXIT_INPUT, "out of memory preparing image type '%s'",
                image_type);
    return FALSE;
  }
  GError *e = NULL;
  int32_t n_levels = 0;
  if (!rmx_discretise(img, cr->tex_mask_c, settings, levels, &n_levels, &e)) {
    g_set_error(err, RMX_EXTRACT_ERROR, RMX_EXIT_INPUT, "image type '%s': %s", image_type, e->message);
    g_error_free(e);
    rmx_volume_free(img);
    g_free(levels);
    return FALSE;
  }
  *p = (Prepared){img, levels, n_levels};
  rmx_feature_set_add_time(cr->out, "crop/discretise", now_s() - t0);
  return TRUE;
}

/* Runs the families selected by 'shape' (ORIGINAL_ONLY or not) on a prepared image. */
static gboolean run_prepared(CaseRun *cr, const Prepared *p, const char *image_type,
                             gboolean shape, const RmxParams *settings, const GPtrArray *fparams,
                             GError **err) {
  const RmxExtractor *ex = cr->ex;
  GError *e = NULL;
  RmxFeatureInput in = {
      .struct_size = sizeof in,
      .image_type = image_type,
      .image = p->img,
      .mask = cr->tex_mask_c,
      .morph_mask = cr->shape_mask_c,
      .levels = p->levels,
      .n_levels = p->n_levels,
      .n_roi = cr->n_roi,
      .is_2d = rmx_params_bool(settings, "force2D", FALSE),
      /* force2Ddimension counts numpy axes (z, y, x); plane_axis is our index axis */
      .plane_axis = 2 - (int32_t)rmx_params_int(settings, "force2Ddimension", 0),
  };
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < ex->families->len; i++) {
    const FamilyRun *f = ex->families->pdata[i];
    if (f->original_only != shape) continue;
    double t1 = now_s();
    double *values = g_new(double, f->comp->n_features);
    gboolean skipped = FALSE;
    ok = rmx_call_family(f->comp, fparams->pdata[i], settings, &in, f->enabled, values, &skipped, &e);
    if (!ok) plugin_error(err, e, "feature family", f->comp->u.hdr.name, image_type), e = NULL;
    else if (!skipped)
      for (guint k = 0; k < f->order->len; k++) {
        guint fi = g_array_index(f->order, guint, k);
        g_ptr_array_add(cr->out->names, g_strconcat(image_type, "_", f->comp->u.hdr.name, "_",
                                                    f->comp->u.family.features[fi].name, NULL));
        g_array_append_val(cr->out->values, values[fi]);
      }
    g_free(values);
    char *stage = g_strdup_printf("family %s", f->comp->u.hdr.name);
    rmx_feature_set_add_time(cr->out, stage, now_s() - t1);
    g_free(stage);
  }
  return ok;
}

/* The same on an image already cropped to cr->bb: img is F64 and owned (freed here). */
static gboolean run_families_cropped(CaseRun *cr, RmxVolume *img, const char *image_type,
                                     gboolean shape, const RmxParams *settings,
                                     const GPtrArray *fparams, GError **err) {
  Prepared p;
  if (!prepare(cr, img, image_type, settings, &p, err)) return FALSE;
  gboolean ok = run_prepared(cr, &p, image_type, shape, settings, fparams, err);
  prepared_clear(&p);
  return ok;
}

/* Same on a whole image: crops it to cr->bb first. The original image's
 * preparation is kept (cr->orig) for its second pass (shape families, then
 * the others), redone only when the binning settings differ. */
static gboolean run_families(CaseRun *cr, const RmxVolume *vol, const char *image_type,
                             gboolean shape, const RmxParams *settings, const GPtrArray *fparams,
                             GError **err) {
  if (!has_families(cr->ex, shape)) return TRUE;
  gboolean original = vol == cr->image; /* both NULL: the original, already cropped */
  if (!original) {
    double t0 = now_s();
    RmxVolume *img = rmx_crop_f64(vol, &cr->bb);
    rmx_feature_set_add_time(cr->out, "crop/discretise", now_s() - t0);
    return run_families_cropped(cr, img, image_type, shape, settings, fparams, err);
  }
  if (!cr->orig.img || !rmx_same_binning(settings, cr->orig_settings)) {
    prepared_clear(&cr->orig);
    double t0 = now_s();
    RmxVolume *img = vol ? rmx_crop_f64(vol, &cr->bb) : rmx_volume_convert(cr->orig_crop, RMX_F64);
    rmx_feature_set_add_time(cr->out, "crop/discretise", now_s() - t0);
    if (!prepare(cr, img, image_type, settings, &cr->orig, err)) return FALSE;
    cr->orig_settings = settings;
  }
  return run_prepared(cr, &cr->orig, image_type, shape, settings, fparams, err);
}

static gboolean same_grid(const RmxVolume *a, const RmxVolume *b) {
  return a->dim[0] == b->dim[0] && a->dim[1] == b->dim[1] && a->dim[2] == b->dim[2];
}

static gboolean is_bb_sized(const RmxVolume *v, const RmxBBox *bb) {
  for (int a = 0; a < 3; a++)
    if (v->dim[a] != bb->hi[a] - bb->lo[a] + 1) return FALSE;
  return TRUE;
}

/* A filter emits either the whole image (cropped here, as any 1.0 plugin
 * does) or just the output region the call asked for (the ROI's box). */
static gboolean on_emit(void *user, const char *image_type, RmxVolume *vol, GError **err) {
  CaseRun *cr = user;
  double t0 = now_s();
  gboolean ok;
  if (same_grid(vol, cr->image)) {
    ok = run_families(cr, vol, image_type, FALSE, cr->type->settings, cr->type->family_params, err);
    rmx_volume_free(vol);
  } else if (is_bb_sized(vol, &cr->bb)) {
    /* filters run only when texture families do: no has_families() check */
    RmxVolume *img = vol->type == RMX_F64 ? vol : rmx_volume_convert(vol, RMX_F64);
    if (img != vol) rmx_volume_free(vol);
    ok = run_families_cropped(cr, img, image_type, FALSE, cr->type->settings,
                              cr->type->family_params, err);
  } else {
    g_set_error(err, RMX_EXTRACT_ERROR, RMX_EXIT_PLUGIN,
                "filter '%s' emitted '%s' of size %zux%zux%zu, the image is %zux%zux%zu "
                "and the output region %zux%zux%zu",
                cr->type->filter->u.hdr.name, image_type, vol->dim[0], vol->dim[1], vol->dim[2],
                cr->image->dim[0], cr->image->dim[1], cr->image->dim[2],
                cr->bb.hi[0] - cr->bb.lo[0] + 1, cr->bb.hi[1] - cr->bb.lo[1] + 1,
                cr->bb.hi[2] - cr->bb.lo[2] + 1);
    rmx_volume_free(vol);
    ok = FALSE;
  }
  if (!ok && !cr->error && err && *err) cr->error = g_error_copy(*err);
  cr->emit_seconds += now_s() - t0;
  return ok;
}

/* An image type has one input volume; filters also see the host settings. */
static gboolean call_filter(const RmxComponent *c, RmxParams *params, const RmxParams *settings,
                            const RmxVolume *image, const RmxVolume *mask, CaseRun *cr,
                            GError **err) {
  if (c->u.filter.min_inputs > 1) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "filter '%s' needs %u input volumes; an image type gets one", c->u.hdr.name,
                c->u.filter.min_inputs);
    return FALSE;
  }
  const RmxVolume *inputs[1] = {image};
  size_t lo[3], hi[3]; /* ask for the ROI's box only (SDK 1.1 output region) */
  for (int a = 0; a < 3; a++) {
    lo[a] = cr->bb.lo[a];
    hi[a] = cr->bb.hi[a] + 1;
  }
  return rmx_call_filter_region(c, params, settings, inputs, 1, mask, lo, hi, on_emit, cr, err);
}

static gboolean data_error(GError **err, GError *e, const char *prefix) {
  g_set_error(err, RMX_EXTRACT_ERROR, e && e->domain == RMX_EXTRACT_ERROR ? e->code : RMX_EXIT_INPUT,
              "%s%s", prefix ? prefix : "", e ? e->message : "failed");
  if (e) g_error_free(e);
  return FALSE;
}

/* PyRadiomics resamples when both resampledPixelSpacing and interpolator are set. */
static gboolean resampling(const RmxParams *s) {
  return rmx_params_get(s, "resampledPixelSpacing") &&
         strcmp(rmx_params_string(s, "interpolator", "sitkBSpline"), "None");
}

/* checkMask on the mask as read; its box is 'known' when the reader found it. */
static gboolean check_mask_as_read(const RmxVolume *mask, const RmxBBox *known,
                                   const RmxParams *S, int label, RmxBBox *bb, GError **err) {
  if (!known) return rmx_check_mask(mask, S, label, bb, err);
  *bb = *known;
  return rmx_check_roi(bb, S, label, err);
}

static gboolean has_filters(const RmxExtractor *ex) {
  for (guint i = 0; i < ex->types->len; i++)
    if (((const TypeRun *)ex->types->pdata[i])->filter) return TRUE;
  return FALSE;
}

/* The case pipeline. The image is borrowed (copied only when normalised)
 * unless own_image hands it over; an owned label volume (free_labels) is
 * freed as soon as the mask is selected, since it is often the largest
 * buffer of a case (int32). is_mask: an owned 'labels' that is already the
 * mask of 'label' (only without diagnostics, correctMask or resampling):
 * used as the mask once its geometry is checked; known_bb, when not NULL,
 * is its box as the reader found it. */
static gboolean extract_case(const RmxExtractor *ex, const RmxVolume *image, gboolean own_image,
                             RmxVolume *labels, gboolean free_labels, gboolean is_mask,
                             const RmxBBox *known_bb, int label, RmxFeatureSet *out,
                             GError **err) {
  const RmxParams *S = ex->settings;
  if (label < 0) label = (int)rmx_params_int(S, "label", 1);
  double tol = rmx_params_double(S, "geometryTolerance", 1e-6);
  gboolean ibsi = rmx_params_bool(S, "ibsiCompat", FALSE);
  GError *e = NULL;
  RmxVolume *img = NULL, *mask = NULL, *rmask = NULL, *tmp;
  gboolean img_borrowed = FALSE; /* img is the caller's image: never written, never freed */
  CaseRun cr = {.ex = ex, .out = out};
  gboolean ok = FALSE, corrected = FALSE;
  double t0 = now_s();

  gboolean diag = out->want_diagnostics;
  if (diag) {
    add_diag(out, "Versions_radiomix", g_strdup(RMX_VERSION_STRING));
    rmx_diag_image(out, "Image-original", image, TRUE);
    rmx_diag_mask(out, "Mask-original", labels, label, image, RMX_DIAG_HASH);
  }

  /* loadImage: normalise the whole image first */
  if (rmx_params_bool(S, "normalize", FALSE)) {
    img = rmx_normalise(image, S);
    if (own_image) rmx_volume_free((RmxVolume *)image);
  } else {
    img = (RmxVolume *)image; /* every later step makes new volumes */
    img_borrowed = !own_image;
  }
  image = NULL;
  if (!img) {
    g_set_error(err, RMX_EXTRACT_ERROR, RMX_EXIT_INPUT, "out of memory normalising the image");
    goto done;
  }
  /* the mask on the image grid; correctMask resamples it (nearest neighbour) */
  GError *ge = NULL;
  if (!rmx_volume_same_geometry(labels, img, tol, &ge)) {
    gboolean fix = rmx_params_bool(S, "correctMask", FALSE);
    if (!fix && !resampling(S)) {
      g_set_error(err, RMX_EXTRACT_ERROR, RMX_EXIT_INPUT,
                  "mask geometry does not match the image (%s); set correctMask: true to resample "
                  "the mask or geometryTolerance to accept the difference",
                  ge->message);
      g_error_free(ge);
      goto done;
    }
    g_error_free(ge);
    if (!rmx_check_roi_inside(labels, label, img, "mask", &e)) {
      data_error(err, e, NULL);
      goto done;
    }
    corrected = TRUE;
    tmp = rmx_resample_nearest_to(labels, img);
    mask = tmp ? rmx_mask_select(tmp, img, label, tol, "mask (resampled onto the image grid)", &e) : NULL;
    rmx_volume_free(tmp);
  } else {
    if (ge) g_error_free(ge);
    if (is_mask && free_labels) { /* geometry from the image, as rmx_mask_select gives it */
      mask = labels;
      labels = NULL;
      memcpy(mask->spacing, img->spacing, sizeof mask->spacing);
      memcpy(mask->origin, img->origin, sizeof mask->origin);
      memcpy(mask->direction, img->direction, sizeof mask->direction);
    } else {
      mask = rmx_mask_select(labels, img, label, tol, "mask", &e);
    }
  }
  if (free_labels) {
    rmx_volume_free(labels);
    labels = NULL;
    free_labels = FALSE;
  }
  if (!mask) {
    data_error(err, e, NULL);
    goto done;
  }
  /* resampling, or preCrop when not resampling */
  if (resampling(S)) {
    RmxVolume *ri = NULL, *rm = NULL;
    if (!rmx_resample_case(img, mask, S, &ri, &rm, &e)) {
      data_error(err, e, "resampling: ");
      goto done;
    }
    if (!img_borrowed) rmx_volume_free(img);
    rmx_volume_free(mask);
    img = ri;
    img_borrowed = FALSE;
    mask = rm;
    known_bb = NULL; /* a new mask (never set with resampling anyway: read_labels) */
    if (diag) {
      rmx_diag_image(out, "Image-interpolated", img, FALSE);
      rmx_diag_mask(out, "Mask-interpolated", mask, 1, img, RMX_DIAG_STATS);
    }
  } else if (rmx_params_bool(S, "preCrop", FALSE)) {
    RmxBBox pb;
    if (!check_mask_as_read(mask, known_bb, S, label, &pb, &e)) {
      data_error(err, e, NULL);
      goto done;
    }
    size_t pad = (size_t)rmx_params_int(S, "padDistance", 5);
    RmxVolume *ci = rmx_crop(img, &pb, pad), *cm = rmx_crop(mask, &pb, pad);
    if (!img_borrowed) rmx_volume_free(img);
    rmx_volume_free(mask);
    img = ci;
    img_borrowed = FALSE;
    mask = cm;
    known_bb = NULL;
  }
  /* checkMask, then resegmentation (whose box PyRadiomics crops with) */
  RmxBBox bb;
  if (!check_mask_as_read(mask, known_bb, S, label, &bb, &e)) {
    data_error(err, e, NULL);
    goto done;
  }
  cr.bb = bb;
  /* PyRadiomics corrects after loading, so with resampling there is no 'corrected' entry */
  if (diag && corrected && !resampling(S))
    rmx_diag_mask(out, "Mask-corrected", mask, 1, img, RMX_DIAG_STATS);
  if (rmx_params_get(S, "resegmentRange")) {
    RmxBBox rb;
    rmask = rmx_resegment(img, mask, S, label, &e);
    if (!rmask || !rmx_check_mask(rmask, S, label, &rb, &e)) {
      data_error(err, e, "resegmentation: ");
      goto done;
    }
    if (diag) rmx_diag_mask(out, "Mask-resegmented", rmask, 1, img, RMX_DIAG_STATS);
    /* IBSI: the morphological mask keeps its own extent */
    if (!ibsi) cr.bb = rb;
  }
  const RmxVolume *tex = rmask ? rmask : mask;
  const RmxVolume *shp = rmask && rmx_params_bool(S, "resegmentShape", FALSE) ? rmask : mask;
  cr.image = img;
  cr.tex_mask_c = rmx_crop(tex, &cr.bb, 0);
  cr.shape_mask_c = rmx_crop(shp, &cr.bb, 0);
  if (!cr.tex_mask_c || !cr.shape_mask_c) {
    g_set_error(err, RMX_EXTRACT_ERROR, RMX_EXIT_INPUT, "out of memory cropping the mask");
    goto done;
  }
  {
    RmxBBox tb;
    rmx_bbox_of(cr.tex_mask_c, &tb);
    cr.n_roi = tb.count;
  }
  /* Without filters nothing reads the whole image or mask again: the
   * original is cropped once and both are freed, so the peak of an
   * extraction is its input, not the input plus the families' work. */
  if (!img_borrowed && !has_filters(ex)) {
    if (!(cr.orig_crop = rmx_crop_f64(img, &cr.bb))) {
      g_set_error(err, RMX_EXTRACT_ERROR, RMX_EXIT_INPUT, "out of memory cropping the image");
      goto done;
    }
    rmx_volume_free(img);
    img = NULL;
    cr.image = NULL;
    rmx_volume_free(rmask);
    rmx_volume_free(mask);
    rmask = mask = NULL;
  }
  rmx_feature_set_add_time(out, "preprocess", now_s() - t0);

  /* shape families once, on the original image, with the settings only */
  if (!run_families(&cr, img, "original", TRUE, S, ex->shape_params, err)) goto done;
  gboolean texture = FALSE; /* with shape families only, filtering would be wasted */
  for (guint i = 0; i < ex->families->len; i++)
    texture = texture || !((const FamilyRun *)ex->families->pdata[i])->original_only;
  for (guint i = 0; texture && i < ex->types->len; i++) {
    const TypeRun *t = ex->types->pdata[i];
    cr.type = t;
    if (!t->filter) {
      if (!run_families(&cr, img, "original", FALSE, t->settings, t->family_params, err)) goto done;
      continue;
    }
    double t1 = now_s(), e0 = cr.emit_seconds;
    RmxParams *fp = rmx_params_copy(t->filter_params); /* validation writes defaults */
    gboolean fok = call_filter(t->filter, fp, t->settings, img, tex, &cr, &e);
    rmx_params_free(fp);
    char *stage = g_strdup_printf("filter %s", t->filter->u.hdr.name);
    rmx_feature_set_add_time(out, stage, now_s() - t1 - (cr.emit_seconds - e0));
    g_free(stage);
    if (!fok) {
      if (cr.error) { /* our own failure, surfaced through the filter's emit() */
        g_clear_error(&e);
        g_propagate_error(err, cr.error);
        cr.error = NULL;
      } else {
        plugin_error(err, e, "filter", t->filter->u.hdr.name, t->name);
      }
      goto done;
    }
  }
  ok = TRUE;
done:
  prepared_clear(&cr.orig);
  rmx_volume_free(cr.orig_crop);
  if (cr.error) g_error_free(cr.error);
  rmx_volume_free(cr.tex_mask_c);
  rmx_volume_free(cr.shape_mask_c);
  rmx_volume_free(rmask);
  rmx_volume_free(mask);
  if (!img_borrowed) rmx_volume_free(img);
  if (free_labels) rmx_volume_free(labels);
  return ok;
}

gboolean rmx_extract_volumes(const RmxExtractor *ex, const RmxVolume *image,
                             const RmxVolume *labels, int label, RmxFeatureSet *out,
                             GError **err) {
  return extract_case(ex, image, FALSE, (RmxVolume *)labels, FALSE, FALSE, NULL, label, out, err);
}

/* The label volume of a case, read straight into the U8 mask of its label
 * when nothing later needs its other labels (no diagnostics, correctMask or
 * resampling): an int32 label volume (brain1: 6.6 MB) is then never in
 * memory, the mask's pages outside the ROI are never touched, and *bb holds
 * the ROI's box (count 0 when not known). */
static RmxVolume *read_labels(const RmxExtractor *ex, const RmxFeatureSet *out, const char *path,
                              int label, gboolean *is_mask, RmxBBox *bb, GError **err) {
  const RmxParams *S = ex->settings;
  int want = label < 0 ? (int)rmx_params_int(S, "label", 1) : label;
  *is_mask = FALSE;
  rmx_bbox_init(bb);
  if (out->want_diagnostics || rmx_params_bool(S, "correctMask", FALSE) || resampling(S))
    return rmx_nrrd_read(path, err);
  return rmx_nrrd_read_mask(path, want, is_mask, bb, err);
}

gboolean rmx_extract_mask_file(const RmxExtractor *ex, const RmxVolume *image,
                               const char *mask_path, int label, RmxFeatureSet *out,
                               GError **err) {
  double t0 = now_s();
  GError *e = NULL;
  gboolean is_mask;
  RmxBBox bb;
  RmxVolume *labels = read_labels(ex, out, mask_path, label, &is_mask, &bb, &e);
  if (!labels) return data_error(err, e, NULL);
  rmx_feature_set_add_time(out, "read", now_s() - t0);
  return extract_case(ex, image, FALSE, labels, TRUE, is_mask, bb.count ? &bb : NULL, label, out,
                      err);
}

gboolean rmx_extract_files(const RmxExtractor *ex, const char *image_path,
                           const char *mask_path, int label, RmxFeatureSet *out, GError **err) {
  double t0 = now_s();
  GError *e = NULL;
  /* The label volume first (read_labels): its int32 volume and the image
   * are never in memory together. A read error of the image still comes
   * first, as when it was read first. */
  gboolean is_mask;
  RmxBBox bb;
  RmxVolume *labels = read_labels(ex, out, mask_path, label, &is_mask, &bb, &e);
  GError *ie = NULL;
  RmxVolume *image = rmx_nrrd_read(image_path, &ie);
  if (!image) {
    g_clear_error(&e);
    rmx_volume_free(labels);
    return data_error(err, ie, NULL);
  }
  if (!labels) {
    rmx_volume_free(image);
    return data_error(err, e, NULL);
  }
  rmx_feature_set_add_time(out, "read", now_s() - t0);
  /* extract_case frees both */
  return extract_case(ex, image, TRUE, labels, TRUE, is_mask, bb.count ? &bb : NULL, label, out,
                      err);
}
