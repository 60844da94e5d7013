/* ctx.c: the RmxHostApi implementation and validated component calls. */
#include "ctx.h"
#include "extract_prep.h"
#include "volume.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

struct RmxBlob { GByteArray *bytes; };

static int default_threads;
static uint64_t default_seed = 42;

void rmx_set_default_threads(int n) { default_threads = n < 0 ? 0 : n; }
int rmx_default_threads(void) {
  return default_threads > 0 ? default_threads : (int)g_get_num_processors();
}
void rmx_set_default_seed(uint64_t seed) { default_seed = seed; }
uint64_t rmx_default_seed(void) { return default_seed; }

void rmx_ctx_init(RmxCtx *ctx, const RmxComponent *comp, const RmxParams *params) {
  memset(ctx, 0, sizeof *ctx);
  ctx->comp = comp;
  ctx->params = params;
  ctx->seed = default_seed;
}

void rmx_ctx_clear(RmxCtx *ctx) {
  g_free(ctx->error);
  ctx->error = NULL;
}

void rmx_ctx_to_gerror(const RmxCtx *ctx, int status, GError **err) {
  const char *name = ctx->comp ? ctx->comp->u.hdr.name : "plugin";
  const char *msg = ctx->error ? ctx->error : "failed without a message";
  if (status == RMX_OK || status == RMX_SKIPPED) status = RMX_ERR_INTERNAL;
  g_set_error(err, RMX_ERROR, status, "%s: %s", name, msg);
}

/* ---------------------------------------------------------------- API */

static int api_fail(RmxCtx *ctx, int code, const char *fmt, ...) {
  if (!ctx) return code ? code : RMX_ERR_INTERNAL;
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  /* One line: a message is printed after the component's name. */
  for (char *p = msg; *p; p++)
    if (*p == '\n' || *p == '\r') *p = ' ';
  g_free(ctx->error);
  ctx->error = msg;
  ctx->status = code ? code : RMX_ERR_INTERNAL;
  return ctx->status;
}

static int log_threshold(void) {
  static int level = -1;
  if (level < 0) {
    const char *e = g_getenv("RADIOMIX_LOG");
    level = e ? atoi(e) : RMX_LOG_WARNING;
  }
  return level;
}

static const char *const log_words[] = {"error", "warning", "info", "debug"};

/* A warning repeated by every fit of a search (an MLP that did not converge)
 * is shown once, as Python's warnings are by default; the repeats are
 * counted and reported at exit. Errors and, below the default level, info
 * and debug lines are all shown. Keys are "component: message". */
static GMutex log_lock;
static GHashTable *log_seen; /* key -> repeat count (GUINT_TO_POINTER) */
static GPtrArray *log_order; /* keys in first-seen order */

static void log_repeats_report(void) {
  g_mutex_lock(&log_lock);
  for (guint i = 0; log_order && i < log_order->len; i++) {
    const char *key = log_order->pdata[i];
    guint n = GPOINTER_TO_UINT(g_hash_table_lookup(log_seen, key));
    if (n) fprintf(stderr, "radiomix: warning: %s (%u more time%s)\n", key, n, n == 1 ? "" : "s");
  }
  g_mutex_unlock(&log_lock);
}

/* TRUE when this warning was shown before (and counts it). */
static gboolean log_repeated(const char *key) {
  g_mutex_lock(&log_lock);
  if (!log_seen) {
    log_seen = g_hash_table_new(g_str_hash, g_str_equal);
    log_order = g_ptr_array_new(); /* keys live until exit, for the report */
    atexit(log_repeats_report);
  }
  gpointer orig, n;
  gboolean seen = g_hash_table_lookup_extended(log_seen, key, &orig, &n);
  if (seen) {
    g_hash_table_insert(log_seen, orig, GUINT_TO_POINTER(GPOINTER_TO_UINT(n) + 1));
  } else {
    char *k = g_strdup(key);
    g_hash_table_insert(log_seen, k, GUINT_TO_POINTER(0));
    g_ptr_array_add(log_order, k);
  }
  g_mutex_unlock(&log_lock);
  return seen;
}

static void api_log(RmxCtx *ctx, int level, const char *fmt, ...) {
  if (level > log_threshold()) return;
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  const char *who = ctx && ctx->comp ? ctx->comp->u.hdr.name
                    : ctx && ctx->init_plugin ? ctx->init_plugin->desc->name : "plugin";
  char *key = g_strdup_printf("%s: %s", who, msg);
  if (level != RMX_LOG_WARNING || !log_repeated(key))
    fprintf(stderr, "radiomix: %s: %s\n", log_words[CLAMP(level, 0, 3)], key);
  g_free(key);
  g_free(msg);
}

/* Component params first, then host-level settings. */
static const RmxValue *lookup(RmxCtx *ctx, const char *key) {
  const RmxValue *v = rmx_params_get(ctx->params, key);
  return v ? v : rmx_params_get(ctx->settings, key);
}

static int api_param_is_set(RmxCtx *ctx, const char *key) { return lookup(ctx, key) != NULL; }

static int api_param_bool(RmxCtx *ctx, const char *key) {
  const RmxValue *v = lookup(ctx, key);
  return v && (v->type == RMX_PARAM_BOOL ? v->b : v->d != 0);
}

static int64_t api_param_int(RmxCtx *ctx, const char *key) {
  const RmxValue *v = lookup(ctx, key);
  if (!v) return 0;
  return v->type == RMX_PARAM_INT ? v->i : v->type == RMX_PARAM_BOOL ? v->b : (int64_t)v->d;
}

static double api_param_double(RmxCtx *ctx, const char *key) {
  const RmxValue *v = lookup(ctx, key);
  if (!v) return 0;
  if (v->type == RMX_PARAM_LIST) return v->list->len ? g_array_index(v->list, double, 0) : 0;
  return v->type == RMX_PARAM_INT ? (double)v->i : v->type == RMX_PARAM_BOOL ? v->b : v->d;
}

static const char *api_param_string(RmxCtx *ctx, const char *key) {
  const RmxValue *v = lookup(ctx, key);
  return v && v->type == RMX_PARAM_STRING ? v->s : NULL;
}

static size_t api_param_list(RmxCtx *ctx, const char *key, const double **values) {
  const RmxValue *v = lookup(ctx, key);
  if (v && v->type == RMX_PARAM_LIST) {
    *values = (const double *)(const void *)v->list->data;
    return v->list->len;
  }
  if (v && (v->type == RMX_PARAM_DOUBLE || v->type == RMX_PARAM_INT)) {
    *values = &v->d;
    return 1;
  }
  *values = NULL;
  return 0;
}

static RmxVolume *api_volume_new(RmxCtx *ctx, int type, const size_t dim[3],
                                 const RmxVolume *geometry) {
  (void)ctx;
  return rmx_volume_new(type, dim, geometry);
}

static int api_emit(RmxCtx *ctx, const char *image_type, RmxVolume *vol) {
  if (!vol) return api_fail(ctx, RMX_ERR_INVALID, "emitted a NULL volume");
  if (!ctx->emit) {
    rmx_volume_free(vol);
    return api_fail(ctx, RMX_ERR_INTERNAL, "emit() called outside a filter call");
  }
  GError *err = NULL;
  if (!ctx->emit(ctx->emit_user, image_type, vol, &err)) {
    int code = err ? err->code : RMX_ERR_INTERNAL;
    api_fail(ctx, code, "%s", err ? err->message : "output refused");
    g_clear_error(&err);
    return code;
  }
  return RMX_OK;
}

static int api_output_region(RmxCtx *ctx, size_t lo[3], size_t hi[3]) {
  for (int a = 0; a < 3; a++) {
    lo[a] = ctx ? ctx->region_lo[a] : 0;
    hi[a] = ctx ? ctx->region_hi[a] : 0;
  }
  return ctx && ctx->has_region;
}

static RmxVolume *api_volume_new_region(RmxCtx *ctx, int type, const RmxVolume *geometry,
                                        const size_t lo[3], const size_t hi[3]) {
  (void)ctx;
  if (!geometry || !lo || !hi) return NULL;
  size_t dim[3];
  double lof[3];
  for (int a = 0; a < 3; a++) {
    if (lo[a] >= hi[a] || hi[a] > geometry->dim[a]) return NULL;
    dim[a] = hi[a] - lo[a];
    lof[a] = (double)lo[a];
  }
  RmxVolume *v = rmx_volume_new(type, dim, geometry);
  if (v) rmx_index_to_world(geometry, lof, v->origin); /* as rmx_crop places it */
  return v;
}

static void api_progress(RmxCtx *ctx, double fraction) {
  if (ctx && ctx->progress_fn) ctx->progress_fn(ctx->progress_user, CLAMP(fraction, 0.0, 1.0));
}

static int api_cancelled(RmxCtx *ctx) { return ctx && ctx->cancel_flag && *ctx->cancel_flag; }

static int api_blob_write(RmxBlob *blob, const void *data, size_t len) {
  if (!blob) return RMX_ERR_INVALID;
  g_byte_array_append(blob->bytes, data, (guint)len);
  return RMX_OK;
}

static uint64_t api_seed(RmxCtx *ctx) {
  const RmxValue *v = ctx ? rmx_params_get(ctx->params, "random_state") : NULL;
  if (v && (v->type == RMX_PARAM_INT || v->type == RMX_PARAM_DOUBLE))
    return (uint64_t)(v->type == RMX_PARAM_INT ? v->i : (int64_t)v->d);
  return ctx ? ctx->seed : default_seed;
}

static void *api_component_data(RmxCtx *ctx) {
  return ctx && ctx->comp ? ctx->comp->u.hdr.user_data : NULL;
}

static int api_register(RmxCtx *ctx, const RmxComponentHeader *klass) {
  if (!ctx || !ctx->init_plugin)
    return api_fail(ctx, RMX_ERR_INVALID, "register_component() outside plugin init");
  GError *err = NULL;
  if (!rmx_registry_add(ctx->init_plugin, klass, &err)) {
    int code = err->code;
    if (!ctx->init_error) ctx->init_error = g_error_copy(err);
    api_fail(ctx, code, "%s", err->message);
    g_error_free(err);
    return code;
  }
  return RMX_OK;
}

/* --------------------------------------------------------- parallel_for */

typedef struct {
  RmxCtx *parent;
  RmxParallelBody body;
  void *user;
  size_t n;
  gint next;        /* next index to take */
  int *status;      /* per index */
  char **messages;  /* per index, on failure */
  volatile int stop;
} Loop;

static GPrivate in_worker;

static void run_index(Loop *lp, size_t i) {
  RmxCtx child = *lp->parent;
  child.error = NULL;
  child.status = 0;
  int rc = lp->body(&child, lp->user, i);
  lp->status[i] = rc;
  if (rc != RMX_OK) {
    lp->messages[i] = child.error ? child.error : g_strdup("failed without a message");
    child.error = NULL;
    lp->stop = 1;
  }
  rmx_ctx_clear(&child);
}

static gpointer worker(gpointer data) {
  Loop *lp = data;
  g_private_set(&in_worker, GINT_TO_POINTER(1));
  for (;;) {
    size_t i = (size_t)g_atomic_int_add(&lp->next, 1);
    if (i >= lp->n || lp->stop) break;
    run_index(lp, i);
  }
  return NULL;
}

static int api_parallel_for(RmxCtx *ctx, size_t n, RmxParallelBody body, void *user) {
  if (n == 0) return RMX_OK;
  if (n > G_MAXINT) return api_fail(ctx, RMX_ERR_INVALID, "parallel_for: too many items");
  Loop lp = {ctx, body, user, n, 0, g_new0(int, n), g_new0(char *, n), 0};
  int threads = ctx->n_threads > 0 ? ctx->n_threads : rmx_default_threads();
  /* Nested loops run inline: the outer loop already uses every worker. */
  if (g_private_get(&in_worker)) threads = 1;
  threads = (int)MIN((size_t)threads, n);
  if (threads <= 1) {
    gpointer was = g_private_get(&in_worker);
    worker(&lp);
    g_private_set(&in_worker, was);
  } else {
    GThread **t = g_new(GThread *, threads);
    for (int k = 0; k < threads; k++) t[k] = g_thread_new("rmx-worker", worker, &lp);
    for (int k = 0; k < threads; k++) g_thread_join(t[k]);
    g_free(t);
  }
  /* The first failure by index, whatever the thread count. Items after a
   * failure may not have run; those before it all did. */
  int rc = RMX_OK;
  for (size_t i = 0; i < n; i++) {
    if (lp.status[i] != RMX_OK && rc == RMX_OK) {
      rc = api_fail(ctx, lp.status[i], "%s", lp.messages[i]);
    }
    g_free(lp.messages[i]);
  }
  g_free(lp.status);
  g_free(lp.messages);
  return rc;
}

const RmxHostApi rmx_host_api = {
    .struct_size = sizeof(RmxHostApi),
    .abi_major = RMX_ABI_MAJOR,
    .abi_minor = RMX_ABI_MINOR,
    .host_version = RMX_VERSION_STRING,
    .fail = api_fail,
    .log = api_log,
    .param_is_set = api_param_is_set,
    .param_bool = api_param_bool,
    .param_int = api_param_int,
    .param_double = api_param_double,
    .param_string = api_param_string,
    .param_list = api_param_list,
    .volume_new = api_volume_new,
    .volume_free = rmx_volume_free,
    .emit = api_emit,
    .progress = api_progress,
    .cancelled = api_cancelled,
    .blob_write = api_blob_write,
    .parallel_for = api_parallel_for,
    .seed = api_seed,
    .component_data = api_component_data,
    .register_component = api_register,
    .output_region = api_output_region,
    .volume_new_region = api_volume_new_region,
};

RmxBlob *rmx_blob_new(void) {
  RmxBlob *b = g_new0(RmxBlob, 1);
  b->bytes = g_byte_array_new();
  return b;
}

GBytes *rmx_blob_free_to_bytes(RmxBlob *b) {
  GBytes *out = g_byte_array_free_to_bytes(b->bytes);
  g_free(b);
  return out;
}

/* ------------------------------------------------------- validated calls */

static gboolean validate_for(const RmxComponent *c, RmxParams *params, GError **err) {
  const RmxParamSpec *const specs[] = {c->u.hdr.params, NULL};
  char *where = g_strdup_printf("%s '%s'", rmx_kind_name(c->kind), c->u.hdr.name);
  gboolean ok = rmx_params_validate(params, c->u.hdr.params ? specs : NULL, TRUE, where, err);
  g_free(where);
  return ok;
}

gboolean rmx_call_filter(const RmxComponent *c, RmxParams *params, const RmxParams *settings,
                         const RmxVolume *const *inputs, size_t n_inputs,
                         const RmxVolume *mask, RmxEmitFn emit, void *user, GError **err) {
  return rmx_call_filter_region(c, params, settings, inputs, n_inputs, mask, NULL, NULL, emit,
                                user, err);
}

gboolean rmx_call_filter_region(const RmxComponent *c, RmxParams *params,
                                const RmxParams *settings, const RmxVolume *const *inputs,
                                size_t n_inputs, const RmxVolume *mask, const size_t lo[3],
                                const size_t hi[3], RmxEmitFn emit, void *user, GError **err) {
  if (c->kind != RMX_KIND_FILTER) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "'%s' is not a filter", c->u.hdr.name);
    return FALSE;
  }
  if (n_inputs < c->u.filter.min_inputs || n_inputs > c->u.filter.max_inputs) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "filter '%s' takes %u to %u input volumes, got %zu",
                c->u.hdr.name, c->u.filter.min_inputs, c->u.filter.max_inputs, n_inputs);
    return FALSE;
  }
  if (lo && hi && n_inputs)
    for (int a = 0; a < 3; a++)
      if (lo[a] >= hi[a] || hi[a] > inputs[0]->dim[a]) {
        g_set_error(err, RMX_ERROR, RMX_ERR_INTERNAL,
                    "filter '%s': output region [%zu, %zu) outside axis %d of size %zu",
                    c->u.hdr.name, lo[a], hi[a], a, inputs[0]->dim[a]);
        return FALSE;
      }
  if (!validate_for(c, params, err)) return FALSE;
  RmxCtx ctx;
  rmx_ctx_init(&ctx, c, params);
  ctx.settings = settings;
  ctx.has_region = lo && hi && n_inputs;
  for (int a = 0; a < 3; a++) {
    ctx.region_lo[a] = ctx.has_region ? lo[a] : 0;
    ctx.region_hi[a] = ctx.has_region ? hi[a] : n_inputs ? inputs[0]->dim[a] : 0;
  }
  ctx.emit = emit;
  ctx.emit_user = user;
  int rc = c->u.filter.apply(&ctx, inputs, n_inputs, mask);
  if (rc != RMX_OK) rmx_ctx_to_gerror(&ctx, rc, err);
  rmx_ctx_clear(&ctx);
  return rc == RMX_OK;
}

gboolean rmx_call_family(const RmxComponent *c, const RmxParams *params,
                         const RmxParams *settings, const RmxFeatureInput *in,
                         const uint8_t *enabled, double *values, gboolean *skipped,
                         GError **err) {
  RmxCtx ctx;
  rmx_ctx_init(&ctx, c, params);
  ctx.settings = settings;
  if (skipped) *skipped = FALSE;
  for (size_t f = 0; f < c->n_features; f++) values[f] = NAN;
  int rc = c->u.family.compute(&ctx, in, enabled, values);
  if (rc == RMX_SKIPPED && skipped) *skipped = TRUE;
  if (rc != RMX_OK && rc != RMX_SKIPPED) rmx_ctx_to_gerror(&ctx, rc, err);
  rmx_ctx_clear(&ctx);
  return rc == RMX_OK || rc == RMX_SKIPPED;
}
