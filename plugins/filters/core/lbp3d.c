/* lbp3d.c: placeholder, filled below. */
#include "filtercore.h"
int rmx_fc_lbp3d(const double *in, const uint8_t *mask, const size_t dim[3], int levels,
                 double radius, int subdivision, double **out) {
  (void)in; (void)mask; (void)dim; (void)levels; (void)radius; (void)subdivision; (void)out;
  return -1;
}
