/* ngtdm_core.h: NGTDM computation without host services (plugin and tests share it). */
#ifndef RMX_NGTDM_CORE_H
#define RMX_NGTDM_CORE_H

#include <radiomix/components.h>

enum { NGTDM_BUSYNESS, NGTDM_COARSENESS, NGTDM_COMPLEXITY, NGTDM_CONTRAST, NGTDM_STRENGTH,
       NGTDM_N };

extern const RmxFeatureInfo rmx_ngtdm_features[NGTDM_N + 1];

typedef struct RmxNgtdmSettings {
  const double *distances; /* Chebyshev distances of the neighbourhood */
  size_t n_distances;
  int ibsi;                /* IBSI edge cases (see docs/conformance-texb.md) */
} RmxNgtdmSettings;

/* Fills values[f] for enabled[f] (NULL: all). Returns 0, RMX_ERR_INVALID
 * (bad distance, or a level above n_levels) or RMX_ERR_NOMEM. */
int rmx_ngtdm_compute(const RmxFeatureInput *in, const RmxNgtdmSettings *s,
                      const uint8_t *enabled, double *values);

#endif
