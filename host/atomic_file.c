/* atomic_file.c: crash-safe file writes: a reader never sees a partial file, a crash leaves the old one. */
#include "atomic_file.h"
#include "volume.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void set_io_error(GError **err, const char *path, const char *what, int e) {
  g_set_error(err, RMX_ERROR, RMX_ERR_IO, "%s: %s: %s", path, what, g_strerror(e));
}

gboolean rmx_atomic_open(RmxAtomicFile *a, const char *path, GError **err) {
  memset(a, 0, sizeof *a);
  struct stat st;
  if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) {
      set_io_error(err, path, "cannot write", EISDIR);
      return FALSE;
    }
    /* Renaming over /dev/null or a FIFO would replace the device with a plain file. */
    a->f = fopen(path, "wb");
    if (!a->f) {
      set_io_error(err, path, "cannot write", errno);
      return FALSE;
    }
    a->path = g_strdup(path);
    return TRUE;
  }
  a->tmp = g_strdup_printf("%s.tmp.XXXXXX", path);
  int fd = g_mkstemp_full(a->tmp, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0) {
    set_io_error(err, path, "cannot create a temporary file beside it", errno);
    g_clear_pointer(&a->tmp, g_free);
    return FALSE;
  }
  /* mkstemp ignores the mode on some libcs; outputs are meant to be shared */
  (void)fchmod(fd, 0644);
  a->f = fdopen(fd, "wb");
  if (!a->f) {
    int e = errno;
    close(fd);
    unlink(a->tmp);
    g_clear_pointer(&a->tmp, g_free);
    set_io_error(err, path, "cannot open a stream", e);
    return FALSE;
  }
  a->path = g_strdup(path);
  return TRUE;
}

void rmx_atomic_abort(RmxAtomicFile *a) {
  if (a->f) fclose(a->f);
  if (a->tmp) unlink(a->tmp);
  g_clear_pointer(&a->tmp, g_free);
  g_clear_pointer(&a->path, g_free);
  a->f = NULL;
}

gboolean rmx_atomic_commit(RmxAtomicFile *a, GError **err) {
  int e = 0;
  if (fflush(a->f) != 0 || ferror(a->f)) e = errno ? errno : EIO;
  /* fsync before rename: after a power cut the new name must not point at no data */
  if (!e && a->tmp && fsync(fileno(a->f)) != 0) e = errno;
  if (fclose(a->f) != 0 && !e) e = errno;
  a->f = NULL;
  if (!e && a->tmp && rename(a->tmp, a->path) != 0) e = errno;
  if (e) {
    set_io_error(err, a->path, "cannot write", e);
    rmx_atomic_abort(a);
    return FALSE;
  }
  g_clear_pointer(&a->tmp, g_free);
  g_clear_pointer(&a->path, g_free);
  return TRUE;
}

gboolean rmx_write_file_atomic(const char *path, const void *data, size_t len, GError **err) {
  RmxAtomicFile a;
  if (!rmx_atomic_open(&a, path, err)) return FALSE;
  if (len && fwrite(data, 1, len, a.f) != len) {
    set_io_error(err, path, "cannot write", errno ? errno : EIO);
    rmx_atomic_abort(&a);
    return FALSE;
  }
  return rmx_atomic_commit(&a, err);
}
