/* io_util.c: shared helpers of the NRRD/mask tests (temp files, checks). */
#include "io_util.h"

#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int n_checks, n_failed;
static char *tmpdir;
static GPtrArray *paths;

void io_check(int ok, const char *file, int line, const char *fmt, ...) {
  n_checks++;
  if (ok) return;
  n_failed++;
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "FAIL %s:%d: ", file, line);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

const char *io_tmpdir(void) {
  if (!tmpdir) {
    GError *e = NULL;
    tmpdir = g_dir_make_tmp("rmx-io-XXXXXX", &e);
    if (!tmpdir) {
      fprintf(stderr, "cannot make a temporary folder: %s\n", e->message);
      exit(2);
    }
    paths = g_ptr_array_new_with_free_func(g_free);
  }
  return tmpdir;
}

const char *io_write(const char *name, const char *header, const void *data, size_t n) {
  char *path = g_build_filename(io_tmpdir(), name, NULL);
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(2);
  }
  fputs(header, f);
  if (n) fwrite(data, 1, n, f);
  fclose(f);
  g_ptr_array_add(paths, path);
  return path;
}

static void check_message(const char *path, const GError *e, const char *want,
                          const char *what) {
  CHECK(e != NULL, "%s: %s succeeded, expected an error containing \"%s\"", path, what, want);
  if (!e) return;
  if (g_getenv("IO_VERBOSE")) printf("  %s\n", e->message);
  CHECK(e->domain == RMX_ERROR, "%s: error domain is not RMX_ERROR", path);
  CHECK(strstr(e->message, want) != NULL, "%s: error \"%s\" lacks \"%s\"", path, e->message,
        want);
  CHECK(strchr(e->message, '\n') == NULL, "%s: error is not one line: \"%s\"", path,
        e->message);
  CHECK(g_str_has_prefix(e->message, path), "%s: error does not start with the file name: %s",
        path, e->message);
}

void io_expect_read_error(const char *path, const char *want) {
  GError *e = NULL;
  RmxVolume *v = rmx_nrrd_read(path, &e);
  CHECK(v == NULL, "%s: read returned a volume", path);
  rmx_volume_free(v);
  check_message(path, e, want, "read");
  g_clear_error(&e);
}

void io_expect_mask_error(const char *path, const RmxVolume *image, int label, double tol,
                          const char *want) {
  GError *e = NULL;
  RmxVolume *v = rmx_mask_read(path, image, label, tol, &e);
  CHECK(v == NULL, "%s: mask read returned a volume", path);
  rmx_volume_free(v);
  check_message(path, e, want, "mask read");
  g_clear_error(&e);
}

const char *io_shared(void) {
  const char *s = g_getenv("RADIOMIX_SHARED");
  return s && *s ? s : "../../../shared";
}

size_t io_count_ones(const RmxVolume *m) {
  size_t n = 0, nv = rmx_volume_voxels(m);
  const uint8_t *d = m->data;
  for (size_t i = 0; i < nv; i++) n += d[i] == 1;
  return n;
}

static void remove_tree(const char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  if (!d) return;
  const char *name;
  while ((name = g_dir_read_name(d))) {
    char *p = g_build_filename(dir, name, NULL);
    if (g_file_test(p, G_FILE_TEST_IS_DIR)) remove_tree(p);
    else g_unlink(p);
    g_free(p);
  }
  g_dir_close(d);
  g_rmdir(dir);
}

int io_finish(const char *name) {
  if (tmpdir) {
    remove_tree(tmpdir);
    g_free(tmpdir);
    g_ptr_array_free(paths, TRUE);
  }
  printf("%s: %d checks, %d failed\n", name, n_checks, n_failed);
  if (n_checks == 0) {
    fprintf(stderr, "%s: nothing was checked\n", name);
    return 1;
  }
  return n_failed ? 1 : 0;
}
