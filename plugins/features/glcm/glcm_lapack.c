/* glcm_lapack.c: LAPACK's dgeev, opened on first use. Only the non-symmetric
 * MCC needs it; linked, OpenBLAS's ~16 000 relocations cost every process
 * that loads glcm ~8 M instructions, default extraction included. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include "glcm_core.h"

#ifndef RMX_LAPACK_LIBRARY
#error "RMX_LAPACK_LIBRARY (the LAPACK library to open) must be defined by the build"
#endif

static pthread_once_t once = PTHREAD_ONCE_INIT;
static RmxDgeevFn *dgeev_fn;
static char error_text[512];

static void open_lapack(void) {
  /* Never closed: the symbol is used until the process ends. */
  void *h = dlopen(RMX_LAPACK_LIBRARY, RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    const char *e = dlerror();
    snprintf(error_text, sizeof error_text,
             "MCC of a non-symmetric GLCM needs LAPACK: cannot open %s (%s)", RMX_LAPACK_LIBRARY,
             e ? e : "unknown error");
    return;
  }
  void *f = dlsym(h, "dgeev_");
  if (!f) {
    snprintf(error_text, sizeof error_text,
             "MCC of a non-symmetric GLCM needs LAPACK: no dgeev_ in %s", RMX_LAPACK_LIBRARY);
    return;
  }
  /* POSIX guarantees that a dlsym result converts to a function pointer. */
  *(void **)&dgeev_fn = f;
}

RmxDgeevFn *rmx_glcm_dgeev(void) {
  pthread_once(&once, open_lapack);
  return dgeev_fn;
}

/* Read only after rmx_glcm_dgeev() returned NULL in this thread or in one
 * joined since, so error_text is complete; never opens the library. */
const char *rmx_glcm_lapack_error(void) { return error_text[0] ? error_text : NULL; }
