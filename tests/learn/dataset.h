/* dataset.h: loads one /work/shared tabular folder (data, splits) for the learning tests. */
#ifndef RMX_TEST_DATASET_H
#define RMX_TEST_DATASET_H

#include <stddef.h>
#include <radiomix/types.h>
#include "csv.h"

typedef struct Dataset {
  char dir[1024];
  size_t n, p;
  double *X;      /* n x p column-major, raw */
  double *y;      /* 0/1 */
  int *fold, *is_test, *train_fold;
  long *id;
  char **feature; /* p names */
} Dataset;

extern const char *const rmx_test_datasets[]; /* NULL-terminated folder names */

Dataset *dataset_load(const char *name); /* reads $RADIOMIX_SHARED/data/tabular/<name> */
void dataset_free(Dataset *d);
char *dataset_path(const Dataset *d, const char *file); /* static buffer */

/* Rows where sel(row) is true, as a new n_sel x p matrix (raw) and labels. */
typedef int (*RowSel)(const Dataset *d, size_t row, int arg);
int sel_train(const Dataset *d, size_t row, int arg);    /* is_test == 0 */
int sel_test(const Dataset *d, size_t row, int arg);     /* is_test == 1 */
int sel_cv_train(const Dataset *d, size_t row, int arg); /* fold != arg */
int sel_cv_test(const Dataset *d, size_t row, int arg);  /* fold == arg */
size_t dataset_rows(const Dataset *d, RowSel sel, int arg, double **X, double **y, size_t **rows);

/* z-scores train (fitted there) and other (may be NULL) in place. */
void zscore_pair(double *train, size_t ntr, double *other, size_t nte, size_t p);

RmxMatrix mat(double *data, size_t rows, size_t cols);

/* Test bookkeeping: CHECK prints a failure line and counts it. */
extern int test_failures, test_checks;
#define CHECK(cond, ...)                                          \
  do {                                                            \
    test_checks++;                                                \
    if (!(cond)) {                                                \
      test_failures++;                                            \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);        \
      fprintf(stderr, __VA_ARGS__);                               \
      fputc('\n', stderr);                                        \
    }                                                             \
  } while (0)
int test_report(const char *name); /* prints the summary, returns exit status */
double rel_diff(double a, double b); /* |a-b| / max(|b|, 1e-300); 0 when both NaN */
/* ROC AUC with ties counted 1/2 (independent of the library under test). */
double auc(const double *score, const double *y, size_t n);

#endif
