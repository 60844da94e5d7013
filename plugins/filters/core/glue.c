/* glue.c: shared plugin-side plumbing of the filters (uses rmx_host). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "glue.h"

int rmx_fg_nomem(RmxCtx *ctx) { return rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory"); }

double *rmx_fg_input(RmxCtx *ctx, const RmxVolume *v, const char *what) {
  if (!v || !v->data) {
    rmx_host->fail(ctx, RMX_ERR_INVALID, "%s: no volume", what);
    return NULL;
  }
  double *d = rmx_fc_to_double(v->data, v->type, rmx_fc_count(v->dim));
  if (!d) {
    if (v->type < RMX_U8 || v->type > RMX_F64)
      rmx_host->fail(ctx, RMX_ERR_INVALID, "%s: unknown voxel type %d", what, (int)v->type);
    else
      rmx_fg_nomem(ctx);
  }
  return d;
}

uint8_t *rmx_fg_mask(RmxCtx *ctx, const RmxVolume *mask, const RmxVolume *like, int *status) {
  *status = RMX_OK;
  if (!mask) return NULL;
  for (int a = 0; a < 3; a++)
    if (mask->dim[a] != like->dim[a]) {
      *status = rmx_host->fail(ctx, RMX_ERR_INVALID,
                               "mask size %zux%zux%zu differs from the image's %zux%zux%zu",
                               mask->dim[0], mask->dim[1], mask->dim[2], like->dim[0],
                               like->dim[1], like->dim[2]);
      return NULL;
    }
  if (mask->type < RMX_U8 || mask->type > RMX_F64) {
    *status = rmx_host->fail(ctx, RMX_ERR_INVALID, "mask: unknown voxel type %d", (int)mask->type);
    return NULL;
  }
  size_t n = rmx_fc_count(mask->dim);
  uint8_t *m = malloc(n ? n : 1);
  if (!m) {
    *status = rmx_fg_nomem(ctx);
    return NULL;
  }
  enum { CHUNK = 4096 }; /* no whole-volume double copy */
  double d[CHUNK];
  for (size_t i = 0; i < n; i += CHUNK) {
    size_t c = n - i < CHUNK ? n - i : CHUNK;
    rmx_fc_read_double(mask->data, mask->type, i, c, d);
    for (size_t k = 0; k < c; k++) m[i + k] = d[k] != 0;
  }
  return m;
}

int rmx_fg_region(RmxCtx *ctx, const RmxVolume *in, size_t lo[3], size_t hi[3]) {
  if (RMX_HOST_HAS(rmx_host, volume_new_region) && rmx_host->output_region(ctx, lo, hi)) {
    int whole = 1;
    for (int a = 0; a < 3; a++) whole &= lo[a] == 0 && hi[a] == in->dim[a];
    if (!whole) return 1;
  }
  for (int a = 0; a < 3; a++) lo[a] = 0, hi[a] = in->dim[a];
  return 0;
}

RmxVolume *rmx_fg_out(RmxCtx *ctx, int type, const RmxVolume *like, const size_t lo[3],
                      const size_t hi[3]) {
  int whole = 1;
  for (int a = 0; a < 3; a++) whole &= lo[a] == 0 && hi[a] == like->dim[a];
  RmxVolume *v = whole ? rmx_host->volume_new(ctx, type, like->dim, like)
                       : rmx_host->volume_new_region(ctx, type, like, lo, hi);
  if (!v) rmx_fg_nomem(ctx);
  return v;
}

double *rmx_fg_input_box(RmxCtx *ctx, const RmxVolume *v, const size_t lo[3], const size_t hi[3],
                         const char *what) {
  if (!v || !v->data) {
    rmx_host->fail(ctx, RMX_ERR_INVALID, "%s: no volume", what);
    return NULL;
  }
  if (v->type < RMX_U8 || v->type > RMX_F64) {
    rmx_host->fail(ctx, RMX_ERR_INVALID, "%s: unknown voxel type %d", what, (int)v->type);
    return NULL;
  }
  size_t n = (hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]);
  double *d = malloc((n ? n : 1) * sizeof *d);
  if (!d) rmx_fg_nomem(ctx);
  else rmx_fc_read_box(v->data, v->type, v->dim, lo, hi, d);
  return d;
}

void rmx_fg_grow(const size_t dim[3], const size_t lo[3], const size_t hi[3], const size_t m[3],
                 size_t glo[3], size_t ghi[3]) {
  for (int a = 0; a < 3; a++) {
    int inside = lo[a] >= m[a] && hi[a] + m[a] <= dim[a];
    glo[a] = inside ? lo[a] - m[a] : 0;
    ghi[a] = inside ? hi[a] + m[a] : dim[a];
  }
}

double *rmx_fg_input_grown(RmxCtx *ctx, const RmxVolume *in, const size_t m[3], size_t lo[3],
                           size_t hi[3], size_t glo[3], size_t ghi[3], size_t gd[3]) {
  rmx_fg_region(ctx, in, lo, hi);
  rmx_fg_grow(in->dim, lo, hi, m, glo, ghi);
  for (int a = 0; a < 3; a++) gd[a] = ghi[a] - glo[a];
  return rmx_fg_input_box(ctx, in, glo, ghi, "input");
}

void rmx_fg_crop(void *dst, const void *src, size_t elem, const size_t slo[3],
                 const size_t shi[3], const size_t lo[3], const size_t hi[3]) {
  size_t sd0 = shi[0] - slo[0], sd1 = shi[1] - slo[1], row = (hi[0] - lo[0]) * elem;
  char *o = dst;
  for (size_t k = lo[2]; k < hi[2]; k++)
    for (size_t j = lo[1]; j < hi[1]; j++, o += row)
      memcpy(o, (const char *)src +
                    ((lo[0] - slo[0]) + sd0 * ((j - slo[1]) + sd1 * (k - slo[2]))) * elem,
             row);
}

int rmx_fg_emit_box(RmxCtx *ctx, const char *name, int type, const RmxVolume *like,
                    const void *src, const size_t slo[3], const size_t shi[3],
                    const size_t lo[3], const size_t hi[3]) {
  RmxVolume *v = rmx_fg_out(ctx, type, like, lo, hi);
  if (!v) return RMX_ERR_NOMEM;
  rmx_fg_crop(v->data, src, type == RMX_F32 ? sizeof(float) : sizeof(double), slo, shi, lo, hi);
  return rmx_host->emit(ctx, name, v);
}

static int emit_typed(RmxCtx *ctx, const char *name, const RmxVolume *like, const void *data,
                      int type) {
  size_t lo[3] = {0, 0, 0};
  return rmx_fg_emit_box(ctx, name, type, like, data, lo, like->dim, lo, like->dim);
}

int rmx_fg_emit_f64(RmxCtx *ctx, const char *name, const RmxVolume *like, const double *data) {
  return emit_typed(ctx, name, like, data, RMX_F64);
}

int rmx_fg_emit_f32(RmxCtx *ctx, const char *name, const RmxVolume *like, const float *data) {
  return emit_typed(ctx, name, like, data, RMX_F32);
}

int rmx_fg_boundary(RmxCtx *ctx, const char *key, RmxFcBoundary dflt, RmxFcBoundary *out) {
  const char *s = rmx_host->param_string(ctx, key);
  if (!s) { *out = dflt; return RMX_OK; }
  int b = rmx_fc_boundary_from_name(s);
  if (b < 0)
    return rmx_host->fail(ctx, RMX_ERR_INVALID,
                          "parameter '%s': unknown boundary '%s' (zero, nearest, periodic, mirror)",
                          key, s);
  *out = (RmxFcBoundary)b;
  return RMX_OK;
}

/* The rescaling's maxima over the whole input. For integers up to 32 bits
** max |x| is the larger of |min| and |max| (one vectorised pass); otherwise
** the voxels are read in chunks of doubles. For 8- and 16-bit integers the
** logarithm's max |f| is taken over the distinct values present (at most
** 65536 logs instead of one per voxel): the same f values, so the same
** maximum. */
static int whole_scale(const RmxVolume *in, int with_log, RmxFcScale *sc) {
  enum { CHUNK = 4096 };
  double buf[CHUNK], mn, mx;
  size_t n = rmx_fc_count(in->dim);
  long off = in->type == RMX_I8 ? 128 : in->type == RMX_I16 ? 32768 : 0;
  int small = with_log && (in->type == RMX_U8 || in->type == RMX_I8 || in->type == RMX_U16 ||
                           in->type == RMX_I16);
  uint8_t *seen = small ? calloc(65536, 1) : NULL;
  small = seen != NULL;
  rmx_fc_scale_init(sc);
  int by_range = (!with_log || small) && rmx_fc_minmax_int(in->data, in->type, n, &mn, &mx) == 0;
  if (by_range) {
    double a = fabs(mn), b = fabs(mx);
    sc->max_abs = a > b ? a : b;
  }
  for (size_t i = 0; (!by_range || small) && i < n; i += CHUNK) {
    size_t m = n - i < CHUNK ? n - i : CHUNK;
    if (rmx_fc_read_double(in->data, in->type, i, m, buf)) {
      free(seen);
      return -1;
    }
    if (!by_range) rmx_fc_scale_scan(buf, m, with_log && !small, sc);
    for (size_t k = 0; small && k < m; k++) seen[(long)buf[k] + off] = 1;
  }
  if (small) {
    size_t m = 0;
    for (long v = 0; v < 65536; v++)
      if (seen[v]) {
        buf[m++] = (double)(v - off);
        if (m == CHUNK) rmx_fc_scale_scan(buf, m, 1, sc), m = 0;
      }
    rmx_fc_scale_scan(buf, m, 1, sc);
    free(seen);
  }
  return 0;
}

int rmx_fg_pointwise_apply(RmxCtx *ctx, const RmxVolume *const *inputs, size_t n_inputs,
                           const RmxVolume *mask) {
  (void)n_inputs;
  (void)mask;
  const RmxPointwise *pw = rmx_host->component_data(ctx);
  const RmxVolume *in = inputs[0];
  size_t lo[3], hi[3];
  rmx_fg_region(ctx, in, lo, hi);
  double *x = rmx_fg_input_box(ctx, in, lo, hi, "input"); /* also checks the type */
  if (!x) return RMX_ERR_NOMEM;
  RmxFcScale sc;
  whole_scale(in, pw->with_log, &sc);
  RmxVolume *out = rmx_fg_out(ctx, RMX_F64, in, lo, hi);
  int rc;
  if (!out) rc = RMX_ERR_NOMEM;
  else if (pw->op(x, rmx_fc_count(out->dim), &sc, out->data) != 0) {
    rmx_host->volume_free(out);
    rc = rmx_host->fail(ctx, RMX_ERR_INVALID,
                        "input image is all zero: the rescaling divides by max |x|");
  } else {
    rc = rmx_host->emit(ctx, pw->image_type, out);
  }
  free(x);
  return rc;
}
