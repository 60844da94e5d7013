/* main.c: the radiomix command line: global options and subcommand dispatch. */
#include "cli.h"
#include "ctx.h"
#include "extract.h"
#include "registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
    {"extract", rmx_cmd_extract, "extract PyRadiomics-compatible features (image + mask)"},
    {"learn", rmx_cmd_learn, "model feature tables (CSV): split, cv, fit, predict, evaluate"},
    {"plugins", rmx_cmd_plugins, "list loaded plugins and their components"},
    {"run", rmx_cmd_run, "run a Lua workflow script"},
    {NULL, NULL, NULL},
};

static void usage(FILE *out) {
  fprintf(out,
          "usage: radiomix [--plugin-path DIR]... [-j N] [--seed N] COMMAND [ARGS...]\n"
          "       radiomix --version | --help\n\n"
          "commands:\n");
  for (const Command *c = commands; c->name; c++) fprintf(out, "  %-9s %s\n", c->name, c->summary);
  fprintf(out,
          "\nglobal options:\n"
          "  --plugin-path DIR  search DIR for plugins first (repeatable)\n"
          "  -j, --threads N    worker threads (default: all cores)\n"
          "  --seed N           default seed for random choices (default 42)\n"
          "\n'radiomix COMMAND --help' describes a command. Exit codes: 0 ok, 1 internal\n"
          "error, 2 usage, 3 bad input, 4 plugin failure, 5 script error.\n");
}

static gboolean parse_count(const char *s, long *out) {
  char *end;
  long v = strtol(s, &end, 10);
  if (!*s || *end || v < 0) return FALSE;
  *out = v;
  return TRUE;
}

int main(int argc, char **argv) {
  /* OpenBLAS (linked by some plugins) otherwise starts a pool of spinning
   * threads when it loads, ~12 ms of CPU per process; the plugins run it
   * single-threaded anyway (radiomix parallelises above BLAS). Must precede
   * every plugin load; a value the user set is kept. */
  g_setenv("OPENBLAS_NUM_THREADS", "1", FALSE);
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--version")) {
      printf("radiomix %s (SDK ABI %d.%d)\n", RMX_VERSION_STRING, RMX_ABI_MAJOR, RMX_ABI_MINOR);
      return RMX_EXIT_OK;
    }
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      return RMX_EXIT_OK;
    }
    long v;
    if (!strcmp(a, "--plugin-path") || !strcmp(a, "-j") || !strcmp(a, "--threads") ||
        !strcmp(a, "--seed")) {
      if (i + 1 >= argc) return rmx_die(RMX_EXIT_USAGE, "option %s needs a value", a);
      const char *val = argv[++i];
      if (!strcmp(a, "--plugin-path")) {
        rmx_cli_add_plugin_dir(val);
      } else if (!parse_count(val, &v)) {
        return rmx_die(RMX_EXIT_USAGE, "option %s: '%s' is not a non-negative integer", a, val);
      } else if (!strcmp(a, "--seed")) {
        rmx_set_default_seed((uint64_t)v);
      } else {
        rmx_set_default_threads((int)v);
      }
      continue;
    }
    return rmx_die(RMX_EXIT_USAGE, "unknown option '%s' (see radiomix --help)", a);
  }
  if (i >= argc) {
    usage(stderr);
    return RMX_EXIT_USAGE;
  }
  for (const Command *c = commands; c->name; c++)
    if (!strcmp(argv[i], c->name)) {
      int rc = c->run(argc - i, argv + i);
      fflush(stdout);
      rmx_plugins_unload_all();
      return rc;
    }
  return rmx_die(RMX_EXIT_USAGE, "unknown command '%s' (see radiomix --help)", argv[i]);
}
