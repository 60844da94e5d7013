/* volume.h: host-side volumes, NRRD I/O and mask loading (host-internal). */
#ifndef RMX_HOST_VOLUME_H
#define RMX_HOST_VOLUME_H

#include <glib.h>
#include <radiomix/types.h>

#define RMX_ERROR rmx_error_quark()
GQuark rmx_error_quark(void);
/* GError codes in the RMX_ERROR domain are RmxStatus values. */

/* volume.c */
size_t rmx_scalar_size(int type);
const char *rmx_scalar_name(int type);
size_t rmx_volume_voxels(const RmxVolume *v);
/* New zero-filled volume; geometry copied from 'like' or identity. NULL on OOM. */
RmxVolume *rmx_volume_new(int type, const size_t dim[3], const RmxVolume *like);
void rmx_volume_free(RmxVolume *v);             /* accepts NULL */
/* Voxel buffer of 'bytes' (contents undefined; release with free()). */
void *rmx_volume_data_alloc(size_t bytes);
RmxVolume *rmx_volume_convert(const RmxVolume *v, int type); /* new copy */
double rmx_volume_get(const RmxVolume *v, size_t idx); /* any type as double */
void rmx_volume_set(RmxVolume *v, size_t idx, double x);
/* Geometry equal within tol (dims exact; spacing/origin/direction abs tol). */
gboolean rmx_volume_same_geometry(const RmxVolume *a, const RmxVolume *b, double tol,
                                  GError **err);

/* Inclusive index bounds of the nonzero voxels of a mask, and their count. */
typedef struct RmxBBox {
  size_t lo[3], hi[3];
  size_t count;
} RmxBBox;
/* An empty box (count 0) that rmx_bbox_add and rmx_mask_mark grow. */
void rmx_bbox_init(RmxBBox *bb);
/* Grows bb by the voxel at index (p[0], p[1], p[2]). */
static inline void rmx_bbox_add(RmxBBox *bb, const size_t p[3]) {
  for (int a = 0; a < 3; a++) {
    if (p[a] < bb->lo[a]) bb->lo[a] = p[a];
    if (p[a] > bb->hi[a]) bb->hi[a] = p[a];
  }
  bb->count++;
}

/* nrrd_io.c: reading is serialised internally (teem's biff is global). */
/* Largest data size a header may claim; default 4 GiB, env RADIOMIX_MAX_VOLUME_BYTES. */
void rmx_nrrd_set_max_bytes(size_t bytes);
size_t rmx_nrrd_max_bytes(void);
/* Reads a 3D scalar volume (2D is read as dim[2] = 1). */
RmxVolume *rmx_nrrd_read(const char *path, GError **err);
/* Reads a label volume as rmx_nrrd_read does, and when it holds 'label'
 * (1..255) in an integer type, returns it as that label's U8 mask
 * (*is_mask; what rmx_mask_compact gives). Gzip data is reduced as it
 * decodes: the label volume is never in memory whole, the mask's pages
 * without the label are never touched, and *bb gets the label's box (else
 * bb->count is 0: not known). */
RmxVolume *rmx_nrrd_read_mask(const char *path, int label, gboolean *is_mask, RmxBBox *bb,
                              GError **err);
/* Writes atomically (temporary file, then rename); gzip when compress. */
gboolean rmx_nrrd_write(const RmxVolume *v, const char *path, gboolean compress, GError **err);

/* mask.c */
/* Reads a mask, checks its geometry against image (NULL: no check) and
 * returns a U8 volume with 1 where the mask equals label, else 0.
 * Fails when the label is absent. */
RmxVolume *rmx_mask_read(const char *path, const RmxVolume *image, int label,
                         double tolerance, GError **err);
/* Same from an already loaded label volume. */
RmxVolume *rmx_mask_select(const RmxVolume *labels, const RmxVolume *image, int label,
                           double tolerance, const char *what, GError **err);
/* Rewrites an integer label volume in place as the U8 mask of label (1
 * where it equals label, 1..255, else 0: what rmx_mask_select gives,
 * geometry aside) and shrinks its buffer. FALSE (volume untouched) when
 * the label is absent, out of 1..255 or the type is not an integer. */
gboolean rmx_mask_compact(RmxVolume *labels, int label);
/* For the n labels d (integer RmxScalarType 'type') that are voxels
 * at..at+n-1 of a volume of size dim: sets mask[at + i] = 1 where d[i]
 * equals label, leaving other bytes unwritten, and grows bb by those voxels.
 * Only 64-voxel blocks holding the label are stored to, so a zeroed mask's
 * other pages stay untouched. */
void rmx_mask_mark(int type, const void *d, size_t n, int label, uint8_t *mask, size_t at,
                   const size_t dim[3], RmxBBox *bb);

#endif
