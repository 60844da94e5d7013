/* pipeline_io.c: saving and loading fitted pipelines (text header, then the classifier's bytes). */
#include "pipeline_io.h"
#include "ml_calls.h"
#include "volume.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAGIC "radiomix-pipeline 1"

gboolean rmx_pipeline_save(const RmxFittedPipeline *f, const char *const *in_names,
                           size_t n_in, const char *path, GError **err) {
  GString *h = g_string_new(MAGIC "\n");
  g_string_append_printf(h, "classifier %s\n", f->classifier->u.hdr.name);
  for (guint i = 0; i < rmx_params_size(f->classifier_params); i++) {
    const char *k = rmx_params_key(f->classifier_params, i);
    char *v = rmx_value_to_string(rmx_params_get(f->classifier_params, k));
    g_string_append_printf(h, "param %s %s\n", k, v);
    g_free(v);
  }
  g_string_append_printf(h, "scaler %s\n", !f->scaler ? "none"
                                           : f->scaler->kind == RMX_SCALE_ZSCORE ? "zscore" : "minmax");
  /* Every input column with its scaling (%a: exact), so predict can check names. */
  for (size_t c = 0; c < n_in; c++)
    g_string_append_printf(h, "column %a %a %s\n", f->scaler ? f->scaler->center[c] : 0.0,
                           f->scaler ? f->scaler->scale[c] : 1.0, in_names[c]);
  for (size_t c = 0; c < f->ncols; c++) g_string_append_printf(h, "selected %zu\n", f->cols[c]);
  GByteArray *blob = g_byte_array_new();
  GError *e = NULL;
  if (!rmx_call_save(f->classifier, f->classifier_params, f->model, blob, &e)) {
    g_propagate_prefixed_error(err, e, "%s: ", path);
    g_byte_array_unref(blob);
    g_string_free(h, TRUE);
    return FALSE;
  }
  g_string_append_printf(h, "blob %u\n", blob->len);
  g_string_append_len(h, (const char *)blob->data, blob->len);
  g_byte_array_unref(blob);
  /* g_file_set_contents writes a temporary file and renames it. */
  gboolean ok = g_file_set_contents(path, h->str, (gssize)h->len, &e);
  if (!ok) g_propagate_error(err, e);
  g_string_free(h, TRUE);
  return ok;
}

static gboolean bad(GError **err, const char *path, int line, const char *what) {
  g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s:%d: not a radiomix pipeline file (%s)", path, line, what);
  return FALSE;
}

RmxFittedPipeline *rmx_pipeline_load(const char *path, char ***in_names, size_t *n_in,
                                     GError **err) {
  char *text;
  gsize len;
  if (!g_file_get_contents(path, &text, &len, err)) return NULL;
  RmxFittedPipeline *f = g_new0(RmxFittedPipeline, 1);
  f->classifier_params = rmx_params_new();
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  GArray *center = g_array_new(FALSE, FALSE, sizeof(double));
  GArray *scale = g_array_new(FALSE, FALSE, sizeof(double));
  GArray *sel = g_array_new(FALSE, FALSE, sizeof(size_t));
  int scaler = -1, line = 0;
  const char *p = text, *end = text + len;
  gboolean ok = FALSE;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) {
      bad(err, path, line + 1, "truncated header");
      goto out;
    }
    char *l = g_strndup(p, (gsize)(nl - p));
    p = nl + 1;
    line++;
    char *sp = strchr(l, ' ');
    const char *arg = sp ? sp + 1 : "";
    if (sp) *sp = '\0';
    gboolean good = TRUE;
    if (line == 1) {
      good = sp && !strcmp(l, "radiomix-pipeline") && !strcmp(arg, "1");
    } else if (!strcmp(l, "classifier")) {
      f->classifier = rmx_registry_find(RMX_KIND_CLASSIFIER, arg);
      if (!f->classifier) {
        g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: needs classifier '%s', which no loaded plugin provides",
                    path, arg);
        g_free(l);
        goto out;
      }
    } else if (!strcmp(l, "param")) {
      const char *v = strchr(arg, ' ');
      if (!v) good = FALSE;
      else {
        char *k = g_strndup(arg, (gsize)(v - arg));
        rmx_params_set_text(f->classifier_params, k, v + 1);
        g_free(k);
      }
    } else if (!strcmp(l, "scaler")) {
      scaler = !strcmp(arg, "zscore") ? RMX_SCALE_ZSCORE : !strcmp(arg, "minmax") ? RMX_SCALE_MINMAX
               : !strcmp(arg, "none") ? 0 : -1;
      good = scaler >= 0;
    } else if (!strcmp(l, "column")) {
      char *e1, *e2;
      double c = g_ascii_strtod(arg, &e1), s = g_ascii_strtod(e1, &e2);
      good = e1 != arg && e2 != e1 && *e2 == ' ';
      if (good) {
        g_array_append_val(center, c);
        g_array_append_val(scale, s);
        g_ptr_array_add(names, g_strdup(e2 + 1));
      }
    } else if (!strcmp(l, "selected")) {
      char *e1;
      guint64 v = g_ascii_strtoull(arg, &e1, 10);
      size_t idx = (size_t)v;
      good = e1 != arg && !*e1;
      if (good) g_array_append_val(sel, idx);
    } else if (!strcmp(l, "blob")) {
      char *e1;
      guint64 n = g_ascii_strtoull(arg, &e1, 10);
      gboolean len_ok = e1 != arg && !*e1 && n == (guint64)(end - p);
      g_free(l); /* arg pointed into l */
      if (!len_ok) {
        bad(err, path, line, "blob length does not match the file");
        goto out;
      }
      if (!f->classifier || scaler < 0 || !names->len || !sel->len) {
        bad(err, path, line, "classifier, scaler, columns or selection missing");
        goto out;
      }
      for (guint i = 0; i < sel->len; i++)
        if (g_array_index(sel, size_t, i) >= names->len) {
          bad(err, path, line, "selected column out of range");
          goto out;
        }
      if (!rmx_call_load(f->classifier, f->classifier_params, p, (size_t)n, &f->model, err)) goto out;
      ok = TRUE;
      break;
    } else {
      good = FALSE;
    }
    g_free(l);
    if (!good) {
      bad(err, path, line, "unexpected line");
      goto out;
    }
  }
  if (!ok && err && !*err) bad(err, path, line, "no model bytes");
out:
  if (ok) {
    if (scaler) {
      f->scaler = g_new0(RmxScaler, 1);
      f->scaler->kind = scaler;
      f->scaler->ncols = names->len;
      f->scaler->center = (double *)(void *)g_array_free(center, FALSE);
      f->scaler->scale = (double *)(void *)g_array_free(scale, FALSE);
      f->scaler->var = g_new0(double, names->len);
      f->scaler->n = g_new0(size_t, names->len);
    } else {
      g_array_free(center, TRUE);
      g_array_free(scale, TRUE);
    }
    f->ncols = sel->len;
    f->cols = (size_t *)(void *)g_array_free(sel, FALSE);
    *n_in = names->len;
    g_ptr_array_add(names, NULL);
    *in_names = (char **)g_ptr_array_free(names, FALSE);
  } else {
    g_array_free(center, TRUE);
    g_array_free(scale, TRUE);
    g_array_free(sel, TRUE);
    g_ptr_array_free(names, TRUE);
    rmx_fitted_pipeline_free(f);
    f = NULL;
  }
  g_free(text);
  return f;
}
