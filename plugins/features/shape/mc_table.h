/* mc_table.h: marching-cubes triangle table, generated from the cube geometry. */
#ifndef RMX_SHAPE_MC_TABLE_H
#define RMX_SHAPE_MC_TABLE_H

#include <stdint.h>

/*
** Cube corners are (z,y,x) offsets in PyRadiomics' order; bit k of a cube
** index is set when corner k is inside the mask. Only indices < 128 (corner
** 7 outside) are tabulated: an index >= 128 uses the entry of its
** complement with the sign of the volume flipped, as PyRadiomics does.
** tris[c] lists edge numbers, three per triangle, ended by -1; triangles
** are oriented so that the signed-volume sum is positive.
*/
#define RMX_MC_MAX_TRIS 6

typedef struct RmxMcTable {
  int8_t tris[128][RMX_MC_MAX_TRIS * 3 + 1];
  int8_t n_tris[128];
} RmxMcTable;

/* Corner offsets (z,y,x) and edge midpoints in half-voxel units (z,y,x). */
extern const int rmx_mc_corner[8][3];
extern const int rmx_mc_edge[12][2];

/* Fills the table; deterministic, safe to call more than once. */
void rmx_mc_table_build(RmxMcTable *t);
/* Midpoint of edge e in half-voxel units (z,y,x). */
void rmx_mc_edge_mid2(int e, int out[3]);

#endif
