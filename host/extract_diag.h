/* extract_diag.h: PyRadiomics-style diagnostics_* items of an extraction (host-internal). */
#ifndef RMX_HOST_EXTRACT_DIAG_H
#define RMX_HOST_EXTRACT_DIAG_H

#include "extract.h"

#define RMX_DIAG_HASH 0x1u  /* sha1 of the label buffer as uint32 */
#define RMX_DIAG_STATS 0x2u /* Mean/Minimum/Maximum of the image inside the mask */

/* diagnostics_<prefix>_{Hash,Dimensionality (with hash),Spacing,Size,Mean,Minimum,Maximum}. */
void rmx_diag_image(RmxFeatureSet *fs, const char *prefix, const RmxVolume *image, gboolean hash);
/* diagnostics_<prefix>_{Hash,Spacing,Size,BoundingBox,VoxelNum,VolumeNum,CenterOfMassIndex,
 * CenterOfMass[,Mean,Minimum,Maximum]} for the voxels of labels equal to label. */
void rmx_diag_mask(RmxFeatureSet *fs, const char *prefix, const RmxVolume *labels, int label,
                   const RmxVolume *image, int what);

#endif
