/* shape_symeig.c: the PCA's own symmetric eigenvalue routine on matrices of
   known spectrum (R diag(l) R^T), degenerate and near-degenerate cases. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "shape_core.h"

static int passed, failed;

/* |got - want| within tol * scale for every eigenvalue (ascending). */
static void expect_eig(const char *what, const double *got, const double *want, int n,
                       double scale, double tol, int quiet) {
  int ok = 1;
  for (int i = 0; i < n; i++) ok &= fabs(got[i] - want[i]) <= tol * scale;
  if (!ok || !quiet) {
    printf("%s  %s\n", ok ? "ok  " : "FAIL", what);
    for (int i = 0; i < n; i++) printf("        want %.17g got %.17g\n", want[i], got[i]);
  }
  ok ? passed++ : failed++;
}

/* Rotation matrix (row-major) of the unit quaternion (w, x, y, z) normalised. */
static void rotation(double w, double x, double y, double z, double r[9]) {
  double s = 1 / sqrt(w * w + x * x + y * y + z * z);
  w *= s, x *= s, y *= s, z *= s;
  const double m[9] = {1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
                       2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
                       2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)};
  for (int k = 0; k < 9; k++) r[k] = m[k];
}

/* a = R diag(l) R^T (n = 2: the upper-left rotation by angle x). */
static void build(int n, const double *r, const double *l, double *a) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      double v = 0;
      for (int k = 0; k < n; k++) v += r[i * 3 + k] * l[k] * r[j * 3 + k];
      a[i * n + j] = v;
    }
}

static void check(const char *what, int n, const double *r, const double *l, int quiet) {
  double a[9], w[3], want[3], scale = 0;
  build(n, r, l, a);
  for (int i = 0; i < n; i++) want[i] = l[i], scale = fmax(scale, fabs(l[i]));
  for (int i = 1; i < n; i++) /* ascending */
    for (int j = i; j > 0 && want[j] < want[j - 1]; j--) {
      double t = want[j]; want[j] = want[j - 1]; want[j - 1] = t;
    }
  if (rmx_shape_symeig(a, n, w) != 0) {
    printf("FAIL  %s: routine failed\n", what);
    failed++;
    return;
  }
  /* a itself is R diag(l) R^T rounded, so its spectrum is l to ~n eps |l|. */
  expect_eig(what, w, want, n, scale, 16 * 2.220446049250313e-16, quiet);
}

static uint64_t rng = 88172645463325252u;
static double uniform(void) { /* xorshift64, [-1, 1) */
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return (double)(rng >> 11) / 4503599627370496.0 - 1;
}

int main(void) {
  double r[9];
  rotation(0.9, 0.3, -0.2, 0.25, r);
  check("3x3 distinct {1,2,3}", 3, r, (const double[]){3, 1, 2}, 0);
  check("3x3 double {2,2,5}", 3, r, (const double[]){2, 5, 2}, 0);
  check("3x3 triple {4,4,4}", 3, r, (const double[]){4, 4, 4}, 0);
  check("3x3 rank one {0,0,7} (flat ROI)", 3, r, (const double[]){0, 7, 0}, 0);
  check("3x3 near-double {1,1+1e-9,3}", 3, r, (const double[]){1, 3, 1 + 1e-9}, 0);
  check("3x3 near-triple {1,1+1e-13,1-1e-13}", 3, r, (const double[]){1, 1 + 1e-13, 1 - 1e-13}, 0);
  check("3x3 wide range {1e-8,1,1e8}", 3, r, (const double[]){1e8, 1e-8, 1}, 0);
  check("3x3 negative {-2,0.5,3}", 3, r, (const double[]){-2, 3, 0.5}, 0);
  rotation(1, 0, 0, 0, r);
  check("3x3 diagonal, unsorted {3,1,2}", 3, r, (const double[]){3, 1, 2}, 0);

  /* 2x2: the upper-left block of a rotation about z is a plane rotation. */
  rotation(cos(0.35), 0, 0, sin(0.35), r);
  check("2x2 distinct {0.5,3}", 2, r, (const double[]){3, 0.5}, 0);
  check("2x2 double {2,2}", 2, r, (const double[]){2, 2}, 0);
  check("2x2 rank one {0,9} (a line)", 2, r, (const double[]){9, 0}, 0);
  check("2x2 near-double {1,1+1e-12}", 2, r, (const double[]){1 + 1e-12, 1}, 0);

  /* Exact integer matrices: tridiag(1,2,1) has 2 - sqrt 2, 2, 2 + sqrt 2. */
  double t3[9] = {2, 1, 0, 1, 2, 1, 0, 1, 2}, w[3];
  int rc = rmx_shape_symeig(t3, 3, w);
  expect_eig("3x3 tridiag(1,2,1)", w, (const double[]){2 - sqrt(2), 2, 2 + sqrt(2)}, 3, 4,
             4 * 2.220446049250313e-16, rc != 0 ? (failed++, 1) : 0);
  double t2[4] = {2, -1, -1, 2};
  rc = rmx_shape_symeig(t2, 2, w);
  expect_eig("2x2 [[2,-1],[-1,2]]", w, (const double[]){1, 3}, 2, 3, 2 * 2.220446049250313e-16,
             rc != 0 ? (failed++, 1) : 0);
  double one[1] = {-4.5};
  rc = rmx_shape_symeig(one, 1, w);
  expect_eig("1x1", w, (const double[]){-4.5}, 1, 4.5, 0, rc != 0 ? (failed++, 1) : 0);

  /* 2000 random rotations and spectra over twelve decades, some repeated. */
  int before = failed;
  for (int k = 0; k < 2000; k++) {
    rotation(uniform(), uniform(), uniform(), uniform(), r);
    double l[3];
    for (int i = 0; i < 3; i++) l[i] = uniform() * pow(10, 6 * uniform());
    if (k % 4 == 1) l[2] = l[0];
    if (k % 4 == 2) l[1] = l[0] * (1 + 1e-10 * uniform());
    check("random 3x3", 3, r, l, 1);
    double phi = 3.141592653589793 * uniform();
    rotation(cos(phi), 0, 0, sin(phi), r);
    check("random 2x2", 2, r, l, 1);
  }
  printf("%s  4000 random matrices of known spectrum\n", failed == before ? "ok  " : "FAIL");

  /* Bad input: a size it does not handle, a non-finite entry. */
  double bad[9] = {1, NAN, 0, NAN, 1, 0, 0, 0, 1};
  int r1 = rmx_shape_symeig(bad, 3, w), r2 = rmx_shape_symeig(t3, 4, w);
  printf("%s  NaN entry and n = 4 rejected (%d, %d)\n", r1 == -1 && r2 == -1 ? "ok  " : "FAIL", r1, r2);
  r1 == -1 && r2 == -1 ? passed++ : failed++;

  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
