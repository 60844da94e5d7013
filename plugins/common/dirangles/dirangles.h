/* dirangles.h: PyRadiomics' direction sets for GLCM/GLRLM (one offset per +/- pair). */
#ifndef RMX_DIRANGLES_H
#define RMX_DIRANGLES_H

#include <stddef.h>
#include <radiomix/components.h>

#define RMX_DIR_MAX_DISTANCE 32

typedef struct RmxDirAngles {
  size_t n;        /* number of directions */
  int (*off)[3];   /* (di, dj, dk) in voxel index order */
  ptrdiff_t *step; /* flat index step on the input grid */
} RmxDirAngles;

/* The RmxVolume axis normal to the texture planes under force2D, else -1. */
int rmx_dir_plane_axis(const RmxFeatureInput *in);

/*
 * The directions PyRadiomics' build_angles() makes, in its order: offsets
 * whose Chebyshev norm is in distances[], whose first non-zero component in
 * (k, j, i) order is positive, that fit in dim and do not move along
 * plane_axis (>= 0). Returns 0, RMX_ERR_INVALID (a distance that is not an
 * integer in [1, RMX_DIR_MAX_DISTANCE]) or RMX_ERR_NOMEM.
 */
int rmx_dir_angles(RmxDirAngles *a, const size_t dim[3], const double *distances,
                   size_t n_distances, int plane_axis);
void rmx_dir_angles_free(RmxDirAngles *a);

/* Whether voxel p + o lies inside dim. */
static inline int rmx_dir_inside(const size_t dim[3], const int p[3], const int o[3]) {
  return p[0] + o[0] >= 0 && (size_t)(p[0] + o[0]) < dim[0] && p[1] + o[1] >= 0 &&
         (size_t)(p[1] + o[1]) < dim[1] && p[2] + o[2] >= 0 && (size_t)(p[2] + o[2]) < dim[2];
}

#endif
