/* batch_isolate.h: `extract --batch --isolate`: each case in its own worker process, so a crashing plugin fails one case only. */
#ifndef RMX_HOST_BATCH_ISOLATE_H
#define RMX_HOST_BATCH_ISOLATE_H

#include <glib.h>
#include "csv_out.h"

typedef struct RmxIsolateArgs {
  const char *params;   /* -p file or NULL */
  const char *set_text; /* the -s KEY=VALUE arguments, one per line */
  gboolean diagnostics;
} RmxIsolateArgs;

/* Runs `radiomix extract IMAGE MASK` for c in a child process (one worker thread)
 * and reads its CSV back: sets c->fs, or c->error with the child's error line or
 * the signal that killed it. Thread-safe. */
void rmx_isolate_case(const RmxIsolateArgs *a, RmxBatchCase *c, int label);

#endif
