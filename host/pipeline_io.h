/* pipeline_io.h: fitted pipelines to and from files. */
#ifndef RMX_HOST_PIPELINE_IO_H
#define RMX_HOST_PIPELINE_IO_H

#include "pipeline.h"

/* Writes the pipeline (classifier and its parameters, scaling of every input
 * column with its name, the selected columns, the classifier's saved bytes)
 * atomically. in_names: the n_in column names it was fitted on. */
gboolean rmx_pipeline_save(const RmxFittedPipeline *f, const char *const *in_names,
                           size_t n_in, const char *path, GError **err);
/* Reads one back; *in_names (g_strfreev) receives the input column names. */
RmxFittedPipeline *rmx_pipeline_load(const char *path, char ***in_names, size_t *n_in,
                                     GError **err);

#endif
