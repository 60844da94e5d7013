/* texb_edge.c: GLSZM/GLDM/NGTDM on small hand-checked inputs: PyRadiomics' documented examples, edge cases, bad input. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "texb_common.h"
#include "glszm_core.h"
#include "gldm_core.h"
#include "ngtdm_core.h"

static int passed, failed;

static void check(const char *what, double got, double want) {
  int ok = (isnan(want) && isnan(got)) || fabs(got - want) <= 1e-12 * fmax(1, fabs(want));
  printf("%s  %-52s got %.15g want %.15g\n", ok ? "PASS" : "FAIL", what, got, want);
  if (ok) passed++;
  else failed++;
}

static void check_rc(const char *what, int got, int want) {
  int ok = got == want;
  printf("%s  %-52s status %d want %d\n", ok ? "PASS" : "FAIL", what, got, want);
  if (ok) passed++;
  else failed++;
}

/* An input over caller-owned levels (0 outside the ROI). */
typedef struct Grid {
  RmxVolume img;
  int32_t lv[5 * 5 * 5];
  RmxFeatureInput in;
} Grid;

static void grid_init(Grid *g, size_t nx, size_t ny, size_t nz) {
  memset(g, 0, sizeof *g);
  g->img.struct_size = sizeof g->img;
  g->img.type = RMX_F64;
  g->img.dim[0] = nx;
  g->img.dim[1] = ny;
  g->img.dim[2] = nz;
  g->in.struct_size = sizeof g->in;
  g->in.image = g->in.mask = g->in.morph_mask = &g->img; /* only dim is read */
  g->in.levels = g->lv;
  g->in.plane_axis = TEXB_PLANE_K;
}

static void grid_finish(Grid *g) {
  size_t n = g->img.dim[0] * g->img.dim[1] * g->img.dim[2];
  g->in.n_roi = 0;
  g->in.n_levels = 0;
  for (size_t v = 0; v < n; v++) {
    g->in.n_roi += g->lv[v] > 0;
    if (g->lv[v] > g->in.n_levels) g->in.n_levels = g->lv[v];
  }
}

int main(void) {
  const double d1 = 1, d12[2] = {1, 2};
  double v[32];
  Grid g;

  /* PyRadiomics documentation, GLSZM and GLDM 5x5 example (8-connected, alpha 0). */
  static const int32_t doc[25] = {5, 2, 5, 4, 4, 3, 3, 3, 1, 3, 2, 1, 1, 1, 3,
                                  4, 2, 2, 2, 3, 3, 5, 3, 3, 2};
  grid_init(&g, 5, 5, 1);
  memcpy(g.lv, doc, sizeof doc);
  grid_finish(&g);
  /* Documented GLSZM: pg = {1,2,3,2,3}, ps (sizes 1..5) = {6,1,1,1,2}, Nz = 11. */
  rmx_glszm_compute(&g.in, 0, NULL, v);
  check("glszm doc: ZonePercentage = 11/25", v[GLSZM_ZP], 11.0 / 25);
  check("glszm doc: GrayLevelNonUniformity = 27/11", v[GLSZM_GLN], 27.0 / 11);
  check("glszm doc: SizeZoneNonUniformity = 43/11", v[GLSZM_SZN], 43.0 / 11);
  check("glszm doc: LargeAreaEmphasis = 85/11", v[GLSZM_LAE], 85.0 / 11);
  check("glszm doc: SmallAreaEmphasis", v[GLSZM_SAE], (6 + 1 / 4.0 + 1 / 9.0 + 1 / 16.0 + 2 / 25.0) / 11);
  check("glszm doc: HighGrayLevelZoneEmphasis = 143/11", v[GLSZM_HGLZE], 143.0 / 11);
  /* Documented GLDM: pg = {4,6,9,3,3}, pd (dependence 1..4) = {6,9,9,1}, Nz = 25. */
  RmxGldmSettings gs = {&d1, 1, 0, 0};
  rmx_gldm_compute(&g.in, &gs, NULL, v);
  check("gldm doc: LargeDependenceEmphasis = 139/25", v[GLDM_LDE], 139.0 / 25);
  check("gldm doc: SmallDependenceEmphasis", v[GLDM_SDE], (6 + 9 / 4.0 + 1 + 1 / 16.0) / 25);
  check("gldm doc: GrayLevelNonUniformity = 151/25", v[GLDM_GLN], 151.0 / 25);
  check("gldm doc: DependenceNonUniformity = 199/25", v[GLDM_DN], 199.0 / 25);
  check("gldm doc: DependencePercentage = 1", v[GLDM_DP], 1);

  /* Homogeneous 5x5x5 cube. */
  grid_init(&g, 5, 5, 5);
  for (int i = 0; i < 125; i++) g.lv[i] = 1;
  grid_finish(&g);
  RmxNgtdmSettings ns = {&d1, 1, 0};
  rmx_ngtdm_compute(&g.in, &ns, NULL, v);
  check("ngtdm flat: Coarseness = 1e6 (PyRadiomics)", v[NGTDM_COARSENESS], 1e6);
  check("ngtdm flat: Contrast = 0 (PyRadiomics)", v[NGTDM_CONTRAST], 0);
  check("ngtdm flat: Busyness = 0 (PyRadiomics)", v[NGTDM_BUSYNESS], 0);
  check("ngtdm flat: Complexity = 0", v[NGTDM_COMPLEXITY], 0);
  check("ngtdm flat: Strength = 0 (PyRadiomics)", v[NGTDM_STRENGTH], 0);
  ns.ibsi = 1;
  rmx_ngtdm_compute(&g.in, &ns, NULL, v);
  check("ngtdm flat, ibsiCompat: Coarseness undefined", v[NGTDM_COARSENESS], NAN);
  rmx_glszm_compute(&g.in, 0, NULL, v);
  check("glszm flat 3D: one zone, LargeAreaEmphasis = 125^2", v[GLSZM_LAE], 125.0 * 125);
  check("glszm flat 3D: ZonePercentage = 1/125", v[GLSZM_ZP], 1.0 / 125);
  g.in.is_2d = 1;
  rmx_glszm_compute(&g.in, 0, NULL, v);
  check("glszm flat force2D: 5 zones of 25, LAE = 625", v[GLSZM_LAE], 625);
  check("glszm flat force2D: ZonePercentage = 5/125", v[GLSZM_ZP], 5.0 / 125);
  /* In-plane dependence at distance 1: n(p) = {2,3,3,3,2}, mean n^2 = 7, LDE = 7^2. */
  gs.distances = &d1;
  rmx_gldm_compute(&g.in, &gs, NULL, v);
  check("gldm flat force2D: LargeDependenceEmphasis = 49", v[GLDM_LDE], 49);
  g.in.is_2d = 0;
  /* 3D, distances {1,2}: n(p) = {3,4,5,4,3}, mean n^2 = 15, LDE = 15^3. */
  gs.distances = d12;
  gs.n_distances = 2;
  rmx_gldm_compute(&g.in, &gs, NULL, v);
  check("gldm flat distances [1,2]: LDE = 3375", v[GLDM_LDE], 3375);
  /* Checkerboard of levels 1/2: alpha 1 makes every neighbour dependent. */
  for (int k = 0, i = 0; k < 5; k++)
    for (int y = 0; y < 5; y++)
      for (int x = 0; x < 5; x++, i++) g.lv[i] = 1 + (x + y + k) % 2;
  grid_finish(&g);
  gs.alpha = 1;
  rmx_gldm_compute(&g.in, &gs, NULL, v);
  check("gldm checkerboard gldm_a 1: LDE = 3375", v[GLDM_LDE], 3375);
  gs.alpha = 0;
  gs.distances = &d1;
  gs.n_distances = 1;
  /* alpha 0, distance 1: only the 12 edge-diagonal offsets keep the parity, so a
   * voxel has m(x)m(y) + m(x)m(z) + m(y)m(z) dependents, m(p) = valid +-1 moves. */
  rmx_gldm_compute(&g.in, &gs, NULL, v);
  {
    static const int m[5] = {1, 2, 2, 2, 1};
    double lde = 0;
    for (int z = 0; z < 5; z++)
      for (int y = 0; y < 5; y++)
        for (int x = 0; x < 5; x++) {
          double dep = m[x] * m[y] + m[x] * m[z] + m[y] * m[z] + 1;
          lde += dep * dep / 125;
        }
    check("gldm checkerboard gldm_a 0: LDE from edge diagonals", v[GLDM_LDE], lde);
  }

  /* Stripes: level 1 + (i mod 2). Planes normal to i hold one level (one zone of
   * 25 each); planes normal to k hold 5 separate columns of 5 (8-connected). */
  for (int k = 0, i = 0; k < 5; k++)
    for (int y = 0; y < 5; y++)
      for (int x = 0; x < 5; x++, i++) g.lv[i] = 1 + x % 2;
  grid_finish(&g);
  g.in.is_2d = 1;
  g.in.plane_axis = 0;
  rmx_glszm_compute(&g.in, 0, NULL, v);
  check("glszm stripes, planes normal to i: ZonePercentage 5/125", v[GLSZM_ZP], 5.0 / 125);
  g.in.plane_axis = 2;
  rmx_glszm_compute(&g.in, 0, NULL, v);
  check("glszm stripes, planes normal to k: ZonePercentage 25/125", v[GLSZM_ZP], 25.0 / 125);
  check("glszm stripes, planes normal to k: LargeAreaEmphasis 25", v[GLSZM_LAE], 25);
  g.in.is_2d = 0;
  rmx_glszm_compute(&g.in, 0, NULL, v);
  check("glszm stripes, 3D: ZonePercentage 5/125", v[GLSZM_ZP], 5.0 / 125);

  /* NGTDM with an isolated voxel: A(0,0,0)=1, B(1,0,0)=2 neighbours, C(3,3,3)=3 alone.
   * PyRadiomics' C code counts C with difference 0: p = 1/3 each, s = {1,1,0}.
   * IBSI leaves C out: p = 1/2, s = {1,1}. */
  grid_init(&g, 4, 4, 4);
  g.lv[0] = 1;
  g.lv[1] = 2;
  g.lv[3 + 4 * (3 + 4 * 3)] = 3;
  grid_finish(&g);
  ns.ibsi = 0;
  rmx_ngtdm_compute(&g.in, &ns, NULL, v);
  check("ngtdm isolated voxel: Coarseness = 1/(2/3)", v[NGTDM_COARSENESS], 1.5);
  check("ngtdm isolated voxel: Strength", v[NGTDM_STRENGTH],
        /* sum (p_i+p_j)(i-j)^2 over ordered pairs / sum s = (2/3)(2*1+2*4+2*1)/2 */
        (2.0 / 3) * (2 * 1 + 2 * 4 + 2 * 1) / 2);
  ns.ibsi = 1;
  rmx_ngtdm_compute(&g.in, &ns, NULL, v);
  check("ngtdm isolated voxel, ibsiCompat: Coarseness = 1", v[NGTDM_COARSENESS], 1);

  /* Bad input: a level above n_levels, distances that are not integers in [1, 64]. */
  g.in.n_levels = 2;
  check_rc("glszm: level above n_levels rejected", rmx_glszm_compute(&g.in, 0, NULL, v),
           RMX_ERR_INVALID);
  check_rc("gldm: level above n_levels rejected", rmx_gldm_compute(&g.in, &gs, NULL, v),
           RMX_ERR_INVALID);
  check_rc("ngtdm: level above n_levels rejected", rmx_ngtdm_compute(&g.in, &ns, NULL, v),
           RMX_ERR_INVALID);
  grid_finish(&g);
  const double bad[3] = {0, 1.5, 65};
  for (int b = 0; b < 3; b++) {
    char what[64];
    snprintf(what, sizeof what, "gldm/ngtdm: distance %g rejected", bad[b]);
    RmxGldmSettings bg = {&bad[b], 1, 0, 0};
    RmxNgtdmSettings bn = {&bad[b], 1, 0};
    check_rc(what, rmx_gldm_compute(&g.in, &bg, NULL, v) | rmx_ngtdm_compute(&g.in, &bn, NULL, v),
             RMX_ERR_INVALID);
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
