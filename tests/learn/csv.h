/* csv.h: minimal reader for the reference CSV files of the learning tests. */
#ifndef RMX_TEST_CSV_H
#define RMX_TEST_CSV_H

#include <stddef.h>

typedef struct Csv {
  size_t rows, cols;
  char **names;   /* cols header names */
  double *v;      /* rows x cols, row-major; non-numbers read as NaN */
  char **text;    /* rows x cols raw cell text */
} Csv;

Csv *csv_read(const char *path); /* exits with a message on failure */
void csv_free(Csv *c);
int csv_col(const Csv *c, const char *name); /* -1 if absent */
double csv_get(const Csv *c, size_t row, const char *name); /* exits if absent */

#endif
