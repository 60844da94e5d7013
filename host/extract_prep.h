/* extract_prep.h: PyRadiomics' image/mask preprocessing steps (imageoperations.py), host-internal. */
#ifndef RMX_HOST_EXTRACT_PREP_H
#define RMX_HOST_EXTRACT_PREP_H

#include <glib.h>
#include <radiomix/types.h>
#include "params.h"
#include "volume.h"

/* FALSE when the mask is empty. */
gboolean rmx_bbox_of(const RmxVolume *mask, RmxBBox *bb);
/* checkMask: bounding box, minimumROIDimensions, minimumROISize. */
gboolean rmx_check_mask(const RmxVolume *mask, const RmxParams *settings, int label, RmxBBox *bb,
                        GError **err);
/* The same checks on a box already known. */
gboolean rmx_check_roi(const RmxBBox *bb, const RmxParams *settings, int label, GError **err);
/* Crops to bb grown by pad voxels (clamped to the volume); origin follows. */
RmxVolume *rmx_crop(const RmxVolume *v, const RmxBBox *bb, size_t pad);
/* rmx_crop(v, bb, 0) converted to RMX_F64 in one pass. */
RmxVolume *rmx_crop_f64(const RmxVolume *v, const RmxBBox *bb);

/* normalizeImage: (x - mean) / sd over the whole image (sd with n-1, as ITK),
 * outliers clipped at +-removeOutliers, times normalizeScale. Returns F64. */
RmxVolume *rmx_normalise(const RmxVolume *image, const RmxParams *settings);
/* resegmentMask: keeps mask voxels inside resegmentRange (absolute|relative|sigma). */
RmxVolume *rmx_resegment(const RmxVolume *image, const RmxVolume *mask, const RmxParams *settings,
                         int label, GError **err);

/* Grey levels for the voxels of mask (0 outside), PyRadiomics' binWidth/binCount
 * rule (IBSI's when ibsiCompat). image is F64 on the mask's grid. */
gboolean rmx_discretise(const RmxVolume *image, const RmxVolume *mask, const RmxParams *settings,
                        int32_t *levels, int32_t *n_levels, GError **err);
/* Whether a and b discretise alike (the same binning settings). */
gboolean rmx_same_binning(const RmxParams *a, const RmxParams *b);

/* World position of a continuous index, and back (orthonormal direction). */
void rmx_index_to_world(const RmxVolume *v, const double idx[3], double w[3]);
void rmx_world_to_index(const RmxVolume *v, const double w[3], double idx[3]);
/* _checkROI: the label's bounding box (voxel corners) lies inside image's extent. */
gboolean rmx_check_roi_inside(const RmxVolume *labels, int label, const RmxVolume *image,
                              const char *what, GError **err);
/* Nearest-neighbour resampling of any volume onto ref's grid (0 outside), like
 * sitk.Resample with sitkNearestNeighbor. Keeps the input's scalar type. */
RmxVolume *rmx_resample_nearest_to(const RmxVolume *v, const RmxVolume *ref);
/* resampleImage: image and 0/1 mask onto resampledPixelSpacing around the ROI
 * (padDistance), interpolator sitkNearestNeighbor or sitkLinear (sitkBSpline:
 * cubic B-spline). The mask is resampled by nearest neighbour. */
gboolean rmx_resample_case(const RmxVolume *image, const RmxVolume *mask, const RmxParams *settings,
                           RmxVolume **image_out, RmxVolume **mask_out, GError **err);

#endif
