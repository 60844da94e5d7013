/* lua_run.c: 'radiomix run SCRIPT.lua [args...]', scripts under pcall with a traceback. */
#include "cli.h"
#include "lua_module.h"

#include <lualib.h>
#include <stdio.h>
#include <string.h>

/* Message handler: keeps the "file:line: message" line, appends a traceback. */
static int msgh(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (!msg) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

/* package.path gains the script's folder, its lib/ and the installed share/radiomix/lua. */
static void set_paths(lua_State *L, const char *script) {
  char *dir = g_path_get_dirname(script);
  char *exe = g_file_read_link("/proc/self/exe", NULL);
  char *prefix = NULL;
  if (exe) {
    char *bindir = g_path_get_dirname(exe);
    prefix = g_path_get_dirname(bindir);
    g_free(bindir);
  }
  lua_getglobal(L, "package");
  lua_getfield(L, -1, "path");
  lua_pushfstring(L, "%s/?.lua;%s/lib/?.lua;%s/share/radiomix/lua/?.lua;%s", dir, dir,
                  prefix ? prefix : "/usr", lua_tostring(L, -1));
  lua_setfield(L, -3, "path");
  lua_pop(L, 2);
  g_free(prefix);
  g_free(exe);
  g_free(dir);
}

static int run_help(void) {
  printf("usage: radiomix run [--traceback] SCRIPT.lua [ARGS...]\n"
         "Runs a Lua 5.4 script with the 'radiomix' module loaded as a global.\n"
         "The script sees its arguments in 'arg' as with the lua interpreter\n"
         "(arg[0] is the script). On an error, one line 'file:line: message' is\n"
         "printed (with --traceback, the Lua traceback follows) and the exit\n"
         "code is 5. See docs/lua-api.md.\n");
  return RMX_EXIT_OK;
}

int rmx_cmd_run(int argc, char **argv) {
  int i = 1;
  gboolean traceback = g_getenv("RADIOMIX_TRACEBACK") != NULL;
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (!strcmp(argv[i], "--help")) return run_help();
    if (!strcmp(argv[i], "--traceback")) traceback = TRUE;
    else if (!strcmp(argv[i], "--")) {
      i++;
      break;
    } else return rmx_die(RMX_EXIT_USAGE, "run: unknown option '%s'", argv[i]);
  }
  if (i >= argc) return rmx_die(RMX_EXIT_USAGE, "run: no script given (radiomix run SCRIPT.lua)");
  const char *script = argv[i];
  if (!g_file_test(script, G_FILE_TEST_IS_REGULAR))
    return rmx_die(RMX_EXIT_INPUT, "%s: no such script", script);

  rmx_cli_load_plugins(FALSE);
  lua_State *L = luaL_newstate();
  if (!L) return rmx_die(RMX_EXIT_INTERNAL, "cannot create a Lua state");
  luaL_openlibs(L);
  luaL_requiref(L, "radiomix", luaopen_radiomix, 1);
  lua_pop(L, 1);
  set_paths(L, script);
  lua_createtable(L, argc - i - 1, 1);
  for (int k = i; k < argc; k++) {
    lua_pushstring(L, argv[k]);
    lua_rawseti(L, -2, k - i);
  }
  lua_setglobal(L, "arg");

  int rc = RMX_EXIT_OK;
  lua_pushcfunction(L, msgh);
  if (luaL_loadfile(L, script) != LUA_OK) {
    rc = rmx_die(RMX_EXIT_SCRIPT, "%s", lua_tostring(L, -1));
  } else {
    for (int k = i + 1; k < argc; k++) lua_pushstring(L, argv[k]); /* also as '...' */
    if (lua_pcall(L, argc - i - 1, 0, 1) != LUA_OK) {
      const char *msg = lua_tostring(L, -1);
      const char *nl = msg ? strchr(msg, '\n') : NULL;
      if (traceback || !nl) fprintf(stderr, "radiomix: %s\n", msg ? msg : "error");
      else fprintf(stderr, "radiomix: %.*s\n", (int)(nl - msg), msg);
      rc = RMX_EXIT_SCRIPT;
    }
  }
  fflush(stdout);
  /* Close the state before plugins unload: userdata may point into them. */
  lua_close(L);
  return rc;
}
