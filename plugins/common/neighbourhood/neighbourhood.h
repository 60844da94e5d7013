/* neighbourhood.h: neighbour offsets for texture matrices (Chebyshev shells, force2D planes) on a zero-padded level grid. */
#ifndef RMX_NEIGHBOURHOOD_H
#define RMX_NEIGHBOURHOOD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <radiomix/components.h>

/* Largest neighbourhood distance accepted (offsets grow as distance^2). */
#define RMX_NEIGH_MAX_DISTANCE 64

typedef struct RmxNeighbourhood {
  size_t n;          /* number of offsets, both signs */
  int (*off)[3];     /* (di, dj, dk) in voxel index order */
  ptrdiff_t *step;   /* flat index step on the padded grid (rmx_neigh_pad) */
  int reach[3];      /* largest |offset| per axis */
} RmxNeighbourhood;

/* The ROI's levels with reach[c] zero voxels on each side of axis c, so that
 * every neighbour of an ROI voxel is addressable without bounds tests. */
typedef struct RmxPadded {
  int32_t *lv;       /* 0 outside the ROI and in the padding */
  size_t dim[3];
  size_t n_roi;
  size_t *roi;       /* padded index of each ROI voxel, raster order */
  /* box26: nb is the full 3x3x3 neighbourhood (distance 1, 3D); row9[r] is
   * the step from a voxel to the first of the three voxels of row r of its
   * box (r = 3 (dk + 1) + (dj + 1)). lv has RMX_NEIGH_SLACK voxels after
   * the grid, so four levels can be read from any row start. */
  int box26;
  ptrdiff_t row9[9];
} RmxPadded;

#define RMX_NEIGH_SLACK 4

/* Four levels at once (SSE2 on x86-64, plain code elsewhere). */
typedef int32_t rmx_v4i __attribute__((vector_size(16)));
static inline rmx_v4i rmx_ld4i(const int32_t *x) {
  rmx_v4i r;
  memcpy(&r, x, sizeof r);
  return r;
}

/* The RmxVolume axis normal to the texture planes when the input is 2D
 * (force2D), else -1. */
int rmx_neigh_plane_axis(const RmxFeatureInput *in);

/* Whether v is a usable distance: an integer in [1, RMX_NEIGH_MAX_DISTANCE]. */
static inline int rmx_neigh_valid_distance(double v) {
  return v >= 1 && v <= RMX_NEIGH_MAX_DISTANCE && v == (double)(int)v;
}

/*
 * Fills nb with every offset whose Chebyshev norm is one of distances[]
 * (PyRadiomics' angles, both directions), skipping offsets along plane_axis
 * (>= 0) and offsets that cannot fit in dim. Returns 0, RMX_ERR_INVALID (a
 * distance rmx_neigh_valid_distance rejects) or RMX_ERR_NOMEM.
 */
int rmx_neigh_build(RmxNeighbourhood *nb, const size_t dim[3], const double *distances,
                    size_t n_distances, int plane_axis);
void rmx_neigh_free(RmxNeighbourhood *nb);

/* Copies in->levels into a padded grid sized for nb and sets nb->step for it.
 * Returns 0, RMX_ERR_INVALID (a level above in->n_levels) or RMX_ERR_NOMEM. */
int rmx_neigh_pad(const RmxFeatureInput *in, RmxNeighbourhood *nb, RmxPadded *p);
void rmx_padded_free(RmxPadded *p);

#endif
