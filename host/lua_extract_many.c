/* lua_extract_many.c: radiomix.extract_many, parallel extraction of many cases for workflows. */
#include "ctx.h"
#include "extract.h"
#include "lua_module.h"
#include "volume.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  char *image, *mask;
  int label;
  RmxFeatureSet *fs;
  char *error;
} Case;

typedef struct {
  const RmxExtractor *ex;
  Case *cases;
  GPtrArray *groups; /* GArray of case indices sharing one image */
  gint done;
  size_t total;
  gboolean show;
  gint64 t0;
  GMutex lock;
} Job;

static void show_progress(Job *j) {
  if (!j->show) return;
  int done = g_atomic_int_get(&j->done);
  double el = (double)(g_get_monotonic_time() - j->t0) / 1e6;
  double left = done ? el / done * ((double)j->total - done) : 0;
  g_mutex_lock(&j->lock);
  fprintf(stderr, "\rextract    %d/%zu cases, %.0fs elapsed, ~%.0fs left\033[K", done, j->total, el,
          left);
  g_mutex_unlock(&j->lock);
}

/* One image group: the image is read once for all its masks. */
static int run_group(RmxCtx *ctx, void *user, size_t g) {
  (void)ctx;
  Job *j = user;
  GArray *idx = j->groups->pdata[g];
  Case *first = &j->cases[g_array_index(idx, size_t, 0)];
  GError *err = NULL;
  RmxVolume *img = rmx_nrrd_read(first->image, &err);
  for (guint k = 0; k < idx->len; k++) {
    Case *c = &j->cases[g_array_index(idx, size_t, k)];
    if (!img) {
      c->error = g_strdup(err->message);
    } else {
      GError *e = NULL;
      RmxFeatureSet *fs = rmx_feature_set_new();
      if (rmx_extract_mask_file(j->ex, img, c->mask, c->label, fs, &e)) {
        c->fs = fs;
      } else {
        c->error = g_strdup(e ? e->message : "failed");
        rmx_feature_set_free(fs);
      }
      g_clear_error(&e);
    }
    g_atomic_int_inc(&j->done);
    show_progress(j);
  }
  g_clear_error(&err);
  rmx_volume_free(img);
  return RMX_OK; /* a failing case never stops the others */
}

static char *field_str(lua_State *L, int t, const char *k, gboolean required) {
  lua_getfield(L, t, k);
  const char *s = lua_tostring(L, -1);
  if (!s && required) luaL_error(L, "extract_many: every case needs a string field '%s'", k);
  char *r = g_strdup(s);
  lua_pop(L, 1);
  return r;
}

/* radiomix.extract_many(cases, params, [opts]) -> results
 *   cases: array of {image = path, mask = path, [label = n]}
 *   params: parameter table (as radiomix.extract) or parameter-file path
 *   opts.progress: show a progress line on a terminal (default true)
 *   results[i]: {names = {...}, values = {...}} in PyRadiomics order, or {error = msg}
 * Cases run in parallel on radiomix.threads() workers; each image is read once. */
static int l_extract_many(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  size_t n = (size_t)luaL_len(L, 1);
  GError *e = NULL;
  RmxExtractConfig *cfg;
  if (lua_type(L, 2) == LUA_TSTRING) cfg = rmx_param_file_read(lua_tostring(L, 2), &e);
  else cfg = rmx_param_from_lua(L, 2, "radiomix.extract_many params", &e);
  if (!cfg) {
    lua_pushfstring(L, "radiomix.extract_many: %s", e->message);
    g_error_free(e);
    return lua_error(L);
  }
  gboolean show = TRUE;
  if (lua_istable(L, 3)) {
    lua_getfield(L, 3, "progress");
    if (!lua_isnil(L, -1)) show = lua_toboolean(L, -1);
    lua_pop(L, 1);
  }
  rmx_cli_load_plugins(TRUE);
  RmxExtractor *ex = rmx_extractor_new(cfg, NULL, &e);
  rmx_extract_config_free(cfg);
  if (!ex) {
    lua_pushfstring(L, "radiomix.extract_many: %s", e->message);
    g_error_free(e);
    return lua_error(L);
  }
  Case *cases = g_new0(Case, n ? n : 1);
  GHashTable *by_image = g_hash_table_new(g_str_hash, g_str_equal);
  GPtrArray *groups = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
  for (size_t i = 0; i < n; i++) {
    lua_rawgeti(L, 1, (lua_Integer)i + 1);
    if (!lua_istable(L, -1)) {
      lua_pop(L, 1);
      cases[i].error = g_strdup("case is not a table");
      continue;
    }
    int t = lua_gettop(L);
    lua_getfield(L, t, "label");
    cases[i].label = lua_isnil(L, -1) ? -1 : (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    lua_getfield(L, t, "image");
    lua_getfield(L, t, "mask");
    if (!lua_isstring(L, -1) || !lua_isstring(L, -2)) {
      cases[i].error = g_strdup("case needs string fields 'image' and 'mask'");
      lua_pop(L, 3);
      continue;
    }
    lua_pop(L, 2);
    cases[i].image = field_str(L, t, "image", FALSE);
    cases[i].mask = field_str(L, t, "mask", FALSE);
    lua_pop(L, 1);
    GArray *grp = g_hash_table_lookup(by_image, cases[i].image);
    if (!grp) {
      grp = g_array_new(FALSE, FALSE, sizeof(size_t));
      g_ptr_array_add(groups, grp);
      g_hash_table_insert(by_image, cases[i].image, grp);
    }
    g_array_append_val(grp, i);
  }
  Job job = {ex, cases, groups, 0, n, show && isatty(2), g_get_monotonic_time(), {0}};
  g_mutex_init(&job.lock);
  RmxCtx ctx;
  rmx_ctx_init(&ctx, NULL, NULL);
  rmx_host_api.parallel_for(&ctx, groups->len, run_group, &job);
  rmx_ctx_clear(&ctx);
  if (job.show) fprintf(stderr, "\r\033[K");
  g_mutex_clear(&job.lock);
  g_hash_table_destroy(by_image);
  g_ptr_array_free(groups, TRUE);
  rmx_extractor_free(ex);

  /* Move results to Lua, freeing as we go (no Lua error can happen midway
   * except out-of-memory, which ends the script anyway). */
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    Case *c = &cases[i];
    lua_createtable(L, 0, 2);
    if (c->fs) {
      guint m = c->fs->names->len;
      lua_createtable(L, (int)m, 0);
      lua_createtable(L, (int)m, 0);
      for (guint f = 0; f < m; f++) {
        lua_pushstring(L, c->fs->names->pdata[f]);
        lua_rawseti(L, -3, f + 1);
        lua_pushnumber(L, g_array_index(c->fs->values, double, f));
        lua_rawseti(L, -2, f + 1);
      }
      lua_setfield(L, -3, "values");
      lua_setfield(L, -2, "names");
    } else {
      lua_pushstring(L, c->error ? c->error : "not run");
      lua_setfield(L, -2, "error");
    }
    lua_rawseti(L, -2, (lua_Integer)i + 1);
    rmx_feature_set_free(c->fs);
    g_free(c->error);
    g_free(c->image);
    g_free(c->mask);
  }
  g_free(cases);
  return 1;
}

void rmx_lua_open_extract_many(lua_State *L, int mod);
void rmx_lua_open_extract_many(lua_State *L, int mod) {
  lua_pushcfunction(L, l_extract_many);
  lua_setfield(L, mod, "extract_many");
}
