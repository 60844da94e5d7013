/* synth.h: synthetic liver-MRI resections (tissue maps -> signal equations). */
#ifndef RMX_HOST_SYNTH_H
#define RMX_HOST_SYNTH_H

#include <glib.h>
#include <radiomix/types.h>

/* Tissue parameters: proton density (a.u.), T2 (ms), diffusion D and
 * pseudo-diffusion D* (mm^2/s), perfusion fraction f. */
typedef struct RmxTissue {
  double pd, t2, d, f, dstar;
} RmxTissue;

typedef struct RmxSynthLesion {
  double center[3];  /* mm, in the field of view */
  double radii[3];   /* mm, ellipsoid semi-axes */
  double hypoxia;    /* latent, 0..1 */
  double necrosis;   /* relative core radius from causes other than hypoxia */
} RmxSynthLesion;

/* How hypoxia h alters a lesion: a necrotic core of relative radius
 * core0 + core_h*h, a viable rim whose D drops by rim_d_h*h, whose f drops by
 * f_h*h, and whose heterogeneity (relative texture amplitude) grows by
 * texture_h*h. */
typedef struct RmxHypoxiaEffect {
  double core0, core_h, rim_d_h, f_h, texture0, texture_h, core_t2_h;
} RmxHypoxiaEffect;

typedef struct RmxSynthSequence {
  const char *name;
  int is_dwi;          /* 0: T2-weighted (uses te), 1: DWI (uses b) */
  double te, b;        /* ms; s/mm^2 */
  double spacing[3];   /* mm */
  double noise_sigma;  /* Rician noise, in signal units */
  double scale;        /* signal units per PD unit */
  guint64 stream;      /* random stream of its noise and re-segmentation */
} RmxSynthSequence;

typedef struct RmxSynthSpec {
  guint64 seed;
  double fov[3];                    /* mm */
  const RmxSynthLesion *lesions;
  size_t n_lesions;
  RmxTissue liver, lesion, necrosis;
  RmxHypoxiaEffect effect;
  double texture_scale_mm;          /* spatial scale of lesion texture */
  double mask_radius_sd;            /* relative re-segmentation jitter of radii */
  double mask_shift_sd;             /* mm, jitter of the centre */
} RmxSynthSpec;

/* Renders one sequence: the image (uint16, or float for none) and one mask
 * per lesion (u8 0/1), re-segmented with this sequence's own jitter.
 * 'stream' separates the random streams of sequences. masks[] has
 * spec->n_lesions slots. */
gboolean rmx_synth_render(const RmxSynthSpec *spec, const RmxSynthSequence *seq,
                          guint64 stream, RmxVolume **image, RmxVolume **masks,
                          GError **err);

#endif
