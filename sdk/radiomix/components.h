/*
** radiomix/components.h: the four component kinds a plugin can register.
** Each class struct starts with RmxComponentHeader, whose struct_size is
** sizeof the whole class struct. The host copies only the bytes a plugin
** provides, so members added later at the end read as NULL/0 for plugins
** built against an older minor. Components are stateless: all per-call
** state lives in the RmxCtx, all fitted state in a model handle.
*/
#ifndef RADIOMIX_COMPONENTS_H
#define RADIOMIX_COMPONENTS_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum RmxKind {
  RMX_KIND_FILTER = 1,
  RMX_KIND_FEATURES = 2,
  RMX_KIND_SELECTOR = 3,
  RMX_KIND_CLASSIFIER = 4
} RmxKind;

typedef struct RmxComponentHeader {
  uint32_t struct_size;       /* sizeof(the full class struct) */
  int32_t kind;               /* RmxKind */
  const char *name;           /* unique per kind, [A-Za-z0-9_]+ */
  const char *description;    /* one line */
  const RmxParamSpec *params; /* NULL or terminated by a NULL name */
  void *user_data;            /* returned by host->component_data(ctx) */
} RmxComponentHeader;

/* ---------------------------------------------------------------- filter
** Receives one or more input volumes (n_inputs within [min_inputs,
** max_inputs]) and an optional mask on the same grid; emits one or more
** derived images with host->emit(ctx, image_type, vol), e.g. "square",
** "wavelet-LLH", "log-sigma-1-0-mm-3D". The component name is matched
** case-insensitively against the imageType keys of a parameter file
** ("LoG" selects "log"). Parameters come from the imageType entry.
*/
typedef struct RmxFilterClass {
  RmxComponentHeader hdr;
  uint32_t min_inputs, max_inputs;
  int (*apply)(RmxCtx *ctx, const RmxVolume *const *inputs, size_t n_inputs,
               const RmxVolume *mask);
} RmxFilterClass;

/* ------------------------------------------------------- feature family */
#define RMX_FEATURE_DEPRECATED 0x1u /* computed only when asked by name */

typedef struct RmxFeatureInfo {
  const char *name;  /* PyRadiomics name, e.g. "Contrast"; NULL ends a list */
  uint32_t flags;
} RmxFeatureInfo;

#define RMX_FAMILY_ORIGINAL_ONLY 0x1u /* shape: computed once, on "original" */

/*
** What the host prepares for a family: the image cropped to the ROI's
** bounding box, as doubles, with the masks on the same grid and the
** discretised grey levels (binWidth/binCount settings already applied).
*/
typedef struct RmxFeatureInput {
  uint32_t struct_size;
  const char *image_type;       /* "original", "wavelet-LLH", ... */
  const RmxVolume *image;       /* RMX_F64, cropped to the ROI's bbox */
  const RmxVolume *mask;        /* RMX_U8 0/1 intensity mask (resegmented) */
  const RmxVolume *morph_mask;  /* RMX_U8 0/1 mask before resegmentation */
  const int32_t *levels;        /* grey level per voxel: 1..n_levels in ROI, 0 outside */
  int32_t n_levels;             /* highest grey level */
  size_t n_roi;                 /* voxels in mask */
  int32_t is_2d;                /* force2D in effect: texture is in-plane */
  int32_t plane_axis;           /* force2Ddimension: axis normal to the planes */
} RmxFeatureInput;

/*
** compute() fills values[f] for every f with enabled[f] != 0, in the order
** of features[]; an undefined value is NaN. Return RMX_SKIPPED when the
** family does not apply (e.g. shape2D on a 3D ROI).
*/
typedef struct RmxFeatureFamilyClass {
  RmxComponentHeader hdr;
  const RmxFeatureInfo *features;
  uint32_t flags;
  int (*compute)(RmxCtx *ctx, const RmxFeatureInput *in, const uint8_t *enabled,
                 double *values);
} RmxFeatureFamilyClass;

/* ------------------------------------------------------------- selector
** Scores the columns of X (rows: training samples) against y (0/1), higher
** is more relevant, NaN for a column that cannot be scored. A selector with
** RMX_SELECTOR_RANKS also writes ranking[] (a permutation of column
** indices, best first), for methods whose order is not their scores'
** order (RFE); otherwise the host ranks by score, ties by column index.
*/
#define RMX_SELECTOR_RANKS 0x1u

typedef struct RmxSelectorClass {
  RmxComponentHeader hdr;
  uint32_t flags;
  int (*score)(RmxCtx *ctx, const RmxMatrix *X, const double *y, double *scores,
               size_t *ranking);
} RmxSelectorClass;

/* ----------------------------------------------------------- classifier
** Binary classification, y in {0, 1}. fit() returns an opaque model that
** predict() reads without modifying (it may be used from several threads
** at once). predict() writes P(y = 1) per row. save() appends bytes with
** host->blob_write; load() rebuilds a model from them. The members after
** load are optional (NULL when absent).
*/
typedef struct RmxClassifierClass {
  RmxComponentHeader hdr;
  int (*fit)(RmxCtx *ctx, const RmxMatrix *X, const double *y,
             const double *sample_weight /* NULL: all 1 */, void **model);
  int (*predict)(RmxCtx *ctx, const void *model, const RmxMatrix *X, double *proba);
  void (*model_free)(void *model);
  int (*save)(RmxCtx *ctx, const void *model, RmxBlob *out);
  int (*load)(RmxCtx *ctx, const void *data, size_t len, void **model);
  /* optional: a ranking score (e.g. an SVM's decision function) */
  int (*decision)(RmxCtx *ctx, const void *model, const RmxMatrix *X, double *score);
  /* optional: Shapley values phi (rows x (cols + 1), column-major; the last
     column is the base value) in the model's output space, with an optional
     background sample for interventional methods */
  int (*shap)(RmxCtx *ctx, const void *model, const RmxMatrix *X,
              const RmxMatrix *background, double *phi);
} RmxClassifierClass;

#ifdef __cplusplus
}
#endif
#endif
