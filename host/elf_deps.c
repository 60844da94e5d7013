/* elf_deps.c: the DT_NEEDED names of a 64-bit ELF shared object, read from
 * the file without loading it (loader.c opens them first, see there). */
#include "elf_deps.h"

#include <elf.h>
#include <stdio.h>
#include <string.h>

static gboolean read_at(FILE *f, long off, void *buf, size_t n) {
  return off >= 0 && fseek(f, off, SEEK_SET) == 0 && fread(buf, 1, n, f) == n;
}

/* File offset of a virtual address, through the PT_LOAD segments. */
static long vaddr_to_offset(const Elf64_Phdr *ph, int n, Elf64_Addr a) {
  for (int i = 0; i < n; i++)
    if (ph[i].p_type == PT_LOAD && a >= ph[i].p_vaddr && a - ph[i].p_vaddr < ph[i].p_filesz)
      return (long)(ph[i].p_offset + (a - ph[i].p_vaddr));
  return -1;
}

gboolean rmx_elf_deps(const char *path, char ***needed_out, char **runpath_out) {
  *needed_out = NULL;
  *runpath_out = NULL;
  FILE *f = fopen(path, "rb");
  if (!f) return FALSE;
  Elf64_Ehdr eh;
  Elf64_Phdr ph[64];
  Elf64_Dyn dyn[512];
  GPtrArray *names = NULL;
  gboolean ok = FALSE;
  const unsigned char host_data = G_BYTE_ORDER == G_LITTLE_ENDIAN ? ELFDATA2LSB : ELFDATA2MSB;
  if (!read_at(f, 0, &eh, sizeof eh) || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
      eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != host_data ||
      eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 || eh.e_phnum > G_N_ELEMENTS(ph) ||
      !read_at(f, (long)eh.e_phoff, ph, eh.e_phnum * sizeof *ph))
    goto done;
  int nd = 0;
  for (int i = 0; i < eh.e_phnum && !nd; i++)
    if (ph[i].p_type == PT_DYNAMIC) {
      size_t n = MIN(ph[i].p_filesz / sizeof(Elf64_Dyn), G_N_ELEMENTS(dyn));
      if (!n || !read_at(f, (long)ph[i].p_offset, dyn, n * sizeof *dyn)) goto done;
      nd = (int)n;
    }
  Elf64_Addr strtab = 0;
  for (int i = 0; i < nd && dyn[i].d_tag != DT_NULL; i++) {
    if (dyn[i].d_tag == DT_STRTAB) strtab = dyn[i].d_un.d_ptr;
    if (dyn[i].d_tag == DT_RPATH) goto done; /* old-style search path: not handled */
  }
  long str_off = strtab ? vaddr_to_offset(ph, eh.e_phnum, strtab) : -1;
  if (str_off < 0) goto done;
  names = g_ptr_array_new_with_free_func(g_free);
  for (int i = 0; i < nd && dyn[i].d_tag != DT_NULL; i++) {
    if (dyn[i].d_tag != DT_NEEDED && dyn[i].d_tag != DT_RUNPATH) continue;
    char name[1024];
    if (!read_at(f, str_off + (long)dyn[i].d_un.d_val, name, 1)) goto done;
    size_t got = fread(name + 1, 1, sizeof name - 2, f);
    name[got + 1] = '\0';
    if (!memchr(name, '\0', got + 1)) goto done; /* unterminated */
    if (dyn[i].d_tag == DT_RUNPATH) {
      g_free(*runpath_out);
      *runpath_out = g_strdup(name);
    } else if (*name) {
      g_ptr_array_add(names, g_strdup(name));
    } else {
      goto done;
    }
  }
  g_ptr_array_add(names, NULL);
  *needed_out = (char **)g_ptr_array_free(names, FALSE);
  names = NULL;
  ok = TRUE;
done:
  if (names) g_ptr_array_free(names, TRUE);
  if (!ok) g_clear_pointer(runpath_out, g_free);
  fclose(f);
  return ok;
}
