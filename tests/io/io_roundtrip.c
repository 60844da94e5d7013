/* io_roundtrip.c: write/read of all 10 scalar types, and hand-made headers read with the right geometry. */
#include "io_util.h"

#include <float.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static RmxVolume *read_ok(const char *path) {
  GError *e = NULL;
  RmxVolume *v = rmx_nrrd_read(path, &e);
  CHECK(v != NULL, "%s: %s", path, e ? e->message : "");
  g_clear_error(&e);
  return v;
}

static double max_dev; /* largest geometry difference seen, for the log */

static gboolean near(double a, double b) {
  max_dev = fmax(max_dev, fabs(a - b));
  return fabs(a - b) <= 1e-12 * fmax(1, fabs(b));
}

/* Extremes of each type at the start, then a deterministic spread. */
static void fill(RmxVolume *v) {
  size_t n = rmx_volume_voxels(v);
  uint64_t x = 0x9e3779b97f4a7c15u;
  for (size_t i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    switch (v->type) {
    case RMX_U8: ((uint8_t *)v->data)[i] = i == 0 ? UINT8_MAX : (uint8_t)x; break;
    case RMX_I8: ((int8_t *)v->data)[i] = i == 0 ? INT8_MIN : i == 1 ? INT8_MAX : (int8_t)x; break;
    case RMX_U16: ((uint16_t *)v->data)[i] = i == 0 ? UINT16_MAX : (uint16_t)x; break;
    case RMX_I16: ((int16_t *)v->data)[i] = i == 0 ? INT16_MIN : i == 1 ? INT16_MAX : (int16_t)x; break;
    case RMX_U32: ((uint32_t *)v->data)[i] = i == 0 ? UINT32_MAX : (uint32_t)x; break;
    case RMX_I32: ((int32_t *)v->data)[i] = i == 0 ? INT32_MIN : i == 1 ? INT32_MAX : (int32_t)x; break;
    case RMX_U64: ((uint64_t *)v->data)[i] = i == 0 ? UINT64_MAX : x; break;
    case RMX_I64: ((int64_t *)v->data)[i] = i == 0 ? INT64_MIN : i == 1 ? INT64_MAX : (int64_t)x; break;
    case RMX_F32: {
      const float sp[] = {-0.0f, FLT_MAX, -FLT_MIN, 1e-45f, INFINITY, 1.0f / 3};
      ((float *)v->data)[i] = i < 6 ? sp[i] : (float)((double)x / 1e15);
      break;
    }
    case RMX_F64: {
      const double sp[] = {-0.0, DBL_MAX, -DBL_MIN, 5e-324, -INFINITY, 1.0 / 3};
      ((double *)v->data)[i] = i < 6 ? sp[i] : (double)x / 1e15;
      break;
    }
    }
  }
}

static void roundtrip(int type, gboolean gz, gboolean flat) {
  size_t dim[3] = {7, 5, flat ? 1 : 3};
  RmxVolume *v = rmx_volume_new(type, dim, NULL);
  CHECK(v != NULL, "volume_new %s", rmx_scalar_name(type));
  if (!v) return;
  fill(v);
  /* Oblique geometry: 30 degrees about z, then a flip of z. */
  double c = cos(M_PI / 6), s = sin(M_PI / 6);
  double D[9] = {c, -s, 0, s, c, 0, 0, 0, -1};
  memcpy(v->direction, D, sizeof D);
  v->spacing[0] = 0.78124999999999989;
  v->spacing[1] = 1.3;
  v->spacing[2] = 6.4999999999999982;
  v->origin[0] = -99.609374999999986;
  v->origin[1] = 0.1;
  v->origin[2] = 1000.0 / 3;
  char name[64];
  g_snprintf(name, sizeof name, "rt_%s_%s%s.nrrd", rmx_scalar_name(type), gz ? "gz" : "raw",
             flat ? "_2d" : "");
  char *path = g_build_filename(io_tmpdir(), name, NULL);
  GError *e = NULL;
  CHECK(rmx_nrrd_write(v, path, gz, &e), "%s: %s", name, e ? e->message : "");
  g_clear_error(&e);
  RmxVolume *r = read_ok(path);
  if (r) {
    CHECK(r->type == type, "%s: type %s", name, rmx_scalar_name(r->type));
    CHECK(memcmp(r->dim, v->dim, sizeof v->dim) == 0, "%s: dims changed", name);
    CHECK(memcmp(r->data, v->data, rmx_volume_voxels(v) * rmx_scalar_size(type)) == 0,
          "%s: voxel values changed", name);
    for (int i = 0; i < 3; i++) {
      CHECK(near(r->spacing[i], v->spacing[i]), "%s: spacing[%d] %.17g vs %.17g", name, i,
            r->spacing[i], v->spacing[i]);
      CHECK(near(r->origin[i], v->origin[i]), "%s: origin[%d] %.17g vs %.17g", name, i,
            r->origin[i], v->origin[i]);
    }
    for (int i = 0; i < 9; i++)
      CHECK(near(r->direction[i], v->direction[i]), "%s: direction[%d] %.17g vs %.17g", name,
            i, r->direction[i], v->direction[i]);
  }
  rmx_volume_free(r);
  rmx_volume_free(v);
  g_free(path);
}

/* Nothing but the target may remain: the temporary is renamed or removed. */
static void atomic_write(void) {
  char *dir = g_build_filename(io_tmpdir(), "atomic", NULL);
  g_mkdir(dir, 0700);
  size_t dim[3] = {3, 3, 3};
  RmxVolume *v = rmx_volume_new(RMX_I16, dim, NULL);
  char *path = g_build_filename(dir, "out.nrrd", NULL);
  GError *e = NULL;
  CHECK(rmx_nrrd_write(v, path, FALSE, &e), "first write: %s", e ? e->message : "");
  g_clear_error(&e);
  ((int16_t *)v->data)[0] = 1234; /* overwrite replaces the file */
  CHECK(rmx_nrrd_write(v, path, TRUE, &e), "overwrite: %s", e ? e->message : "");
  g_clear_error(&e);
  RmxVolume *r = read_ok(path);
  CHECK(r && ((int16_t *)r->data)[0] == 1234, "overwritten file not read back");
  rmx_volume_free(r);
  GDir *d = g_dir_open(dir, 0, NULL);
  int n = 0;
  const char *nm;
  while (d && (nm = g_dir_read_name(d))) {
    n++;
    CHECK(strcmp(nm, "out.nrrd") == 0, "left-over file %s after writing", nm);
  }
  if (d) g_dir_close(d);
  CHECK(n == 1, "%d files in the output folder, want 1", n);
  char *bad = g_build_filename(dir, "no_such_folder", "x.nrrd", NULL);
  CHECK(!rmx_nrrd_write(v, bad, FALSE, &e), "write into a missing folder succeeded");
  CHECK(e && g_str_has_prefix(e->message, bad) && strstr(e->message, "cannot create"),
        "missing-folder error: %s", e ? e->message : "(none)");
  g_clear_error(&e);
  rmx_volume_free(v);
  g_free(bad);
  g_free(path);
  g_free(dir);
}

/* Expected values follow from the NRRD format definition, not from our code. */
static void handmade(void) {
  /* RAS: x and y negate to reach LPS. */
  int16_t vals[8] = {1, -2, 3, -4, 5, -6, 7, 32767};
  const char *p = io_write("ras.nrrd",
                           "NRRD0004\ntype: short\ndimension: 3\nsizes: 2 2 2\n"
                           "space: right-anterior-superior\n"
                           "space directions: (-0.5,0,0) (0,-0.7,0) (0,0,2.5)\n"
                           "space origin: (10,20,30)\nencoding: raw\nendian: little\n\n",
                           vals, sizeof vals);
  RmxVolume *v = read_ok(p);
  if (v) {
    const double sp[3] = {0.5, 0.7, 2.5}, org[3] = {-10, -20, 30};
    for (int i = 0; i < 3; i++) {
      CHECK(near(v->spacing[i], sp[i]), "ras spacing[%d] %g", i, v->spacing[i]);
      CHECK(near(v->origin[i], org[i]), "ras origin[%d] %g", i, v->origin[i]);
    }
    for (int i = 0; i < 9; i++)
      CHECK(v->direction[i] == (i % 4 == 0 ? 1.0 : 0.0), "ras direction[%d] %g", i,
            v->direction[i]);
    CHECK(memcmp(v->data, vals, sizeof vals) == 0, "ras values");
  }
  rmx_volume_free(v);

  /* Plain spacings, no space: identity direction, origin 0; big-endian data. */
  uint8_t be[8] = {0x01, 0x02, 0xff, 0xfe, 0x00, 0x00, 0x80, 0x00};
  p = io_write("spacings_be.nrrd",
               "NRRD0004\ntype: short\ndimension: 3\nsizes: 2 2 1\nspacings: 0.5 2 3\n"
               "encoding: raw\nendian: big\n\n", be, sizeof be);
  v = read_ok(p);
  if (v) {
    CHECK(v->spacing[0] == 0.5 && v->spacing[1] == 2 && v->spacing[2] == 3, "spacings");
    CHECK(v->origin[0] == 0 && v->origin[1] == 0 && v->origin[2] == 0, "origin not 0");
    const int16_t *d = v->data;
    CHECK(d[0] == 258 && d[1] == -2 && d[2] == 0 && d[3] == -32768,
          "big-endian values %d %d %d %d", d[0], d[1], d[2], d[3]);
  }
  rmx_volume_free(v);

  /* No spacing at all: 1 mm. A 2D file reads with dim[2] = 1. */
  uint8_t six[6] = {1, 2, 3, 4, 5, 6};
  p = io_write("plain2d.nrrd",
               "NRRD0004\ntype: uchar\ndimension: 2\nsizes: 3 2\nencoding: raw\n\n", six, 6);
  v = read_ok(p);
  if (v) {
    CHECK(v->dim[0] == 3 && v->dim[1] == 2 && v->dim[2] == 1, "2D dims %zux%zux%zu", v->dim[0],
          v->dim[1], v->dim[2]);
    CHECK(v->spacing[0] == 1 && v->spacing[1] == 1 && v->spacing[2] == 1, "default spacing");
    CHECK(memcmp(v->data, six, 6) == 0 && v->type == RMX_U8, "2D values");
  }
  rmx_volume_free(v);

  /* 2D in 3D space: the third direction is the plane normal. */
  p = io_write("slice2d.nrrd",
               "NRRD0004\ntype: uchar\ndimension: 2\nsizes: 3 2\n"
               "space: left-posterior-superior\nspace directions: (0,0.8,0) (0,0,1.5)\n"
               "space origin: (1,2,3)\nencoding: raw\n\n", six, 6);
  v = read_ok(p);
  if (v) {
    CHECK(near(v->spacing[0], 0.8) && near(v->spacing[1], 1.5), "slice spacing");
    /* columns (0,1,0), (0,0,1) and their cross product (1,0,0) */
    const double want[9] = {0, 0, 1, 1, 0, 0, 0, 1, 0};
    for (int i = 0; i < 9; i++)
      CHECK(near(v->direction[i], want[i]), "slice direction[%d] %g", i, v->direction[i]);
  }
  rmx_volume_free(v);

  /* Detached header with its data file beside it, gzip-free. */
  int32_t iv[4] = {-7, 0, 100000, 2147483647};
  io_write("detached.raw", "", iv, sizeof iv);
  p = io_write("detached.nhdr",
               "NRRD0004\ntype: int\ndimension: 3\nsizes: 2 1 2\nencoding: raw\n"
               "endian: little\ndata file: detached.raw\n", NULL, 0);
  v = read_ok(p);
  CHECK(v && v->type == RMX_I32 && memcmp(v->data, iv, sizeof iv) == 0, "detached values");
  rmx_volume_free(v);
}

int main(void) {
  for (int t = RMX_U8; t <= RMX_F64; t++)
    for (int gz = 0; gz < 2; gz++) roundtrip(t, gz, FALSE);
  roundtrip(RMX_I16, TRUE, TRUE);
  roundtrip(RMX_F32, FALSE, TRUE);
  printf("round trip: max geometry difference %.3g\n", max_dev);
  atomic_write();
  handmade();
  return io_finish("io_roundtrip");
}
