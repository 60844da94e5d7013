/* atomic_file.h: crash-safe file writes (temporary file, fsync, rename) shared by every output path. */
#ifndef RMX_HOST_ATOMIC_FILE_H
#define RMX_HOST_ATOMIC_FILE_H

#include <glib.h>
#include <stdio.h>

/* A write in progress: stream to fill, then commit or abort. */
typedef struct RmxAtomicFile {
  FILE *f;     /* write here */
  char *path;  /* the target */
  char *tmp;   /* temporary beside the target; NULL when writing in place */
} RmxAtomicFile;

/* Opens a temporary file "PATH.tmp.XXXXXX" beside path (mode 0644). An existing
 * target that is not a regular file (/dev/null, a FIFO, a terminal) is written in
 * place instead, never replaced. Errors name path. */
gboolean rmx_atomic_open(RmxAtomicFile *a, const char *path, GError **err);
/* Flushes, fsyncs and renames over the target; on any failure removes the
 * temporary file and sets err. Always releases a. */
gboolean rmx_atomic_commit(RmxAtomicFile *a, GError **err);
/* Drops the temporary file (target untouched). Accepts a closed a. */
void rmx_atomic_abort(RmxAtomicFile *a);
/* The whole of data to path atomically. */
gboolean rmx_write_file_atomic(const char *path, const void *data, size_t len, GError **err);

#endif
