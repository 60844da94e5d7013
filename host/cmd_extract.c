/* cmd_extract.c: `radiomix extract`, one case or a batch manifest run on a thread pool. */
#include "batch_isolate.h"
#include "batch_resume.h"
#include "csv_out.h"
#include "ctx.h"
#include "extract.h"
#include "registry.h"
#include "volume.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f) {
  fputs("usage: radiomix extract IMAGE MASK [options]\n"
        "       radiomix extract --batch MANIFEST.csv -o OUT.csv [options]\n\n"
        "Extracts PyRadiomics-compatible features (docs/extract.md).\n\n"
        "options:\n"
        "  -p, --params FILE    PyRadiomics parameter file (.yaml) or Lua file returning the same table\n"
        "  -o, --out FILE       output CSV (default: standard output); written atomically\n"
        "  -l, --label N        mask label (default: the 'label' setting, 1)\n"
        "  -s, --set KEY=VALUE  override a setting (repeatable), e.g. -s binWidth=10\n"
        "  --batch MANIFEST     cases from a CSV with columns ID,Image,Mask[,Label]\n"
        "  --no-resume          batch: ignore OUT.csv.partial (the checkpoint a killed run leaves)\n"
        "  --isolate            batch: each case in its own worker process (a crash fails one case)\n"
        "  -j, --threads N      batch: cases in parallel; single case: worker threads\n"
        "  --diagnostics        add diagnostics_* rows (columns in batch mode)\n"
        "  --timings            print per-stage times to stderr\n"
        "  --plugin-path DIR    search DIR for plugins first (repeatable)\n"
        "  -h, --help           this text\n\n"
        "exit codes: 0 ok, 2 usage or parameter file error, 3 input/data error (in batch\n"
        "mode: at least one case failed; the others are written), 4 plugin failure.\n",
        f);
}

typedef struct Opts {
  const char *image, *mask, *params, *out, *batch;
  int label, threads;
  gboolean timings, diagnostics, no_resume, isolate;
  RmxParams *overrides;
  GString *set_text; /* the -s arguments, for the batch checkpoint's fingerprint */
} Opts;

static gboolean parse_int(const char *s, int lo, int *out) {
  char *end;
  long v = strtol(s, &end, 10);
  if (!*s || *end || v < lo || v > G_MAXINT) return FALSE;
  *out = (int)v;
  return TRUE;
}

static int parse_args(int argc, char **argv, Opts *o) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout);
      return -1;
    }
    if (!strcmp(a, "--timings")) { o->timings = TRUE; continue; }
    if (!strcmp(a, "--diagnostics")) { o->diagnostics = TRUE; continue; }
    if (!strcmp(a, "--no-resume")) { o->no_resume = TRUE; continue; }
    if (!strcmp(a, "--isolate")) { o->isolate = TRUE; continue; }
    if (a[0] == '-' && a[1]) {
      static const char *const with_value[] = {"-p", "--params", "-o", "--out", "-l", "--label", "-s",
                                               "--set", "--batch", "-j", "--threads", "--plugin-path", NULL};
      gboolean known = FALSE;
      for (int k = 0; with_value[k]; k++) known = known || !strcmp(a, with_value[k]);
      if (!known) return rmx_die(RMX_EXIT_USAGE, "extract: unknown option '%s' (see radiomix extract --help)", a);
      if (i + 1 >= argc) return rmx_die(RMX_EXIT_USAGE, "extract: option %s needs a value", a);
      const char *v = argv[++i];
      if (!strcmp(a, "-p") || !strcmp(a, "--params")) o->params = v;
      else if (!strcmp(a, "-o") || !strcmp(a, "--out")) o->out = v;
      else if (!strcmp(a, "--batch")) o->batch = v;
      else if (!strcmp(a, "--plugin-path")) rmx_cli_add_plugin_dir(v);
      else if (!strcmp(a, "-l") || !strcmp(a, "--label")) {
        if (!parse_int(v, 1, &o->label))
          return rmx_die(RMX_EXIT_USAGE, "extract: option %s: '%s' is not a positive integer", a, v);
      } else if (!strcmp(a, "-j") || !strcmp(a, "--threads")) {
        if (!parse_int(v, 0, &o->threads))
          return rmx_die(RMX_EXIT_USAGE, "extract: option %s: '%s' is not a non-negative integer", a, v);
      } else {
        const char *eq = strchr(v, '=');
        if (!eq || eq == v)
          return rmx_die(RMX_EXIT_USAGE, "extract: option %s: expected KEY=VALUE, got '%s'", a, v);
        char *key = g_strndup(v, (gsize)(eq - v));
        rmx_params_set_text(o->overrides, key, eq + 1);
        g_string_append_printf(o->set_text, "%s\n", v);
        g_free(key);
      }
      continue;
    }
    if (!o->image) o->image = a;
    else if (!o->mask) o->mask = a;
    else return rmx_die(RMX_EXIT_USAGE, "extract: unexpected argument '%s'", a);
  }
  if (o->batch) {
    if (o->image) return rmx_die(RMX_EXIT_USAGE, "extract: --batch takes no IMAGE/MASK arguments");
    if (!o->out) return rmx_die(RMX_EXIT_USAGE, "extract: --batch needs -o OUT.csv");
  } else if (!o->image || !o->mask) {
    return rmx_die(RMX_EXIT_USAGE, "extract: need IMAGE and MASK (see radiomix extract --help)");
  }
  return 0;
}

static void print_timings(const char *who, const RmxFeatureSet *fs) {
  for (guint i = 0; i < fs->stage_names->len; i++)
    fprintf(stderr, "timing%s%s: %-22s %.4f s\n", who ? " " : "", who ? who : "",
            (const char *)fs->stage_names->pdata[i], g_array_index(fs->stage_seconds, double, i));
}

/* ---------------------------------------------------------------- batch */

typedef struct Batch {
  const RmxExtractor *ex;
  GPtrArray *cases;
  int default_label;
  gboolean diagnostics;
  GMutex lock;
  guint done, total;
  gint64 start;
  gboolean tty;
  RmxCheckpoint *cp; /* finished cases, appended as they finish */
  gboolean cp_warned;
  gboolean isolate;  /* cases run in worker processes */
  RmxIsolateArgs iso;
} Batch;

static void progress(Batch *b) {
  if (!b->tty) return;
  double el = (double)(g_get_monotonic_time() - b->start) * 1e-6;
  double left = b->done ? el / b->done * (b->total - b->done) : 0;
  int width = 30, fill = (int)((double)width * b->done / b->total);
  fprintf(stderr, "\r[%.*s%*s] %u/%u cases, ~%.0f s left ", fill,
          "##############################", width - fill, "", b->done, b->total, left);
  if (b->done == b->total) fputc('\n', stderr);
  fflush(stderr);
}

/* Counts a finished case, checkpoints it, reports its error. */
static void finish_case(Batch *b, RmxBatchCase *c) {
  g_mutex_lock(&b->lock);
  b->done++;
  GError *ke = NULL;
  if (c->fs && b->cp && !rmx_checkpoint_add(b->cp, c, &ke) && !b->cp_warned) {
    fprintf(stderr, "radiomix: warning: extract: %s (a killed run will not resume)\n", ke->message);
    b->cp_warned = TRUE;
  }
  g_clear_error(&ke);
  if (c->error) {
    if (b->tty) fputc('\n', stderr);
    fprintf(stderr, "radiomix: extract: case %s (line %d): %s\n", c->id, c->line, c->error);
  }
  progress(b);
  g_mutex_unlock(&b->lock);
}

/* One task: the cases sharing an image, so it is read once. */
static void batch_task(gpointer data, gpointer user) {
  GPtrArray *group = data;
  Batch *b = user;
  if (b->isolate) { /* each case reads its own image in its worker */
    for (guint i = 0; i < group->len; i++) {
      RmxBatchCase *c = group->pdata[i];
      rmx_isolate_case(&b->iso, c, c->label > 0 ? c->label : b->default_label);
      finish_case(b, c);
    }
    g_ptr_array_unref(group);
    return;
  }
  GError *e = NULL;
  const RmxBatchCase *first = group->pdata[0];
  gint64 t0 = g_get_monotonic_time();
  RmxVolume *image = rmx_nrrd_read(first->image, &e);
  double t_read = (double)(g_get_monotonic_time() - t0) * 1e-6;
  for (guint i = 0; i < group->len; i++) {
    RmxBatchCase *c = group->pdata[i];
    if (!image) {
      c->error = g_strdup(e->message);
    } else {
      RmxFeatureSet *fs = rmx_feature_set_new();
      fs->want_diagnostics = b->diagnostics;
      if (i == 0) rmx_feature_set_add_time(fs, "read", t_read);
      GError *ce = NULL;
      int label = c->label > 0 ? c->label : b->default_label;
      if (rmx_extract_mask_file(b->ex, image, c->mask, label, fs, &ce)) {
        c->fs = fs;
      } else {
        c->error = g_strdup(ce ? ce->message : "failed");
        rmx_feature_set_free(fs);
      }
      g_clear_error(&ce);
    }
    finish_case(b, c);
  }
  g_clear_error(&e);
  rmx_volume_free(image);
  g_ptr_array_unref(group);
}

static int run_batch(const RmxExtractor *ex, const Opts *o) {
  GError *e = NULL;
  GPtrArray *cases = rmx_manifest_read(o->batch, &e);
  if (!cases) {
    int rc = rmx_die(RMX_EXIT_USAGE, "extract: %s", e->message);
    g_error_free(e);
    return rc;
  }
  int n = o->threads > 0 ? o->threads : rmx_default_threads();
  if (n <= 0) n = (int)g_get_num_processors();
  /* cases run in parallel; components inside a case stay single-threaded */
  if (n > 1) rmx_set_default_threads(1);
  Batch b = {.ex = ex, .cases = cases, .default_label = o->label > 0 ? o->label : -1,
             .diagnostics = o->diagnostics,
             .total = cases->len, .start = g_get_monotonic_time(), .tty = isatty(STDERR_FILENO),
             .isolate = o->isolate, .iso = {o->params, o->set_text->str, o->diagnostics}};
  /* checkpoint: cases a killed run finished are taken from OUT.csv.partial */
  char *fp = rmx_checkpoint_fingerprint(o->params, o->set_text->str, b.default_label, o->diagnostics);
  guint restored = 0;
  b.cp = rmx_checkpoint_open(o->out, fp, cases, !o->no_resume, &restored, &e);
  g_free(fp);
  if (!b.cp) {
    fprintf(stderr, "radiomix: warning: extract: %s (a killed run will not resume)\n", e->message);
    g_clear_error(&e);
  } else if (restored) {
    fprintf(stderr, "radiomix: extract: resuming: %u of %u cases done in %s\n", restored,
            cases->len, rmx_checkpoint_path(b.cp));
  }
  b.done = restored;
  g_mutex_init(&b.lock);
  /* group by image path, keeping manifest order for the output */
  GHashTable *groups = g_hash_table_new(g_str_hash, g_str_equal);
  GPtrArray *order = g_ptr_array_new();
  for (guint i = 0; i < cases->len; i++) {
    RmxBatchCase *c = cases->pdata[i];
    if (c->fs) continue; /* restored from the checkpoint */
    GPtrArray *g = g_hash_table_lookup(groups, c->image);
    if (!g) {
      g = g_ptr_array_new();
      g_hash_table_insert(groups, c->image, g);
      g_ptr_array_add(order, g);
    }
    g_ptr_array_add(g, c);
  }
  GThreadPool *pool = g_thread_pool_new(batch_task, &b, n, TRUE, NULL);
  for (guint i = 0; i < order->len; i++) g_thread_pool_push(pool, order->pdata[i], NULL);
  g_thread_pool_free(pool, FALSE, TRUE);
  g_hash_table_destroy(groups);
  g_ptr_array_unref(order);
  g_mutex_clear(&b.lock);

  guint failed = 0;
  for (guint i = 0; i < cases->len; i++) {
    RmxBatchCase *c = cases->pdata[i];
    failed += c->error != NULL;
    if (o->timings && c->fs) print_timings(c->id, c->fs);
  }
  int rc = RMX_EXIT_OK;
  gboolean written = rmx_csv_write_batch(o->out, cases, o->diagnostics, &e);
  /* the checkpoint goes once the CSV is in place; kept if that write failed */
  rmx_checkpoint_close(b.cp, written);
  if (!written) {
    rc = rmx_die(RMX_EXIT_INPUT, "extract: %s", e->message);
    g_error_free(e);
  } else if (failed) {
    fprintf(stderr, "radiomix: extract: %u of %u cases failed\n", failed, cases->len);
    rc = RMX_EXIT_INPUT;
  }
  g_ptr_array_unref(cases);
  return rc;
}

/* Opens only the plugins this configuration uses: its families (every one
 * when it names none) and the filters of its image types (loader.c). */
static void load_needed_plugins(const RmxExtractConfig *cfg) {
  guint n = cfg->families->len + cfg->image_types->len;
  int *kinds = g_new(int, n ? n : 1);
  const char **names = g_new(const char *, n ? n : 1);
  RmxLoadNeed need = {cfg->families->len ? 0u : 1u << RMX_KIND_FEATURES, kinds, names, 0};
  for (guint i = 0; i < cfg->families->len; i++) {
    kinds[need.n] = RMX_KIND_FEATURES;
    names[need.n++] = ((const RmxFamilyCfg *)cfg->families->pdata[i])->name;
  }
  for (guint i = 0; i < cfg->image_types->len; i++) {
    const char *t = ((const RmxImageTypeCfg *)cfg->image_types->pdata[i])->name;
    if (g_ascii_strcasecmp(t, "Original")) {
      kinds[need.n] = RMX_KIND_FILTER;
      names[need.n++] = t;
    }
  }
  rmx_cli_load_plugins_for(FALSE, &need);
  g_free(kinds);
  g_free(names);
}

int rmx_cmd_extract(int argc, char **argv) {
  Opts o = {.overrides = rmx_params_new(), .set_text = g_string_new("")};
  int rc = parse_args(argc, argv, &o);
  if (rc) {
    g_string_free(o.set_text, TRUE);
    rmx_params_free(o.overrides);
    return rc < 0 ? RMX_EXIT_OK : rc;
  }
  if (!o.batch && o.threads > 0) rmx_set_default_threads(o.threads);
  GError *e = NULL;
  RmxExtractConfig *cfg = o.params ? rmx_param_file_read(o.params, &e) : rmx_extract_config_new();
  if (!cfg) {
    rc = rmx_die(e->code == RMX_ERR_IO ? RMX_EXIT_INPUT : RMX_EXIT_USAGE, "extract: %s", e->message);
    g_error_free(e);
    rmx_params_free(o.overrides);
    g_string_free(o.set_text, TRUE);
    return rc;
  }
  load_needed_plugins(cfg);
  if (rmx_params_size(o.overrides)) {
    g_free(cfg->source);
    cfg->source = g_strdup(o.params ? o.params : "command line");
  }
  RmxExtractor *ex = rmx_extractor_new(cfg, o.overrides, &e);
  rmx_extract_config_free(cfg);
  rmx_params_free(o.overrides);
  if (!ex) {
    rc = rmx_die(rmx_extract_exit_code(e), "extract: %s", e->message);
    g_error_free(e);
    g_string_free(o.set_text, TRUE);
    return rc;
  }
  if (o.batch) {
    rc = run_batch(ex, &o);
  } else {
    RmxFeatureSet *fs = rmx_feature_set_new();
    fs->want_diagnostics = o.diagnostics;
    if (!rmx_extract_files(ex, o.image, o.mask, o.label > 0 ? o.label : -1, fs, &e)) {
      rc = rmx_die(rmx_extract_exit_code(e), "extract: %s (mask %s): %s", o.image, o.mask, e->message);
      g_clear_error(&e);
    } else if (!rmx_csv_write_case(o.out, fs, o.diagnostics, &e)) {
      rc = rmx_die(RMX_EXIT_INPUT, "extract: %s", e->message);
      g_clear_error(&e);
    } else if (o.timings) {
      print_timings(NULL, fs);
    }
    rmx_feature_set_free(fs);
  }
  rmx_extractor_free(ex);
  g_string_free(o.set_text, TRUE);
  return rc;
}
