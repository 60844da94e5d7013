/* futil.h: helpers of the filter tests (reference CSV lookup, ROI stats, checks). */
#ifndef RMX_FUTIL_H
#define RMX_FUTIL_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include "volume.h"

/* $RADIOMIX_SHARED (default ../shared beside the repo) joined with rel. */
char *fu_shared(const char *rel);
/* Reference table "case,feature" -> value from a PyRadiomics CSV. */
GHashTable *fu_ref_load(const char *rel);
/* NAN when absent. */
double fu_ref(GHashTable *t, const char *case_name, const char *feature);

/* First-order statistics over mask != 0, computed as PyRadiomics defines them
** (voxelArrayShift 0, variance over N, numpy median). */
typedef struct FuStats { double mean, min, max, median, variance, energy; size_t n; } FuStats;
void fu_stats_f64(const double *x, const uint8_t *mask, size_t n, FuStats *s);
void fu_stats_f32(const float *x, const uint8_t *mask, size_t n, FuStats *s);

/* Compares our stats of one image type with the reference; returns the max
** relative difference (scaled by the reference range for mean/median). */
double fu_compare(GHashTable *ref, const char *case_name, const char *image_type,
                  const FuStats *s, int *missing);

/* Counting checks: prints "ok"/"FAIL" lines; fu_done prints the summary. */
void fu_check(int cond, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
int fu_done(void);

/* Image + mask (label) of a PyRadiomics case from shared/. */
RmxVolume *fu_case_image(const char *case_name);
RmxVolume *fu_case_mask(const char *case_name, const RmxVolume *img);
double *fu_as_double(const RmxVolume *v);
uint8_t *fu_as_mask(const RmxVolume *v);

/* Collects what a filter call emits: names and volumes, in order. */
typedef struct FuSink { GPtrArray *names, *vols; } FuSink;
void fu_sink_init(FuSink *s);
void fu_sink_clear(FuSink *s);
/* The emit callback of rmx_call_filter(); user is a FuSink. */
gboolean fu_sink_emit(void *user, const char *image_type, RmxVolume *vol, GError **err);

#endif
