/* param_file.h: extraction configurations from PyRadiomics YAML or Lua parameter files. */
#ifndef RMX_HOST_PARAM_FILE_H
#define RMX_HOST_PARAM_FILE_H

#include <glib.h>
#include <lua.h>
#include "params.h"

/* One imageType entry: "Original", "LoG", ... with its custom settings. */
typedef struct RmxImageTypeCfg {
  char *name;
  RmxParams *params;
  int line; /* in the parameter file, 0 if unknown */
} RmxImageTypeCfg;

/* One featureClass entry; features NULL (or empty) means all non-deprecated. */
typedef struct RmxFamilyCfg {
  char *name;
  GPtrArray *features; /* char*, in the order given; NULL: all */
  int line;
} RmxFamilyCfg;

typedef struct RmxExtractConfig {
  char *source;           /* file name for messages ("defaults" if none) */
  RmxParams *settings;    /* the 'setting' section as parsed, not yet validated */
  GPtrArray *image_types; /* RmxImageTypeCfg*, in file order */
  GPtrArray *families;    /* RmxFamilyCfg*, in file order; empty: all installed */
  GHashTable *key_lines;  /* "<imageType or empty>/<key>" -> line (GINT_TO_POINTER) */
} RmxExtractConfig;

/* Line of a setting in the file (image_type NULL: the 'setting' section), 0 if unknown. */
int rmx_extract_config_line(const RmxExtractConfig *c, const char *image_type, const char *key);

/* PyRadiomics defaults: Original only, every family, no settings. */
RmxExtractConfig *rmx_extract_config_new(void);
void rmx_extract_config_free(RmxExtractConfig *c); /* accepts NULL */

/* Reads a .yaml/.yml (PyRadiomics layout) or .lua file (returns the same table).
 * Errors name the file, the line and the key. */
RmxExtractConfig *rmx_param_file_read(const char *path, GError **err);
RmxExtractConfig *rmx_param_yaml_read(const char *path, GError **err);
RmxExtractConfig *rmx_param_lua_read(const char *path, GError **err);
/* Converts the table at stack index idx (same layout as the YAML file). */
RmxExtractConfig *rmx_param_from_lua(lua_State *L, int idx, const char *where, GError **err);

#endif
