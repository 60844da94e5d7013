/* intensity.c: square, square root, logarithm, exponential, rescaled to the
** original range exactly as PyRadiomics' imageoperations (v3.1.0) does it.
** The rescaling needs maxima over the whole image (rmx_fc_scale_scan, fed
** chunk by chunk); the *_scaled cores then map any part of it. */
#include <math.h>
#include "filtercore.h"

/* sign(x) log(|x| + 1), as PyRadiomics writes it */
static double signed_log(double x) { return x > 0 ? log(x + 1) : x < 0 ? -log(-(x - 1)) : x; }

void rmx_fc_scale_init(RmxFcScale *s) { s->max_abs = 0, s->max_log = 0; }

void rmx_fc_scale_scan(const double *in, size_t n, int with_log, RmxFcScale *s) {
  double m = s->max_abs;
  for (size_t i = 0; i < n; i++) {
    double a = fabs(in[i]);
    if (a > m) m = a;
  }
  s->max_abs = m;
  if (!with_log) return;
  /* max |f| of the logarithm's f, computed from f itself as numpy does */
  double fm = s->max_log;
  for (size_t i = 0; i < n; i++) {
    double a = fabs(signed_log(in[i]));
    if (a > fm) fm = a;
  }
  s->max_log = fm;
}

/* f(x) = (c x)^2, c = 1 / sqrt(max|x|) */
int rmx_fc_square_scaled(const double *in, size_t n, const RmxFcScale *s, double *out) {
  double m = s->max_abs;
  if (!(m > 0)) return -1;
  double c = 1 / sqrt(m);
  for (size_t i = 0; i < n; i++) {
    double t = c * in[i];
    out[i] = t * t;
  }
  return 0;
}

/* f(x) = sign(x) sqrt(|x| c), c = max|x| */
int rmx_fc_squareroot_scaled(const double *in, size_t n, const RmxFcScale *s, double *out) {
  double c = s->max_abs;
  if (!(c > 0)) return -1;
  for (size_t i = 0; i < n; i++) {
    double x = in[i];
    out[i] = x > 0 ? sqrt(x * c) : x < 0 ? -sqrt(-x * c) : x;
  }
  return 0;
}

/* f(x) = sign(x) log(|x| + 1), then scaled so that max|f| = max|x| */
int rmx_fc_logarithm_scaled(const double *in, size_t n, const RmxFcScale *s, double *out) {
  double m = s->max_abs, fm = s->max_log;
  if (!(m > 0) || !(fm > 0)) return -1;
  double c = m / fm;
  for (size_t i = 0; i < n; i++) out[i] = signed_log(in[i]) * c;
  return 0;
}

/* f(x) = exp(c x), c = log(max|x|) / max|x| */
int rmx_fc_exponential_scaled(const double *in, size_t n, const RmxFcScale *s, double *out) {
  double m = s->max_abs;
  if (!(m > 0)) return -1;
  double c = log(m) / m;
  for (size_t i = 0; i < n; i++) out[i] = exp(c * in[i]);
  return 0;
}

/* Whole-array forms: the scan and the map over the same data. */
#define WHOLE(name, with_log)                                       \
  int rmx_fc_##name(const double *in, size_t n, double *out) {      \
    RmxFcScale s;                                                   \
    rmx_fc_scale_init(&s);                                          \
    rmx_fc_scale_scan(in, n, with_log, &s);                         \
    return rmx_fc_##name##_scaled(in, n, &s, out);                  \
  }
WHOLE(square, 0)
WHOLE(squareroot, 0)
WHOLE(logarithm, 1)
WHOLE(exponential, 0)
