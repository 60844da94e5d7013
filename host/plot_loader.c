/* plot_loader.c: rmx_plot_* for the host: opens plot.so on first use. */
#include "plot_module.h"
#include "volume.h"

#include <dlfcn.h>

static const RmxPlotModule *module;
static char *module_error;
static GMutex module_lock;

/* <prefix>/<libdir>/radiomix/plot.so, with <prefix> the parent of our bin/
 * (also true of the build tree), as for the installed plugin folder. */
static char *module_path(void) {
  char *exe = g_file_read_link("/proc/self/exe", NULL);
  if (!exe) return NULL;
  char *bindir = g_path_get_dirname(exe);
  char *prefix = g_path_get_dirname(bindir);
  char *path = g_build_filename(prefix, RMX_PLOT_MODULE_SUBDIR, "plot.so", NULL);
  g_free(prefix);
  g_free(bindir);
  g_free(exe);
  return path;
}

static const RmxPlotModule *get_module(const char *base, GError **err) {
  g_mutex_lock(&module_lock);
  if (!module && !module_error) {
    char *path = module_path();
    void *h = path ? dlopen(path, RTLD_NOW | RTLD_LOCAL) : NULL;
    const RmxPlotModule *m = h ? dlsym(h, RMX_PLOT_MODULE_SYMBOL) : NULL;
    if (m) module = m; /* kept open for the life of the process */
    else {
      const char *why = dlerror();
      module_error = g_strdup_printf("the plot module %s cannot be loaded: %s",
                                     path ? path : "(no path: /proc/self/exe unreadable)",
                                     why ? why : "no '" RMX_PLOT_MODULE_SYMBOL "' symbol");
      if (h) dlclose(h);
    }
    g_free(path);
  }
  const RmxPlotModule *m = module;
  if (!m) g_set_error(err, RMX_ERROR, RMX_ERR_IO, "%s: cannot draw: %s", base, module_error);
  g_mutex_unlock(&module_lock);
  return m;
}

gboolean rmx_plot_roc(const char *base, const RmxPlotRoc *p, GError **err) {
  const RmxPlotModule *m = get_module(base, err);
  return m && m->roc(base, p, err);
}

gboolean rmx_plot_beeswarm(const char *base, const RmxPlotBeeswarm *p, GError **err) {
  const RmxPlotModule *m = get_module(base, err);
  return m && m->beeswarm(base, p, err);
}
