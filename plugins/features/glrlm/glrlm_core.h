/* glrlm_core.h: GLRLM run counting and features, free of host calls. */
#ifndef RMX_GLRLM_CORE_H
#define RMX_GLRLM_CORE_H

#include <radiomix/components.h>

/* In PyRadiomics' output order (its getters sorted by name). */
enum {
  RL_GLN, RL_GLNN, RL_GLV, RL_HGLRE, RL_LRE, RL_LRHGLE, RL_LRLGLE, RL_LGLRE, RL_RE, RL_RLN,
  RL_RLNN, RL_RP, RL_RV, RL_SRE, RL_SRHGLE, RL_SRLGLE,
  RL_COUNT
};

extern const RmxFeatureInfo rmx_glrlm_features[RL_COUNT + 1];

/* weightingNorm: direction matrices merged with these weights (NONE: averaged). */
typedef enum { RL_NORM_NONE = 0, RL_NORM_INFINITY, RL_NORM_EUCLIDEAN, RL_NORM_MANHATTAN,
               RL_NORM_NO_WEIGHTING } RmxRunNorm;

typedef struct RmxGlrlmOptions {
  RmxRunNorm weighting;
  int ibsi; /* keep directions with single-voxel lines only; log2 without eps */
} RmxGlrlmOptions;

int rmx_glrlm_compute(const RmxFeatureInput *in, const RmxGlrlmOptions *opt,
                      const uint8_t *enabled, double *values);

#endif
