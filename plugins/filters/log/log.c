/* log.c: the 'log' filter plugin, Laplacian of Gaussian per sigma (mm):
** ITK's recursive filter as PyRadiomics calls it (default, float32 output),
** or sampled-kernel convolution with a chosen boundary (IBSI 2). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "glue.h"

static const RmxParamSpec params[] = {
  {"sigma", RMX_PARAM_LIST, RMX_PARAM_NULLABLE, NULL, 0, 1e4, NULL,
   "Gaussian widths in mm (> 0); no default: unset gives no image, as in PyRadiomics", 0, 0, {0}},
  {"method", RMX_PARAM_STRING, 0, "recursive", 0, 0, "recursive|convolution",
   "recursive: ITK Deriche IIR with edge extension (PyRadiomics); convolution: sampled kernels", 0, 0, {0}},
  {"boundary", RMX_PARAM_STRING, 0, "nearest", 0, 0, "zero|nearest|periodic|mirror",
   "convolution only: padding outside the image (recursive always extends the edge)", 0, 0, {0}},
  {"truncate", RMX_PARAM_DOUBLE, 0, "4", 0.5, 20, NULL,
   "convolution only: kernel radius in sigmas", 0, 0, {0}},
  {"dimensionality", RMX_PARAM_STRING, 0, "3D", 0, 0, "3D|2D",
   "convolution only: 2D filters each x-y slice", 0, 0, {0}},
  {"riesz", RMX_PARAM_LIST, RMX_PARAM_NULLABLE, NULL, 0, 10, NULL,
   "Riesz transform orders along x, y, z (IBSI 2 test 9; Fourier domain, plain voxel LoG)",
   0, 0, {0}},
  {"normalization", RMX_PARAM_STRING, 0, "scale", 0, 0, "scale|none",
   "convolution only: scale = sigma^2 times the Laplacian in mm (PyRadiomics); "
   "none = plain Laplacian per voxel^2 (IBSI 2 reference maps)", 0, 0, {0}},
  {NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0}},
};

/* Python's str(float) for the image name: the shortest decimals that read
** back as the same double, positional, '.0' on integers, then '.' -> '-'
** (1.0 -> 1-0, 0.5 -> 0-5, 10.0 -> 10-0). */
static void sigma_name(double s, char *out, size_t len) {
  char buf[64];
  for (int p = 0; p <= 17; p++) {
    snprintf(buf, sizeof buf, "%.*f", p, s);
    if (strtod(buf, NULL) == s) break;
  }
  if (!strchr(buf, '.')) strcat(buf, ".0");
  for (char *c = buf; *c; c++)
    if (*c == '.') *c = '-';
  snprintf(out, len, "%s", buf);
}

#define BATCH 4 /* sigmas in flight: memory stays at 4 images */

typedef struct Job {
  const RmxVolume *in;
  const size_t *lo, *hi; /* the output region */
  const double *sig;
  const size_t *todo;
  void **outs;           /* region-sized volumes, one per sigma of the batch */
  int recursive, is2d, normalize;
  double truncate;
  RmxFcBoundary bc;
  const int *riesz;
  int nr;
  size_t first, nbatch;
} Job;

/* Convolution: computed over the output region grown by the kernels' radii
** (the same taps, so the same values); Riesz (Fourier, global): over the
** whole image, the inverse transform only as far as the region needs. */
static int one_sigma(RmxCtx *ctx, void *user, size_t k) {
  Job *j = user;
  const RmxVolume *in = j->in;
  double s = j->sig[j->todo[j->first + k]], *o = ((RmxVolume *)j->outs[k])->data;
  int r;
  if (j->nr) {
    r = rmx_fc_riesz_log_box(in->data, in->type, in->dim, in->spacing, s, j->truncate, j->bc, j->riesz, j->lo,
                             j->hi, o);
  } else {
    size_t m[3], glo[3], ghi[3], gd[3];
    for (int a = 0; a < 3; a++) /* log_conv.c's kernel radius */
      m[a] = a == 2 && j->is2d ? 0 : (size_t)(long)(j->truncate * (s / in->spacing[a]) + 0.5);
    rmx_fg_grow(in->dim, j->lo, j->hi, m, glo, ghi);
    for (int a = 0; a < 3; a++) gd[a] = ghi[a] - glo[a];
    size_t n = rmx_fc_count(gd);
    double *x = malloc((n ? n : 1) * sizeof *x), *y = malloc((n ? n : 1) * sizeof *y);
    r = !x || !y;
    if (!r) {
      rmx_fc_read_box(in->data, in->type, in->dim, glo, ghi, x);
      r = rmx_fc_log_conv(x, gd, in->spacing, s, j->truncate, j->bc, j->is2d, j->normalize, y);
    }
    if (!r) rmx_fg_crop(o, y, sizeof *y, glo, ghi, j->lo, j->hi);
    free(x);
    free(y);
  }
  return r ? rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory (sigma %g)", s) : RMX_OK;
}

/* Recursive method: sigmas GROUP at a time (one read of the input per pass
** serves the group), groups of a batch in parallel. */
#define GROUP 2

static int one_group(RmxCtx *ctx, void *user, size_t g) {
  Job *j = user;
  size_t k0 = g * GROUP, n = j->nbatch - k0 < GROUP ? j->nbatch - k0 : GROUP;
  double s[GROUP];
  float *o[GROUP];
  for (size_t k = 0; k < n; k++) {
    s[k] = j->sig[j->todo[j->first + k0 + k]];
    o[k] = ((RmxVolume *)j->outs[k0 + k])->data;
  }
  int r = rmx_fc_log_recursive_boxes(j->in->data, j->in->type, j->in->dim, j->in->spacing, s,
                                     (int)n, j->lo, j->hi, o);
  return r ? rmx_host->fail(ctx, RMX_ERR_NOMEM, "out of memory (sigma %g)", s[0]) : RMX_OK;
}

static int apply(RmxCtx *ctx, const RmxVolume *const *inputs, size_t n_inputs,
                 const RmxVolume *mask) {
  (void)n_inputs;
  (void)mask;
  const RmxVolume *in = inputs[0];
  const double *sig = NULL;
  size_t ns = rmx_host->param_list(ctx, "sigma", &sig);
  if (!ns) {
    rmx_host->log(ctx, RMX_LOG_INFO, "no sigma given: no LoG image (as PyRadiomics)");
    return RMX_OK;
  }
  const char *method = rmx_host->param_string(ctx, "method");
  int recursive = !method || !strcmp(method, "recursive");
  const char *dimty = rmx_host->param_string(ctx, "dimensionality");
  int is2d = dimty && !strcmp(dimty, "2D");
  if (recursive && is2d)
    return rmx_host->fail(ctx, RMX_ERR_INVALID,
                          "parameter 'dimensionality': 2D needs method 'convolution'");
  RmxFcBoundary bc;
  int rc = rmx_fg_boundary(ctx, "boundary", RMX_FC_NEAREST, &bc);
  if (rc) return rc;
  const char *norm = rmx_host->param_string(ctx, "normalization");
  int normalize = !norm || strcmp(norm, "none") != 0;
  double truncate = rmx_host->param_is_set(ctx, "truncate") ? rmx_host->param_double(ctx, "truncate") : 4;
  const double *rz = NULL;
  size_t nr = rmx_host->param_list(ctx, "riesz", &rz);
  int riesz[3] = {0, 0, 0};
  if (nr && nr != 3)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "parameter 'riesz': needs 3 orders (x, y, z), got %zu", nr);
  for (size_t i = 0; i < nr; i++) {
    if (rz[i] != (double)(int)rz[i])
      return rmx_host->fail(ctx, RMX_ERR_INVALID, "parameter 'riesz': %g is not an integer", rz[i]);
    riesz[i] = (int)rz[i];
  }
  for (size_t i = 0; i < ns; i++)
    if (!(sig[i] > 0))
      return rmx_host->fail(ctx, RMX_ERR_INVALID, "parameter 'sigma': %g is not > 0", sig[i]);
  if (recursive && (in->dim[0] < 4 || in->dim[1] < 4 || in->dim[2] < 4)) {
    rmx_host->log(ctx, RMX_LOG_WARNING, "image too small for LoG (%zux%zux%zu, needs >= 4 per axis)",
                  in->dim[0], in->dim[1], in->dim[2]);
    return RMX_OK;
  }
  /* each sigma's image is made region-sized, the input read by type: around
     the output region (recursive, convolution) or whole (Riesz) */
  int direct = recursive && !nr;
  size_t lo[3], hi[3];
  rmx_fg_region(ctx, in, lo, hi);
  if (!in->data) return rmx_host->fail(ctx, RMX_ERR_INVALID, "input: no volume");
  if (in->type < RMX_U8 || in->type > RMX_F64)
    return rmx_host->fail(ctx, RMX_ERR_INVALID, "input: unknown voxel type %d", (int)in->type);
  /* sigmas that fit, in order (PyRadiomics' size rule) */
  size_t *todo = malloc((ns ? ns : 1) * sizeof *todo), nt = 0;
  if (!todo) return rmx_fg_nomem(ctx);
  for (size_t i = 0; i < ns; i++) {
    int fits = 1;
    for (int a = 0; a < 3; a++)
      if ((double)in->dim[a] < ceil(sig[i] / in->spacing[a]) + 1) fits = 0;
    if (fits) todo[nt++] = i;
    else
      rmx_host->log(ctx, RMX_LOG_WARNING,
                    "sigma %g mm skipped: ceil(sigma/spacing)+1 exceeds the image size %zux%zux%zu",
                    sig[i], in->dim[0], in->dim[1], in->dim[2]);
  }
  Job job = {in, lo, hi, sig, todo, NULL, recursive, is2d, normalize, truncate, bc, riesz,
             (int)nr, 0, 0};
  void *outs[BATCH] = {NULL};
  job.outs = outs;
  /* sigmas run in parallel in batches; images are emitted in sigma order */
  for (size_t b0 = 0; b0 < nt && !rc; b0 += BATCH) {
    size_t nb = nt - b0 < BATCH ? nt - b0 : BATCH;
    job.first = b0;
    for (size_t k = 0; k < nb && !rc; k++)
      if (!(outs[k] = rmx_fg_out(ctx, direct ? RMX_F32 : RMX_F64, in, lo, hi))) rc = RMX_ERR_NOMEM;
    job.nbatch = nb;
    if (!rc)
      rc = direct ? rmx_host->parallel_for(ctx, (nb + GROUP - 1) / GROUP, one_group, &job)
                  : rmx_host->parallel_for(ctx, nb, one_sigma, &job);
    for (size_t k = 0; k < nb && !rc; k++) {
      size_t i = todo[b0 + k];
      char sn[64], name[160], rz[48] = "";
      sigma_name(sig[i], sn, sizeof sn);
      if (nr) snprintf(rz, sizeof rz, "-riesz-%d%d%d", riesz[0] % 100, riesz[1] % 100, riesz[2] % 100);
      snprintf(name, sizeof name, "log-sigma-%s-mm-%s%s", sn, is2d ? "2D" : "3D", rz);
      rc = rmx_host->emit(ctx, name, outs[k]); /* ownership passes */
      outs[k] = NULL;
    }
    rmx_host->progress(ctx, (double)(b0 + nb) / (double)nt);
  }
  for (int k = 0; k < BATCH; k++) rmx_host->volume_free(outs[k]);
  free(todo);
  return rc;
}

static const RmxFilterClass klass = {
  {sizeof(RmxFilterClass), RMX_KIND_FILTER, "log",
   "Laplacian of Gaussian, scale-normalised, one image per sigma (PyRadiomics LoG)", params, NULL},
  1, 1, apply};

static int init(RmxCtx *ctx) { return rmx_host->register_component(ctx, &klass.hdr); }

RMX_PLUGIN_DEFINE("filter-log", "0.1.0", "Apache-2.0",
                  "Laplacian of Gaussian (ITK recursive as PyRadiomics, or IBSI convolution)", init)
