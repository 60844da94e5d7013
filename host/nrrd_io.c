/* nrrd_io.c: NRRD reading and atomic writing of 3D scalar volumes through teem. */
#include "volume.h"
#include "atomic_file.h"
#include "gzip_read.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <teem/biff.h>
#include <teem/nrrd.h>

/* teem keeps its error log (biff) in globals: every teem call runs under this lock. */
static GMutex teem_lock;

static GMutex limit_lock;
static gboolean limit_set;
static size_t limit_bytes;

#define DEFAULT_MAX_BYTES ((size_t)4 << 30)

void rmx_nrrd_set_max_bytes(size_t bytes) {
  g_mutex_lock(&limit_lock);
  limit_bytes = bytes;
  limit_set = TRUE;
  g_mutex_unlock(&limit_lock);
}

size_t rmx_nrrd_max_bytes(void) {
  g_mutex_lock(&limit_lock);
  if (!limit_set) {
    limit_bytes = DEFAULT_MAX_BYTES;
    const char *env = g_getenv("RADIOMIX_MAX_VOLUME_BYTES");
    guint64 v = 0;
    if (env && *env) {
      if (g_ascii_string_to_unsigned(env, 10, 1, G_MAXSIZE, &v, NULL))
        limit_bytes = (size_t)v;
      else
        g_printerr("radiomix: RADIOMIX_MAX_VOLUME_BYTES=\"%s\" is not a positive byte count; "
                   "using the default of 4 GiB\n", env);
    }
    limit_set = TRUE;
  }
  size_t r = limit_bytes;
  g_mutex_unlock(&limit_lock);
  return r;
}

/* Drains teem's log (lock held) and returns its most specific line, without
 * the "[nrrd] function:" prefix. Also reports whether gzip decoding failed. */
static char *teem_last_line(gboolean *gz_error) {
  char *all = biffGetDone(NRRD);
  char *res = NULL;
  if (gz_error) *gz_error = all && strstr(all, "gzFile") != NULL;
  if (all) {
    gchar **lines = g_strsplit(all, "\n", -1);
    for (int i = 0; lines[i]; i++) {
      char *s = g_strstrip(lines[i]);
      if (s[0] == '[') {
        char *e = strchr(s, ']');
        s = e ? e + 1 : s;
      }
      while (*s == ' ') s++;
      char *colon = strchr(s, ':');
      if (colon && !memchr(s, ' ', (size_t)(colon - s))) s = colon + 1;
      s = g_strstrip(s);
      if (*s && strcmp(s, "trouble") != 0) {
        g_free(res);
        res = g_strdup(s);
      }
    }
    g_strfreev(lines);
    free(all);
  }
  return res ? res : g_strdup("no detail from teem");
}

/* Turns teem's failure into one line that says what is wrong in plain words
 * first, then teem's own most specific message. */
static void set_teem_error(GError **err, const char *path, const char *fallback) {
  gboolean gz = FALSE;
  char *t = teem_last_line(&gz);
  char *plain = NULL;
  int code = RMX_ERR_INVALID;
  unsigned long long a = 0, b = 0, c = 0;
  const char *p;
  if ((p = strstr(t, "fread got only")) &&
      sscanf(p, "fread got only %llu %llu-sized things, not %llu", &a, &b, &c) == 3) {
    plain = g_strdup_printf("truncated data: file holds %llu of %llu bytes", a * b, c * b);
  } else if ((p = strstr(t, "expected")) &&
             sscanf(p, "expected %llu bytes but received %llu", &a, &b) == 2) {
    plain = b == 0 ? g_strdup_printf("bad gzip stream: no data could be decoded "
                                     "(expected %llu bytes)", a)
                   : g_strdup_printf("truncated data or bad gzip stream: decoded %llu of %llu "
                                     "bytes", b, a);
  } else if (gz) {
    plain = g_strdup("bad gzip stream: corrupt compressed data");
  } else if (strstr(t, "couldn't open") && strstr(t, "data file")) {
    const char *q = strchr(t, '"');
    const char *q2 = q ? strchr(q + 1, '"') : NULL;
    plain = q2 ? g_strdup_printf("detached data file %.*s is missing or unreadable",
                                 (int)(q2 - q + 1), q)
               : g_strdup("detached data file is missing or unreadable");
    code = RMX_ERR_IO;
  } else if (strstr(t, "couldn't parse type")) {
    const char *q = strchr(t, '"');
    plain = g_strdup_printf("unknown type name %s", q ? q : "");
  } else if (strstr(t, "spacing") && strstr(t, "invalid")) {
    plain = g_strdup("invalid spacing (must be positive and finite)");
  } else if (strstr(t, "too large")) {
    plain = g_strdup("header sizes are impossibly large (element count overflows size_t)");
  } else if (strstr(t, "magic")) {
    plain = g_strdup("not a NRRD file or unsupported NRRD version");
  } else if (strstr(t, "size is zero")) {
    plain = g_strdup("an axis has size 0");
  } else if (strstr(t, "space dimension is")) {
    plain = g_strdup("a space vector has the wrong number of components");
  } else if (strstr(t, "but dimension is") || strstr(t, "more than expected")) {
    plain = g_strdup("a per-axis field has the wrong number of values for the dimension");
  } else if (strstr(t, "missing field")) {
    plain = g_strdup("a required header field is missing");
  } else if (strstr(t, "as field identifier")) {
    plain = g_strdup("unknown header field");
  } else if (strstr(t, "couldn't parse element") || strstr(t, "invalid character")) {
    plain = g_strdup("malformed text-encoded data");
  } else {
    plain = g_strdup(fallback);
  }
  g_set_error(err, RMX_ERROR, code, "%s: %s [teem: %s]", path, plain, t);
  g_free(plain);
  g_free(t);
}

static int scalar_from_teem(int t) {
  switch (t) {
  case nrrdTypeChar: return RMX_I8;
  case nrrdTypeUChar: return RMX_U8;
  case nrrdTypeShort: return RMX_I16;
  case nrrdTypeUShort: return RMX_U16;
  case nrrdTypeInt: return RMX_I32;
  case nrrdTypeUInt: return RMX_U32;
  case nrrdTypeLLong: return RMX_I64;
  case nrrdTypeULLong: return RMX_U64;
  case nrrdTypeFloat: return RMX_F32;
  case nrrdTypeDouble: return RMX_F64;
  default: return 0;
  }
}

static int scalar_to_teem(int t) {
  switch (t) {
  case RMX_I8: return nrrdTypeChar;
  case RMX_U8: return nrrdTypeUChar;
  case RMX_I16: return nrrdTypeShort;
  case RMX_U16: return nrrdTypeUShort;
  case RMX_I32: return nrrdTypeInt;
  case RMX_U32: return nrrdTypeUInt;
  case RMX_I64: return nrrdTypeLLong;
  case RMX_U64: return nrrdTypeULLong;
  case RMX_F32: return nrrdTypeFloat;
  case RMX_F64: return nrrdTypeDouble;
  default: return nrrdTypeUnknown;
  }
}

/* Checks what the header alone tells: scalar kind, dimension, type and the
 * claimed data size against the limit. Runs before any data is allocated. */
static gboolean check_header(const Nrrd *n, const char *path, size_t limit, GError **err) {
  for (unsigned a = 0; a < n->dim && a < NRRD_DIM_MAX; a++) {
    int k = n->axis[a].kind;
    if (k != nrrdKindUnknown && k != nrrdKindDomain && k != nrrdKindSpace &&
        k != nrrdKindTime) {
      g_set_error(err, RMX_ERROR, RMX_ERR_UNSUPPORTED,
                  "%s: vector or multi-component pixels are not supported (axis %u has kind "
                  "\"%s\"): need a scalar volume", path, a, airEnumStr(nrrdKind, k));
      return FALSE;
    }
  }
  if (n->dim < 2 || n->dim > 3) {
    g_set_error(err, RMX_ERROR, RMX_ERR_UNSUPPORTED,
                "%s: %uD data is not supported: need a 3D (or 2D) scalar volume", path, n->dim);
    return FALSE;
  }
  if (n->type == nrrdTypeBlock) {
    g_set_error(err, RMX_ERROR, RMX_ERR_UNSUPPORTED,
                "%s: block type is not supported: need an integer or floating-point scalar",
                path);
    return FALSE;
  }
  int type = scalar_from_teem(n->type);
  if (!type) {
    g_set_error(err, RMX_ERROR, RMX_ERR_UNSUPPORTED, "%s: unsupported voxel type %d", path,
                n->type);
    return FALSE;
  }
  size_t bytes = rmx_scalar_size(type);
  gboolean overflow = FALSE;
  for (unsigned a = 0; a < n->dim; a++) {
    size_t s = n->axis[a].size;
    if (s == 0) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: axis %u has size 0", path, a);
      return FALSE;
    }
    if (bytes > SIZE_MAX / s) overflow = TRUE;
    else bytes *= s;
  }
  if (overflow || bytes > limit) {
    char sizes[96];
    if (n->dim == 3)
      g_snprintf(sizes, sizeof sizes, "%zux%zux%zu", n->axis[0].size, n->axis[1].size,
                 n->axis[2].size);
    else
      g_snprintf(sizes, sizeof sizes, "%zux%zu", n->axis[0].size, n->axis[1].size);
    if (overflow)
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                  "%s: header claims an impossible data size (%s %s overflows size_t)", path,
                  sizes, rmx_scalar_name(type));
    else
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                  "%s: header claims %zu bytes of data (%s %s), above the limit of %zu bytes "
                  "(RADIOMIX_MAX_VOLUME_BYTES)", path, bytes, sizes, rmx_scalar_name(type),
                  limit);
    return FALSE;
  }
  return TRUE;
}

static double det3(const double *m) {
  return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
         m[2] * (m[3] * m[7] - m[4] * m[6]);
}

/* Spacing, direction and origin from the header, converted to LPS. */
static gboolean read_geometry(const Nrrd *n, const char *path, RmxVolume *v, GError **err) {
  double *D = v->direction;
  memset(D, 0, sizeof v->direction);
  for (int i = 0; i < 3; i++) {
    v->spacing[i] = 1.0;
    v->origin[i] = 0.0;
    D[i * 4] = 1.0;
  }
  unsigned sdim = n->spaceDim;
  if (sdim == 0) {
    for (unsigned a = 0; a < n->dim; a++) {
      double s = n->axis[a].spacing;
      if (isnan(s)) continue; /* unset: 1 */
      if (!isfinite(s) || s <= 0) {
        g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                    "%s: axis %u spacing %g is invalid (must be positive and finite)", path, a,
                    s);
        return FALSE;
      }
      v->spacing[a] = s;
    }
    return TRUE;
  }
  if (sdim != 2 && sdim != 3) {
    g_set_error(err, RMX_ERROR, RMX_ERR_UNSUPPORTED,
                "%s: space dimension %u is not supported (need 3, or 2 for a 2D image)", path,
                sdim);
    return FALSE;
  }
  /* NRRD's RAS/LAS differ from LPS by the sign of x and/or y. */
  double flip[3] = {1, 1, 1};
  if (n->space == nrrdSpaceRightAnteriorSuperior) flip[0] = flip[1] = -1;
  if (n->space == nrrdSpaceLeftAnteriorSuperior) flip[1] = -1;
  for (unsigned a = 0; a < n->dim; a++) {
    const double *sd = n->axis[a].spaceDirection;
    double norm2 = 0;
    for (unsigned r = 0; r < sdim; r++) {
      if (!isfinite(sd[r])) {
        g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                    "%s: axis %u has no valid space direction (need a finite vector for every "
                    "axis)", path, a);
        return FALSE;
      }
      norm2 += sd[r] * sd[r];
    }
    double norm = sqrt(norm2);
    if (!(norm > 0) || !isfinite(norm)) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                  "%s: axis %u space direction is a zero vector (spacing 0)", path, a);
      return FALSE;
    }
    v->spacing[a] = norm;
    for (unsigned r = 0; r < 3; r++) D[r * 3 + a] = r < sdim ? flip[r] * sd[r] / norm : 0.0;
  }
  if (n->dim == 2) {
    /* The missing third axis is the normal of the image plane. */
    double c[3] = {D[3] * D[7] - D[6] * D[4], D[6] * D[1] - D[0] * D[7],
                   D[0] * D[4] - D[3] * D[1]};
    double cn = sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
    if (cn < 1e-6) goto degenerate;
    for (int r = 0; r < 3; r++) D[r * 3 + 2] = c[r] / cn;
  }
  if (fabs(det3(D)) < 1e-6) goto degenerate;
  for (unsigned r = 0; r < sdim; r++) {
    double o = n->spaceOrigin[r];
    if (isnan(o)) continue; /* no origin given */
    if (!isfinite(o)) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: space origin is not finite", path);
      return FALSE;
    }
    v->origin[r] = flip[r] * o;
  }
  return TRUE;
degenerate:
  g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
              "%s: degenerate space directions: the axis vectors are linearly dependent", path);
  return FALSE;
}

/* teem's gzip reader silently passes non-gzip bytes through as raw data, so
 * the magic is checked here on the data file teem left open. */
static gboolean check_gzip_magic(NrrdIoState *nio, const char *path, GError **err) {
  if (nio->encoding != nrrdEncodingGzip || !nio->dataFile || nio->lineSkip != 0) return TRUE;
  unsigned char m[2] = {0, 0};
  size_t got = fread(m, 1, 2, nio->dataFile);
  if (got == 2 && m[0] == 0x1f && m[1] == 0x8b) return TRUE;
  if (got < 2)
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "%s: truncated data: the gzip stream is missing (file ends after the header)",
                path);
  else
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "%s: bad gzip stream: data does not start with the gzip magic bytes", path);
  return FALSE;
}

static void close_data_file(NrrdIoState *nio) {
  if (nio->dataFile && nio->dataFile != stdin) fclose(nio->dataFile);
  nio->dataFile = NULL;
}

/* Decoded data in file byte order, swapped to ours in place. */
static void swap_to_native(const NrrdIoState *nio, unsigned char *b, size_t bytes, size_t es) {
  if (es < 2 || nio->endian == airEndianUnknown || nio->endian == airMyEndian()) return;
  for (size_t i = 0; i < bytes; i += es)
    for (size_t k = 0; k < es / 2; k++) {
      unsigned char t = b[i + k];
      b[i + k] = b[i + es - 1 - k];
      b[i + es - 1 - k] = t;
    }
}

/*
 * Fast path for the common case, attached or detached gzip data: decoded by
 * ISA-L as it is read (gzip_read.c), into 'out' or piece by piece into
 * 'sink'. FALSE lets teem decode the file instead and report any problem in
 * its words: a truncated stream, several gzip members or trailing bytes. A
 * stream found corrupt (bad deflate data or checksum) also sets *corrupt:
 * teem then gives its own message, but it accepts corrupt streams that
 * decode to more than the header declares (it stops before the checksum),
 * so a read that teem lets through is refused anyway.
 */
static gboolean gzip_decode(NrrdIoState *nio, size_t bytes, size_t es, void *out, RmxGzSink sink,
                            void *user, gboolean *corrupt) {
  FILE *f = nio->dataFile;
  if (!f || nio->encoding != nrrdEncodingGzip || nio->lineSkip != 0 || nio->byteSkip != 0)
    return FALSE;
  long off = ftell(f);
  if (off < 0) return FALSE;
  RmxGzStatus st = rmx_gzip_read(f, bytes, es ? es : 1, out, sink, user);
  *corrupt = st == RMX_GZ_CORRUPT;
  fseek(f, off, SEEK_SET);
  return st == RMX_GZ_OK;
}

static void *gzip_fast(NrrdIoState *nio, const Nrrd *hdr, size_t bytes, gboolean *corrupt) {
  size_t es = nrrdTypeSize[hdr->type];
  void *out = rmx_volume_data_alloc(bytes ? bytes : 1);
  if (out && gzip_decode(nio, bytes, es, out, NULL, NULL, corrupt)) {
    swap_to_native(nio, out, bytes, es);
    return out;
  }
  free(out);
  return NULL;
}

/* A label volume reduced to the U8 mask of one label as it decodes. */
typedef struct {
  const NrrdIoState *nio;
  int type;      /* RmxScalarType of the labels */
  size_t es;
  int label;     /* 1..255 */
  size_t dim[3];
  uint8_t *mask; /* zeroed pages: only those holding the label are written */
  size_t at;
  RmxBBox bb;    /* of the label's voxels, found on the way */
} MaskSink;

static void mask_piece(void *user, unsigned char *piece, size_t bytes) {
  MaskSink *m = user;
  swap_to_native(m->nio, piece, bytes, m->es);
  size_t n = bytes / m->es;
  rmx_mask_mark(m->type, piece, n, m->label, m->mask, m->at, m->dim, &m->bb);
  m->at += n;
}

/* Whether a label volume of this type can be read as the mask of label. */
static gboolean maskable(const Nrrd *hdr, int label) {
  int type = scalar_from_teem(hdr->type);
  return type >= RMX_U8 && type <= RMX_I32 && label >= 1 && label <= UINT8_MAX;
}

/* The mask of 'label' from an integer label volume's gzip data, or NULL
 * (label absent: *absent; else the caller reads the volume whole). calloc,
 * not rmx_volume_data_alloc: a fresh zeroed mapping whose untouched pages
 * are never resident, so a small ROI in a large volume costs a few pages. */
static uint8_t *gzip_mask(NrrdIoState *nio, const Nrrd *hdr, size_t bytes, int label,
                          RmxBBox *bb, gboolean *absent, gboolean *corrupt) {
  size_t es = nrrdTypeSize[hdr->type];
  MaskSink m = {.nio = nio, .type = scalar_from_teem(hdr->type), .es = es, .label = label,
                .dim = {hdr->axis[0].size, hdr->axis[1].size, hdr->dim == 3 ? hdr->axis[2].size : 1},
                .mask = calloc(bytes / es + 1, 1)};
  if (!m.mask) return NULL;
  rmx_bbox_init(&m.bb);
  if (!gzip_decode(nio, bytes, es, NULL, mask_piece, &m, corrupt) || !m.bb.count) {
    *absent = !*corrupt && m.at == bytes / es && !m.bb.count;
    free(m.mask);
    return NULL;
  }
  *bb = m.bb;
  return m.mask;
}

/* A volume with the geometry read from the header and the type and sizes of
 * 'n', taking 'data' (not freed on failure). */
static RmxVolume *adopt(const RmxVolume *geo, const Nrrd *n, void *data, const char *path,
                        GError **err) {
  RmxVolume *v = calloc(1, sizeof *v);
  if (!v) {
    g_set_error(err, RMX_ERROR, RMX_ERR_NOMEM, "%s: out of memory", path);
    return NULL;
  }
  *v = *geo;
  v->struct_size = sizeof *v;
  v->type = scalar_from_teem(n->type);
  v->dim[0] = n->axis[0].size;
  v->dim[1] = n->axis[1].size;
  v->dim[2] = n->dim == 3 ? n->axis[2].size : 1;
  v->data = data;
  return v;
}

/* Two passes: the header alone (no data allocation) to validate sizes and
 * geometry, then the real load. label > 0: gzip data of an integer type is
 * returned as that label's U8 mask (*is_mask, with its box in *bb), or NULL
 * with *absent when the label is not there. Lock held. */
static RmxVolume *read_locked(const char *path, size_t limit, int label, gboolean *is_mask,
                              RmxBBox *bb, gboolean *absent, GError **err) {
  RmxVolume *v = NULL;
  Nrrd *hdr = nrrdNew(), *full = NULL;
  NrrdIoState *nio = nrrdIoStateNew();
  RmxVolume geo;
  memset(&geo, 0, sizeof geo);
  nio->skipData = AIR_TRUE;
  nio->keepNrrdDataFileOpen = AIR_TRUE;
  if (nrrdLoad(hdr, path, nio)) {
    set_teem_error(err, path, "invalid or unsupported NRRD header");
    goto done;
  }
  long data_at = nio->dataFile ? ftell(nio->dataFile) : -1;
  gboolean ok = check_header(hdr, path, limit, err) && read_geometry(hdr, path, &geo, err) &&
                check_gzip_magic(nio, path, err);
  void *fast = NULL;
  gboolean corrupt = FALSE;
  if (ok && data_at >= 0 && fseek(nio->dataFile, data_at, SEEK_SET) == 0) {
    size_t bytes = nrrdElementNumber(hdr) * nrrdTypeSize[hdr->type];
    /* one decode attempt: a stream the mask read defers is teem's, as for gzip_fast */
    if (label > 0 && maskable(hdr, label))
      *is_mask = (fast = gzip_mask(nio, hdr, bytes, label, bb, absent, &corrupt)) != NULL;
    else
      fast = gzip_fast(nio, hdr, bytes, &corrupt);
  }
  close_data_file(nio);
  if (!ok || *absent) goto done;
  if (fast) {
    if (!(v = adopt(&geo, hdr, fast, path, err))) free(fast);
    else if (*is_mask) v->type = RMX_U8;
    goto done;
  }

  nrrdIoStateNix(nio);
  nio = nrrdIoStateNew();
  full = nrrdNew();
  if (nrrdLoad(full, path, nio)) {
    set_teem_error(err, path, "cannot decode the data");
    goto done;
  }
  if (corrupt) { /* teem read what ISA-L rejected: its voxels are wrong */
    g_set_error(err, RMX_ERROR, RMX_ERR_IO, "%s: corrupt gzip data (bad deflate stream or checksum)",
                path);
    goto done;
  }
  gboolean same = full->dim == hdr->dim && full->type == hdr->type && full->data;
  for (unsigned a = 0; same && a < hdr->dim; a++)
    same = full->axis[a].size == hdr->axis[a].size;
  if (!same) {
    g_set_error(err, RMX_ERROR, RMX_ERR_IO, "%s: file changed while it was being read", path);
    goto done;
  }
  /* teem allocates with calloc: adopt the buffer, rmx_volume_free frees it. */
  if ((v = adopt(&geo, full, full->data, path, err))) full->data = NULL;
done:
  if (full) nrrdNuke(full);
  nrrdNuke(hdr);
  nrrdIoStateNix(nio);
  return v;
}

/* Detached headers: teem would open the data file itself, and a FIFO would block
 * it, a device feed it endless bytes. So the "data file" field is found here
 * first: a single file must be a regular file; the multi-file forms (LIST or a
 * printf pattern) are refused. Header fields end at the first empty line. */
static gboolean check_data_file(const char *path, GError **err) {
  FILE *f = fopen(path, "rb");
  if (!f) return TRUE; /* teem reports it */
  char line[4096];
  gboolean ok = TRUE;
  for (int n = 0; n < 10000 && fgets(line, sizeof line, f); n++) {
    char *s = g_strstrip(line);
    if (!*s) break; /* end of header */
    const char *v = NULL;
    if (g_str_has_prefix(s, "data file:")) v = s + 10;
    else if (g_str_has_prefix(s, "datafile:")) v = s + 9;
    if (!v) continue;
    while (*v == ' ' || *v == '\t') v++;
    if (!strncmp(v, "LIST", 4) || strchr(v, ' ') || strchr(v, '\t')) {
      g_set_error(err, RMX_ERROR, RMX_ERR_UNSUPPORTED,
                  "%s: multi-file detached data (data file: LIST or a file pattern) is not "
                  "supported: need one data file", path);
      ok = FALSE;
      break;
    }
    char *dir = g_path_get_dirname(path);
    char *full = g_path_is_absolute(v) ? g_strdup(v) : g_build_filename(dir, v, NULL);
    struct stat st;
    /* a missing file is left to teem, which names it */
    if (stat(full, &st) == 0 && !S_ISREG(st.st_mode)) {
      g_set_error(err, RMX_ERROR, RMX_ERR_IO,
                  "%s: detached data file \"%s\" is not a regular file (a device, FIFO, socket "
                  "or folder)", path, v);
      ok = FALSE;
    }
    g_free(full);
    g_free(dir);
    break;
  }
  fclose(f);
  return ok;
}

static RmxVolume *read_file(const char *path, int label, gboolean *is_mask, RmxBBox *bb,
                            gboolean *absent, GError **err) {
  /* Check the magic ourselves: teem would otherwise accept PNG, PNM, VTK and
   * plain-text tables under the same call. */
  /* O_NONBLOCK: opening a FIFO must not wait for a writer; then only regular
   * files are read (a device such as /dev/urandom never ends). */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    g_set_error(err, RMX_ERROR, RMX_ERR_IO, "%s: cannot open: %s", path, g_strerror(e));
    return NULL;
  }
  struct stat st;
  if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
    close(fd);
    g_set_error(err, RMX_ERROR, RMX_ERR_IO, "%s: not a regular file (a device, FIFO or socket)",
                path);
    return NULL;
  }
  FILE *f = fdopen(fd, "rb");
  if (!f) {
    int e = errno;
    close(fd);
    g_set_error(err, RMX_ERROR, RMX_ERR_IO, "%s: cannot open: %s", path, g_strerror(e));
    return NULL;
  }
  char magic[8] = {0};
  size_t got = fread(magic, 1, sizeof magic, f);
  int rerr = ferror(f) ? errno : 0;
  fclose(f);
  if (rerr) { /* e.g. a folder */
    g_set_error(err, RMX_ERROR, RMX_ERR_IO, "%s: cannot read: %s", path, g_strerror(rerr));
    return NULL;
  }
  if (got < 7 || memcmp(magic, "NRRD000", 7) != 0) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "%s: not a NRRD file (it does not start with \"NRRD000\")", path);
    return NULL;
  }
  if (!check_data_file(path, err)) return NULL;
  size_t limit = rmx_nrrd_max_bytes();
  g_mutex_lock(&teem_lock);
  nrrdStateVerboseIO = 0; /* teem would print warnings (e.g. trailing bytes) to stderr */
  RmxVolume *v = read_locked(path, limit, label, is_mask, bb, absent, err);
  g_mutex_unlock(&teem_lock);
  return v;
}

RmxVolume *rmx_nrrd_read(const char *path, GError **err) {
  g_return_val_if_fail(path != NULL, NULL);
  gboolean is_mask = FALSE, absent = FALSE;
  RmxBBox bb;
  return read_file(path, 0, &is_mask, &bb, &absent, err);
}

RmxVolume *rmx_nrrd_read_mask(const char *path, int label, gboolean *is_mask, RmxBBox *bb,
                              GError **err) {
  g_return_val_if_fail(path != NULL && is_mask != NULL && bb != NULL, NULL);
  gboolean absent = FALSE;
  *is_mask = FALSE;
  rmx_bbox_init(bb);
  RmxVolume *v = read_file(path, label, is_mask, bb, &absent, err);
  if (absent) { /* read whole, so the caller's error can list the labels found */
    absent = FALSE;
    return read_file(path, 0, is_mask, bb, &absent, err);
  }
  if (v && !*is_mask) *is_mask = rmx_mask_compact(v, label); /* not gzip, or teem's read */
  return v;
}

static gboolean check_writable(const RmxVolume *v, const char *path, GError **err) {
  if (!v || !v->data || !rmx_scalar_size(v->type) || !v->dim[0] || !v->dim[1] || !v->dim[2]) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: cannot write an empty or untyped volume",
                path);
    return FALSE;
  }
  for (int i = 0; i < 3; i++)
    if (!(v->spacing[i] > 0) || !isfinite(v->spacing[i]) || !isfinite(v->origin[i])) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                  "%s: cannot write a volume with spacing %g or origin %g on axis %d", path,
                  v->spacing[i], v->origin[i], i);
      return FALSE;
    }
  return TRUE;
}

/* Writes v as an attached-data NRRD to an open stream. Lock held. */
static gboolean write_locked(const RmxVolume *v, FILE *f, gboolean compress, const char *path,
                             GError **err) {
  Nrrd *n = nrrdNew();
  NrrdIoState *nio = nrrdIoStateNew();
  gboolean ok = FALSE;
  size_t sizes[3] = {v->dim[0], v->dim[1], v->dim[2]};
  double dirs[NRRD_DIM_MAX][NRRD_SPACE_DIM_MAX];
  int kinds[NRRD_DIM_MAX];
  for (int a = 0; a < 3; a++) {
    for (int r = 0; r < 3; r++) dirs[a][r] = v->direction[r * 3 + a] * v->spacing[a];
    kinds[a] = nrrdKindDomain;
  }
  if (nrrdWrap_nva(n, v->data, scalar_to_teem(v->type), 3, sizes) ||
      nrrdSpaceSet(n, nrrdSpaceLeftPosteriorSuperior) ||
      nrrdSpaceOriginSet(n, (double *)v->origin)) {
    set_teem_error(err, path, "cannot build the NRRD header");
    goto done;
  }
  nrrdAxisInfoSet_nva(n, nrrdAxisInfoSpaceDirection, dirs);
  nrrdAxisInfoSet_nva(n, nrrdAxisInfoKind, kinds);
  nio->format = nrrdFormatNRRD;
  nio->encoding = compress ? nrrdEncodingGzip : nrrdEncodingRaw;
  if (nrrdWrite(f, n, nio)) {
    set_teem_error(err, path, "cannot write the NRRD data");
    goto done;
  }
  ok = TRUE;
done:
  nrrdNix(n); /* the data belongs to v */
  nrrdIoStateNix(nio);
  return ok;
}

gboolean rmx_nrrd_write(const RmxVolume *v, const char *path, gboolean compress, GError **err) {
  g_return_val_if_fail(path != NULL, FALSE);
  if (!check_writable(v, path, err)) return FALSE;
  /* temporary file beside the target, fsync, rename (host/atomic_file.c) */
  RmxAtomicFile a;
  if (!rmx_atomic_open(&a, path, err)) return FALSE;
  g_mutex_lock(&teem_lock);
  gboolean ok = write_locked(v, a.f, compress, path, err);
  g_mutex_unlock(&teem_lock);
  if (!ok) {
    rmx_atomic_abort(&a);
    return FALSE;
  }
  return rmx_atomic_commit(&a, err);
}
