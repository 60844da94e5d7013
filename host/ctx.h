/* ctx.h: RmxCtx, one component call, and the host's RmxHostApi table. */
#ifndef RMX_HOST_CTX_H
#define RMX_HOST_CTX_H

#include <glib.h>
#include <radiomix/plugin.h>
#include "params.h"
#include "registry.h"

extern const RmxHostApi rmx_host_api;

/* Receives each volume a filter emits; takes ownership of vol. */
typedef gboolean (*RmxEmitFn)(void *user, const char *image_type, RmxVolume *vol,
                              GError **err);

struct RmxCtx {
  const RmxComponent *comp;   /* NULL during plugin init */
  const RmxParams *params;    /* validated component params */
  const RmxParams *settings;  /* host-level settings, read as a fallback */
  char *error;                /* set by fail() */
  int status;
  RmxEmitFn emit;
  void *emit_user;
  uint64_t seed;
  int n_threads;              /* for parallel_for; 0 = all cores */
  const RmxPlugin *init_plugin; /* during init only */
  GError *init_error;
  void (*progress_fn)(void *user, double fraction);
  void *progress_user;
  volatile int *cancel_flag;
  /* output_region(): the box the caller needs, or the whole first input */
  int has_region;
  size_t region_lo[3], region_hi[3];
};

/* A ctx on the stack: zero it, then set what the call needs. */
void rmx_ctx_init(RmxCtx *ctx, const RmxComponent *comp, const RmxParams *params);
void rmx_ctx_clear(RmxCtx *ctx); /* frees the error text */
/* Turns the ctx's failure into a GError "<component>: <message>". */
void rmx_ctx_to_gerror(const RmxCtx *ctx, int status, GError **err);

/* Global run settings used by every call (set from the CLI / Lua). */
void rmx_set_default_threads(int n);   /* 0: all cores */
int rmx_default_threads(void);
void rmx_set_default_seed(uint64_t seed);
uint64_t rmx_default_seed(void);

/* Validated call wrappers. Each checks params against the component's spec
 * (strict), runs the call, and reports failure as one GError line. */
/* settings (may be NULL): host-level settings the filter may read as a
 * fallback, as PyRadiomics hands filters every setting (wavelet reads force2D). */
gboolean rmx_call_filter(const RmxComponent *c, RmxParams *params, const RmxParams *settings,
                         const RmxVolume *const *inputs, size_t n_inputs,
                         const RmxVolume *mask, RmxEmitFn emit, void *user,
                         GError **err);
/* Same, asking for outputs only inside the index box [lo, hi) of inputs[0]
 * (output_region() in the SDK); lo/hi NULL: whole volumes. */
gboolean rmx_call_filter_region(const RmxComponent *c, RmxParams *params,
                                const RmxParams *settings, const RmxVolume *const *inputs,
                                size_t n_inputs, const RmxVolume *mask, const size_t lo[3],
                                const size_t hi[3], RmxEmitFn emit, void *user, GError **err);
gboolean rmx_call_family(const RmxComponent *c, const RmxParams *params,
                         const RmxParams *settings, const RmxFeatureInput *in,
                         const uint8_t *enabled, double *values, gboolean *skipped,
                         GError **err);

/* Byte buffers for saved models (RmxBlob is opaque to plugins). */
RmxBlob *rmx_blob_new(void);
GBytes *rmx_blob_free_to_bytes(RmxBlob *blob);

#endif
