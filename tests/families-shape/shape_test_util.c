/* shape_test_util.c: mask loading and CSV reference lookup for the shape family tests. */
#include "shape_test_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <volume.h>

const char *st_shared(int slot, const char *rel) {
  static char buf[4][4096];
  const char *root = getenv("RADIOMIX_SHARED");
  if (!root || !*root) root = "../shared";
  snprintf(buf[slot & 3], sizeof buf[0], "%s/data/%s", root, rel);
  return buf[slot & 3];
}

int st_mask_load(ShapeMask *m, const char *path, int label) {
  memset(m, 0, sizeof *m);
  GError *err = NULL;
  RmxVolume *v = rmx_mask_read(path, NULL, label, 0, &err);
  if (!v) {
    fprintf(stderr, "error: %s\n", err->message);
    g_error_free(err);
    return -1;
  }
  const uint8_t *d = v->data;
  size_t lo[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX}, hi[3] = {0, 0, 0};
  for (size_t k = 0; k < v->dim[2]; k++)
    for (size_t j = 0; j < v->dim[1]; j++)
      for (size_t i = 0; i < v->dim[0]; i++)
        if (d[i + v->dim[0] * (j + v->dim[1] * k)]) {
          size_t c[3] = {i, j, k};
          for (int a = 0; a < 3; a++) {
            if (c[a] < lo[a]) lo[a] = c[a];
            if (c[a] > hi[a]) hi[a] = c[a];
          }
        }
  for (int a = 0; a < 3; a++) m->dim[a] = hi[a] - lo[a] + 1, m->spacing[a] = v->spacing[a];
  m->data = malloc(m->dim[0] * m->dim[1] * m->dim[2]);
  if (!m->data) {
    fprintf(stderr, "error: %s: out of memory\n", path);
    rmx_volume_free(v);
    return -1;
  }
  for (size_t k = 0; k < m->dim[2]; k++)
    for (size_t j = 0; j < m->dim[1]; j++)
      for (size_t i = 0; i < m->dim[0]; i++)
        m->data[i + m->dim[0] * (j + m->dim[1] * k)] =
            d[(i + lo[0]) + v->dim[0] * ((j + lo[1]) + v->dim[1] * (k + lo[2]))];
  rmx_volume_free(v);
  return 0;
}

void st_mask_free(ShapeMask *m) {
  free(m->data);
  m->data = NULL;
}

double st_csv_lookup(const char *path, int key_col0, const char *key0, int key_col1,
                     const char *key1, int value_col) {
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "error: %s: cannot open\n", path);
    return NAN;
  }
  static char line[65536];
  double out = NAN;
  while (fgets(line, sizeof line, f)) {
    char *fld[64];
    int n = 0;
    for (char *s = line; n < 64;) {
      fld[n++] = s;
      char *c = strpbrk(s, ",\r\n");
      if (!c) break;
      int end = *c != ',';
      *c = 0;
      if (end) break;
      s = c + 1;
    }
    if (n <= key_col0 || n <= value_col || strcmp(fld[key_col0], key0)) continue;
    if (key1 && (n <= key_col1 || strcmp(fld[key_col1], key1))) continue;
    out = *fld[value_col] ? strtod(fld[value_col], NULL) : NAN;
    break;
  }
  fclose(f);
  return out;
}

int st_csv_column(const char *path, const char *name) {
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  static char line[65536];
  int col = -1;
  if (fgets(line, sizeof line, f)) {
    int k = 0;
    for (char *t = strtok(line, ",\r\n"); t; t = strtok(NULL, ",\r\n"), k++)
      if (!strcmp(t, name)) { col = k; break; }
  }
  fclose(f);
  return col;
}

double st_reldiff(double got, double ref) {
  if (isnan(got) && isnan(ref)) return 0;
  if (ref == 0) return fabs(got);
  return fabs(got - ref) / fabs(ref);
}
