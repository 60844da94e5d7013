/* io_threads.c: concurrent reads (good and hostile files) give the same results as serial ones. */
#include "io_util.h"

#include <string.h>

#define ROUNDS 4

typedef struct {
  const char *path;
  RmxVolume *vol[ROUNDS];
  char *error[ROUNDS];
} Job;

static gpointer reader(gpointer data) {
  Job *j = data;
  for (int i = 0; i < ROUNDS; i++) {
    GError *e = NULL;
    j->vol[i] = rmx_nrrd_read(j->path, &e);
    j->error[i] = e ? g_strdup(e->message) : NULL;
    g_clear_error(&e);
  }
  return NULL;
}

static gboolean same_volume(const RmxVolume *a, const RmxVolume *b) {
  return a && b && a->type == b->type && memcmp(a->dim, b->dim, sizeof a->dim) == 0 &&
         memcmp(a->spacing, b->spacing, sizeof a->spacing) == 0 &&
         memcmp(a->origin, b->origin, sizeof a->origin) == 0 &&
         memcmp(a->direction, b->direction, sizeof a->direction) == 0 &&
         memcmp(a->data, b->data, rmx_volume_voxels(a) * rmx_scalar_size(a->type)) == 0;
}

int main(void) {
  char *good = g_build_filename(io_shared(), "data", "pyradiomics", "cases",
                                "breast1_image.nrrd", NULL);
  char *good2 = g_build_filename(io_shared(), "data", "pyradiomics", "cases",
                                 "test-image_64x64x64.nrrd", NULL);
  static unsigned char zeros[1200];
  const char *bad = io_write("trunc.nrrd",
                             "NRRD0004\ntype: short\ndimension: 3\nsizes: 10 10 10\n"
                             "encoding: raw\nendian: little\n\n", zeros, sizeof zeros);
  /* Serial references first. */
  GError *e = NULL;
  RmxVolume *ref = rmx_nrrd_read(good, &e);
  CHECK(ref != NULL, "serial read: %s", e ? e->message : "");
  g_clear_error(&e);
  RmxVolume *ref2 = rmx_nrrd_read(good2, &e);
  CHECK(ref2 != NULL, "serial read: %s", e ? e->message : "");
  g_clear_error(&e);
  RmxVolume *none = rmx_nrrd_read(bad, &e);
  CHECK(!none && e, "hostile file read");
  char *ref_err = e ? g_strdup(e->message) : g_strdup("");
  g_clear_error(&e);

  Job jobs[3] = {{.path = good}, {.path = good2}, {.path = bad}};
  GThread *th[3];
  for (int t = 0; t < 3; t++) th[t] = g_thread_new("reader", reader, &jobs[t]);
  for (int t = 0; t < 3; t++) g_thread_join(th[t]);
  for (int i = 0; i < ROUNDS; i++) {
    CHECK(same_volume(jobs[0].vol[i], ref), "thread read %d of %s differs", i, good);
    CHECK(same_volume(jobs[1].vol[i], ref2), "thread read %d of %s differs", i, good2);
    CHECK(!jobs[2].vol[i] && jobs[2].error[i] && strcmp(jobs[2].error[i], ref_err) == 0,
          "thread error %d: \"%s\" vs serial \"%s\"", i, jobs[2].error[i] ? jobs[2].error[i] : "",
          ref_err);
    for (int t = 0; t < 3; t++) {
      rmx_volume_free(jobs[t].vol[i]);
      g_free(jobs[t].error[i]);
    }
  }
  rmx_volume_free(ref);
  rmx_volume_free(ref2);
  g_free(ref_err);
  g_free(good);
  g_free(good2);
  return io_finish("io_threads");
}
