/*
** radiomix/plugin.h: the one header a plugin includes.
** A plugin exports two symbols:
**   const RmxPluginDesc rmx_plugin_descriptor;   what it is, which ABI
**   int rmx_plugin_init(const RmxHostApi *, RmxCtx *);  registers components
** RMX_PLUGIN_DEFINE emits both and stores the host table in rmx_host, a
** hidden symbol every file of the plugin can use. See docs/plugin-guide.md.
*/
#ifndef RADIOMIX_PLUGIN_H
#define RADIOMIX_PLUGIN_H

#include "version.h"
#include "types.h"
#include "components.h"
#include "host.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct RmxPluginDesc {
  uint32_t struct_size;
  uint16_t abi_major, abi_minor; /* the SDK the plugin was built with */
  const char *name;              /* [a-z0-9_-]+, unique among plugins */
  const char *version;           /* the plugin's own version, free text */
  const char *license;           /* SPDX identifier */
  const char *description;       /* one line */
  void *reserved[4];             /* keep zero */
} RmxPluginDesc;

#define RMX_PLUGIN_DESCRIPTOR_SYMBOL "rmx_plugin_descriptor"
#define RMX_PLUGIN_INIT_SYMBOL "rmx_plugin_init"

typedef int (*RmxPluginInitFn)(const RmxHostApi *host, RmxCtx *ctx);

#if defined(__GNUC__) || defined(__clang__)
#define RMX_EXPORT __attribute__((visibility("default")))
#define RMX_HIDDEN __attribute__((visibility("hidden")))
#else
#define RMX_EXPORT
#define RMX_HIDDEN
#endif

/* The host's services, set before the plugin's init runs. */
extern RMX_HIDDEN const RmxHostApi *rmx_host;

/*
** RMX_PLUGIN_DEFINE(name, version, license, description, init_fn)
** init_fn has the signature int init_fn(RmxCtx *ctx) and registers the
** plugin's components with rmx_host->register_component(ctx, &klass.hdr).
*/
#define RMX_PLUGIN_DEFINE(name_, version_, license_, description_, init_fn_)  \
  RMX_HIDDEN const RmxHostApi *rmx_host;                                       \
  RMX_EXPORT const RmxPluginDesc rmx_plugin_descriptor = {                     \
      sizeof(RmxPluginDesc), RMX_ABI_MAJOR, RMX_ABI_MINOR, name_, version_,    \
      license_, description_, {0, 0, 0, 0}};                                   \
  RMX_EXPORT int rmx_plugin_init(const RmxHostApi *host, RmxCtx *ctx);         \
  RMX_EXPORT int rmx_plugin_init(const RmxHostApi *host, RmxCtx *ctx) {        \
    rmx_host = host;                                                           \
    return init_fn_(ctx);                                                      \
  }

/*
** A small deterministic generator for plugins (xoshiro256**, seeded through
** splitmix64), so that "same seed, same result" needs no host call per
** draw. Seed it from rmx_host->seed(ctx), mixed with a stream index (tree
** number, fold) when work runs in parallel.
*/
typedef struct RmxRng { uint64_t s[4]; } RmxRng;

static inline uint64_t rmx_splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static inline void rmx_rng_seed(RmxRng *r, uint64_t seed, uint64_t stream) {
  uint64_t x = seed ^ (stream * 0xd1342543de82ef95ull);
  for (int i = 0; i < 4; i++) r->s[i] = rmx_splitmix64(&x);
}

static inline uint64_t rmx_rng_next(RmxRng *r) {
  uint64_t *s = r->s;
  uint64_t x = s[1] * 5, result = ((x << 7) | (x >> 57)) * 9, t = s[1] << 17;
  s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t;
  s[3] = (s[3] << 45) | (s[3] >> 19);
  return result;
}

/* Uniform double in [0, 1). */
static inline double rmx_rng_uniform(RmxRng *r) {
  return (double)(rmx_rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [0, n), n > 0, without modulo bias. */
static inline uint64_t rmx_rng_below(RmxRng *r, uint64_t n) {
  uint64_t lim = -n % n, v;
  do v = rmx_rng_next(r); while (v < lim);
  return v % n;
}

#ifdef __cplusplus
}
#endif
#endif
