/* io_util.h: shared helpers of the NRRD/mask tests (temp files, checks). */
#ifndef RMX_TEST_IO_UTIL_H
#define RMX_TEST_IO_UTIL_H

#include <stddef.h>
#include "volume.h"

#define CHECK(cond, ...) io_check((cond) ? 1 : 0, __FILE__, __LINE__, __VA_ARGS__)

void io_check(int ok, const char *file, int line, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);
/* Fresh private folder under $TMPDIR; io_finish removes it. */
const char *io_tmpdir(void);
/* Writes header text then n raw bytes to <tmpdir>/name; returns the path (owned). */
const char *io_write(const char *name, const char *header, const void *data, size_t n);
/* Reading path must fail with one line that names the file and contains want. */
void io_expect_read_error(const char *path, const char *want);
/* Same for a mask read against image. */
void io_expect_mask_error(const char *path, const RmxVolume *image, int label,
                          double tol, const char *want);
/* $RADIOMIX_SHARED, else ../shared beside the source tree (ctest sets it). */
const char *io_shared(void);
/* Number of voxels equal to 1 in a U8 mask. */
size_t io_count_ones(const RmxVolume *m);
/* Prints the tally, removes the temp folder; exit status (fails if nothing was checked). */
int io_finish(const char *name);

#endif
