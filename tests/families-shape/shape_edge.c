/* shape_edge.c: shape/shape2D on analytic solids, symmetry invariance and bad input. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <radiomix/plugin.h>

#include "shape2d_core.h"
#include "shape_core.h"
#include "shape_test_util.h"

static int passed, failed;

static void expect(const char *what, double got, double want, double tol) {
  int ok = (isnan(want) && isnan(got)) || fabs(got - want) <= tol * fmax(1, fabs(want));
  printf("%s  %-52s want %.15g got %.15g\n", ok ? "ok  " : "FAIL", what, want, got);
  ok ? passed++ : failed++;
}

/* One voxel: the mesh is the octahedron through the 6 face centres, with
   semi-axes of half the spacing: V = 4/3 a b c; each face has area
   1/2 |(-a,b,0) x (-a,0,c)|; the diameters are the longest axes. */
static void single_voxel(const RmxMcTable *t) {
  const uint8_t one = 1;
  const size_t dim[3] = {1, 1, 1};
  const double sp[3] = {1, 2, 3}, a = 0.5, b = 1, c = 1.5;
  double v[RMX_SHAPE_COUNT];
  if (rmx_shape_features(&one, dim, sp, t, 0, v)) {
    printf("FAIL  single voxel: computation failed\n");
    failed++;
    return;
  }
  double face = 0.5 * sqrt(b * b * c * c + a * a * c * c + a * a * b * b);
  expect("single voxel MeshVolume = 4/3 abc", v[RMX_SHAPE_MESHVOL], 4.0 / 3 * a * b * c, 1e-14);
  expect("single voxel SurfaceArea = 8 faces", v[RMX_SHAPE_AREA], 8 * face, 1e-14);
  expect("single voxel VoxelVolume", v[RMX_SHAPE_VOXVOL], 6, 1e-15);
  expect("single voxel Maximum3DDiameter = 2c", v[RMX_SHAPE_DIAM3D], 2 * c, 1e-15);
  expect("single voxel Maximum2DDiameterSlice = 2b", v[RMX_SHAPE_DIAMSLICE], 2 * b, 1e-15);
  expect("single voxel Maximum2DDiameterColumn = 2c", v[RMX_SHAPE_DIAMCOL], 2 * c, 1e-15);
  expect("single voxel Maximum2DDiameterRow = 2c", v[RMX_SHAPE_DIAMROW], 2 * c, 1e-15);
  expect("single voxel MajorAxisLength = 0", v[RMX_SHAPE_MAJOR], 0, 1e-15);
  expect("single voxel Elongation = 0/0 = NaN", v[RMX_SHAPE_ELONG], NAN, 0);
}

/* A rhombus for one pixel: diagonals = spacing, perimeter 4 x half-diagonal hypotenuse. */
static void single_pixel(void) {
  const uint8_t one = 1;
  const size_t dim[3] = {1, 1, 1};
  const double sp[3] = {1, 2, 5};
  double v[RMX_S2_COUNT];
  if (rmx_shape2d_features(&one, dim, sp, 2, v)) {
    printf("FAIL  single pixel: computation failed\n");
    failed++;
    return;
  }
  expect("single pixel MeshSurface = d1 d2 / 2", v[RMX_S2_MESHSURF], 1 * 2 / 2.0, 1e-15);
  expect("single pixel Perimeter", v[RMX_S2_PERIM], 4 * sqrt(0.25 + 1), 1e-15);
  expect("single pixel PixelSurface", v[RMX_S2_PIXSURF], 2, 1e-15);
  expect("single pixel MaximumDiameter", v[RMX_S2_DIAM], 2, 1e-15);
}

/* mirrored / transposed copy of m */
static uint8_t *remap(const ShapeMask *m, int flip_axis, int transpose, size_t dim[3],
                      double sp[3]) {
  size_t n = m->dim[0] * m->dim[1] * m->dim[2];
  uint8_t *o = malloc(n);
  if (!o) return NULL;
  memcpy(dim, m->dim, sizeof(size_t[3]));
  memcpy(sp, m->spacing, sizeof(double[3]));
  if (transpose) dim[0] = m->dim[1], dim[1] = m->dim[0], sp[0] = m->spacing[1], sp[1] = m->spacing[0];
  for (size_t k = 0; k < m->dim[2]; k++)
    for (size_t j = 0; j < m->dim[1]; j++)
      for (size_t i = 0; i < m->dim[0]; i++) {
        size_t c[3] = {i, j, k};
        if (flip_axis >= 0) c[flip_axis] = m->dim[flip_axis] - 1 - c[flip_axis];
        if (transpose) { size_t t = c[0]; c[0] = c[1]; c[1] = t; }
        o[c[0] + dim[0] * (c[1] + dim[1] * c[2])] = m->data[i + m->dim[0] * (j + m->dim[1] * k)];
      }
  return o;
}

/* pad m by 'pad' empty voxels on the low side of every axis */
static uint8_t *shift(const ShapeMask *m, size_t pad, size_t dim[3]) {
  for (int a = 0; a < 3; a++) dim[a] = m->dim[a] + pad;
  uint8_t *o = calloc(dim[0] * dim[1] * dim[2], 1);
  if (!o) return NULL;
  for (size_t k = 0; k < m->dim[2]; k++)
    for (size_t j = 0; j < m->dim[1]; j++)
      for (size_t i = 0; i < m->dim[0]; i++)
        o[(i + pad) + dim[0] * ((j + pad) + dim[1] * (k + pad))] =
            m->data[i + m->dim[0] * (j + m->dim[1] * k)];
  return o;
}

/*
** Diameters are properties of the vertex set: mirroring or swapping axes
** keeps them (Column and Row swap with x/y). The signed-volume sum of a
** closed, consistently oriented mesh does not depend on where the origin
** is, so meshing a shifted copy must keep the volume. PyRadiomics' mesh is not
** mirror-symmetric (its ambiguous faces are resolved relative to corner 7
** of each cube), so volume and area under mirroring are printed only.
*/
static void symmetry(const RmxMcTable *t, const char *label) {
  char rel[256], what[160];
  snprintf(rel, sizeof rel, "pyradiomics/cases/%s", label);
  ShapeMask m;
  if (st_mask_load(&m, st_shared(0, rel), 1)) { failed++; return; }
  double base[RMX_SHAPE_COUNT], v[RMX_SHAPE_COUNT];
  rmx_shape_features(m.data, m.dim, m.spacing, t, 0, base);
  static const char *names[] = {"flip x", "flip y", "flip z", "transpose x/y"};
  for (int s = 0; s < 4; s++) {
    size_t dim[3];
    double sp[3];
    uint8_t *o = remap(&m, s < 3 ? s : -1, s == 3, dim, sp);
    if (!o || rmx_shape_features(o, dim, sp, t, 0, v)) { free(o); failed++; continue; }
    free(o);
    static const struct { int f, g; const char *n; } d[] = {
      {RMX_SHAPE_DIAM3D, RMX_SHAPE_DIAM3D, "Maximum3DDiameter"},
      {RMX_SHAPE_DIAMSLICE, RMX_SHAPE_DIAMSLICE, "Maximum2DDiameterSlice"},
      {RMX_SHAPE_DIAMCOL, RMX_SHAPE_DIAMROW, "Maximum2DDiameterColumn"},
      {RMX_SHAPE_DIAMROW, RMX_SHAPE_DIAMCOL, "Maximum2DDiameterRow"}};
    for (int k = 0; k < 4; k++) {
      snprintf(what, sizeof what, "%s %s %s", label, names[s], d[k].n);
      expect(what, v[d[k].f], base[s == 3 ? d[k].g : d[k].f], 1e-14);
    }
    printf("info  %s %s: MeshVolume %+.3e, SurfaceArea %+.3e relative (PyRadiomics' mesh)\n",
           label, names[s], v[RMX_SHAPE_MESHVOL] / base[RMX_SHAPE_MESHVOL] - 1,
           v[RMX_SHAPE_AREA] / base[RMX_SHAPE_AREA] - 1);
  }
  RmxShapeMesh m0, m1;
  if (rmx_shape_mesh(m.data, m.dim, m.spacing, t, &m0)) { failed++; st_mask_free(&m); return; }
  for (size_t pad = 1; pad <= 2; pad++) {
    size_t dim[3];
    uint8_t *o = shift(&m, pad, dim);
    if (!o || rmx_shape_mesh(o, dim, m.spacing, t, &m1)) { free(o); failed++; continue; }
    free(o);
    snprintf(what, sizeof what, "%s mesh shifted by %zu: volume", label, pad);
    expect(what, m1.volume, m0.volume, 1e-12);
    snprintf(what, sizeof what, "%s mesh shifted by %zu: area", label, pad);
    expect(what, m1.area, m0.area, 1e-12);
  }
  st_mask_free(&m);
}

/* prostate_phantom's mesh is open, so its volume depends on the origin:
   a mask handed over with a margin must still give PyRadiomics' value. */
static void margin(const RmxMcTable *t) {
  ShapeMask m;
  if (st_mask_load(&m, st_shared(0, "pyradiomics/cases/prostate_phantom_subvolume-label.nrrd"), 1)) {
    failed++;
    return;
  }
  double ref = st_csv_lookup(st_shared(1, "pyradiomics/pyradiomics_reference_original.csv"), 0,
                             "prostate_phantom", 1, "original_shape_MeshVolume", 2);
  size_t dim[3];
  double v[RMX_SHAPE_COUNT];
  uint8_t *o = shift(&m, 2, dim);
  if (!o || rmx_shape_features(o, dim, m.spacing, t, 0, v)) {
    failed++;
  } else {
    expect("prostate_phantom with a 2-voxel margin: MeshVolume", v[RMX_SHAPE_MESHVOL], ref, 1e-12);
  }
  free(o);
  st_mask_free(&m);
}

/* PyRadiomics' definition, all pairs: the reference for the pruned search. */
static void brute_diameters(const int32_t *h, size_t n, const double sp[3], double diam[4]) {
  for (int k = 0; k < 4; k++) diam[k] = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < i; j++) {
      double a[3], b[3];
      for (int d = 0; d < 3; d++) a[d] = (h[3 * i + d] * 0.5) * sp[d], b[d] = (h[3 * j + d] * 0.5) * sp[d];
      double dz = a[0] - b[0], dy = a[1] - b[1], dx = a[2] - b[2];
      double dd = dz * dz + dy * dy + dx * dx;
      for (int k = 0; k < 3; k++)
        if (a[k] == b[k] && dd > diam[k]) diam[k] = dd;
      if (dd > diam[3]) diam[3] = dd;
    }
  for (int k = 0; k < 4; k++) diam[k] = sqrt(diam[k]);
}

/* Random point clouds (box, ball shell, thin ellipsoid, few slices): the
   pruned diameters must equal the all-pairs ones exactly. */
static void random_diameters(void) {
  RmxRng rng;
  int bad = 0, runs = 0;
  for (int shape = 0; shape < 4; shape++)
    for (uint64_t seed = 1; seed <= 10; seed++, runs++) {
      rmx_rng_seed(&rng, seed, (uint64_t)shape);
      const int ext[3] = {40, 60, 50};
      const double sp[3] = {0.5 + 3 * rmx_rng_uniform(&rng), 0.5 + rmx_rng_uniform(&rng),
                            0.5 + rmx_rng_uniform(&rng)};
      size_t n = 0, want = 300 + rmx_rng_below(&rng, 900);
      int32_t *h = malloc(3 * want * sizeof *h);
      if (!h) { failed++; return; }
      while (n < want) {
        int32_t p[3];
        for (int d = 0; d < 3; d++) p[d] = (int32_t)rmx_rng_below(&rng, (uint64_t)ext[d]);
        double r2 = 0;
        for (int d = 0; d < 3; d++) {
          double c = (p[d] - ext[d] / 2.0) / (ext[d] / 2.0);
          r2 += shape == 2 && d ? c * c * 9 : c * c;
        }
        if (shape == 1 && (r2 > 1 || r2 < 0.8)) continue;
        if (shape == 2 && r2 > 1) continue;
        if (shape == 3) p[0] = 2 * (int32_t)rmx_rng_below(&rng, 4);
        memcpy(h + 3 * n++, p, sizeof p);
      }
      double got[4], ref[4];
      if (rmx_shape_diameters(h, n, ext, sp, got)) { free(h); failed++; return; }
      brute_diameters(h, n, sp, ref);
      for (int k = 0; k < 4; k++)
        if (got[k] != ref[k]) {
          printf("FAIL  random cloud %d seed %llu diam[%d]: want %.17g got %.17g\n", shape,
                 (unsigned long long)seed, k, ref[k], got[k]);
          bad++;
        }
      free(h);
    }
  printf("%s  pruned diameters equal all-pairs ones on %d random clouds\n", bad ? "FAIL" : "ok  ",
         runs);
  bad ? failed++ : passed++;
}

static void bad_input(const RmxMcTable *t) {
  uint8_t zero[8] = {0}, slab[8] = {1, 1, 1, 1, 1, 1, 1, 1};
  const size_t dim[3] = {2, 2, 2};
  const double sp[3] = {1, 1, 1};
  double v[RMX_SHAPE_COUNT];
  expect("empty mask: shape returns -3", rmx_shape_features(zero, dim, sp, t, 0, v), -3, 0);
  expect("empty mask: shape2D returns -3",
         rmx_shape2d_features(zero, (const size_t[3]){2, 2, 1}, sp, 2, v), -3, 0);
  expect("two slices thick: shape2D skips (1)", rmx_shape2d_features(slab, dim, sp, 2, v), 1, 0);
  expect("bad plane axis: shape2D skips (1)", rmx_shape2d_features(slab, dim, sp, 7, v), 1, 0);
  /* a 2x2 slab is one slice thick along x when dim[0] == 1 */
  expect("one slice along x: shape2D computes",
         rmx_shape2d_features(slab, (const size_t[3]){1, 2, 4}, sp, 0, v), 0, 0);
  expect("  its PixelSurface = 8 pixels", v[RMX_S2_PIXSURF], 8, 0);
}

int main(void) {
  RmxMcTable t;
  rmx_mc_table_build(&t);
  single_voxel(&t);
  single_pixel();
  symmetry(&t, "brain1_label.nrrd");
  symmetry(&t, "breast1_label.nrrd");
  symmetry(&t, "test-mask_64x64x64.nrrd");
  margin(&t);
  random_diameters();
  bad_input(&t);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
