/* shape_core.h: host-independent shape computations (mesh, diameters, PCA). */
#ifndef RMX_SHAPE_CORE_H
#define RMX_SHAPE_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "mc_table.h"

/* Result of the marching-cubes pass over a mask. */
typedef struct RmxShapeMesh {
  double area;       /* mm^2 */
  double volume;     /* mm^3, signed-tetrahedron sum */
  double diam[4];    /* max distance: same slice (z), same column (y), same row (x), 3D */
  size_t n_vertices; /* distinct mesh vertices */
} RmxShapeMesh;

/*
** mask: U8 0/1, voxel (x,y,z) at x + nx*(y + ny*z) with dim = {nx,ny,nz};
** spacing in the same x,y,z order. The mask is padded by one voxel on each
** side internally, as PyRadiomics does. Returns 0, or -1 on allocation
** failure.
*/
int rmx_shape_mesh(const uint8_t *mask, const size_t dim[3], const double spacing[3],
                   const RmxMcTable *table, RmxShapeMesh *out);

/*
** Largest pairwise distances among points given in half-voxel units
** (z,y,x), physical coordinate = (h * 0.5) * sp; sp in z,y,x order.
** diam[0..3] as in RmxShapeMesh. Only points that are extreme along the
** grid lines through them can end a maximal chord, so the others are
** dropped first. ext = largest half-unit coordinate + 1 per axis (z,y,x).
*/
int rmx_shape_diameters(const int32_t *h, size_t n, const int ext[3], const double sp[3],
                        double diam[4]);

/*
** Eigenvalues (ascending) of the covariance of the physical coordinates
** of the n points (dims-tuples in xyz, row-major), divided by n - ddof:
** PyRadiomics uses the population form (ddof 0), IBSI the sample form (1).
** dims = 2 or 3. Tiny negative eigenvalues (> -1e-10) are set to 0.
** Returns 0, or -1 on a non-finite result.
*/
int rmx_shape_pca(const double *xyz, size_t n, int dims, int ddof, double *eig);

/*
** Eigenvalues (ascending) into w[n] of the symmetric n x n matrix a (n = 1..3,
** full storage, overwritten), by cyclic Jacobi rotations. Returns 0, or -1 for
** a bad n or a non-finite result.
*/
int rmx_shape_symeig(double *a, int n, double *w);

/* Feature indices of the shape family, PyRadiomics' order. */
enum {
  RMX_SHAPE_MESHVOL, RMX_SHAPE_VOXVOL, RMX_SHAPE_AREA, RMX_SHAPE_SVR, RMX_SHAPE_SPHER,
  RMX_SHAPE_COMP1, RMX_SHAPE_COMP2, RMX_SHAPE_SPHDIS, RMX_SHAPE_DIAM3D, RMX_SHAPE_DIAMSLICE,
  RMX_SHAPE_DIAMCOL, RMX_SHAPE_DIAMROW, RMX_SHAPE_MAJOR, RMX_SHAPE_MINOR, RMX_SHAPE_LEAST,
  RMX_SHAPE_ELONG, RMX_SHAPE_FLAT, RMX_SHAPE_COUNT
};

/*
** All shape features of a mask (layout as in rmx_shape_mesh) into
** values[RMX_SHAPE_COUNT]; ibsi selects IBSI's sample covariance for the
** PCA axes (PyRadiomics divides by N). Returns 0; -1 out of memory; -2 eigenvalue
** failure; -3 empty mask.
*/
int rmx_shape_features(const uint8_t *mask, const size_t dim[3], const double spacing[3],
                       const RmxMcTable *table, int ibsi, double *values);

#endif
