/* gz_mask.h: a label volume's gzip data decoded piece by piece into a 0/1 mask. */
#ifndef RMX_GZ_MASK_H
#define RMX_GZ_MASK_H

#include <stddef.h>
#include <stdint.h>

/* Decodes in[0, in_len), which must be exactly one gzip member holding
 * `bytes` bytes of native-endian integer voxels of scalar type `type`
 * (RMX_U8 .. RMX_I32), and writes mask[i] = (voxel i == label) for the
 * bytes / size-of-type voxels. The decoded data is never held whole: only a
 * 32 KiB window and one chunk. Returns the number of voxels equal to label,
 * or -1 for anything else (corrupt or truncated stream, wrong CRC or size,
 * trailing data, no memory): the caller then reads the file the usual way,
 * which reports the problem. */
long long rmx_gz_mask(const uint8_t *in, size_t in_len, int type, size_t bytes, int label,
                      uint8_t *mask);

#endif
