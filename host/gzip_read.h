/* gzip_read.h: streaming decoding of a NRRD file's gzip data (ISA-L). */
#ifndef RMX_GZIP_READ_H
#define RMX_GZIP_READ_H

#include <stddef.h>
#include <stdio.h>

typedef enum {
  RMX_GZ_OK,      /* exactly 'bytes' decoded, checksum verified, nothing after the member */
  RMX_GZ_DEFER,   /* not decided here (truncated, several members, read error, no memory):
                     the caller lets teem read the file and report in its words */
  RMX_GZ_CORRUPT, /* bad deflate data, header or checksum */
} RmxGzStatus;

/* Takes consecutive pieces of the decoded data, each a whole number of units. */
typedef void (*RmxGzSink)(void *user, unsigned char *piece, size_t bytes);

/* Decodes the gzip member at f's position: the first 'bytes' bytes of its
 * output go to 'out' when it is non-NULL, else to 'sink' in pieces of at
 * most 256 KiB (a multiple of 'unit'), so a caller that reduces the data as
 * it comes never holds it whole. Output beyond 'bytes' is decoded only to
 * verify the checksum, then ignored, as teem and ITK ignore it. */
RmxGzStatus rmx_gzip_read(FILE *f, size_t bytes, size_t unit, void *out, RmxGzSink sink,
                          void *user);

#endif
