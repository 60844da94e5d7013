/*
** radiomix/types.h: the data that crosses the plugin ABI.
** Only <stddef.h> and <stdint.h> types appear here, so a plugin needs
** nothing but these headers and a C compiler. See docs/sdk.md.
*/
#ifndef RADIOMIX_TYPES_H
#define RADIOMIX_TYPES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. Every callback returns one; 0 is success. */
typedef enum RmxStatus {
  RMX_OK = 0,
  RMX_ERR_INVALID = 1,     /* bad parameter or input data */
  RMX_ERR_NOMEM = 2,       /* allocation failed */
  RMX_ERR_IO = 3,          /* file could not be read or written */
  RMX_ERR_UNSUPPORTED = 4, /* valid request this component cannot serve */
  RMX_ERR_NUMERIC = 5,     /* no convergence, singular matrix, ... */
  RMX_ERR_CANCELLED = 6,   /* host asked the call to stop */
  RMX_ERR_INTERNAL = 7,    /* a bug: please report */
  RMX_SKIPPED = 100        /* feature family: not applicable to this input */
} RmxStatus;

/* Voxel scalar types. */
typedef enum RmxScalar {
  RMX_U8 = 1, RMX_I8, RMX_U16, RMX_I16, RMX_U32, RMX_I32,
  RMX_U64, RMX_I64, RMX_F32, RMX_F64
} RmxScalar;

/*
** A 3D scalar volume. The host owns every volume it hands out; a plugin
** allocates outputs with host->volume_new and gives them back with
** host->emit or host->volume_free.
**   voxel (i,j,k) is data[i + dim[0]*(j + dim[1]*k)]   (i fastest)
**   world(i,j,k) = origin + D * diag(spacing) * (i,j,k)^T
** where D = direction, row-major 3x3; column c of D is the unit world
** vector of index axis c (ITK convention, LPS space as NRRD stores it).
** A 2D image has dim[2] == 1.
*/
typedef struct RmxVolume {
  uint32_t struct_size;  /* sizeof(RmxVolume) of the host that made it */
  int32_t type;          /* RmxScalar */
  size_t dim[3];
  double spacing[3];     /* mm, > 0 */
  double origin[3];      /* mm */
  double direction[9];   /* row-major, orthonormal columns */
  void *data;
} RmxVolume;

/*
** A dense matrix of doubles, column-major (BLAS/LAPACK order):
**   element (row r, column c) is data[r + c*ld], ld >= rows.
** Rows are samples, columns are features. col_names may be NULL.
*/
typedef struct RmxMatrix {
  uint32_t struct_size;
  size_t rows, cols, ld;
  double *data;
  const char *const *col_names;
} RmxMatrix;

/* Typed parameters: components declare them, the host validates them. */
typedef enum RmxParamType {
  RMX_PARAM_BOOL = 1,
  RMX_PARAM_INT,
  RMX_PARAM_DOUBLE,
  RMX_PARAM_STRING,
  RMX_PARAM_LIST      /* a list of numbers, e.g. distances: [1, 2] */
} RmxParamType;

/* Parameter flags. */
#define RMX_PARAM_SEARCH   0x1u /* tunable: joins the pipeline search */
#define RMX_PARAM_LOG      0x2u /* search on a log scale */
#define RMX_PARAM_NULLABLE 0x4u /* may be left unset (no default) */

/*
** One declared parameter. Arrays of specs end with an entry whose name is
** NULL. Defaults are written as they would be in a YAML parameter file
** ("25", "true", "[1]", "coif1"); NULL means "unset".
** Numbers (and list elements) must lie in [min, max] unless min > max.
** choices, for strings, is a '|'-separated list of allowed values.
** search_min/search_max bound the search when RMX_PARAM_SEARCH is set;
** for a string with choices, the search draws from the choices.
*/
typedef struct RmxParamSpec {
  const char *name;
  int32_t type;           /* RmxParamType */
  uint32_t flags;
  const char *default_value;
  double min, max;
  const char *choices;
  const char *doc;        /* one line, shown by 'radiomix plugins --describe' */
  double search_min, search_max;
  void *reserved[2];      /* keep zero */
} RmxParamSpec;

/* Opaque host objects. */
typedef struct RmxCtx RmxCtx;   /* one component call: params, errors, progress */
typedef struct RmxBlob RmxBlob; /* growable byte buffer for saved models */

#ifdef __cplusplus
}
#endif
#endif
