/* firstorder_core.h: first-order statistics on the ROI intensities (no host calls). */
#ifndef RMX_FIRSTORDER_CORE_H
#define RMX_FIRSTORDER_CORE_H

#include <radiomix/components.h>

/* In PyRadiomics' output order (its getters sorted by name). */
enum {
  FO_P10, FO_P90, FO_ENERGY, FO_ENTROPY, FO_IQR, FO_KURTOSIS, FO_MAXIMUM, FO_MAD, FO_MEAN,
  FO_MEDIAN, FO_MINIMUM, FO_RANGE, FO_RMAD, FO_RMS, FO_SKEWNESS, FO_STDDEV, FO_TOTAL_ENERGY,
  FO_UNIFORMITY, FO_VARIANCE,
  FO_COUNT
};

extern const RmxFeatureInfo rmx_firstorder_features[FO_COUNT + 1];

typedef struct RmxFirstOrderOptions {
  double voxel_array_shift; /* added before Energy, TotalEnergy, RMS */
  int ibsi;                 /* IBSI definitions: excess kurtosis, log2 without eps */
} RmxFirstOrderOptions;

/* Fills values[f] for enabled[f]; returns 0 or RMX_ERR_NOMEM / RMX_ERR_INVALID. */
int rmx_firstorder_compute(const RmxFeatureInput *in, const RmxFirstOrderOptions *opt,
                           const uint8_t *enabled, double *values);

#endif
