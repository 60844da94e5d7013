/* lua_pipeline.c: pipelines in Lua: radiomix.cv_evaluate, radiomix.fit_pipeline, radiomix.Pipeline. */
#include "lua_ml.h"
#include "lua_module.h"
#include "ml_calls.h"
#include "pipeline.h"
#include "table.h"

#include <math.h>
#include <string.h>

#define PIPELINE_MT "radiomix.Pipeline"
#define SPEC_MT "radiomix.PipelineSpec"

typedef struct {
  RmxPipeline p;
} Spec;

static int spec_gc(lua_State *L) {
  Spec *s = luaL_checkudata(L, 1, SPEC_MT);
  rmx_params_free(s->p.selector_params);
  rmx_params_free(s->p.classifier_params);
  memset(s, 0, sizeof *s);
  return 0;
}

static const RmxComponent *find(lua_State *L, int kind, const char *name) {
  const RmxComponent *c = rmx_registry_find(kind, name);
  if (!c) luaL_error(L, "no %s named '%s' (see radiomix plugins)", rmx_kind_name(kind), name);
  return c;
}

/* {scaler = "zscore"|"minmax"|"none", selector = {name =, k =, params =},
 *  classifier = {name =, params =}} -> a GC-owned Spec pushed on the stack */
static RmxPipeline *check_spec(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  luaL_checktype(L, idx, LUA_TTABLE);
  Spec *s = lua_newuserdatauv(L, sizeof *s, 0);
  memset(s, 0, sizeof *s);
  if (luaL_newmetatable(L, SPEC_MT)) {
    lua_pushcfunction(L, spec_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  lua_getfield(L, idx, "scaler");
  const char *sc = luaL_optstring(L, -1, "none");
  if (!strcmp(sc, "zscore")) s->p.scaler = RMX_SCALE_ZSCORE;
  else if (!strcmp(sc, "minmax")) s->p.scaler = RMX_SCALE_MINMAX;
  else if (strcmp(sc, "none")) luaL_error(L, "pipeline: scaler must be zscore, minmax or none, not '%s'", sc);
  lua_pop(L, 1);
  if (lua_getfield(L, idx, "selector") == LUA_TTABLE) {
    int t = lua_gettop(L);
    lua_getfield(L, t, "name");
    s->p.selector = find(L, RMX_KIND_SELECTOR, luaL_checkstring(L, -1));
    lua_getfield(L, t, "k");
    lua_Integer k = luaL_checkinteger(L, -1);
    if (k < 1) luaL_error(L, "pipeline: selector k must be >= 1");
    s->p.k = (size_t)k;
    s->p.selector_params = rmx_params_new();
    if (lua_getfield(L, t, "params") == LUA_TTABLE) rmx_lua_table_to_params(L, -1, s->p.selector_params);
    lua_settop(L, t);
  }
  lua_pop(L, 1);
  if (lua_getfield(L, idx, "classifier") != LUA_TTABLE) luaL_error(L, "pipeline: field 'classifier' must be a table");
  int t = lua_gettop(L);
  lua_getfield(L, t, "name");
  s->p.classifier = find(L, RMX_KIND_CLASSIFIER, luaL_checkstring(L, -1));
  s->p.classifier_params = rmx_params_new();
  if (lua_getfield(L, t, "params") == LUA_TTABLE) rmx_lua_table_to_params(L, -1, s->p.classifier_params);
  lua_settop(L, t - 1);
  return &s->p;
}

static RmxMatrix table_matrix(const RmxTable *t) {
  RmxMatrix m = {sizeof m, t->nrows, t->ncols, t->nrows, t->data, (const char *const *)t->names};
  return m;
}

static const double *check_label(lua_State *L, const RmxTable *t, int idx) {
  if (!t->label) luaL_argerror(L, idx, "the table has no label column");
  for (size_t r = 0; r < t->nrows; r++)
    if (t->label[r] != 0 && t->label[r] != 1) luaL_argerror(L, idx, "labels must be 0 or 1");
  return t->label;
}

/* radiomix.cv_evaluate(table, pipelines, fold_of_row) -> {{auc =, folds = {...}, error =}...}
 * fold_of_row: per row its fold 1..k (0: in no fold). All (pipeline, fold)
 * pairs run in parallel; a failing pipeline gets auc NaN and its error. */
static int l_cv_evaluate(lua_State *L) {
  RmxTable *t = rmx_lua_check_table(L, 1);
  const double *y = check_label(L, t, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  size_t n = (size_t)luaL_len(L, 2);
  size_t nf;
  double *fr = rmx_lua_check_numbers(L, 3, &nf, "fold_of_row");
  if (nf != t->nrows) return luaL_argerror(L, 3, "one fold number per row");
  int *fold = lua_newuserdatauv(L, MAX(nf, 1) * sizeof(int), 0);
  int k = 0;
  for (size_t r = 0; r < nf; r++) {
    fold[r] = (int)fr[r];
    k = MAX(k, fold[r]);
  }
  if (k < 2) return luaL_argerror(L, 3, "at least 2 folds");
  const RmxPipeline **ps = lua_newuserdatauv(L, MAX(n, 1) * sizeof *ps, 0);
  for (size_t i = 0; i < n; i++) {
    lua_rawgeti(L, 2, (lua_Integer)i + 1);
    ps[i] = check_spec(L, -1); /* the Spec stays on the stack until we return */
    lua_remove(L, -2);
  }
  double *auc = lua_newuserdatauv(L, MAX(n, 1) * sizeof(double), 0);
  double *fauc = lua_newuserdatauv(L, MAX(n * (size_t)k, 1) * sizeof(double), 0);
  char **errors = lua_newuserdatauv(L, MAX(n, 1) * sizeof(char *), 0);
  RmxMatrix X = table_matrix(t);
  rmx_pipeline_cv(ps, n, &X, y, fold, k, auc, fauc, errors);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_createtable(L, 0, 3);
    lua_pushnumber(L, auc[i]);
    lua_setfield(L, -2, "auc");
    rmx_lua_push_numbers(L, fauc + i * (size_t)k, (size_t)k);
    lua_setfield(L, -2, "folds");
    if (errors[i]) {
      lua_pushstring(L, errors[i]);
      lua_setfield(L, -2, "error");
      g_free(errors[i]);
    }
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

typedef struct {
  RmxFittedPipeline *f;
  char **in_names;   /* the training table's feature names */
  size_t n_in;
} LPipe;

static int pipe_gc(lua_State *L) {
  LPipe *p = luaL_checkudata(L, 1, PIPELINE_MT);
  rmx_fitted_pipeline_free(p->f);
  g_strfreev(p->in_names);
  p->f = NULL;
  p->in_names = NULL;
  return 0;
}

static LPipe *check_pipe(lua_State *L, int idx) {
  LPipe *p = luaL_checkudata(L, idx, PIPELINE_MT);
  if (!p->f) luaL_argerror(L, idx, "pipeline is closed");
  return p;
}

/* The table's columns in the order the pipeline was fitted on (by name). */
static RmxMatrix aligned(lua_State *L, const LPipe *p, const RmxTable *t) {
  if (t->ncols == p->n_in) {
    gboolean same = TRUE;
    for (size_t c = 0; c < t->ncols && same; c++) same = !strcmp(t->names[c], p->in_names[c]);
    if (same) return table_matrix(t);
  }
  double *d = lua_newuserdatauv(L, MAX(t->nrows * p->n_in, 1) * sizeof(double), 0);
  for (size_t c = 0; c < p->n_in; c++) {
    size_t src = SIZE_MAX;
    for (size_t j = 0; j < t->ncols && src == SIZE_MAX; j++)
      if (!strcmp(t->names[j], p->in_names[c])) src = j;
    if (src == SIZE_MAX) luaL_error(L, "pipeline: the table lacks feature '%s'", p->in_names[c]);
    memcpy(d + c * t->nrows, t->data + src * t->nrows, t->nrows * sizeof(double));
  }
  RmxMatrix m = {sizeof m, t->nrows, p->n_in, t->nrows, d, (const char *const *)p->in_names};
  return m;
}

/* radiomix.fit_pipeline(table, spec) -> Pipeline (fitted on every row) */
static int l_fit_pipeline(lua_State *L) {
  RmxTable *t = rmx_lua_check_table(L, 1);
  const double *y = check_label(L, t, 1);
  const RmxPipeline *spec = check_spec(L, 2);
  LPipe *p = lua_newuserdatauv(L, sizeof *p, 0);
  memset(p, 0, sizeof *p);
  if (luaL_newmetatable(L, PIPELINE_MT)) {
    lua_pushcfunction(L, pipe_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, pipe_gc);
    lua_setfield(L, -2, "__close");
  }
  lua_setmetatable(L, -2);
  RmxMatrix X = table_matrix(t);
  GError *err = NULL;
  p->f = rmx_pipeline_fit(spec, &X, y, &err);
  if (!p->f) return rmx_lua_gerror(L, err);
  p->in_names = g_strdupv(t->names);
  p->n_in = t->ncols;
  return 1;
}

/* p:predict(table) -> array of P(y = 1) */
static int p_predict(lua_State *L) {
  LPipe *p = check_pipe(L, 1);
  RmxTable *t = rmx_lua_check_table(L, 2);
  RmxMatrix X = aligned(L, p, t);
  double *proba = lua_newuserdatauv(L, MAX(t->nrows, 1) * sizeof(double), 0);
  GError *err = NULL;
  if (!rmx_pipeline_predict(p->f, &X, proba, &err)) return rmx_lua_gerror(L, err);
  rmx_lua_push_numbers(L, proba, t->nrows);
  return 1;
}

/* p:features() -> names of the columns the classifier sees, in its order */
static int p_features(lua_State *L) {
  LPipe *p = check_pipe(L, 1);
  lua_createtable(L, (int)p->f->ncols, 0);
  for (size_t c = 0; c < p->f->ncols; c++) {
    lua_pushstring(L, p->in_names[p->f->cols[c]]);
    lua_rawseti(L, -2, (lua_Integer)c + 1);
  }
  return 1;
}

/* p:shap(table, [background], [{sampling =, permutations =, seed =}])
 * -> {features = names, phi = {[feature] = array over rows}, values = {[feature] = transformed
 *     inputs}, base = array} : Shapley values of the classifier on its own inputs */
static int p_shap(lua_State *L) {
  LPipe *p = check_pipe(L, 1);
  RmxTable *t = rmx_lua_check_table(L, 2);
  RmxTable *bg = lua_isnoneornil(L, 3) ? NULL : rmx_lua_check_table(L, 3);
  gboolean sampling = FALSE;
  lua_Integer perms = 64, seed = 42;
  if (lua_istable(L, 4)) {
    lua_getfield(L, 4, "sampling");
    sampling = lua_toboolean(L, -1);
    lua_getfield(L, 4, "permutations");
    perms = luaL_optinteger(L, -1, perms);
    lua_getfield(L, 4, "seed");
    seed = luaL_optinteger(L, -1, seed);
    lua_pop(L, 3);
  }
  RmxMatrix X = aligned(L, p, t);
  GError *err = NULL;
  RmxMatrix S = {0}, B = {0};
  if (!rmx_pipeline_transform(p->f, &X, &S, &err)) return rmx_lua_gerror(L, err);
  /* Copy into Lua memory at once so an error below cannot leak. */
  double *sd = lua_newuserdatauv(L, MAX(S.rows * S.cols, 1) * sizeof(double), 0);
  memcpy(sd, S.data, S.rows * S.cols * sizeof(double));
  g_free(S.data);
  S.data = sd;
  RmxMatrix *bgp = NULL;
  if (bg) {
    RmxMatrix BX = aligned(L, p, bg);
    if (!rmx_pipeline_transform(p->f, &BX, &B, &err)) return rmx_lua_gerror(L, err);
    double *bd = lua_newuserdatauv(L, MAX(B.rows * B.cols, 1) * sizeof(double), 0);
    memcpy(bd, B.data, B.rows * B.cols * sizeof(double));
    g_free(B.data);
    B.data = bd;
    bgp = &B;
  }
  size_t rows = S.rows, cols = S.cols;
  double *phi = lua_newuserdatauv(L, MAX(rows * (cols + 1), 1) * sizeof(double), 0);
  if (!rmx_call_shap(p->f->classifier, p->f->classifier_params, p->f->model, &S, bgp, sampling,
                     (size_t)perms, (uint64_t)seed, phi, &err))
    return rmx_lua_gerror(L, err);
  lua_createtable(L, 0, 4);
  p_features(L);
  lua_setfield(L, -2, "features");
  lua_createtable(L, 0, (int)cols);
  lua_createtable(L, 0, (int)cols);
  for (size_t c = 0; c < cols; c++) {
    const char *name = p->in_names[p->f->cols[c]];
    rmx_lua_push_numbers(L, phi + c * rows, rows);
    lua_setfield(L, -3, name);
    rmx_lua_push_numbers(L, S.data + c * rows, rows);
    lua_setfield(L, -2, name);
  }
  lua_setfield(L, -3, "values");
  lua_setfield(L, -2, "phi");
  rmx_lua_push_numbers(L, phi + cols * rows, rows);
  lua_setfield(L, -2, "base");
  return 1;
}

void rmx_lua_open_pipeline(lua_State *L, int mod);
void rmx_lua_open_pipeline(lua_State *L, int mod) {
  static const luaL_Reg methods[] = {{"predict", p_predict}, {"features", p_features},
                                     {"shap", p_shap}, {"close", pipe_gc}, {NULL, NULL}};
  if (luaL_newmetatable(L, PIPELINE_MT)) {
    lua_pushcfunction(L, pipe_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, pipe_gc);
    lua_setfield(L, -2, "__close");
  }
  luaL_newlib(L, methods);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
  lua_pushcfunction(L, l_cv_evaluate);
  lua_setfield(L, mod, "cv_evaluate");
  lua_pushcfunction(L, l_fit_pipeline);
  lua_setfield(L, mod, "fit_pipeline");
}
