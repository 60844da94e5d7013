/* synth.c: renders synthetic liver MRI from tissue maps through the signal equations. */
#include "synth.h"
#include "volume.h"

#include <math.h>
#include <radiomix/plugin.h>

#define N_WAVES 8

/* A smooth random field of unit variance: a sum of plane waves. The same
 * seed gives the same anatomy in every sequence. */
typedef struct {
  double k[N_WAVES][3], phase[N_WAVES];
} Field;

static double gauss(RmxRng *r) {
  double u = rmx_rng_uniform(r), v = rmx_rng_uniform(r);
  return sqrt(-2.0 * log(1.0 - u)) * cos(2.0 * G_PI * v);
}

static void field_init(Field *f, guint64 seed, guint64 stream, double scale_mm) {
  RmxRng r;
  rmx_rng_seed(&r, seed, stream);
  for (int w = 0; w < N_WAVES; w++) {
    double d[3], n = 0;
    for (int a = 0; a < 3; a++) {
      d[a] = gauss(&r);
      n += d[a] * d[a];
    }
    n = sqrt(n) + 1e-12;
    double mag = 2.0 * G_PI / scale_mm * (0.5 + rmx_rng_uniform(&r));
    for (int a = 0; a < 3; a++) f->k[w][a] = d[a] / n * mag;
    f->phase[w] = 2.0 * G_PI * rmx_rng_uniform(&r);
  }
}

static double field_at(const Field *f, const double x[3]) {
  double s = 0;
  for (int w = 0; w < N_WAVES; w++)
    s += cos(f->k[w][0] * x[0] + f->k[w][1] * x[1] + f->k[w][2] * x[2] + f->phase[w]);
  return s * sqrt(2.0 / N_WAVES);
}

/* Normalised ellipsoid radius of x, with a lobulated boundary. */
static double lesion_r(const RmxSynthLesion *l, const double c[3], const double radii[3],
                       const Field *shape, const double x[3]) {
  double q = 0;
  for (int a = 0; a < 3; a++) {
    double t = (x[a] - c[a]) / radii[a];
    q += t * t;
  }
  (void)l;
  /* The lobulation is at most 1 + 0.06 * 2 * sqrt(N_WAVES / 2) = 1.24 times
   * the ellipsoid radius, so far points skip the field's cosines. */
  if (q > 1.3 * 1.3) return sqrt(q);
  return sqrt(q) * (1.0 + 0.06 * field_at(shape, x));
}

typedef struct {
  Field liver, *texture, *shape;
} Anatomy;

/* lv: the liver's smooth texture factor at this voxel (computed once per voxel). */
static void tissue_at(const RmxSynthSpec *s, const Anatomy *an, const double x[3], double lv,
                      RmxTissue *t) {
  *t = s->liver;
  t->t2 *= lv;
  t->d *= lv;
  for (size_t i = 0; i < s->n_lesions; i++) {
    const RmxSynthLesion *l = &s->lesions[i];
    double r = lesion_r(l, l->center, l->radii, &an->shape[i], x);
    if (r >= 1.0) continue;
    double h = CLAMP(l->hypoxia, 0.0, 1.0);
    const RmxHypoxiaEffect *e = &s->effect;
    double core = e->core0 + l->necrosis + e->core_h * h;
    double tex = field_at(&an->texture[i], x);
    if (r < core) {
      *t = s->necrosis;
      t->t2 *= 1.0 + e->core_t2_h * h;
      t->d *= 1.0 + 0.05 * tex;
    } else {
      *t = s->lesion;
      /* Hypoxia makes the rim's diffusion and perfusion heterogeneous; its
       * T2 texture is that of any viable tumour. */
      double amp = e->texture0 + e->texture_h * h;
      t->t2 *= 1.0 + e->texture0 * tex;
      t->d *= (1.0 - e->rim_d_h * h) * (1.0 + amp * tex);
      t->f *= (1.0 - e->f_h * h) * (1.0 + 0.5 * amp * tex);
      t->f = CLAMP(t->f, 0.0, 0.9);
    }
    return;
  }
}

static double seq_signal(const RmxSynthSequence *q, const RmxTissue *t) {
  double t2 = fmax(t->t2, 1.0);
  if (!q->is_dwi) return q->scale * t->pd * exp(-q->te / t2);
  /* DWI: T2 weighting at the sequence's echo time, then the IVIM model. */
  double s0 = q->scale * t->pd * exp(-q->te / t2);
  return s0 * ((1.0 - t->f) * exp(-q->b * t->d) + t->f * exp(-q->b * t->dstar));
}

gboolean rmx_synth_render(const RmxSynthSpec *s, const RmxSynthSequence *q, guint64 stream,
                          RmxVolume **image, RmxVolume **masks, GError **err) {
  size_t dim[3];
  for (int a = 0; a < 3; a++) {
    if (!(q->spacing[a] > 0) || !(s->fov[a] > 0)) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "sequence %s: spacing and field of view must be > 0",
                  q->name);
      return FALSE;
    }
    dim[a] = (size_t)MAX(1.0, ceil(s->fov[a] / q->spacing[a]));
  }
  RmxVolume *img = rmx_volume_new(RMX_U16, dim, NULL);
  if (!img) {
    g_set_error(err, RMX_ERROR, RMX_ERR_NOMEM, "sequence %s: out of memory", q->name);
    return FALSE;
  }
  for (int a = 0; a < 3; a++) img->spacing[a] = q->spacing[a];

  Anatomy an;
  field_init(&an.liver, s->seed, 1, 40.0);
  an.texture = g_new(Field, s->n_lesions + 1);
  an.shape = g_new(Field, s->n_lesions + 1);
  for (size_t i = 0; i < s->n_lesions; i++) {
    field_init(&an.texture[i], s->seed, 100 + i, s->texture_scale_mm);
    field_init(&an.shape[i], s->seed, 200 + i, 15.0);
  }

  /* Noise and re-segmentation differ per sequence. */
  RmxRng rng;
  rmx_rng_seed(&rng, s->seed, 1000 + stream);
  typedef double Vec3[3];
  Vec3 *cen = g_new(Vec3, s->n_lesions + 1), *rad = g_new(Vec3, s->n_lesions + 1);
  for (size_t i = 0; i < s->n_lesions; i++) {
    for (int a = 0; a < 3; a++) {
      cen[i][a] = s->lesions[i].center[a] + s->mask_shift_sd * gauss(&rng);
      rad[i][a] = s->lesions[i].radii[a] * (1.0 + s->mask_radius_sd * gauss(&rng));
    }
    masks[i] = rmx_volume_new(RMX_U8, dim, img);
  }

  uint16_t *out = img->data;
  const int sub = 3; /* samples across the slice thickness: partial volume */
  for (size_t k = 0; k < dim[2]; k++)
    for (size_t j = 0; j < dim[1]; j++)
      for (size_t i = 0; i < dim[0]; i++) {
        size_t idx = i + dim[0] * (j + dim[1] * k);
        double x[3] = {(i + 0.5) * q->spacing[0], (j + 0.5) * q->spacing[1], 0};
        double sig = 0;
        x[2] = (k + 0.5) * q->spacing[2];
        double lv = 1.0 + 0.03 * field_at(&an.liver, x);
        for (int z = 0; z < sub; z++) {
          RmxTissue t;
          x[2] = (k + (z + 0.5) / sub) * q->spacing[2];
          tissue_at(s, &an, x, lv, &t);
          sig += seq_signal(q, &t) / sub;
        }
        double n1 = q->noise_sigma * gauss(&rng), n2 = q->noise_sigma * gauss(&rng);
        double v = sqrt((sig + n1) * (sig + n1) + n2 * n2); /* Rician magnitude */
        out[idx] = (uint16_t)CLAMP(lround(v), 0, 65535);
        x[2] = (k + 0.5) * q->spacing[2];
        for (size_t l = 0; l < s->n_lesions; l++)
          if (lesion_r(&s->lesions[l], cen[l], rad[l], &an.shape[l], x) < 1.0)
            ((uint8_t *)masks[l]->data)[idx] = 1;
      }
  /* A lesion smaller than a voxel is still segmented: its centre voxel. */
  for (size_t l = 0; l < s->n_lesions; l++) {
    size_t n = rmx_volume_voxels(masks[l]), any = 0;
    for (size_t v = 0; v < n && !any; v++) any = ((uint8_t *)masks[l]->data)[v];
    if (!any) {
      size_t c[3];
      for (int a = 0; a < 3; a++)
        c[a] = (size_t)CLAMP(cen[l][a] / q->spacing[a], 0.0, (double)dim[a] - 1);
      ((uint8_t *)masks[l]->data)[c[0] + dim[0] * (c[1] + dim[1] * c[2])] = 1;
    }
  }
  g_free(cen);
  g_free(rad);
  g_free(an.texture);
  g_free(an.shape);
  *image = img;
  return TRUE;
}
