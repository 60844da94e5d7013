/* lua_synth.c: radiomix.synth_resection, the synthetic cohort's renderer. */
#include "ctx.h"
#include "lua_module.h"
#include "synth.h"
#include "volume.h"

#include <string.h>

static double field_num(lua_State *L, int t, const char *k, double dflt) {
  lua_getfield(L, t, k);
  double v = lua_isnil(L, -1) ? dflt : luaL_checknumber(L, -1);
  lua_pop(L, 1);
  return v;
}

static void field_vec(lua_State *L, int t, const char *k, double out[3]) {
  lua_getfield(L, t, k);
  if (!lua_istable(L, -1)) luaL_error(L, "synth_resection: field '%s' must be an array of 3 numbers", k);
  for (int a = 0; a < 3; a++) {
    lua_rawgeti(L, -1, a + 1);
    out[a] = luaL_checknumber(L, -1);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

static void read_tissue(lua_State *L, int t, const char *k, RmxTissue *ti) {
  lua_getfield(L, t, k);
  if (!lua_istable(L, -1)) luaL_error(L, "synth_resection: tissue.%s must be a table", k);
  int s = lua_gettop(L);
  ti->pd = field_num(L, s, "pd", 1);
  ti->t2 = field_num(L, s, "t2", 50);
  ti->d = field_num(L, s, "d", 1e-3);
  ti->f = field_num(L, s, "f", 0);
  ti->dstar = field_num(L, s, "dstar", 0.02);
  lua_pop(L, 1);
}

typedef struct {
  const RmxSynthSpec *spec;
  RmxSynthSequence *seqs;
  RmxVolume **images, **masks;
  GError **errors;
} Job;

static int render_one(RmxCtx *ctx, void *user, size_t i) {
  (void)ctx;
  Job *j = user;
  rmx_synth_render(j->spec, &j->seqs[i], j->seqs[i].stream, &j->images[i], j->masks + i * j->spec->n_lesions,
                   &j->errors[i]);
  return RMX_OK; /* errors are collected per sequence and raised in Lua */
}

/* radiomix.synth_resection(spec) -> {[sequence] = {image = Volume, masks = {Volume...}}} */
static int l_synth_resection(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  RmxSynthSpec s;
  memset(&s, 0, sizeof s);
  s.seed = (guint64)field_num(L, 1, "seed", 1);
  field_vec(L, 1, "fov", s.fov);
  s.texture_scale_mm = field_num(L, 1, "texture_scale_mm", 8);
  s.mask_radius_sd = field_num(L, 1, "mask_radius_sd", 0.04);
  s.mask_shift_sd = field_num(L, 1, "mask_shift_sd", 0.7);
  lua_getfield(L, 1, "tissue");
  luaL_argcheck(L, lua_istable(L, -1), 1, "field 'tissue' must be a table");
  int t = lua_gettop(L);
  read_tissue(L, t, "liver", &s.liver);
  read_tissue(L, t, "lesion", &s.lesion);
  read_tissue(L, t, "necrosis", &s.necrosis);
  lua_pop(L, 1);
  lua_getfield(L, 1, "effect");
  luaL_argcheck(L, lua_istable(L, -1), 1, "field 'effect' must be a table");
  int e = lua_gettop(L);
  s.effect = (RmxHypoxiaEffect){field_num(L, e, "core0", 0.1), field_num(L, e, "core_h", 0.4),
                                field_num(L, e, "rim_d_h", 0.3), field_num(L, e, "f_h", 0.6),
                                field_num(L, e, "texture0", 0.05), field_num(L, e, "texture_h", 0.2),
                                field_num(L, e, "core_t2_h", 0.5)};
  lua_pop(L, 1);

  lua_getfield(L, 1, "lesions");
  luaL_argcheck(L, lua_istable(L, -1), 1, "field 'lesions' must be an array");
  size_t nl = (size_t)luaL_len(L, -1);
  luaL_argcheck(L, nl >= 1 && nl <= 16, 1, "1 to 16 lesions");
  /* Lua-owned memory: a Lua error below cannot leak it. */
  RmxSynthLesion *les = lua_newuserdatauv(L, nl * sizeof *les, 0);
  int les_ud = lua_gettop(L);
  for (size_t i = 0; i < nl; i++) {
    lua_rawgeti(L, les_ud - 1, (lua_Integer)i + 1);
    int li = lua_gettop(L);
    field_vec(L, li, "center", les[i].center);
    field_vec(L, li, "radii", les[i].radii);
    les[i].hypoxia = field_num(L, li, "hypoxia", 0);
    les[i].necrosis = field_num(L, li, "necrosis", 0);
    lua_pop(L, 1);
  }
  s.lesions = les;
  s.n_lesions = nl;

  lua_getfield(L, 1, "sequences");
  luaL_argcheck(L, lua_istable(L, -1), 1, "field 'sequences' must be an array");
  int sq = lua_gettop(L);
  size_t ns = (size_t)luaL_len(L, sq);
  luaL_argcheck(L, ns >= 1 && ns <= 64, 1, "1 to 64 sequences");
  RmxSynthSequence *seqs = lua_newuserdatauv(L, ns * sizeof *seqs, 0);
  for (size_t i = 0; i < ns; i++) {
    lua_rawgeti(L, sq, (lua_Integer)i + 1);
    int qi = lua_gettop(L);
    lua_getfield(L, qi, "name");
    seqs[i].name = luaL_checkstring(L, -1); /* kept alive by the spec table */
    lua_pop(L, 1);
    lua_getfield(L, qi, "kind");
    const char *kind = luaL_optstring(L, -1, "t2w");
    lua_pop(L, 1);
    if (strcmp(kind, "t2w") && strcmp(kind, "dwi"))
      return luaL_error(L, "synth_resection: sequence '%s': kind must be 't2w' or 'dwi'", seqs[i].name);
    seqs[i].is_dwi = !strcmp(kind, "dwi");
    seqs[i].te = field_num(L, qi, "te", 80);
    seqs[i].b = field_num(L, qi, "b", 0);
    field_vec(L, qi, "spacing", seqs[i].spacing);
    seqs[i].noise_sigma = field_num(L, qi, "noise", 10);
    seqs[i].scale = field_num(L, qi, "scale", 1000);
    seqs[i].stream = (guint64)field_num(L, qi, "stream", (double)i);
    lua_pop(L, 1);
  }

  RmxVolume **images = g_new0(RmxVolume *, ns);
  RmxVolume **masks = g_new0(RmxVolume *, ns * nl);
  GError **errors = g_new0(GError *, ns);
  Job job = {&s, seqs, images, masks, errors};
  RmxCtx ctx;
  rmx_ctx_init(&ctx, NULL, NULL);
  rmx_host_api.parallel_for(&ctx, ns, render_one, &job);
  rmx_ctx_clear(&ctx);

  /* Hand everything to Lua first, so nothing leaks if we raise below. */
  lua_createtable(L, 0, (int)ns);
  for (size_t i = 0; i < ns; i++) {
    lua_createtable(L, 0, 2);
    if (images[i]) {
      rmx_lua_push_volume(L, images[i]);
      lua_setfield(L, -2, "image");
    }
    lua_createtable(L, (int)nl, 0);
    for (size_t l = 0; l < nl; l++)
      if (masks[i * nl + l]) {
        rmx_lua_push_volume(L, masks[i * nl + l]);
        lua_rawseti(L, -2, (lua_Integer)l + 1);
      }
    lua_setfield(L, -2, "masks");
    lua_setfield(L, -2, seqs[i].name);
  }
  char *first = NULL;
  for (size_t i = 0; i < ns; i++) {
    if (errors[i] && !first) first = g_strdup(errors[i]->message);
    g_clear_error(&errors[i]);
  }
  g_free(errors);
  g_free(images);
  g_free(masks);
  if (first) {
    lua_pushfstring(L, "synth_resection: %s", first);
    g_free(first);
    return lua_error(L);
  }
  return 1;
}

void rmx_lua_open_synth(lua_State *L, int mod);
void rmx_lua_open_synth(lua_State *L, int mod) {
  lua_pushcfunction(L, l_synth_resection);
  lua_setfield(L, mod, "synth_resection");
}
