/* gldm_core.h: GLDM computation without host services (plugin and tests share it). */
#ifndef RMX_GLDM_CORE_H
#define RMX_GLDM_CORE_H

#include <radiomix/components.h>

enum {
  GLDM_DE, GLDM_DN, GLDM_DNN, GLDM_DP, GLDM_DV, GLDM_GLN, GLDM_GLNN, GLDM_GLV, GLDM_HGLE,
  GLDM_LDE, GLDM_LDHGLE, GLDM_LDLGLE, GLDM_LGLE, GLDM_SDE, GLDM_SDHGLE, GLDM_SDLGLE, GLDM_N
};

extern const RmxFeatureInfo rmx_gldm_features[GLDM_N + 1];

typedef struct RmxGldmSettings {
  const double *distances; /* Chebyshev distances of the neighbourhood */
  size_t n_distances;
  double alpha;            /* gldm_a: dependent when |i - j| <= alpha */
  int ibsi;                /* drop PyRadiomics' log2 epsilon */
} RmxGldmSettings;

/* Fills values[f] for enabled[f] (NULL: all). Returns 0, RMX_ERR_INVALID
 * (bad distance, or a level above n_levels) or RMX_ERR_NOMEM. */
int rmx_gldm_compute(const RmxFeatureInput *in, const RmxGldmSettings *s,
                     const uint8_t *enabled, double *values);

#endif
