/* batch_resume.h: the checkpoint of `radiomix extract --batch`, so a killed run resumes where it stopped. */
#ifndef RMX_HOST_BATCH_RESUME_H
#define RMX_HOST_BATCH_RESUME_H

#include <glib.h>
#include "csv_out.h"

/*
 * OUT.csv.partial holds one line per finished case (ID, paths, label, every
 * feature value as an exact hex float, diagnostics), appended and fsync'd as
 * each case finishes. Its first line is a fingerprint of the configuration; a
 * checkpoint made with other settings is ignored and replaced. A torn last line
 * (kill during a write) is cut off. The file is removed once OUT.csv is written.
 */
typedef struct RmxCheckpoint RmxCheckpoint;

/* Opens (creating) the checkpoint beside out_path. With resume, cases whose ID,
 * image, mask and label match a record get their feature set from it (c->fs);
 * *restored counts them. Without resume an old checkpoint is discarded. */
RmxCheckpoint *rmx_checkpoint_open(const char *out_path, const char *fingerprint,
                                   GPtrArray *cases, gboolean resume, guint *restored,
                                   GError **err);
/* Appends a finished case (c->fs set) and fsyncs; not thread-safe (callers lock). */
gboolean rmx_checkpoint_add(RmxCheckpoint *cp, const RmxBatchCase *c, GError **err);
/* What a checkpoint is valid for: the host version, the loaded plugins and their
 * versions, the parameter file's bytes, the -s overrides, label and diagnostics. */
char *rmx_checkpoint_fingerprint(const char *params_path, const char *overrides, int label,
                                 gboolean diagnostics);
/* Closes; remove deletes the file (the final CSV is in place). Accepts NULL. */
void rmx_checkpoint_close(RmxCheckpoint *cp, gboolean remove);
const char *rmx_checkpoint_path(const RmxCheckpoint *cp);

#endif
