/* lbp2d.c: placeholder, filled below. */
#include "filtercore.h"
int rmx_fc_lbp2d(const double *in, const size_t dim[3], int axis, double radius,
                 int samples, const char *method, double *out) {
  (void)in; (void)dim; (void)axis; (void)radius; (void)samples; (void)method; (void)out;
  return -1;
}
