/* lua_models.c: Lua bindings of classifiers (fit, predict, decision, shap, save, load), selectors (score) and the ensemble vote. */
#include "lua_models.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ctx.h"
#include "lua_ml.h"
#include "lua_module.h"
#include "ml_calls.h"
#include "volume.h"

#define MODEL_MAGIC "radiomix-model 1"

typedef struct LModel {
  const RmxComponent *c;
  RmxParams *params;
  void *model;  /* NULL until fitted or loaded */
  char **cols;  /* training column names (NULL-terminated) */
  size_t ncols;
} LModel;

typedef struct LSel {
  const RmxComponent *c;
  RmxParams *params;
} LSel;

static const RmxComponent *find(lua_State *L, int kind, const char *name) {
  const RmxComponent *c = rmx_registry_find(kind, name);
  if (!c) luaL_error(L, "no %s named '%s' (see radiomix.components())", rmx_kind_name(kind), name);
  return c;
}

static LModel *check_model(lua_State *L, int idx) { return luaL_checkudata(L, idx, RMX_CLASSIFIER_MT); }

static LModel *check_fitted(lua_State *L, int idx) {
  LModel *m = check_model(L, idx);
  if (!m->model) luaL_error(L, "classifier '%s' is not fitted (call fit or load first)", m->c->u.hdr.name);
  return m;
}

static void model_reset(LModel *m) {
  if (m->model) rmx_call_model_free(m->c, m->model);
  m->model = NULL;
  g_strfreev(m->cols);
  m->cols = NULL;
  m->ncols = 0;
}

static int model_gc(lua_State *L) {
  LModel *m = check_model(L, 1);
  model_reset(m);
  rmx_params_free(m->params);
  m->params = NULL;
  return 0;
}

static void push_model_mt(lua_State *L);

static LModel *push_model(lua_State *L, const RmxComponent *c) {
  LModel *m = lua_newuserdatauv(L, sizeof *m, 0);
  memset(m, 0, sizeof *m);
  push_model_mt(L);
  lua_setmetatable(L, -2);
  m->c = c;
  m->params = rmx_params_new();
  return m;
}

/* radiomix.classifier(name [, params]) */
static int l_classifier(lua_State *L) {
  const RmxComponent *c = find(L, RMX_KIND_CLASSIFIER, luaL_checkstring(L, 1));
  lua_settop(L, 2);
  LModel *m = push_model(L, c);
  if (!lua_isnil(L, 2)) rmx_lua_table_to_params(L, 2, m->params);
  /* validate now, so a bad parameter fails where it is written */
  const RmxParamSpec *const specs[] = {c->u.hdr.params, NULL};
  GError *err = NULL;
  char *where = g_strdup_printf("classifier '%s'", c->u.hdr.name);
  gboolean ok = rmx_params_validate(m->params, c->u.hdr.params ? specs : NULL, TRUE, where, &err);
  g_free(where);
  if (!ok) return rmx_lua_gerror(L, err);
  return 1;
}

/* Labels: an array of numbers, or the label column of the table X. */
static double *labels_arg(lua_State *L, int idx, const RmxTable *X) {
  size_t n = 0;
  double *y;
  if (lua_isnoneornil(L, idx)) {
    if (!X->label) luaL_error(L, "labels: none given and the table has no label column");
    y = lua_newuserdatauv(L, sizeof(double) * (X->nrows ? X->nrows : 1), 0);
    memcpy(y, X->label, sizeof(double) * X->nrows);
    n = X->nrows;
  } else {
    y = rmx_lua_check_numbers(L, idx, &n, "labels");
  }
  if (n != X->nrows) luaL_error(L, "labels: %d values for %d rows", (int)n, (int)X->nrows);
  return y;
}

static int m_fit(lua_State *L) {
  lua_settop(L, 4); /* fixed argument slots: helpers push their buffers above */
  LModel *m = check_model(L, 1);
  RmxTable *X = rmx_lua_check_table(L, 2);
  double *y = labels_arg(L, 3, X);
  double *w = NULL;
  if (!lua_isnoneornil(L, 4)) {
    size_t nw;
    w = rmx_lua_check_numbers(L, 4, &nw, "sample weights");
    if (nw != X->nrows) luaL_error(L, "sample weights: %d values for %d rows", (int)nw, (int)X->nrows);
  }
  RmxMatrix M = rmx_table_matrix(X);
  void *model = NULL;
  GError *err = NULL;
  if (!rmx_call_fit(m->c, m->params, &M, y, w, &model, &err)) return rmx_lua_gerror(L, err);
  model_reset(m);
  m->model = model;
  m->ncols = X->ncols;
  m->cols = g_strdupv(X->names);
  lua_settop(L, 1);
  return 1;
}

/* The matrix of X after checking its columns are the training columns. */
static RmxMatrix input_matrix(lua_State *L, const LModel *m, const RmxTable *X, const char *what) {
  if (X->ncols != m->ncols)
    luaL_error(L, "classifier '%s': %s has %d feature columns; the model was fitted on %d",
               m->c->u.hdr.name, what, (int)X->ncols, (int)m->ncols);
  for (size_t j = 0; j < X->ncols; j++)
    if (m->cols && strcmp(m->cols[j], X->names[j]) != 0)
      luaL_error(L, "classifier '%s': %s column %d is '%s', but the model was fitted with '%s' there",
                 m->c->u.hdr.name, what, (int)j + 1, X->names[j], m->cols[j]);
  return rmx_table_matrix(X);
}

static int predict_kind(lua_State *L, int decision) {
  LModel *m = check_fitted(L, 1);
  RmxTable *X = rmx_lua_check_table(L, 2);
  RmxMatrix M = input_matrix(L, m, X, "input");
  double *out = lua_newuserdatauv(L, sizeof(double) * (X->nrows ? X->nrows : 1), 0);
  GError *err = NULL;
  gboolean ok = decision ? rmx_call_decision(m->c, m->params, m->model, &M, out, &err)
                         : rmx_call_predict(m->c, m->params, m->model, &M, out, &err);
  if (!ok) return rmx_lua_gerror(L, err);
  rmx_lua_push_numbers(L, out, X->nrows);
  return 1;
}

static int m_predict(lua_State *L) { return predict_kind(L, 0); }
static int m_decision(lua_State *L) { return predict_kind(L, 1); }

static lua_Integer opt_int_field(lua_State *L, int idx, const char *key, lua_Integer dflt) {
  if (lua_isnoneornil(L, idx)) return dflt;
  lua_getfield(L, idx, key);
  lua_Integer v = lua_isnil(L, -1) ? dflt : luaL_checkinteger(L, -1);
  lua_pop(L, 1);
  return v;
}

/* clf:shap(X [, background] [, {sampling = bool, n_permutations = n, seed = s}]) -> Table */
static int m_shap(lua_State *L) {
  lua_settop(L, 4);
  LModel *m = check_fitted(L, 1);
  RmxTable *X = rmx_lua_check_table(L, 2);
  RmxTable *B = NULL;
  int opt = 3;
  if (rmx_lua_to_table(L, 3)) {
    B = rmx_lua_check_table(L, 3);
    opt = 4;
  } else if (!lua_isnoneornil(L, 3) && !lua_istable(L, 3)) {
    luaL_argerror(L, 3, "expected a background Table or an options table");
  }
  if (!lua_isnoneornil(L, opt)) luaL_checktype(L, opt, LUA_TTABLE);
  gboolean sampling = FALSE;
  if (!lua_isnoneornil(L, opt)) {
    lua_getfield(L, opt, "sampling");
    sampling = lua_toboolean(L, -1);
    lua_pop(L, 1);
  }
  lua_Integer nperm = opt_int_field(L, opt, "n_permutations", 200);
  lua_Integer seed = opt_int_field(L, opt, "seed", (lua_Integer)rmx_default_seed());
  if (nperm < 1) luaL_error(L, "shap: n_permutations must be >= 1, got %d", (int)nperm);
  RmxMatrix M = input_matrix(L, m, X, "input"), BM;
  if (B) BM = input_matrix(L, m, B, "background");
  size_t n = X->nrows, p = X->ncols;
  double *phi = g_new0(double, n * (p + 1) + 1);
  GError *err = NULL;
  if (!rmx_call_shap(m->c, m->params, m->model, &M, B ? &BM : NULL, sampling, (size_t)nperm,
                     (uint64_t)seed, phi, &err)) {
    g_free(phi);
    return rmx_lua_gerror(L, err);
  }
  char **names = g_new0(char *, p + 2);
  for (size_t j = 0; j < p; j++) names[j] = X->names[j];
  names[p] = "base_value";
  RmxTable *out = rmx_table_new(n, p + 1, (const char *const *)names);
  g_free(names);
  memcpy(out->data, phi, sizeof(double) * n * (p + 1));
  g_free(phi);
  if (X->id_text >= 0) {
    char **ids = g_new(char *, n ? n : 1);
    for (size_t r = 0; r < n; r++) ids[r] = g_strdup(rmx_table_id(X, r));
    rmx_table_set_id(out, X->text_names[X->id_text], ids);
  }
  rmx_lua_push_table(L, out);
  return 1;
}

/* File: magic line, "classifier NAME", "param KEY VALUE"..., "column NAME"..., "blob LEN", bytes. */
static int m_save(lua_State *L) {
  LModel *m = check_fitted(L, 1);
  const char *path = luaL_checkstring(L, 2);
  GByteArray *b = g_byte_array_new();
  GString *h = g_string_new(MODEL_MAGIC "\n");
  g_string_append_printf(h, "classifier %s\n", m->c->u.hdr.name);
  for (guint i = 0; i < rmx_params_size(m->params); i++) {
    const char *key = rmx_params_key(m->params, i);
    const RmxValue *v = rmx_params_get(m->params, key);
    if (v->type == RMX_PARAM_STRING && v->s && strchr(v->s, '\n')) continue;
    char *t = rmx_value_to_string(v);
    g_string_append_printf(h, "param %s %s\n", key, t);
    g_free(t);
  }
  for (size_t j = 0; j < m->ncols; j++) g_string_append_printf(h, "column %s\n", m->cols[j]);
  GError *err = NULL;
  if (!rmx_call_save(m->c, m->params, m->model, b, &err)) {
    g_string_free(h, TRUE);
    g_byte_array_unref(b);
    return rmx_lua_gerror(L, err);
  }
  g_string_append_printf(h, "blob %u\n", b->len);
  g_byte_array_prepend(b, (const guint8 *)h->str, (guint)h->len);
  g_string_free(h, TRUE);
  gboolean ok = g_file_set_contents(path, (const char *)b->data, b->len, &err);
  g_byte_array_unref(b);
  if (!ok) return rmx_lua_gerror(L, err);
  lua_settop(L, 1);
  return 1;
}

static int box_gc(lua_State *L) {
  gchar **box = lua_touserdata(L, 1);
  g_free(*box);
  *box = NULL;
  return 0;
}

/* Reads a model file into m (a fresh or existing object of the same classifier when want != NULL). */
static void load_into(lua_State *L, const char *path, LModel *target) {
  gchar *buf = NULL;
  gsize len = 0;
  GError *err = NULL;
  if (!g_file_get_contents(path, &buf, &len, &err)) rmx_lua_gerror(L, err);
  /* the buffer is freed by a Lua-owned box on every path */
  gchar **box = lua_newuserdatauv(L, sizeof *box, 0);
  *box = buf;
  if (luaL_newmetatable(L, "radiomix.BytesBox")) {
    lua_pushcfunction(L, box_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  const char *p = buf, *end = buf + len;
  char line[4096];
  int lineno = 0;
  const RmxComponent *c = NULL;
  GPtrArray *cols = g_ptr_array_new_with_free_func(g_free);
  RmxParams *params = rmx_params_new();
  const char *msg = NULL;
  size_t blob_len = 0;
  for (;;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl || nl - p >= (ptrdiff_t)sizeof line) {
      msg = "truncated header";
      break;
    }
    memcpy(line, p, (size_t)(nl - p));
    line[nl - p] = 0;
    p = nl + 1;
    lineno++;
    if (lineno == 1) {
      if (strcmp(line, MODEL_MAGIC) != 0) {
        msg = "not a radiomix model file";
        break;
      }
    } else if (strncmp(line, "classifier ", 11) == 0) {
      c = rmx_registry_find(RMX_KIND_CLASSIFIER, line + 11);
      if (!c) {
        g_ptr_array_add(cols, g_strdup_printf("no classifier named '%s' is loaded", line + 11));
        msg = g_ptr_array_index(cols, cols->len - 1);
        break;
      }
    } else if (strncmp(line, "param ", 6) == 0) {
      char *sp = strchr(line + 6, ' ');
      if (!sp) {
        msg = "bad param line";
        break;
      }
      *sp = 0;
      rmx_params_set_text(params, line + 6, sp + 1);
    } else if (strncmp(line, "column ", 7) == 0) {
      g_ptr_array_add(cols, g_strdup(line + 7));
    } else if (strncmp(line, "blob ", 5) == 0) {
      char *e;
      errno = 0;
      unsigned long long v = strtoull(line + 5, &e, 10);
      if (*e || errno || v != (unsigned long long)(end - p)) msg = "blob length does not match the file size";
      blob_len = (size_t)v;
      break;
    } else {
      msg = "unknown header line";
      break;
    }
  }
  if (!msg && !c) msg = "no classifier line";
  if (!msg && target && target->c != c) msg = "the file holds another classifier";
  if (msg) {
    char *m2 = g_strdup_printf("%s: %s (line %d)", path, msg, lineno);
    g_ptr_array_unref(cols);
    rmx_params_free(params);
    lua_pushstring(L, m2);
    g_free(m2);
    lua_error(L);
  }
  const RmxParamSpec *const specs[] = {c->u.hdr.params, NULL};
  void *model = NULL;
  if (!rmx_params_validate(params, c->u.hdr.params ? specs : NULL, TRUE, path, &err) ||
      !rmx_call_load(c, params, p, blob_len, &model, &err)) {
    g_ptr_array_unref(cols);
    rmx_params_free(params);
    char *m2 = g_strdup_printf("%s: %s", path, err ? err->message : "load failed");
    g_clear_error(&err);
    lua_pushstring(L, m2);
    g_free(m2);
    lua_error(L);
  }
  LModel *m = target ? target : push_model(L, c);
  model_reset(m);
  rmx_params_free(m->params);
  m->params = params;
  m->model = model;
  m->ncols = cols->len;
  m->cols = g_new0(char *, cols->len + 1);
  for (guint j = 0; j < cols->len; j++) m->cols[j] = g_strdup(g_ptr_array_index(cols, j));
  g_ptr_array_unref(cols);
  g_free(*box);
  *box = NULL;
}

static int m_load(lua_State *L) {
  LModel *m = check_model(L, 1);
  load_into(L, luaL_checkstring(L, 2), m);
  lua_settop(L, 1);
  return 1;
}

static int l_load_classifier(lua_State *L) {
  load_into(L, luaL_checkstring(L, 1), NULL);
  return 1;
}


static int m_index(lua_State *L) {
  LModel *m = check_model(L, 1);
  const char *k = luaL_checkstring(L, 2);
  if (strcmp(k, "name") == 0) {
    lua_pushstring(L, m->c->u.hdr.name);
    return 1;
  }
  if (strcmp(k, "fitted") == 0) {
    lua_pushboolean(L, m->model != NULL);
    return 1;
  }
  if (strcmp(k, "columns") == 0) {
    lua_createtable(L, (int)m->ncols, 0);
    for (size_t j = 0; j < m->ncols; j++) {
      lua_pushstring(L, m->cols[j]);
      lua_rawseti(L, -2, (lua_Integer)j + 1);
    }
    return 1;
  }
  luaL_getmetatable(L, RMX_CLASSIFIER_MT);
  lua_getfield(L, -1, "methods");
  lua_getfield(L, -1, k);
  return 1;
}

static int m_tostring(lua_State *L) {
  LModel *m = check_model(L, 1);
  lua_pushfstring(L, "radiomix.Classifier(%s%s)", m->c->u.hdr.name, m->model ? ", fitted" : "");
  return 1;
}

static void push_model_mt(lua_State *L) {
  if (luaL_newmetatable(L, RMX_CLASSIFIER_MT)) {
    static const luaL_Reg methods[] = {{"fit", m_fit},         {"predict", m_predict},
                                       {"decision", m_decision}, {"shap", m_shap},
                                       {"save", m_save},       {"load", m_load},
                                       {NULL, NULL}};
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "methods");
    lua_pushcfunction(L, m_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, model_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, m_tostring);
    lua_setfield(L, -2, "__tostring");
  }
}

/* --------------------------------------------------------------- selectors */

static LSel *check_sel(lua_State *L, int idx) { return luaL_checkudata(L, idx, RMX_SELECTOR_MT); }

static int sel_gc(lua_State *L) {
  LSel *s = check_sel(L, 1);
  rmx_params_free(s->params);
  s->params = NULL;
  return 0;
}

/* sel:score(X [, y]) -> scores, ranking (1-based column numbers, best first) */
static int s_score(lua_State *L) {
  lua_settop(L, 3);
  LSel *s = check_sel(L, 1);
  RmxTable *X = rmx_lua_check_table(L, 2);
  double *y = labels_arg(L, 3, X);
  size_t p = X->ncols;
  double *scores = lua_newuserdatauv(L, sizeof(double) * (p ? p : 1), 0);
  size_t *ranking = lua_newuserdatauv(L, sizeof(size_t) * (p ? p : 1), 0);
  RmxMatrix M = rmx_table_matrix(X);
  GError *err = NULL;
  if (!rmx_call_score(s->c, s->params, &M, y, scores, ranking, &err)) return rmx_lua_gerror(L, err);
  rmx_lua_push_numbers(L, scores, p);
  lua_createtable(L, (int)p, 0);
  for (size_t j = 0; j < p; j++) {
    lua_pushinteger(L, (lua_Integer)ranking[j] + 1);
    lua_rawseti(L, -2, (lua_Integer)j + 1);
  }
  return 2;
}

static int s_index(lua_State *L) {
  LSel *s = check_sel(L, 1);
  const char *k = luaL_checkstring(L, 2);
  if (strcmp(k, "name") == 0) {
    lua_pushstring(L, s->c->u.hdr.name);
    return 1;
  }
  if (strcmp(k, "ranks") == 0) {
    lua_pushboolean(L, (s->c->u.selector.flags & RMX_SELECTOR_RANKS) != 0);
    return 1;
  }
  if (strcmp(k, "score") == 0) {
    lua_pushcfunction(L, s_score);
    return 1;
  }
  lua_pushnil(L);
  return 1;
}

static LSel *push_sel(lua_State *L, const RmxComponent *c, int params_idx) {
  LSel *s = lua_newuserdatauv(L, sizeof *s, 0);
  memset(s, 0, sizeof *s);
  if (luaL_newmetatable(L, RMX_SELECTOR_MT)) {
    lua_pushcfunction(L, s_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, sel_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  s->c = c;
  s->params = rmx_params_new();
  if (params_idx && !lua_isnoneornil(L, params_idx)) rmx_lua_table_to_params(L, params_idx, s->params);
  const RmxParamSpec *const specs[] = {c->u.hdr.params, NULL};
  GError *err = NULL;
  char *where = g_strdup_printf("selector '%s'", c->u.hdr.name);
  gboolean ok = rmx_params_validate(s->params, c->u.hdr.params ? specs : NULL, TRUE, where, &err);
  g_free(where);
  if (!ok) rmx_lua_gerror(L, err);
  return s;
}

/* radiomix.selector(name [, params]) */
static int l_selector(lua_State *L) {
  push_sel(L, find(L, RMX_KIND_SELECTOR, luaL_checkstring(L, 1)), lua_gettop(L) >= 2 ? 2 : 0);
  return 1;
}

/* Pushes one vote's result table for k (scores/rankings already computed). */
static void push_vote(lua_State *L, const RmxTable *X, const RmxVoteSpec *spec, size_t ns,
                      double *const *scores, size_t *const *ranks, size_t k, size_t mv) {
  size_t p = X->ncols;
  int *votes = g_new0(int, p ? p : 1);
  size_t *top = g_new(size_t, k);
  lua_createtable(L, 0, 6);
  lua_createtable(L, (int)ns, 0); /* tops */
  lua_createtable(L, (int)ns, 0); /* selectors */
  for (size_t s = 0; s < ns; s++) {
    gboolean ranks_only = (spec[s].selector->u.selector.flags & RMX_SELECTOR_RANKS) != 0;
    size_t m = rmx_top_k(scores[s], ranks[s], p, k, ranks_only, top);
    lua_createtable(L, (int)m, 0);
    for (size_t q = 0; q < m; q++) {
      votes[top[q]]++;
      lua_pushinteger(L, (lua_Integer)top[q] + 1);
      lua_rawseti(L, -2, (lua_Integer)q + 1);
    }
    lua_rawseti(L, -3, (lua_Integer)s + 1);
    lua_pushstring(L, spec[s].selector->u.hdr.name);
    lua_rawseti(L, -2, (lua_Integer)s + 1);
  }
  lua_setfield(L, -3, "selectors");
  lua_setfield(L, -2, "tops");
  lua_createtable(L, (int)p, 0);
  for (size_t j = 0; j < p; j++) {
    lua_pushinteger(L, votes[j]);
    lua_rawseti(L, -2, (lua_Integer)j + 1);
  }
  lua_setfield(L, -2, "votes");
  lua_newtable(L);
  lua_newtable(L);
  int nsel = 0;
  for (size_t j = 0; j < p; j++) {
    if ((size_t)votes[j] < mv) continue;
    nsel++;
    lua_pushinteger(L, (lua_Integer)j + 1);
    lua_rawseti(L, -3, nsel);
    lua_pushstring(L, X->names[j]);
    lua_rawseti(L, -2, nsel);
  }
  lua_setfield(L, -3, "names");
  lua_setfield(L, -2, "selected");
  lua_pushinteger(L, (lua_Integer)k);
  lua_setfield(L, -2, "k");
  g_free(votes);
  g_free(top);
}

typedef struct {
  const RmxVoteSpec *spec;
  const RmxMatrix *M;
  const double *y;
  double **scores;
  size_t **ranks;
  GError **errs;
} ScoreJob;

/* One selector of the ensemble; its failure is kept for the caller. */
static int score_one(RmxCtx *ctx, void *user, size_t s) {
  (void)ctx;
  ScoreJob *j = user;
  rmx_call_score(j->spec[s].selector, j->spec[s].params, j->M, j->y, j->scores[s], j->ranks[s],
                 &j->errs[s]);
  return RMX_OK;
}

/*
** radiomix.ensemble_select{X = Table, y = labels (default: X's label),
**   selectors = {"chi2", {"rfe", {C = 1}}, ...}, k = 10 or {10, 100}, min_votes = 4}
** -> {votes = {per column}, selected = {1-based columns}, names = {...},
**     tops = {per selector: 1-based columns}, selectors = {names}, k = k};
** with a list of k, one such table per k (each selector runs once).
*/
static int l_ensemble_select(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  lua_getfield(L, 1, "X");
  RmxTable *X = rmx_lua_check_table(L, 2);
  lua_getfield(L, 1, "y");
  double *y = labels_arg(L, 3, X);
  lua_getfield(L, 1, "min_votes");
  lua_Integer mv = luaL_optinteger(L, -1, 4);
  if (mv < 1) luaL_error(L, "ensemble_select: min_votes must be >= 1, got %d", (int)mv);
  lua_getfield(L, 1, "k");
  int kidx = lua_gettop(L), many = lua_istable(L, kidx);
  size_t nk = many ? (size_t)luaL_len(L, kidx) : 1;
  if (nk == 0) luaL_error(L, "ensemble_select: 'k' is an empty list");
  lua_Integer *ks = lua_newuserdatauv(L, sizeof *ks * nk, 0);
  for (size_t q = 0; q < nk; q++) {
    if (many) lua_rawgeti(L, kidx, (lua_Integer)q + 1);
    else lua_pushvalue(L, kidx);
    int isnum;
    ks[q] = lua_isnil(L, -1) && !many ? 10 : lua_tointegerx(L, -1, &isnum);
    if (!(lua_isnil(L, -1) && !many) && !isnum)
      luaL_error(L, "ensemble_select: k must be an integer or a list of integers");
    if (ks[q] < 1) luaL_error(L, "ensemble_select: k must be >= 1, got %d", (int)ks[q]);
    lua_pop(L, 1);
  }
  lua_getfield(L, 1, "selectors");
  int si = lua_gettop(L);
  if (!lua_istable(L, si)) luaL_error(L, "ensemble_select: 'selectors' must be a list of names or {name, params}");
  size_t ns = (size_t)luaL_len(L, si);
  if (ns == 0) luaL_error(L, "ensemble_select: 'selectors' is empty");
  RmxVoteSpec *spec = lua_newuserdatauv(L, sizeof *spec * ns, 0);
  lua_newtable(L); /* anchors the selector objects while they are used */
  int anchor = lua_gettop(L);
  for (size_t s = 0; s < ns; s++) {
    lua_rawgeti(L, si, (lua_Integer)s + 1);
    int e = lua_gettop(L);
    LSel *sel;
    if (lua_type(L, e) == LUA_TSTRING) {
      sel = push_sel(L, find(L, RMX_KIND_SELECTOR, lua_tostring(L, e)), 0);
    } else if (lua_istable(L, e)) {
      lua_rawgeti(L, e, 1);
      const char *nm = lua_tostring(L, -1);
      if (!nm) luaL_error(L, "ensemble_select: selectors[%d] needs a name first", (int)s + 1);
      lua_rawgeti(L, e, 2);
      sel = push_sel(L, find(L, RMX_KIND_SELECTOR, nm), lua_gettop(L));
    } else {
      sel = luaL_testudata(L, e, RMX_SELECTOR_MT);
      if (!sel) luaL_error(L, "ensemble_select: selectors[%d] is not a name, {name, params} or selector", (int)s + 1);
      lua_pushvalue(L, e);
    }
    spec[s].selector = sel->c;
    spec[s].params = sel->params;
    lua_rawseti(L, anchor, (lua_Integer)s + 1);
    lua_settop(L, e - 1);
  }
  /* each selector once; the buffers are Lua-owned so an error cannot leak them */
  size_t p = X->ncols;
  double **scores = lua_newuserdatauv(L, sizeof(double *) * ns, 0);
  size_t **ranks = lua_newuserdatauv(L, sizeof(size_t *) * ns, 0);
  GError **errs = lua_newuserdatauv(L, sizeof(GError *) * ns, 0);
  RmxMatrix M = rmx_table_matrix(X);
  for (size_t s = 0; s < ns; s++) {
    scores[s] = lua_newuserdatauv(L, sizeof(double) * (p ? p : 1), 0);
    ranks[s] = lua_newuserdatauv(L, sizeof(size_t) * (p ? p : 1), 0);
    errs[s] = NULL;
  }
  /* The selectors run side by side (RFE alone takes most of the time); each
   * writes only its own buffers, so the result is the same on any thread
   * count. A selector object listed twice shares its parameters: in turn. */
  ScoreJob job = {spec, &M, y, scores, ranks, errs};
  gboolean shared = FALSE;
  for (size_t s = 0; s < ns; s++)
    for (size_t t = 0; t < s; t++) shared |= spec[s].params == spec[t].params;
  if (shared) {
    for (size_t s = 0; s < ns; s++) score_one(NULL, &job, s);
  } else {
    RmxCtx ctx;
    rmx_ctx_init(&ctx, NULL, NULL);
    rmx_host_api.parallel_for(&ctx, ns, score_one, &job);
    rmx_ctx_clear(&ctx);
  }
  GError *first = NULL; /* the first failure in list order, as when run in turn */
  for (size_t s = 0; s < ns; s++) {
    if (errs[s] && !first) first = errs[s];
    else if (errs[s]) g_error_free(errs[s]);
  }
  if (first) return rmx_lua_gerror(L, first);
  if (!many) {
    push_vote(L, X, spec, ns, scores, ranks, (size_t)ks[0], (size_t)mv);
    return 1;
  }
  lua_createtable(L, (int)nk, 0);
  for (size_t q = 0; q < nk; q++) {
    push_vote(L, X, spec, ns, scores, ranks, (size_t)ks[q], (size_t)mv);
    lua_rawseti(L, -2, (lua_Integer)q + 1);
  }
  return 1;
}

void rmx_lua_open_models(lua_State *L, int mod) {
  static const luaL_Reg funcs[] = {{"classifier", l_classifier},
                                   {"load_classifier", l_load_classifier},
                                   {"selector", l_selector},
                                   {"ensemble_select", l_ensemble_select},
                                   {NULL, NULL}};
  for (const luaL_Reg *f = funcs; f->name; f++) {
    lua_pushcfunction(L, f->func);
    lua_setfield(L, mod, f->name);
  }
}
