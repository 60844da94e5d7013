/* intensity.c: square, square root, logarithm, exponential, rescaled to the
** original range exactly as PyRadiomics' imageoperations (v3.1.0) does it. */
#include <math.h>
#include "filtercore.h"

static double max_abs(const double *in, size_t n) {
  double m = 0;
  for (size_t i = 0; i < n; i++) {
    double a = fabs(in[i]);
    if (a > m) m = a;
  }
  return m;
}

/* f(x) = (c x)^2, c = 1 / sqrt(max|x|) */
int rmx_fc_square(const double *in, size_t n, double *out) {
  double m = max_abs(in, n);
  if (!(m > 0)) return -1;
  double c = 1 / sqrt(m);
  for (size_t i = 0; i < n; i++) {
    double t = c * in[i];
    out[i] = t * t;
  }
  return 0;
}

/* f(x) = sign(x) sqrt(|x| c), c = max|x| */
int rmx_fc_squareroot(const double *in, size_t n, double *out) {
  double c = max_abs(in, n);
  if (!(c > 0)) return -1;
  for (size_t i = 0; i < n; i++) {
    double x = in[i];
    out[i] = x > 0 ? sqrt(x * c) : x < 0 ? -sqrt(-x * c) : x;
  }
  return 0;
}

/* f(x) = sign(x) log(|x| + 1), then scaled so that max|f| = max|x| */
int rmx_fc_logarithm(const double *in, size_t n, double *out) {
  double m = max_abs(in, n);
  if (!(m > 0)) return -1;
  for (size_t i = 0; i < n; i++) {
    double x = in[i];
    out[i] = x > 0 ? log(x + 1) : x < 0 ? -log(-(x - 1)) : x;
  }
  double fm = max_abs(out, n);
  if (!(fm > 0)) return -1;
  double c = m / fm;
  for (size_t i = 0; i < n; i++) out[i] = out[i] * c;
  return 0;
}

/* f(x) = exp(c x), c = log(max|x|) / max|x| */
int rmx_fc_exponential(const double *in, size_t n, double *out) {
  double m = max_abs(in, n);
  if (!(m > 0)) return -1;
  double c = log(m) / m;
  for (size_t i = 0; i < n; i++) out[i] = exp(c * in[i]);
  return 0;
}
