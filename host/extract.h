/* extract.h: the PyRadiomics-compatible feature extraction pipeline, `radiomix extract` and radiomix.extract(). */
#ifndef RMX_HOST_EXTRACT_H
#define RMX_HOST_EXTRACT_H

#include <glib.h>
#include <lua.h>
#include <radiomix/types.h>
#include "param_file.h"
#include "cli.h"
#include "params.h"

/* Host-level settings ("setting" section), PyRadiomics names and defaults. */
extern const RmxParamSpec rmx_extract_setting_specs[];

/* Errors of this module use RMX_EXTRACT_ERROR with the exit code (cli.h) as
 * code: RMX_EXIT_USAGE bad command line or parameter file, RMX_EXIT_INPUT
 * unreadable image/mask or invalid ROI, RMX_EXIT_PLUGIN a filter or family failed. */
#define RMX_EXTRACT_ERROR rmx_extract_error_quark()
GQuark rmx_extract_error_quark(void);
/* Exit code for an error from this module (RMX_EXIT_INPUT for foreign domains). */
int rmx_extract_exit_code(const GError *err);

/* A validated configuration with its components resolved. Read-only once
 * built, so one extractor serves many cases on many threads. */
typedef struct RmxExtractor RmxExtractor;
/* overrides (may be NULL) are -s key=value settings; they win over the file. */
RmxExtractor *rmx_extractor_new(const RmxExtractConfig *cfg, const RmxParams *overrides,
                                GError **err);
void rmx_extractor_free(RmxExtractor *ex);
const RmxParams *rmx_extractor_settings(const RmxExtractor *ex);

/* Output of one case, rows in PyRadiomics' order. */
typedef struct RmxFeatureSet {
  GPtrArray *names;       /* char*: "<imageType>_<family>_<Feature>" */
  GArray *values;         /* double, NaN when undefined */
  GPtrArray *diag_names;  /* char*: "diagnostics_..." */
  GPtrArray *diag_values; /* char* */
  GPtrArray *stage_names; /* char*: "read", "filter log", "family glcm", ... */
  GArray *stage_seconds;  /* double, summed per stage name */
  gboolean want_diagnostics; /* set before extracting to fill diag_* (costs a pass or two) */
} RmxFeatureSet;
RmxFeatureSet *rmx_feature_set_new(void);
void rmx_feature_set_free(RmxFeatureSet *fs); /* accepts NULL */
void rmx_feature_set_add_time(RmxFeatureSet *fs, const char *stage, double seconds);

/* One case from loaded volumes: labels is the raw label volume; label < 0
 * takes the 'label' setting. image and labels are not modified. */
gboolean rmx_extract_volumes(const RmxExtractor *ex, const RmxVolume *image,
                             const RmxVolume *labels, int label, RmxFeatureSet *out,
                             GError **err);
/* Same, reading the label file (streamed into the mask when it can be). */
gboolean rmx_extract_mask_file(const RmxExtractor *ex, const RmxVolume *image,
                               const char *mask_path, int label, RmxFeatureSet *out,
                               GError **err);
/* Same, reading both files. */
gboolean rmx_extract_files(const RmxExtractor *ex, const char *image_path,
                           const char *mask_path, int label, RmxFeatureSet *out, GError **err);

/* `radiomix extract ...`: argv[0] is the subcommand name ("extract").
 * Returns the process exit code (RMX_EXIT_*). */
int rmx_cmd_extract(int argc, char **argv);

/* radiomix.extract(image, mask [, params]) for the Lua module: image and mask
 * are radiomix.Volume values or NRRD paths (mask: the label volume), params a
 * table laid out like the YAML file, or a parameter file path. Returns a
 * table name -> value, or nil, message when the data is bad; a bad parameter
 * table or file raises an error. */
int rmx_extract_lua(lua_State *L);
/* Module part (RmxLuaOpener): sets mod.extract. */
void rmx_lua_open_extract(lua_State *L, int mod);

#endif
