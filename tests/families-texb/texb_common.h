/* texb_common.h: test helpers for GLSZM/GLDM/NGTDM: case loading, discretisation, family calls, CSV. */
#ifndef TEXB_COMMON_H
#define TEXB_COMMON_H

#include <stddef.h>
#include <radiomix/components.h>

/* The RmxVolume axis normal to the planes for PyRadiomics force2Ddimension 0
 * (numpy axis 0 = slices = k). */
#define TEXB_PLANE_K 2

enum { TEXB_GLSZM, TEXB_GLDM, TEXB_NGTDM, TEXB_NFAM };

typedef struct TexbCase {
  RmxVolume *image;   /* F64, cropped to the ROI bounding box */
  RmxVolume *mask;    /* U8 0/1, same grid */
  int32_t *levels;    /* discretised, 0 outside */
  RmxFeatureInput in;
} TexbCase;

/* Loads image + mask (label value 'label'); a mask whose grid is a single
 * slice of the image's (PyRadiomics' *_label_2D files) is placed by its origin.
 * Discretises as PyRadiomics does: bin_count > 0 uses numpy.histogram edges
 * over the ROI range (last edge + 1) and digitize, else the fixed bin width
 * floor(x/bw) - floor(min/bw) + 1. Returns 0, or -1 after one error line. */
int texb_case_load(TexbCase *c, const char *image_path, const char *mask_path, int label,
                   double bin_width, int bin_count);
/* Keeps only slice k (along the k axis) of a loaded case, as a one-slice case. */
int texb_case_slice(TexbCase *dst, const TexbCase *src, size_t k);
void texb_case_free(TexbCase *c);

const char *texb_family_name(int fam);                 /* "glszm", ... */
const RmxFeatureInfo *texb_family_features(int fam);
int texb_family_count(int fam);
/* Runs one family with all features enabled. */
int texb_family_run(int fam, const RmxFeatureInput *in, int ibsi, const double *distances,
                    size_t n_distances, double alpha, double *values);
int texb_feature_index(int fam, const char *name);      /* -1 if absent */

/* Splits one CSV line in place (double quotes allowed); returns field count. */
int texb_csv_split(char *line, char **fields, int max_fields);
/* $RADIOMIX_SHARED/data/<rel>, in a static buffer per call slot (0..3). */
const char *texb_shared(int slot, const char *rel);

#endif
