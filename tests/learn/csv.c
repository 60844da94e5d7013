/* csv.c: minimal CSV reader (comma, one header line, no quoting) for the tests. */
#include "csv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char **split(char *line, size_t *n) {
  size_t cap = 16, k = 0;
  char **f = malloc(cap * sizeof *f);
  char *s = line;
  for (;;) {
    if (k == cap) f = realloc(f, (cap *= 2) * sizeof *f);
    f[k++] = s;
    char *c = strchr(s, ',');
    if (!c) break;
    *c = 0;
    s = c + 1;
  }
  *n = k;
  return f;
}

Csv *csv_read(const char *path) {
  FILE *fp = fopen(path, "r");
  if (!fp) {
    fprintf(stderr, "%s: cannot open\n", path);
    exit(2);
  }
  Csv *c = calloc(1, sizeof *c);
  char *line = NULL;
  size_t cap = 0, rcap = 0;
  ssize_t len;
  int first = 1;
  while ((len = getline(&line, &cap, fp)) > 0) {
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
    size_t n;
    char *dup = strdup(line);
    char **f = split(dup, &n);
    if (first) {
      c->cols = n;
      c->names = malloc(n * sizeof *c->names);
      for (size_t j = 0; j < n; j++) c->names[j] = strdup(f[j]);
      first = 0;
    } else {
      if (n != c->cols) {
        fprintf(stderr, "%s: row %zu has %zu fields, expected %zu\n", path, c->rows + 1, n, c->cols);
        exit(2);
      }
      if (c->rows == rcap) {
        rcap = rcap ? 2 * rcap : 256;
        c->v = realloc(c->v, rcap * c->cols * sizeof *c->v);
        c->text = realloc(c->text, rcap * c->cols * sizeof *c->text);
      }
      for (size_t j = 0; j < n; j++) {
        char *end;
        double x = strtod(f[j], &end);
        c->v[c->rows * c->cols + j] = (end != f[j] && *end == 0) ? x : NAN;
        c->text[c->rows * c->cols + j] = strdup(f[j]);
      }
      c->rows++;
    }
    free(f);
    free(dup);
  }
  free(line);
  fclose(fp);
  return c;
}

void csv_free(Csv *c) {
  if (!c) return;
  for (size_t j = 0; j < c->cols; j++) free(c->names[j]);
  for (size_t i = 0; i < c->rows * c->cols; i++) free(c->text[i]);
  free(c->names);
  free(c->v);
  free(c->text);
  free(c);
}

int csv_col(const Csv *c, const char *name) {
  for (size_t j = 0; j < c->cols; j++)
    if (strcmp(c->names[j], name) == 0) return (int)j;
  return -1;
}

double csv_get(const Csv *c, size_t row, const char *name) {
  int j = csv_col(c, name);
  if (j < 0) {
    fprintf(stderr, "csv: no column '%s'\n", name);
    exit(2);
  }
  return c->v[row * c->cols + (size_t)j];
}
