/* lua_eval.c: Lua functions for metrics, ROC/PR curves, bootstrap CIs and the Mann-Whitney test. */
#include "lua_ml.h"

#include <math.h>
#include <string.h>

#include "metrics.h"
#include "stats.h"

/* y and score arrays at 1 and 2, checked to be the same length and valid. */
static size_t check_y_score(lua_State *L, const double **y, const double **s, const char *what) {
  size_t n, m;
  *y = rmx_lua_check_labels(L, 1, &n);
  *s = rmx_lua_check_numbers(L, 2, &m, "scores");
  if (n != m) luaL_error(L, "%s: %d labels but %d scores", what, (int)n, (int)m);
  if (n == 0) luaL_error(L, "%s: no samples", what);
  GError *err = NULL;
  if (!rmx_binary_check(*y, *s, n, what, &err)) rmx_lua_gerror(L, err);
  return n;
}

/* radiomix.metrics(y, score, [threshold=0.5]) -> {roc_auc, pr_auc_ap, ..., tp, tn, fp, fn} */
static int l_metrics(lua_State *L) {
  lua_settop(L, 3); /* optional arguments become nil before buffers are pushed */
  const double *y, *s;
  size_t n = check_y_score(L, &y, &s, "metrics");
  RmxBinaryMetrics m;
  rmx_binary_metrics(y, s, n, luaL_optnumber(L, 3, 0.5), &m);
  lua_createtable(L, 0, RMX_METRIC_COUNT + 6);
  for (int k = 0; k < RMX_METRIC_COUNT; k++) {
    lua_pushnumber(L, m.v[k]);
    lua_setfield(L, -2, rmx_metric_names[k]);
  }
  const struct { const char *k; size_t v; } counts[] = {
      {"tp", m.tp}, {"tn", m.tn}, {"fp", m.fp}, {"fn", m.fn}, {"n_pos", m.n_pos}, {"n_neg", m.n_neg}};
  for (size_t i = 0; i < G_N_ELEMENTS(counts); i++) {
    lua_pushinteger(L, (lua_Integer)counts[i].v);
    lua_setfield(L, -2, counts[i].k);
  }
  return 1;
}

static int l_roc_auc(lua_State *L) {
  lua_settop(L, 2); /* optional arguments become nil before buffers are pushed */
  const double *y, *s;
  size_t n = check_y_score(L, &y, &s, "roc_auc");
  lua_pushnumber(L, rmx_roc_auc(y, s, n));
  return 1;
}

static int l_average_precision(lua_State *L) {
  lua_settop(L, 2); /* optional arguments become nil before buffers are pushed */
  const double *y, *s;
  size_t n = check_y_score(L, &y, &s, "average_precision");
  lua_pushnumber(L, rmx_average_precision(y, s, n));
  return 1;
}

static int push_curve(lua_State *L, RmxCurve *c, const char *xn, const char *yn) {
  lua_createtable(L, 0, 3);
  rmx_lua_push_numbers(L, c->threshold, c->n);
  lua_setfield(L, -2, "threshold");
  rmx_lua_push_numbers(L, c->x, c->n);
  lua_setfield(L, -2, xn);
  rmx_lua_push_numbers(L, c->y, c->n);
  lua_setfield(L, -2, yn);
  rmx_curve_clear(c);
  return 1;
}

/* radiomix.roc_curve(y, score) -> {threshold, fpr, tpr} (scikit-learn 1.2, all points) */
static int l_roc_curve(lua_State *L) {
  lua_settop(L, 2); /* optional arguments become nil before buffers are pushed */
  const double *y, *s;
  size_t n = check_y_score(L, &y, &s, "roc_curve");
  RmxCurve c;
  GError *err = NULL;
  if (!rmx_roc_curve(y, s, n, &c, &err)) return rmx_lua_gerror(L, err);
  return push_curve(L, &c, "fpr", "tpr");
}

/* radiomix.pr_curve(y, score) -> {threshold, recall, precision}, recall decreasing */
static int l_pr_curve(lua_State *L) {
  lua_settop(L, 2); /* optional arguments become nil before buffers are pushed */
  const double *y, *s;
  size_t n = check_y_score(L, &y, &s, "pr_curve");
  RmxCurve c;
  GError *err = NULL;
  if (!rmx_pr_curve(y, s, n, &c, &err)) return rmx_lua_gerror(L, err);
  return push_curve(L, &c, "recall", "precision");
}

/* Resample positions from opts.indices: an array of arrays or a Table
 * (one resample per row, every feature column a position). */
static size_t *check_indices(lua_State *L, int opts, size_t n, size_t *n_boot, size_t *m) {
  lua_getfield(L, opts, "indices");
  int idx = lua_gettop(L);
  if (lua_isnil(L, idx)) return NULL;
  lua_Integer base = (lua_Integer)rmx_lua_opt_number(L, opts, "index_base", 1);
  if (base != 0 && base != 1) luaL_error(L, "bootstrap_ci: index_base must be 0 or 1");
  RmxTable *t = rmx_lua_to_table(L, idx);
  if (t) {
    *n_boot = t->nrows;
    *m = t->ncols;
  } else {
    luaL_checktype(L, idx, LUA_TTABLE);
    *n_boot = (size_t)luaL_len(L, idx);
    lua_rawgeti(L, idx, 1);
    *m = lua_istable(L, -1) ? (size_t)luaL_len(L, -1) : 0;
    lua_pop(L, 1);
  }
  if (*n_boot == 0 || *m == 0) luaL_error(L, "bootstrap_ci: 'indices' holds no resamples");
  size_t *out = lua_newuserdatauv(L, sizeof(size_t) * *n_boot * *m, 0);
  for (size_t b = 0; b < *n_boot; b++) {
    if (!t) {
      lua_rawgeti(L, idx, (lua_Integer)b + 1);
      if (!lua_istable(L, -1) || (size_t)luaL_len(L, -1) != *m)
        luaL_error(L, "bootstrap_ci: resample %d is not an array of %d positions", (int)b + 1, (int)*m);
    }
    for (size_t j = 0; j < *m; j++) {
      double v;
      if (t) v = rmx_table_get(t, b, j);
      else {
        lua_rawgeti(L, -1, (lua_Integer)j + 1);
        v = lua_isnumber(L, -1) ? lua_tonumber(L, -1) : NAN;
        lua_pop(L, 1);
      }
      double p = v - (double)base;
      if (!(p >= 0 && p < (double)n && p == floor(p)))
        luaL_error(L, "bootstrap_ci: resample %d, draw %d is %f; positions run %d..%d (index_base %d)",
                   (int)b + 1, (int)j + 1, v, (int)base, (int)(n - 1 + (size_t)base), (int)base);
      out[b * *m + j] = (size_t)p;
    }
    if (!t) lua_pop(L, 1);
  }
  return out;
}

/* radiomix.bootstrap_ci(y, score, [{indices=, index_base=1, n=1000, seed=, level=0.95,
 *   threshold=0.5, per_resample=false}]) -> {metric = {value, low, high, mean, sd, n_valid}}
 *   [, {metric = array of per-resample values}] */
static int l_bootstrap_ci(lua_State *L) {
  lua_settop(L, 3); /* optional arguments become nil before buffers are pushed */
  const double *y, *s;
  size_t n = check_y_score(L, &y, &s, "bootstrap_ci");
  int opts = 3;
  if (!lua_isnoneornil(L, opts)) luaL_checktype(L, opts, LUA_TTABLE);
  size_t n_boot = 0, m = 0;
  const size_t *idx = lua_isnoneornil(L, opts) ? NULL : check_indices(L, opts, n, &n_boot, &m);
  if (!idx) {
    double nb = rmx_lua_opt_number(L, opts, "n", 1000);
    if (nb < 1 || nb != floor(nb)) return luaL_error(L, "bootstrap_ci: n must be a positive integer");
    n_boot = (size_t)nb;
  }
  double thr = rmx_lua_opt_number(L, opts, "threshold", 0.5), level = rmx_lua_opt_number(L, opts, "level", 0.95);
  int keep = 0;
  if (!lua_isnoneornil(L, opts)) {
    lua_getfield(L, opts, "per_resample");
    keep = lua_toboolean(L, -1);
    lua_pop(L, 1);
  }
  double *per = keep ? lua_newuserdatauv(L, sizeof(double) * n_boot * RMX_METRIC_COUNT, 0) : NULL;
  RmxBootstrapCI ci[RMX_METRIC_COUNT];
  GError *err = NULL;
  if (!rmx_bootstrap_metrics(y, s, n, thr, idx, n_boot, m, rmx_lua_opt_seed(L, opts), level, ci, per, &err))
    return rmx_lua_gerror(L, err);
  RmxBinaryMetrics full;
  rmx_binary_metrics(y, s, n, thr, &full);
  lua_createtable(L, 0, RMX_METRIC_COUNT);
  for (int k = 0; k < RMX_METRIC_COUNT; k++) {
    lua_createtable(L, 0, 6);
    const struct { const char *k; double v; } f[] = {
        {"value", full.v[k]}, {"low", ci[k].low}, {"high", ci[k].high}, {"mean", ci[k].mean}, {"sd", ci[k].sd}};
    for (size_t i = 0; i < G_N_ELEMENTS(f); i++) {
      lua_pushnumber(L, f[i].v);
      lua_setfield(L, -2, f[i].k);
    }
    lua_pushinteger(L, (lua_Integer)ci[k].n_valid);
    lua_setfield(L, -2, "n_valid");
    lua_setfield(L, -2, rmx_metric_names[k]);
  }
  if (!keep) return 1;
  lua_createtable(L, 0, RMX_METRIC_COUNT);
  for (int k = 0; k < RMX_METRIC_COUNT; k++) {
    lua_createtable(L, (int)n_boot, 0);
    for (size_t b = 0; b < n_boot; b++) {
      lua_pushnumber(L, per[b * RMX_METRIC_COUNT + k]);
      lua_rawseti(L, -2, (lua_Integer)b + 1);
    }
    lua_setfield(L, -2, rmx_metric_names[k]);
  }
  return 2;
}

/* radiomix.mannwhitneyu(x, y, [method = "auto"], [continuity = true], [alternative = "two-sided"])
 * or mannwhitneyu(x, y, {method =, continuity =, alternative =})
 *   -> {statistic (= U1), U1, U2, R1, tie_term, sigma, z, p, method, alternative, n1, n2} */
static int l_mannwhitneyu(lua_State *L) {
  lua_settop(L, 5); /* optional arguments become nil before buffers are pushed */
  if (lua_istable(L, 3)) { /* options table: spread it into positions 3..5 */
    lua_getfield(L, 3, "method");
    lua_getfield(L, 3, "continuity");
    lua_getfield(L, 3, "alternative");
    lua_replace(L, 5);
    lua_replace(L, 4);
    lua_replace(L, 3);
  }
  size_t n1, n2;
  const double *x = rmx_lua_check_numbers(L, 1, &n1, "mannwhitneyu: x");
  const double *y = rmx_lua_check_numbers(L, 2, &n2, "mannwhitneyu: y");
  const char *mname = luaL_optstring(L, 3, "auto"), *aname = luaL_optstring(L, 5, "two-sided");
  int method = rmx_mwu_method_from_name(mname), alt = rmx_mwu_alternative_from_name(aname);
  if (method < 0) return luaL_error(L, "mannwhitneyu: method must be auto, asymptotic or exact, got '%s'", mname);
  if (alt < 0) return luaL_error(L, "mannwhitneyu: alternative must be two-sided, greater or less, got '%s'", aname);
  int cont = lua_isnil(L, 4) ? 1 : lua_toboolean(L, 4);
  RmxMannWhitney r;
  GError *err = NULL;
  if (!rmx_mannwhitneyu(x, n1, y, n2, method, cont, alt, &r, &err)) return rmx_lua_gerror(L, err);
  lua_createtable(L, 0, 11);
  const struct { const char *k; double v; } f[] = {
      {"statistic", r.u1}, {"U1", r.u1}, {"U2", r.u2}, {"R1", r.r1}, {"tie_term", r.tie_term},
      {"sigma", r.sigma}, {"z", r.z}, {"p", r.p}};
  for (size_t i = 0; i < G_N_ELEMENTS(f); i++) {
    lua_pushnumber(L, f[i].v);
    lua_setfield(L, -2, f[i].k);
  }
  lua_pushstring(L, rmx_mwu_method_name(r.method_used));
  lua_setfield(L, -2, "method");
  lua_pushstring(L, aname);
  lua_setfield(L, -2, "alternative");
  lua_pushinteger(L, (lua_Integer)n1);
  lua_setfield(L, -2, "n1");
  lua_pushinteger(L, (lua_Integer)n2);
  lua_setfield(L, -2, "n2");
  return 1;
}

void rmx_lua_open_eval(lua_State *L, int mod) {
  static const luaL_Reg funcs[] = {
      {"metrics", l_metrics},
      {"roc_auc", l_roc_auc},
      {"average_precision", l_average_precision},
      {"roc_curve", l_roc_curve},
      {"pr_curve", l_pr_curve},
      {"bootstrap_ci", l_bootstrap_ci},
      {"mannwhitneyu", l_mannwhitneyu},
      {NULL, NULL}};
  mod = lua_absindex(L, mod);
  for (const luaL_Reg *f = funcs; f->name; f++) {
    lua_pushcfunction(L, f->func);
    lua_setfield(L, mod, f->name);
  }
}
