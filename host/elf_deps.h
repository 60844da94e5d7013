/* elf_deps.h: a shared object's DT_NEEDED names (elf_deps.c). */
#ifndef RMX_HOST_ELF_DEPS_H
#define RMX_HOST_ELF_DEPS_H

#include <glib.h>

/* The DT_NEEDED names (NULL-terminated, g_strfreev) and the DT_RUNPATH
 * (NULL if none; g_free). FALSE when the file is not a 64-bit ELF of this
 * byte order, is malformed or has an old-style DT_RPATH. */
gboolean rmx_elf_deps(const char *path, char ***needed, char **runpath);

#endif
