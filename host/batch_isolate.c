/* batch_isolate.c: one case of a batch in a child `radiomix extract` process, its CSV read back exactly. */
#include "batch_isolate.h"
#include "cli.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* One CSV field as csv_out.c writes it: plain, or quoted with "" for a quote. */
static char *unquote(const char *s) {
  if (*s != '"') return g_strdup(s);
  GString *o = g_string_new(NULL);
  for (const char *p = s + 1; *p; p++) {
    if (*p == '"') {
      if (p[1] != '"') break;
      p++;
    }
    g_string_append_c(o, *p);
  }
  return g_string_free(o, FALSE);
}

/* "feature,value" rows (%.17g reads back to the same double), then diagnostics_* rows. */
static RmxFeatureSet *read_case_csv(const char *path, char **why) {
  char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, NULL)) {
    *why = g_strdup("worker wrote no output");
    return NULL;
  }
  RmxFeatureSet *fs = rmx_feature_set_new();
  gchar **lines = g_strsplit(text, "\n", -1);
  g_free(text);
  for (int i = 1; lines[0] && lines[i]; i++) {
    char *l = lines[i], *comma = strchr(l, ',');
    if (!*l) continue;
    if (!comma) {
      *why = g_strdup_printf("worker output line %d is malformed", i + 1);
      rmx_feature_set_free(fs);
      fs = NULL;
      break;
    }
    *comma = '\0';
    char *name = unquote(l);
    if (g_str_has_prefix(name, "diagnostics_")) {
      g_ptr_array_add(fs->diag_names, name);
      g_ptr_array_add(fs->diag_values, unquote(comma + 1));
    } else {
      double v = g_ascii_strtod(comma + 1, NULL); /* also reads nan and inf */
      g_ptr_array_add(fs->names, name);
      g_array_append_val(fs->values, v);
    }
  }
  g_strfreev(lines);
  return fs;
}

void rmx_isolate_case(const RmxIsolateArgs *a, RmxBatchCase *c, int label) {
  char *dir = g_dir_make_tmp("rmx-isolate-XXXXXX", NULL);
  if (!dir) {
    c->error = g_strdup("cannot create a temporary folder for the worker");
    return;
  }
  char *out = g_build_filename(dir, "case.csv", NULL);
  char *exe = g_file_read_link("/proc/self/exe", NULL);
  GPtrArray *av = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(av, g_strdup(exe ? exe : "radiomix"));
  for (guint i = 0; rmx_cli_plugin_dir(i); i++) {
    g_ptr_array_add(av, g_strdup("--plugin-path"));
    g_ptr_array_add(av, g_strdup(rmx_cli_plugin_dir(i)));
  }
  const char *fixed[] = {"extract", c->image, c->mask, "-j", "1", "-o", out};
  for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++) g_ptr_array_add(av, g_strdup(fixed[i]));
  if (a->params) {
    g_ptr_array_add(av, g_strdup("-p"));
    g_ptr_array_add(av, g_strdup(a->params));
  }
  if (label > 0) {
    g_ptr_array_add(av, g_strdup("-l"));
    g_ptr_array_add(av, g_strdup_printf("%d", label));
  }
  gchar **sets = g_strsplit(a->set_text ? a->set_text : "", "\n", -1);
  for (int i = 0; sets[i]; i++)
    if (*sets[i]) {
      g_ptr_array_add(av, g_strdup("-s"));
      g_ptr_array_add(av, g_strdup(sets[i]));
    }
  g_strfreev(sets);
  if (a->diagnostics) g_ptr_array_add(av, g_strdup("--diagnostics"));
  g_ptr_array_add(av, NULL);

  char *err_text = NULL;
  int status = 0;
  GError *e = NULL;
  if (!g_spawn_sync(NULL, (char **)av->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                    &err_text, &status, &e)) {
    c->error = g_strdup_printf("cannot start a worker process: %s", e->message);
    g_error_free(e);
  } else if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    c->error = g_strdup_printf("worker process crashed (signal %d, %s); the other cases go on",
                               sig, g_strsignal(sig));
  } else if (WEXITSTATUS(status) != 0) {
    /* the child's own one-line error, without its "radiomix: extract: " prefix */
    char *line = g_strstrip(g_strdup(err_text ? err_text : ""));
    char *nl = strrchr(line, '\n');
    const char *msg = nl ? nl + 1 : line;
    if (g_str_has_prefix(msg, "radiomix: extract: ")) msg += strlen("radiomix: extract: ");
    c->error = g_strdup_printf("%s (worker exit %d)", *msg ? msg : "failed", WEXITSTATUS(status));
    g_free(line);
  } else {
    char *why = NULL;
    c->fs = read_case_csv(out, &why);
    if (!c->fs) c->error = why;
  }
  g_free(err_text);
  g_ptr_array_unref(av);
  unlink(out);
  rmdir(dir);
  g_free(out);
  g_free(dir);
  g_free(exe);
}
