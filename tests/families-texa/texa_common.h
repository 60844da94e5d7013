/* texa_common.h: helpers for the firstorder/glcm/glrlm tests: plugin calls through the host, cases, CSV. */
#ifndef TEXA_COMMON_H
#define TEXA_COMMON_H

#include <stddef.h>
#include <radiomix/components.h>

/* Settings a test varies; everything else is PyRadiomics' default. */
typedef struct TexaSettings {
  int ibsi;               /* ibsiCompat */
  const char *weighting;  /* weightingNorm, NULL: unset */
  double voxel_shift;     /* voxelArrayShift */
} TexaSettings;

typedef struct TexaCase {
  RmxVolume *image;  /* F64, cropped to the ROI bounding box */
  RmxVolume *mask;   /* U8 0/1, same grid */
  RmxVolume *morph;  /* U8 0/1 before resegmentation */
  int32_t *levels;   /* discretised, 0 outside */
  RmxFeatureInput in;
} TexaCase;

/* Loads the three plugins from the build tree ($RADIOMIX_BUILD); 0 or -1. */
int texa_load_plugins(void);
/* Feature list and count of a family ("firstorder", "glcm", "glrlm"). */
const RmxFeatureInfo *texa_features(const char *family, size_t *n);
int texa_feature_index(const char *family, const char *name); /* -1 if absent */
/* Runs a family through rmx_call_family with every feature enabled. */
int texa_run(const char *family, const RmxFeatureInput *in, const TexaSettings *s, double *values);

/* Discretisation and resegmentation as PyRadiomics' settings express them. */
typedef struct TexaPrep {
  double bin_width;      /* > 0: fixed bin width; 0: the values are the levels */
  int bin_count;         /* > 0: fixed bin count (overrides bin_width) */
  int reseg;             /* 0 none, 1 absolute, 2 sigma */
  double reseg_lo, reseg_hi; /* range; reseg_hi NaN: lower bound only */
} TexaPrep;

/* As texa_case_load with resegmentation / bin count; mask is the resegmented
 * ROI, morph_mask the label's. */
int texa_case_load_prep(TexaCase *c, const char *image_path, const char *mask_path, int label,
                        const TexaPrep *prep);

/* Loads image and label (value label), places a label on a sub-grid of the
 * image (PyRadiomics' *_label_2D files) by its origin, crops to the ROI's
 * bounding box and discretises with a fixed bin width (bw > 0) or takes the
 * values as levels (bw == 0). Returns 0, or -1 after one error line. */
int texa_case_load(TexaCase *c, const char *image_path, const char *mask_path, int label, double bw);
/* The one-slice case of slice k of c (same levels). */
int texa_case_slice(TexaCase *dst, const TexaCase *src, size_t k);
void texa_case_free(TexaCase *c);

/* $RADIOMIX_SHARED/data/<rel> (static buffer per slot 0..3). */
const char *texa_shared(int slot, const char *rel);
/* Splits a CSV line in place (double quotes allowed); returns the field count. */
int texa_csv_split(char *line, char **fields, int max_fields);
double texa_reldiff(double got, double want);

#endif
