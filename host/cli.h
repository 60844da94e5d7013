/* cli.h: subcommands, shared option handling and exit codes. */
#ifndef RMX_HOST_CLI_H
#define RMX_HOST_CLI_H

#include <glib.h>

/* Exit codes of the radiomix executable (docs/cli.md). */
enum {
  RMX_EXIT_OK = 0,
  RMX_EXIT_INTERNAL = 1, /* a bug or an unexpected failure */
  RMX_EXIT_USAGE = 2,    /* bad command line */
  RMX_EXIT_INPUT = 3,    /* unreadable or invalid input file or parameter */
  RMX_EXIT_PLUGIN = 4,   /* a plugin refused or failed */
  RMX_EXIT_SCRIPT = 5    /* a Lua script raised an error */
};

/* Prints "radiomix: <msg>" on stderr (one line) and returns code. */
int rmx_die(int code, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Maps an RmxStatus / GError code to an exit code. */
int rmx_exit_code_for(int status);

/* Loads every plugin from the search path (global --plugin-path applies). */
void rmx_cli_load_plugins(gboolean quiet);
/* Loads the plugins 'need' names (registry.h: RmxLoadNeed; NULL: all) once;
 * RADIOMIX_LOAD_ALL set in the environment loads all. */
struct RmxLoadNeed;
void rmx_cli_load_plugins_for(gboolean quiet, const struct RmxLoadNeed *need);
void rmx_cli_add_plugin_dir(const char *dir);
/* The i-th --plugin-path folder, NULL past the end (worker processes get them too). */
const char *rmx_cli_plugin_dir(guint i);

int rmx_cmd_plugins(int argc, char **argv);
int rmx_cmd_run(int argc, char **argv);
int rmx_cmd_learn(int argc, char **argv); /* cmd_learn.c */
int rmx_cmd_learn_model(int argc, char **argv); /* cmd_learn_model.c: cv, fit, predict */

#endif
