/* glszm_core.h: GLSZM computation without host services (plugin and tests share it). */
#ifndef RMX_GLSZM_CORE_H
#define RMX_GLSZM_CORE_H

#include <radiomix/components.h>

enum {
  GLSZM_GLN, GLSZM_GLNN, GLSZM_GLV, GLSZM_HGLZE, GLSZM_LAE, GLSZM_LAHGLE, GLSZM_LALGLE,
  GLSZM_LGLZE, GLSZM_SZN, GLSZM_SZNN, GLSZM_SAE, GLSZM_SAHGLE, GLSZM_SALGLE, GLSZM_ZE,
  GLSZM_ZP, GLSZM_ZV, GLSZM_N
};

extern const RmxFeatureInfo rmx_glszm_features[GLSZM_N + 1];

/* Fills values[f] for enabled[f] (NULL: all). ibsi drops PyRadiomics' log2
 * epsilon. Returns 0, RMX_ERR_INVALID (a level
 * above n_levels) or RMX_ERR_NOMEM. */
int rmx_glszm_compute(const RmxFeatureInput *in, int ibsi, const uint8_t *enabled,
                      double *values);

#endif
