/* io_cases.c: reads the reference cases and checks them against the data folders' READMEs. */
#include "io_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The README rounds spacings to 3 decimals (0.781 for 0.78125). */
#define SPACING_TOL 6e-4

typedef struct {
  char *name, *image, *labels[4];
  int n_labels;
  size_t size[3];
  double spacing[3];
  gboolean flipped[3], has_flip_note;
  long roi[4];
  int n_roi;
} CaseRow;

/* `quoted` file names of a cell, in order. */
static int backticked(const char *cell, char **out, int max) {
  int n = 0;
  const char *p = cell;
  while (n < max && (p = strchr(p, '`'))) {
    const char *q = strchr(p + 1, '`');
    if (!q) break;
    out[n++] = g_strndup(p + 1, (size_t)(q - p - 1));
    p = q + 1;
  }
  return n;
}

/* Numbers of a cell outside parentheses ("4137 (2 connected parts)" -> 4137). */
static int numbers(const char *cell, double *out, int max) {
  int n = 0, depth = 0;
  const char *p = cell;
  while (*p && n < max) {
    if (*p == '(') depth++;
    if (*p == ')') depth--;
    if (depth == 0 && (g_ascii_isdigit(*p) || (*p == '.' && g_ascii_isdigit(p[1])))) {
      char *end;
      out[n++] = g_ascii_strtod(p, &end);
      p = end;
      continue;
    }
    p++;
  }
  return n;
}

/* "same image" / "same" spacing cells refer to the previous row (prev). */
static gboolean parse_row(const char *line, CaseRow *r, const char *prev_image,
                          const CaseRow *prev) {
  gchar **c = g_strsplit(line, "|", -1);
  gboolean ok = g_strv_length(c) >= 8;
  if (ok) {
    for (int i = 0; c[i]; i++) g_strstrip(c[i]);
    r->name = g_strdup(c[1]);
    char *img[1];
    if (backticked(c[2], img, 1) == 1) r->image = img[0];
    else if (strstr(c[2], "same image") && prev_image) r->image = g_strdup(prev_image);
    r->n_labels = backticked(c[3], r->labels, 4);
    size_t e = 0;
    if (sscanf(c[4], "%zux%zux%zu", &r->size[0], &r->size[1], &r->size[2]) != 3) {
      ok = sscanf(c[4], "%zu^3", &e) == 1;
      r->size[0] = r->size[1] = r->size[2] = e;
    }
    double sp[3];
    if (strcmp(c[5], "same") == 0 && prev) {
      memcpy(r->spacing, prev->spacing, sizeof sp);
      memcpy(r->flipped, prev->flipped, sizeof r->flipped);
    } else {
      ok = ok && numbers(c[5], sp, 3) == 3;
      memcpy(r->spacing, sp, sizeof sp);
    }
    const char *fl = strstr(c[5], "flipped");
    if (fl) {
      r->has_flip_note = TRUE;
      const char *open = strrchr(c[5], '(');
      for (const char *p = open ? open + 1 : c[5]; p < fl; p++)
        if ((*p == 'x' || *p == 'y' || *p == 'z') && (p[1] == ' ') &&
            (p[-1] == '(' || p[-1] == ' '))
          r->flipped[*p - 'x'] = TRUE;
    }
    double roi[4];
    r->n_roi = numbers(c[6], roi, 4);
    for (int i = 0; i < r->n_roi; i++) r->roi[i] = (long)roi[i];
    ok = ok && r->n_labels >= 1 && r->n_roi >= r->n_labels;
  }
  g_strfreev(c);
  return ok;
}

static void check_geometry(const char *what, const RmxVolume *v, const CaseRow *r,
                           gboolean check_dims) {
  if (check_dims)
    CHECK(v->dim[0] == r->size[0] && v->dim[1] == r->size[1] && v->dim[2] == r->size[2],
          "%s: dims %zux%zux%zu, README %zux%zux%zu", what, v->dim[0], v->dim[1], v->dim[2],
          r->size[0], r->size[1], r->size[2]);
  for (int a = 0; a < 3; a++) {
    CHECK(fabs(v->spacing[a] - r->spacing[a]) <= SPACING_TOL, "%s: spacing[%d] %.9g, README %g",
          what, a, v->spacing[a], r->spacing[a]);
    /* Axis-aligned cases: the diagonal sign says which axes are flipped. */
    double d = v->direction[a * 4];
    CHECK(fabs(fabs(d) - 1) < 1e-9 && (d < 0) == r->flipped[a],
          "%s: direction[%d][%d] = %g, README says %s", what, a, a, d,
          r->flipped[a] ? "flipped" : "not flipped");
  }
}

static char *case_path(const char *file) {
  return g_build_filename(io_shared(), "data", "pyradiomics", "cases", file, NULL);
}

static int pyradiomics_cases(void) {
  char *readme = g_build_filename(io_shared(), "data", "pyradiomics", "README.md", NULL);
  char *text = NULL;
  CHECK(g_file_get_contents(readme, &text, NULL, NULL), "cannot read %s", readme);
  g_free(readme);
  if (!text) return 0;
  const char *sec = strstr(text, "\n## Cases");
  CHECK(sec != NULL, "README has no \"## Cases\" section");
  int labels_checked = 0;
  gchar **lines = g_strsplit(sec ? sec : "", "\n", -1);
  char *prev_image = NULL;
  int row = 0;
  CaseRow prev;
  gboolean have_prev = FALSE;
  for (int i = 1; lines[i]; i++) {
    const char *l = lines[i];
    if (l[0] != '|') {
      if (row > 0) break; /* end of the table */
      continue;
    }
    if (row++ < 2) continue; /* header and separator */
    CaseRow r;
    memset(&r, 0, sizeof r);
    if (!parse_row(l, &r, prev_image, have_prev ? &prev : NULL)) {
      CHECK(0, "cannot parse README row: %s", l);
      continue;
    }
    RmxVolume *img = NULL;
    gboolean own_image = r.image && !strstr(l, "same image");
    if (r.image) {
      char *ip = case_path(r.image);
      GError *e = NULL;
      img = rmx_nrrd_read(ip, &e);
      CHECK(img != NULL, "%s: %s", r.name, e ? e->message : "");
      g_clear_error(&e);
      /* A "same image" row lists the label's size; the image was checked above. */
      if (img && own_image) check_geometry(ip, img, &r, TRUE);
      g_free(ip);
      g_free(prev_image);
      prev_image = g_strdup(r.image);
    }
    for (int k = 0; k < r.n_labels; k++) {
      char *lp = case_path(r.labels[k]);
      GError *e = NULL;
      RmxVolume *lab = rmx_nrrd_read(lp, &e);
      CHECK(lab != NULL, "%s: %s", r.name, e ? e->message : "");
      g_clear_error(&e);
      if (lab) {
        /* The size column describes the row's first label only. */
        check_geometry(lp, lab, &r, k == 0);
        /* Single-slice labels have their own geometry: select without the image. */
        gboolean same = img && memcmp(img->dim, lab->dim, sizeof img->dim) == 0;
        RmxVolume *m = rmx_mask_select(lab, same ? img : NULL, 1, 1e-6, lp, &e);
        CHECK(m != NULL, "%s: %s", r.name, e ? e->message : "");
        g_clear_error(&e);
        size_t n = m ? io_count_ones(m) : 0;
        CHECK((long)n == r.roi[k], "%s: label 1 has %zu voxels, README says %ld", lp, n,
              r.roi[k]);
        printf("  %-40s %zux%zux%zu label-1 voxels %zu (README %ld)\n", r.labels[k],
               lab->dim[0], lab->dim[1], lab->dim[2], n, r.roi[k]);
        labels_checked++;
        rmx_volume_free(m);
      }
      rmx_volume_free(lab);
      g_free(lp);
    }
    rmx_volume_free(img);
    prev = r; /* only its spacing and flips are read later */
    have_prev = TRUE;
    g_free(r.name);
    g_free(r.image);
    for (int k = 0; k < r.n_labels; k++) g_free(r.labels[k]);
  }
  g_free(prev_image);
  g_strfreev(lines);
  g_free(text);
  return labels_checked;
}

/* data/ibsi/README.md: "IBSI 1 digital phantom: sizes 5 4 4, directions (2,0,0)
 * (0,2,0) (0,0,2), origin (0,0,0). 74 voxels are in the ROI. Grey levels in the
 * ROI are 1, 3, 4 and 6", and image.nrrd is int16. */
static void ibsi_phantom(void) {
  char *ip = g_build_filename(io_shared(), "data", "ibsi", "ibsi1_digital_phantom", "image.nrrd",
                              NULL);
  char *mp = g_build_filename(io_shared(), "data", "ibsi", "ibsi1_digital_phantom", "mask.nrrd",
                              NULL);
  GError *e = NULL;
  RmxVolume *img = rmx_nrrd_read(ip, &e);
  CHECK(img != NULL, "%s", e ? e->message : "");
  g_clear_error(&e);
  if (img) {
    CHECK(img->type == RMX_I16, "phantom type %s, want int16", rmx_scalar_name(img->type));
    CHECK(img->dim[0] == 5 && img->dim[1] == 4 && img->dim[2] == 4, "phantom dims %zux%zux%zu",
          img->dim[0], img->dim[1], img->dim[2]);
    for (int a = 0; a < 3; a++) {
      CHECK(img->spacing[a] == 2.0, "phantom spacing[%d] %g", a, img->spacing[a]);
      CHECK(img->origin[a] == 0.0, "phantom origin[%d] %g", a, img->origin[a]);
    }
    for (int i = 0; i < 9; i++)
      CHECK(img->direction[i] == (i % 4 == 0 ? 1.0 : 0.0), "phantom direction[%d] %g", i,
            img->direction[i]);
    RmxVolume *m = rmx_mask_read(mp, img, 1, 1e-6, &e);
    CHECK(m != NULL, "%s", e ? e->message : "");
    g_clear_error(&e);
    if (m) {
      CHECK(io_count_ones(m) == 74, "phantom ROI %zu voxels, want 74", io_count_ones(m));
      gboolean seen[8] = {FALSE}, other = FALSE;
      for (size_t i = 0; i < rmx_volume_voxels(img); i++) {
        if (!((uint8_t *)m->data)[i]) continue;
        double g = rmx_volume_get(img, i);
        if (g >= 0 && g < 8 && g == floor(g)) seen[(int)g] = TRUE;
        else other = TRUE;
      }
      CHECK(!other && seen[1] && seen[3] && seen[4] && seen[6] && !seen[0] && !seen[2] &&
            !seen[5] && !seen[7], "phantom ROI grey levels are not {1, 3, 4, 6}");
    }
    rmx_volume_free(m);
  }
  rmx_volume_free(img);
  g_free(ip);
  g_free(mp);
}

int main(void) {
  int n = pyradiomics_cases();
  /* 7 image/label pairs plus the two lung labels in today's README. */
  CHECK(n >= 9, "only %d labels checked from the README table", n);
  ibsi_phantom();
  return io_finish("io_cases");
}
