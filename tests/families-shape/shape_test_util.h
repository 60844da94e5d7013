/* shape_test_util.h: mask loading and reference lookup for the shape family tests. */
#ifndef SHAPE_TEST_UTIL_H
#define SHAPE_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* A label mask (value == label) cropped to its bounding box, as extract does. */
typedef struct ShapeMask {
  uint8_t *data;
  size_t dim[3];
  double spacing[3];
} ShapeMask;

/* $RADIOMIX_SHARED/data/<rel> (default ../shared); slot 0..3 keeps 4 results alive. */
const char *st_shared(int slot, const char *rel);
/* Loads and crops; prints one error line and returns -1 on failure. */
int st_mask_load(ShapeMask *m, const char *path, int label);
void st_mask_free(ShapeMask *m);
/* Value of column 'value_col' in the row whose first columns equal key0
   (and key1 when not NULL); NAN when absent. */
double st_csv_lookup(const char *path, int key_col0, const char *key0, int key_col1,
                     const char *key1, int value_col);
/* Index of the header column 'name' in a CSV file, -1 when absent. */
int st_csv_column(const char *path, const char *name);
/* Relative difference (absolute when ref == 0); NaN == NaN counts as 0. */
double st_reldiff(double got, double ref);

#endif
