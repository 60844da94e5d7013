/* neighbourhood.h: neighbour offsets for texture matrices (Chebyshev shells, force2D planes). */
#ifndef RMX_NEIGHBOURHOOD_H
#define RMX_NEIGHBOURHOOD_H

#include <stddef.h>
#include <radiomix/components.h>

/* Largest offset count we build: distances up to 5 in 3D, (11^3 - 1). */
#define RMX_NEIGH_MAX 1330
#define RMX_NEIGH_MAX_DISTANCE 5

typedef struct RmxNeighbourhood {
  size_t n;                 /* number of offsets, both signs */
  int reach;                /* largest |offset| component */
  int off[RMX_NEIGH_MAX][3];/* (di, dj, dk) in voxel index order */
  ptrdiff_t step[RMX_NEIGH_MAX]; /* flat index step on the volume's grid */
} RmxNeighbourhood;

/* The RmxVolume axis normal to the texture planes when the input is 2D
 * (force2D), else -1. */
int rmx_neigh_plane_axis(const RmxFeatureInput *in);

/*
 * Fills nb with every offset whose Chebyshev norm is one of distances[]
 * (PyRadiomics' angles, both directions), skipping offsets along plane_axis
 * (>= 0) and offsets that cannot fit in dim. Returns 0, or -1 when a
 * distance is not an integer in [1, RMX_NEIGH_MAX_DISTANCE].
 */
int rmx_neigh_build(RmxNeighbourhood *nb, const size_t dim[3], const double *distances,
                    size_t n_distances, int plane_axis);

/* Whether v is a usable distance: an integer in [1, RMX_NEIGH_MAX_DISTANCE]. */
static inline int rmx_neigh_valid_distance(double v) {
  return v >= 1 && v <= RMX_NEIGH_MAX_DISTANCE && v == (double)(int)v;
}

/* Whether voxel (i, j, k) + offset o lies inside dim. */
static inline int rmx_neigh_inside(const size_t dim[3], size_t i, size_t j, size_t k,
                                   const int o[3]) {
  return (ptrdiff_t)i + o[0] >= 0 && (ptrdiff_t)i + o[0] < (ptrdiff_t)dim[0] &&
         (ptrdiff_t)j + o[1] >= 0 && (ptrdiff_t)j + o[1] < (ptrdiff_t)dim[1] &&
         (ptrdiff_t)k + o[2] >= 0 && (ptrdiff_t)k + o[2] < (ptrdiff_t)dim[2];
}

#endif
