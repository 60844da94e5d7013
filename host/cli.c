/* cli.c: shared command-line plumbing and the 'plugins' command. */
#include "cli.h"
#include "ctx.h"
#include "registry.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static GPtrArray *plugin_dirs;

int rmx_die(int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  for (char *p = msg; *p; p++)
    if (*p == '\n') *p = ' ';
  fprintf(stderr, "radiomix: %s\n", msg);
  g_free(msg);
  return code;
}

int rmx_exit_code_for(int status) {
  switch (status) {
  case RMX_OK: return RMX_EXIT_OK;
  case RMX_ERR_INVALID:
  case RMX_ERR_IO: return RMX_EXIT_INPUT;
  case RMX_ERR_UNSUPPORTED:
  case RMX_ERR_NUMERIC: return RMX_EXIT_PLUGIN;
  default: return RMX_EXIT_INTERNAL;
  }
}

void rmx_cli_add_plugin_dir(const char *dir) {
  if (!plugin_dirs) plugin_dirs = g_ptr_array_new();
  g_ptr_array_add(plugin_dirs, (gpointer)dir);
}

const char *rmx_cli_plugin_dir(guint i) {
  return plugin_dirs && i < plugin_dirs->len ? plugin_dirs->pdata[i] : NULL;
}

void rmx_cli_load_plugins_for(gboolean quiet, const RmxLoadNeed *need) {
  static gboolean loaded;
  if (loaded) return;
  loaded = TRUE;
  if (plugin_dirs) g_ptr_array_add(plugin_dirs, NULL);
  RmxLoadOptions opt = {plugin_dirs ? (const char *const *)plugin_dirs->pdata : NULL, quiet, need};
  if (g_getenv("RADIOMIX_LOAD_ALL")) opt.need = NULL;
  rmx_plugins_load_all(&opt);
}

void rmx_cli_load_plugins(gboolean quiet) { rmx_cli_load_plugins_for(quiet, NULL); }

static void json_string(GString *out, const char *s) {
  g_string_append_c(out, '"');
  for (; s && *s; s++) {
    if (*s == '"' || *s == '\\') g_string_append_printf(out, "\\%c", *s);
    else if ((unsigned char)*s < 0x20) g_string_append_printf(out, "\\u%04x", *s);
    else g_string_append_c(out, *s);
  }
  g_string_append_c(out, '"');
}

static void describe(const RmxComponent *c) {
  printf("%s %s: %s\n", rmx_kind_name(c->kind), c->u.hdr.name, c->u.hdr.description);
  for (const RmxParamSpec *s = c->u.hdr.params; s && s->name; s++)
    printf("  %-28s default %-10s %s\n", s->name, s->default_value ? s->default_value : "(unset)",
           s->doc ? s->doc : "");
  if (c->kind == RMX_KIND_FEATURES)
    for (size_t f = 0; f < c->n_features; f++)
      printf("  feature %s%s\n", c->u.family.features[f].name,
             c->u.family.features[f].flags & RMX_FEATURE_DEPRECATED ? " (deprecated)" : "");
}

int rmx_cmd_plugins(int argc, char **argv) {
  gboolean json = FALSE, refused = FALSE;
  const char *describe_name = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--json")) json = TRUE;
    else if (!strcmp(argv[i], "--refused")) refused = TRUE;
    else if (!strcmp(argv[i], "--describe") && i + 1 < argc) describe_name = argv[++i];
    else if (!strcmp(argv[i], "--help")) {
      printf("usage: radiomix plugins [--json] [--refused] [--describe NAME]\n"
             "Lists every component of every loaded plugin, sorted by kind and name:\n"
             "kind, name, plugin version, ABI and file. --refused also lists the files\n"
             "that were refused and why; --describe prints one component's parameters.\n"
             "Search order: --plugin-path, $RADIOMIX_PLUGIN_PATH, the user folder\n"
             "($XDG_DATA_HOME/radiomix/plugins/1), the installed folder.\n");
      return RMX_EXIT_OK;
    } else return rmx_die(RMX_EXIT_USAGE, "plugins: unknown option '%s'", argv[i]);
  }
  rmx_cli_load_plugins(json);
  GPtrArray *comps = rmx_registry_components();
  if (describe_name) {
    for (guint i = 0; i < comps->len; i++) {
      const RmxComponent *c = comps->pdata[i];
      if (!g_ascii_strcasecmp(c->u.hdr.name, describe_name)) describe(c);
    }
    return RMX_EXIT_OK;
  }
  if (json) {
    GString *out = g_string_new("{\"components\": [");
    for (guint i = 0; i < comps->len; i++) {
      const RmxComponent *c = comps->pdata[i];
      g_string_append_printf(out, "%s\n  {\"kind\": ", i ? "," : "");
      json_string(out, rmx_kind_name(c->kind));
      g_string_append(out, ", \"name\": ");
      json_string(out, c->u.hdr.name);
      g_string_append(out, ", \"plugin\": ");
      json_string(out, c->plugin ? c->plugin->desc->name : "host");
      g_string_append(out, ", \"version\": ");
      json_string(out, c->plugin ? c->plugin->desc->version : RMX_VERSION_STRING);
      g_string_append_printf(out, ", \"abi\": \"%u.%u\", \"file\": ",
                             c->plugin ? c->plugin->desc->abi_major : RMX_ABI_MAJOR,
                             c->plugin ? c->plugin->desc->abi_minor : RMX_ABI_MINOR);
      json_string(out, c->plugin ? c->plugin->path : "");
      g_string_append(out, ", \"description\": ");
      json_string(out, c->u.hdr.description);
      g_string_append(out, "}");
    }
    g_string_append(out, "\n], \"refused\": [");
    GPtrArray *r = rmx_plugin_refusals();
    for (guint i = 0; i < r->len; i++) {
      g_string_append(out, i ? ",\n  " : "\n  ");
      json_string(out, r->pdata[i]);
    }
    g_string_append(out, "\n]}\n");
    fputs(out->str, stdout);
    g_string_free(out, TRUE);
    return RMX_EXIT_OK;
  }
  printf("%-10s %-22s %-9s %-5s %s\n", "KIND", "NAME", "VERSION", "ABI", "FILE");
  for (guint i = 0; i < comps->len; i++) {
    const RmxComponent *c = comps->pdata[i];
    printf("%-10s %-22s %-9s %u.%-3u %s\n", rmx_kind_name(c->kind), c->u.hdr.name,
           c->plugin ? c->plugin->desc->version : RMX_VERSION_STRING,
           c->plugin ? c->plugin->desc->abi_major : RMX_ABI_MAJOR,
           c->plugin ? c->plugin->desc->abi_minor : RMX_ABI_MINOR,
           c->plugin ? c->plugin->path : "(host)");
  }
  if (refused) {
    GPtrArray *r = rmx_plugin_refusals();
    for (guint i = 0; i < r->len; i++) printf("refused: %s\n", (char *)r->pdata[i]);
  }
  return RMX_EXIT_OK;
}
