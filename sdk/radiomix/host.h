/*
** radiomix/host.h: the services the host offers plugins.
** WARNING: this struct only ever grows at the end. A plugin that uses a
** member added after 1.0 checks RMX_HOST_HAS(host, member) first.
** Every function is safe to call from any thread the host runs a
** component on; a ctx belongs to one call on one thread.
*/
#ifndef RADIOMIX_HOST_H
#define RADIOMIX_HOST_H

#include "types.h"
#include "components.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define RMX_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define RMX_PRINTF(f, a)
#endif

typedef enum RmxLogLevel {
  RMX_LOG_ERROR = 0, RMX_LOG_WARNING, RMX_LOG_INFO, RMX_LOG_DEBUG
} RmxLogLevel;

/* Body of a parallel loop: returns 0, or a status after host->fail(ctx,...). */
typedef int (*RmxParallelBody)(RmxCtx *ctx, void *user, size_t index);

typedef struct RmxHostApi {
  uint32_t struct_size;
  uint16_t abi_major, abi_minor;
  const char *host_version;

  /* --- 1.0: errors and logging ---
  ** fail() records a one-line message for this call and returns code, so a
  ** callback can 'return rmx_host->fail(ctx, RMX_ERR_INVALID, "...")'.
  ** The host prefixes the component's name. */
  int (*fail)(RmxCtx *ctx, int code, const char *fmt, ...) RMX_PRINTF(3, 4);
  void (*log)(RmxCtx *ctx, int level, const char *fmt, ...) RMX_PRINTF(3, 4);

  /* --- 1.0: parameters ---
  ** Declared parameters are validated and defaulted before the call, so
  ** these read values that are known to be of the declared type; host-level
  ** settings (binWidth, label, force2D, ...) are readable too. Asking for an
  ** undeclared key returns 0 / NULL / empty. */
  int (*param_is_set)(RmxCtx *ctx, const char *key);
  int (*param_bool)(RmxCtx *ctx, const char *key);
  int64_t (*param_int)(RmxCtx *ctx, const char *key);
  double (*param_double)(RmxCtx *ctx, const char *key);
  const char *(*param_string)(RmxCtx *ctx, const char *key);
  size_t (*param_list)(RmxCtx *ctx, const char *key, const double **values);

  /* --- 1.0: volumes ---
  ** volume_new copies spacing/origin/direction from 'geometry' (identity
  ** geometry when NULL) and zero-fills the data. emit() hands a filter's
  ** output to the host, which takes ownership whatever it returns. */
  RmxVolume *(*volume_new)(RmxCtx *ctx, int type, const size_t dim[3],
                           const RmxVolume *geometry);
  void (*volume_free)(RmxVolume *vol);
  int (*emit)(RmxCtx *ctx, const char *image_type, RmxVolume *vol);

  /* --- 1.0: progress, cancellation ---
  ** progress() takes the fraction done of this call, in [0, 1]. */
  void (*progress)(RmxCtx *ctx, double fraction);
  int (*cancelled)(RmxCtx *ctx);

  /* --- 1.0: models, parallelism, randomness, component data --- */
  int (*blob_write)(RmxBlob *blob, const void *data, size_t len);
  /* Runs body(i) for i in [0, n) on the host's worker threads; each body
  ** gets its own ctx. Returns the first failure by index order, so the
  ** result does not depend on the thread count. */
  int (*parallel_for)(RmxCtx *ctx, size_t n, RmxParallelBody body, void *user);
  /* The call's seed ("random_state" parameter, else the run's seed). */
  uint64_t (*seed)(RmxCtx *ctx);
  void *(*component_data)(RmxCtx *ctx);
  /* Only valid inside rmx_plugin_init: adds a component (the header of a
  ** class struct that must outlive the plugin, normally static const). */
  int (*register_component)(RmxCtx *ctx, const RmxComponentHeader *klass);

  /* --- 1.1: output region ---
  ** output_region() returns 1 when the caller needs a filter's outputs only
  ** inside the index box [lo, hi) of the first input volume (extraction asks
  ** for the ROI's bounding box), and 0 when it needs whole volumes (then lo
  ** is 0 and hi the first input's dim). The values inside the box must be
  ** those of the whole output: voxels outside it still feed the kernel.
  ** A filter may then emit a volume covering just the box, made with
  ** volume_new_region (dim = hi - lo, the geometry of a crop: origin at
  ** voxel lo). Emitting the whole volume stays valid: the host crops it. */
  int (*output_region)(RmxCtx *ctx, size_t lo[3], size_t hi[3]);
  RmxVolume *(*volume_new_region)(RmxCtx *ctx, int type, const RmxVolume *geometry,
                                  const size_t lo[3], const size_t hi[3]);

  /* --- add new members below this line only --- */
} RmxHostApi;

#define RMX_HOST_HAS(host, member) \
  ((host)->struct_size >= offsetof(RmxHostApi, member) + sizeof((host)->member))

#ifdef __cplusplus
}
#endif
#endif
