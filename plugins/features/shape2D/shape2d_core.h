/* shape2d_core.h: host-independent 2D shape computation (marching squares, PCA). */
#ifndef RMX_SHAPE2D_CORE_H
#define RMX_SHAPE2D_CORE_H

#include <stddef.h>
#include <stdint.h>

/* Feature indices of the shape2D family, PyRadiomics' order. */
enum {
  RMX_S2_MESHSURF, RMX_S2_PIXSURF, RMX_S2_PERIM, RMX_S2_PSR, RMX_S2_SPHER, RMX_S2_SPHDIS,
  RMX_S2_DIAM, RMX_S2_MAJOR, RMX_S2_MINOR, RMX_S2_ELONG, RMX_S2_COUNT
};

/*
** Shape2D features of a mask one voxel thick along index axis normal_axis
** (0 = i, 1 = j, 2 = k); mask layout x + nx*(y + ny*z), spacing in x,y,z.
** Returns 0; 1 when the mask is thicker than one slice along the normal;
** -1 out of memory; -2 eigenvalue failure; -3 empty mask.
*/
int rmx_shape2d_features(const uint8_t *mask, const size_t dim[3], const double spacing[3],
                         int normal_axis, double *values);

#endif
