/* glrlm_core.h: GLRLM run counting and features, free of host calls. */
#ifndef RMX_GLRLM_CORE_H
#define RMX_GLRLM_CORE_H

#include <radiomix/components.h>

enum {
  RL_SRE, RL_LRE, RL_GLN, RL_GLNN, RL_RLN, RL_RLNN, RL_RP, RL_GLV, RL_RV, RL_RE,
  RL_LGLRE, RL_HGLRE, RL_SRLGLE, RL_SRHGLE, RL_LRLGLE, RL_LRHGLE, RL_COUNT
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
