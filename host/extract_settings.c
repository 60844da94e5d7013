/* extract_settings.c: the host's own "setting" section (PyRadiomics 3.1.0 names, defaults, ranges). */
#include "extract.h"

#include <math.h>

/* "> 0" for doubles is checked in extract.c (check_extra), so the spec says >= 0 */
#define POS 0
#define INF INFINITY

/* Unset (no default) means "off" as None does in PyRadiomics. */
const RmxParamSpec rmx_extract_setting_specs[] = {
  /* discretisation */
  {.name = "binWidth", .type = RMX_PARAM_DOUBLE, .default_value = "25", .min = POS, .max = INF,
   .doc = "fixed bin width of the grey-level discretisation"},
  {.name = "binCount", .type = RMX_PARAM_INT, .flags = RMX_PARAM_NULLABLE, .min = 1, .max = INF,
   .doc = "fixed number of bins (overrides binWidth when set)"},
  /* mask */
  {.name = "label", .type = RMX_PARAM_INT, .default_value = "1", .min = 1, .max = INF,
   .doc = "mask value that defines the ROI"},
  {.name = "minimumROIDimensions", .type = RMX_PARAM_INT, .default_value = "2", .min = 1, .max = 3,
   .doc = "minimum number of axes along which the ROI spans more than one voxel"},
  {.name = "minimumROISize", .type = RMX_PARAM_INT, .flags = RMX_PARAM_NULLABLE, .min = 1, .max = INF,
   .doc = "the ROI must have more voxels than this"},
  {.name = "correctMask", .type = RMX_PARAM_BOOL, .default_value = "false",
   .doc = "resample a mask whose geometry differs onto the image grid (nearest neighbour)"},
  {.name = "geometryTolerance", .type = RMX_PARAM_DOUBLE, .flags = RMX_PARAM_NULLABLE, .min = POS,
   .max = INF, .doc = "tolerance of the image/mask geometry comparison (default 1e-6)"},
  /* intensity preprocessing */
  {.name = "normalize", .type = RMX_PARAM_BOOL, .default_value = "false",
   .doc = "z-score the whole image before anything else"},
  {.name = "normalizeScale", .type = RMX_PARAM_DOUBLE, .default_value = "1", .min = POS, .max = INF,
   .doc = "factor applied after normalisation"},
  {.name = "removeOutliers", .type = RMX_PARAM_DOUBLE, .flags = RMX_PARAM_NULLABLE, .min = POS,
   .max = INF, .doc = "clip normalised values at +-this many standard deviations"},
  {.name = "voxelArrayShift", .type = RMX_PARAM_INT, .default_value = "0", .min = 1, .max = 0,
   .doc = "added to intensities before Energy, TotalEnergy, RootMeanSquared"},
  /* resampling and cropping */
  {.name = "resampledPixelSpacing", .type = RMX_PARAM_LIST, .flags = RMX_PARAM_NULLABLE, .min = 0,
   .max = INF, .doc = "resample to this spacing [x, y, z] mm (0 keeps an axis)"},
  {.name = "interpolator", .type = RMX_PARAM_STRING, .default_value = "sitkBSpline",
   .choices = "sitkNearestNeighbor|sitkLinear|sitkBSpline|sitkGaussian|sitkLabelGaussian|"
              "sitkHammingWindowedSinc|sitkCosineWindowedSinc|sitkWelchWindowedSinc|"
              "sitkLanczosWindowedSinc|sitkBlackmanWindowedSinc|None",
   .doc = "image interpolator for resampling (nearest, linear and B-spline implemented; "
          "None or YAML null: no resampling; SimpleITK's numbers 1-10 accepted)"},
  {.name = "padDistance", .type = RMX_PARAM_INT, .default_value = "5", .min = 0, .max = INF,
   .doc = "voxels kept around the ROI when resampling or pre-cropping"},
  {.name = "preCrop", .type = RMX_PARAM_BOOL, .default_value = "false",
   .doc = "crop to the ROI (plus padDistance) before filtering"},
  /* resegmentation */
  {.name = "resegmentRange", .type = RMX_PARAM_LIST, .flags = RMX_PARAM_NULLABLE, .min = 1, .max = 0,
   .doc = "keep only ROI voxels within [lower, upper] (or >= lower)"},
  {.name = "resegmentMode", .type = RMX_PARAM_STRING, .default_value = "absolute",
   .choices = "absolute|relative|sigma", .doc = "how resegmentRange is read"},
  {.name = "resegmentShape", .type = RMX_PARAM_BOOL, .default_value = "false",
   .doc = "compute shape on the resegmented mask too"},
  /* texture */
  {.name = "force2D", .type = RMX_PARAM_BOOL, .default_value = "false",
   .doc = "texture from in-plane neighbours only"},
  {.name = "force2Ddimension", .type = RMX_PARAM_INT, .default_value = "0", .min = 0, .max = 2,
   .doc = "axis normal to the planes when force2D (0: z in numpy order, i.e. our axis 2)"},
  {.name = "distances", .type = RMX_PARAM_LIST, .default_value = "[1]", .min = 1, .max = INF,
   .doc = "neighbour distances for GLCM, GLDM, NGTDM"},
  {.name = "symmetricalGLCM", .type = RMX_PARAM_BOOL, .default_value = "true",
   .doc = "count each GLCM pair in both directions"},
  {.name = "weightingNorm", .type = RMX_PARAM_STRING, .flags = RMX_PARAM_NULLABLE,
   .choices = "manhattan|euclidean|infinity|no_weighting",
   .doc = "weight GLCM/GLRLM directions by distance (unset: plain average)"},
  {.name = "gldm_a", .type = RMX_PARAM_INT, .default_value = "0", .min = 0, .max = INF,
   .doc = "GLDM dependence threshold"},
  /* accepted for compatibility, no effect */
  {.name = "enableCExtensions", .type = RMX_PARAM_BOOL, .default_value = "true",
   .doc = "ignored (PyRadiomics C-extension switch)"},
  {.name = "additionalInfo", .type = RMX_PARAM_BOOL, .default_value = "true",
   .doc = "ignored (diagnostics are printed with --diagnostics)"},
  {.name = "ibsiCompat", .type = RMX_PARAM_BOOL, .default_value = "false",
   .doc = "follow IBSI where it differs from PyRadiomics (see docs/extract.md)"},
  {.name = NULL}};
