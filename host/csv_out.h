/* csv_out.h: CSV output of extraction results (single case and batch) and manifest reading. */
#ifndef RMX_HOST_CSV_OUT_H
#define RMX_HOST_CSV_OUT_H

#include <glib.h>
#include "extract.h"

/* One case of a batch. */
typedef struct RmxBatchCase {
  char *id, *image, *mask;
  int label;          /* -1: the 'label' setting */
  int line;           /* in the manifest */
  RmxFeatureSet *fs;  /* NULL until extracted or when the case failed */
  char *error;        /* why it failed, or NULL */
} RmxBatchCase;

/* Reads a manifest with a header naming ID, Image, Mask and optionally Label
 * (any case, any order, extra columns ignored). Relative paths are taken from
 * the manifest's folder. Returns RmxBatchCase* with a free function. */
GPtrArray *rmx_manifest_read(const char *path, GError **err);

/* "feature,value" rows (%.17g), then diagnostics_* rows when asked.
 * path NULL or "-" writes stdout; a file is written atomically. */
gboolean rmx_csv_write_case(const char *path, const RmxFeatureSet *fs, gboolean diagnostics,
                            GError **err);
/* PyRadiomics batch layout: ID, Image, Mask, [diagnostics...], features;
 * one row per successful case, columns the union of all cases' names. */
gboolean rmx_csv_write_batch(const char *path, const GPtrArray *cases, gboolean diagnostics,
                             GError **err);

#endif
