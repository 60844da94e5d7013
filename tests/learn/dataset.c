/* dataset.c: reference data loading, row selection and small test utilities. */
#include "dataset.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const rmx_test_datasets[] = {"breast_cancer", "breast_cancer_wide",
                                         "iris_versicolor_virginica", "wine_class0_vs_rest", NULL};
int test_failures = 0, test_checks = 0;

char *dataset_path(const Dataset *d, const char *file) {
  static char buf[2048];
  snprintf(buf, sizeof buf, "%s/%s", d->dir, file);
  return buf;
}

Dataset *dataset_load(const char *name) {
  Dataset *d = calloc(1, sizeof *d);
  const char *root = getenv("RADIOMIX_SHARED");
  snprintf(d->dir, sizeof d->dir, "%s/data/tabular/%s", root ? root : "../../../shared", name);
  Csv *data = csv_read(dataset_path(d, "data.csv"));
  Csv *sp = csv_read(dataset_path(d, "splits.csv"));
  d->n = data->rows;
  d->p = data->cols - 2; /* id, features..., label */
  d->X = malloc(d->n * d->p * sizeof *d->X);
  d->y = malloc(d->n * sizeof *d->y);
  d->fold = malloc(d->n * sizeof(int));
  d->is_test = malloc(d->n * sizeof(int));
  d->train_fold = malloc(d->n * sizeof(int));
  d->id = malloc(d->n * sizeof(long));
  d->feature = malloc(d->p * sizeof(char *));
  for (size_t j = 0; j < d->p; j++) d->feature[j] = strdup(data->names[j + 1]);
  for (size_t i = 0; i < d->n; i++) {
    d->id[i] = (long)data->v[i * data->cols];
    for (size_t j = 0; j < d->p; j++) d->X[i + j * d->n] = data->v[i * data->cols + j + 1];
    d->y[i] = data->v[i * data->cols + data->cols - 1];
    d->fold[i] = (int)csv_get(sp, i, "fold");
    d->is_test[i] = (int)csv_get(sp, i, "is_test");
    d->train_fold[i] = (int)csv_get(sp, i, "train_fold");
    if ((long)csv_get(sp, i, "id") != d->id[i]) {
      fprintf(stderr, "%s: splits.csv row %zu does not match data.csv\n", d->dir, i);
      exit(2);
    }
  }
  csv_free(data);
  csv_free(sp);
  return d;
}

void dataset_free(Dataset *d) {
  for (size_t j = 0; j < d->p; j++) free(d->feature[j]);
  free(d->feature);
  free(d->X);
  free(d->y);
  free(d->fold);
  free(d->is_test);
  free(d->train_fold);
  free(d->id);
  free(d);
}

int sel_train(const Dataset *d, size_t r, int a) { (void)a; return d->is_test[r] == 0; }
int sel_test(const Dataset *d, size_t r, int a) { (void)a; return d->is_test[r] == 1; }
int sel_cv_train(const Dataset *d, size_t r, int a) { return d->fold[r] != a; }
int sel_cv_test(const Dataset *d, size_t r, int a) { return d->fold[r] == a; }

size_t dataset_rows(const Dataset *d, RowSel sel, int arg, double **X, double **y, size_t **rows) {
  size_t m = 0;
  for (size_t i = 0; i < d->n; i++) m += sel(d, i, arg) ? 1 : 0;
  *X = malloc(m * d->p * sizeof **X);
  *y = malloc(m * sizeof **y);
  size_t *rw = malloc(m * sizeof *rw), k = 0;
  for (size_t i = 0; i < d->n; i++) {
    if (!sel(d, i, arg)) continue;
    for (size_t j = 0; j < d->p; j++) (*X)[k + j * m] = d->X[i + j * d->n];
    (*y)[k] = d->y[i];
    rw[k++] = i;
  }
  if (rows) *rows = rw;
  else free(rw);
  return m;
}

void zscore_pair(double *tr, size_t ntr, double *te, size_t nte, size_t p) {
  for (size_t j = 0; j < p; j++) {
    double m = 0, v = 0;
    for (size_t i = 0; i < ntr; i++) m += tr[i + j * ntr];
    m /= (double)ntr;
    for (size_t i = 0; i < ntr; i++) v += (tr[i + j * ntr] - m) * (tr[i + j * ntr] - m);
    v /= (double)ntr;
    double s = v > 1e-24 * (1 + m * m) ? sqrt(v) : 1.0;
    for (size_t i = 0; i < ntr; i++) tr[i + j * ntr] = (tr[i + j * ntr] - m) / s;
    for (size_t i = 0; te && i < nte; i++) te[i + j * nte] = (te[i + j * nte] - m) / s;
  }
}

RmxMatrix mat(double *data, size_t rows, size_t cols) {
  RmxMatrix m;
  memset(&m, 0, sizeof m);
  m.struct_size = sizeof m;
  m.rows = rows;
  m.cols = cols;
  m.ld = rows ? rows : 1;
  m.data = data;
  return m;
}

int test_report(const char *name) {
  printf("%s: %d checks, %d failures\n", name, test_checks, test_failures);
  return test_failures ? 1 : 0;
}

double rel_diff(double a, double b) {
  if (isnan(a) && isnan(b)) return 0;
  if (isnan(a) || isnan(b)) return INFINITY;
  double d = fabs(b) > 1e-300 ? fabs(b) : 1e-300;
  return fabs(a - b) / d;
}

double auc(const double *s, const double *y, size_t n) {
  double num = 0, np = 0, nn = 0;
  for (size_t i = 0; i < n; i++) {
    if (y[i] == 1) np++;
    else nn++;
  }
  for (size_t i = 0; i < n; i++) {
    if (y[i] != 1) continue;
    for (size_t k = 0; k < n; k++) {
      if (y[k] == 1) continue;
      num += s[i] > s[k] ? 1.0 : (s[i] == s[k] ? 0.5 : 0.0);
    }
  }
  return num / (np * nn);
}
