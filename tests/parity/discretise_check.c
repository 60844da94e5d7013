/* discretise_check.c: grey-level discretisation against the rules PyRadiomics and IBSI document. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "extract_prep.h"
#include "volume.h"

static int failed, passed;

/* Discretises values (all in the ROI) with the given settings text and
 * compares with the expected levels. */
static void check(const char *what, const double *x, size_t n, const int32_t *want,
                  const char *const *settings) {
  size_t dim[3] = {n, 1, 1};
  RmxVolume *img = rmx_volume_new(RMX_F64, dim, NULL), *mask = rmx_volume_new(RMX_U8, dim, NULL);
  memcpy(img->data, x, n * sizeof *x);
  memset(mask->data, 1, n);
  RmxParams *p = rmx_params_new();
  for (const char *const *s = settings; *s; s += 2) rmx_params_set_text(p, s[0], s[1]);
  int32_t levels[16], nl = 0;
  GError *e = NULL;
  gboolean ok = rmx_discretise(img, mask, p, levels, &nl, &e);
  for (size_t i = 0; ok && i < n; i++) ok = levels[i] == want[i];
  if (ok) {
    passed++;
  } else {
    failed++;
    printf("FAIL %s:", what);
    for (size_t i = 0; i < n; i++) printf(" %g->%d (want %d)", x[i], levels[i], want[i]);
    printf("%s%s\n", e ? " error: " : "", e ? e->message : "");
  }
  g_clear_error(&e);
  rmx_params_free(p);
  rmx_volume_free(img);
  rmx_volume_free(mask);
}

int main(void) {
  /* PyRadiomics getBinEdges docstring: ROI 54..166, width 25 -> edges 50, 75, ..., 175;
   * bin = floor(x/W) - floor(min/W) + 1 */
  const char *const w25[] = {"binWidth", "25", NULL};
  check("docstring example", (double[]){54, 74.9, 75, 100, 166}, 5, (int32_t[]){1, 1, 2, 3, 5}, w25);
  /* same docstring: a maximum on an edge opens its own bin [max, max + W) */
  check("max on an edge", (double[]){50, 60, 75}, 3, (int32_t[]){1, 1, 2}, w25);
  /* negative minimum: edges stay multiples of W (floor division) */
  check("negative values", (double[]){-30, -25, -0.5, 0, 24.9}, 5, (int32_t[]){1, 2, 2, 3, 3}, w25);
  /* flat ROI: one bin */
  check("flat region", (double[]){7, 7, 7}, 3, (int32_t[]){1, 1, 1}, w25);
  /* binCount (docstring): floor(Nb (x - min) / (max - min)) + 1, the maximum in bin Nb */
  const char *const c4[] = {"binCount", "4", NULL};
  check("binCount", (double[]){0, 2.4, 2.5, 5, 9.99, 10}, 6, (int32_t[]){1, 1, 2, 3, 4, 4}, c4);
  /* IBSI fixed bin size: floor((x - min) / w) + 1 from the ROI minimum ... */
  const char *const ibsi[] = {"binWidth", "25", "ibsiCompat", "true", NULL};
  check("IBSI FBS", (double[]){54, 78.9, 79, 166}, 4, (int32_t[]){1, 1, 2, 5}, ibsi);
  /* ... or from the lower bound of an absolute resegmentation range */
  const char *const ibsi_r[] = {"binWidth", "25", "ibsiCompat", "true", "resegmentRange", "[-1000, 400]", NULL};
  check("IBSI FBS, resegmented", (double[]){-1000, -976, -975, 0}, 4, (int32_t[]){1, 1, 2, 41}, ibsi_r);
  /* IBSI fixed bin number: the maximum goes to bin Nb */
  const char *const ibsi_n[] = {"binCount", "4", "ibsiCompat", "true", NULL};
  check("IBSI FBN", (double[]){0, 2.5, 7.5, 10}, 4, (int32_t[]){1, 2, 4, 4}, ibsi_n);
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
