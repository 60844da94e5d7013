/* plot.c: report figures drawn with cairo (ROC curves, SHAP beeswarm), as PNG and SVG. */
#include "plot.h"
#include "atomic_file.h"
#include "volume.h"

#include <cairo-svg.h>
#include <cairo.h>
#include <math.h>
#include <string.h>

#define W 640.0     /* ROC figure */
#define WB 900.0    /* beeswarm: room for PyRadiomics' long feature names */
#define H 520.0

/* A colour-blind-safe palette (Okabe-Ito). */
static const double palette[][3] = {{0.00, 0.45, 0.70}, {0.90, 0.62, 0.00}, {0.00, 0.62, 0.45},
                                    {0.80, 0.47, 0.65}, {0.34, 0.71, 0.91}, {0.84, 0.37, 0.00},
                                    {0.94, 0.89, 0.26}, {0.0, 0.0, 0.0}};

typedef struct {
  double x0, y0, w, h; /* plot area in device units */
  double xmin, xmax, ymin, ymax;
} Frame;

static double fx(const Frame *f, double x) { return f->x0 + (x - f->xmin) / (f->xmax - f->xmin) * f->w; }
static double fy(const Frame *f, double y) { return f->y0 + f->h - (y - f->ymin) / (f->ymax - f->ymin) * f->h; }

static void text(cairo_t *cr, double x, double y, double size, double align, const char *s) {
  cairo_text_extents_t e;
  cairo_set_font_size(cr, size);
  cairo_text_extents(cr, s, &e);
  cairo_move_to(cr, x - align * e.x_advance, y);
  cairo_show_text(cr, s);
}

static void axes(cairo_t *cr, const Frame *f, const char *xlabel, const char *ylabel,
                 const char *title, int yticks) {
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 1.0);
  cairo_rectangle(cr, f->x0, f->y0, f->w, f->h);
  cairo_stroke(cr);
  char buf[32];
  for (int i = 0; i <= 5; i++) {
    double v = f->xmin + (f->xmax - f->xmin) * i / 5.0, x = fx(f, v);
    cairo_move_to(cr, x, f->y0 + f->h);
    cairo_line_to(cr, x, f->y0 + f->h + 5);
    cairo_stroke(cr);
    snprintf(buf, sizeof buf, "%.2g", v);
    text(cr, x, f->y0 + f->h + 18, 11, 0.5, buf);
    if (!yticks) continue;
    v = f->ymin + (f->ymax - f->ymin) * i / 5.0;
    double y = fy(f, v);
    cairo_move_to(cr, f->x0 - 5, y);
    cairo_line_to(cr, f->x0, y);
    cairo_stroke(cr);
    snprintf(buf, sizeof buf, "%.2g", v);
    text(cr, f->x0 - 8, y + 4, 11, 1.0, buf);
  }
  text(cr, f->x0 + f->w / 2, f->y0 + f->h + 40, 13, 0.5, xlabel);
  text(cr, f->x0 + f->w / 2, f->y0 - 14, 15, 0.5, title);
  if (ylabel) {
    cairo_save(cr);
    cairo_translate(cr, 20, f->y0 + f->h / 2);
    cairo_rotate(cr, -G_PI / 2);
    text(cr, 0, 0, 13, 0.5, ylabel);
    cairo_restore(cr);
  }
}

static void draw_roc(cairo_t *cr, const RmxPlotRoc *p) {
  Frame f = {70, 50, W - 100, H - 120, 0, 1, 0, 1};
  axes(cr, &f, "1 - specificity (false positive rate)", "sensitivity (true positive rate)",
       p->title, 1);
  double dash[] = {4, 4};
  cairo_set_dash(cr, dash, 2, 0);
  cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
  cairo_move_to(cr, fx(&f, 0), fy(&f, 0));
  cairo_line_to(cr, fx(&f, 1), fy(&f, 1));
  cairo_stroke(cr);
  cairo_set_dash(cr, NULL, 0, 0);
  cairo_set_line_width(cr, 2.0);
  for (size_t c = 0; c < p->n_curves; c++) {
    const RmxPlotCurve *k = &p->curves[c];
    const double *col = palette[c % G_N_ELEMENTS(palette)];
    cairo_set_source_rgb(cr, col[0], col[1], col[2]);
    for (size_t i = 0; i < k->n; i++) {
      if (i == 0) cairo_move_to(cr, fx(&f, k->x[i]), fy(&f, k->y[i]));
      else cairo_line_to(cr, fx(&f, k->x[i]), fy(&f, k->y[i]));
    }
    cairo_stroke(cr);
    double ly = f.y0 + f.h - 12 - 18.0 * (double)(p->n_curves - 1 - c);
    cairo_move_to(cr, f.x0 + f.w - 200, ly - 4);
    cairo_line_to(cr, f.x0 + f.w - 175, ly - 4);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    text(cr, f.x0 + f.w - 168, ly, 12, 0, k->label);
  }
}

/* Beeswarm: one row per feature (largest mean |phi| on top); points jittered
 * into non-overlapping bins; colour from low (blue) to high (red) feature value. */
static void draw_beeswarm(cairo_t *cr, const RmxPlotBeeswarm *p) {
  size_t nf = p->n_features, ns = p->n_samples;
  double lo = 0, hi = 0;
  for (size_t i = 0; i < nf * ns; i++)
    if (isfinite(p->phi[i])) {
      lo = fmin(lo, p->phi[i]);
      hi = fmax(hi, p->phi[i]);
    }
  if (hi - lo < 1e-12) hi = lo + 1;
  double pad = 0.05 * (hi - lo), label_w = 60;
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 11);
  for (size_t j = 0; j < nf; j++) {
    cairo_text_extents_t e;
    cairo_text_extents(cr, p->names[j], &e);
    label_w = fmax(label_w, e.x_advance);
  }
  label_w = fmin(label_w, WB - 300);
  Frame f = {label_w + 20, 50, WB - label_w - 50, H - 120, lo - pad, hi + pad, 0, (double)nf};
  axes(cr, &f, "SHAP value (impact on model output)", NULL, p->title, 0);
  cairo_set_source_rgb(cr, 0.7, 0.7, 0.7);
  cairo_move_to(cr, fx(&f, 0), f.y0);
  cairo_line_to(cr, fx(&f, 0), f.y0 + f.h);
  cairo_stroke(cr);
  double row_h = f.h / (double)nf, r = 2.6;
  int nbins = (int)(f.w / (2 * r));
  int *count = g_new0(int, nbins + 1);
  for (size_t j = 0; j < nf; j++) {
    double yc = f.y0 + row_h * ((double)j + 0.5);
    cairo_set_source_rgb(cr, 0, 0, 0);
    text(cr, f.x0 - 8, yc + 4, 11, 1.0, p->names[j]);
    const double *phi = p->phi + j * ns, *val = p->values + j * ns;
    double vmin = HUGE_VAL, vmax = -HUGE_VAL;
    for (size_t i = 0; i < ns; i++)
      if (isfinite(val[i])) {
        vmin = fmin(vmin, val[i]);
        vmax = fmax(vmax, val[i]);
      }
    memset(count, 0, sizeof(int) * (size_t)(nbins + 1));
    for (size_t i = 0; i < ns; i++) {
      if (!isfinite(phi[i])) continue;
      double x = fx(&f, phi[i]);
      int b = CLAMP((int)((x - f.x0) / (2 * r)), 0, nbins);
      int k = count[b]++;
      double dy = (k % 2 ? 1 : -1) * (double)((k + 1) / 2) * 1.6 * r;
      if (fabs(dy) > row_h / 2 - r) dy = fmod(dy, row_h / 2 - r);
      double t = isfinite(val[i]) && vmax > vmin ? (val[i] - vmin) / (vmax - vmin) : 0.5;
      cairo_set_source_rgba(cr, 0.1 + 0.85 * t, 0.35 - 0.25 * fabs(t - 0.5), 0.95 - 0.85 * t, 0.85);
      cairo_arc(cr, x, yc + dy, r, 0, 2 * G_PI);
      cairo_fill(cr);
    }
  }
  g_free(count);
  /* Colour bar: feature value low -> high. */
  for (int i = 0; i < 100; i++) {
    double t = i / 99.0;
    cairo_set_source_rgb(cr, 0.1 + 0.85 * t, 0.35 - 0.25 * fabs(t - 0.5), 0.95 - 0.85 * t);
    cairo_rectangle(cr, f.x0 + f.w - 120 + 1.2 * i, H - 22, 1.3, 8);
    cairo_fill(cr);
  }
  cairo_set_source_rgb(cr, 0, 0, 0);
  text(cr, f.x0 + f.w - 124, H - 14, 10, 1.0, "feature value: low");
  text(cr, f.x0 + f.w + 4, H - 14, 10, 0.0, "high");
}

typedef void (*DrawFn)(cairo_t *cr, const void *what);

static cairo_status_t to_bytes(void *closure, const unsigned char *data, unsigned int len) {
  g_byte_array_append(closure, data, len);
  return CAIRO_STATUS_SUCCESS;
}

/* Draws into memory, then writes base.png and base.svg, each atomically
 * (temporary file, fsync, rename: host/atomic_file.c). */
static gboolean render(const char *base, double width, DrawFn draw, const void *what,
                       GError **err) {
  GByteArray *png = g_byte_array_new(), *svg = g_byte_array_new();
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)width, (int)H);
  cairo_t *cr = cairo_create(s);
  draw(cr, what);
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_write_to_png_stream(s, to_bytes, png);
  cairo_surface_destroy(s);
  if (st == CAIRO_STATUS_SUCCESS) {
    s = cairo_svg_surface_create_for_stream(to_bytes, svg, width, H);
    cr = cairo_create(s);
    draw(cr, what);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    st = cairo_surface_status(s);
    cairo_surface_destroy(s);
  }
  gboolean ok = FALSE;
  char *p1 = g_strconcat(base, ".png", NULL), *p2 = g_strconcat(base, ".svg", NULL);
  if (st != CAIRO_STATUS_SUCCESS)
    g_set_error(err, RMX_ERROR, RMX_ERR_IO, "%s: cannot draw: %s", base, cairo_status_to_string(st));
  else
    ok = rmx_write_file_atomic(p1, png->data, png->len, err) &&
         rmx_write_file_atomic(p2, svg->data, svg->len, err);
  g_free(p1);
  g_free(p2);
  g_byte_array_unref(png);
  g_byte_array_unref(svg);
  return ok;
}

static void roc_cb(cairo_t *cr, const void *p) { draw_roc(cr, p); }
static void bee_cb(cairo_t *cr, const void *p) { draw_beeswarm(cr, p); }

gboolean rmx_plot_roc(const char *base, const RmxPlotRoc *p, GError **err) {
  return render(base, W, roc_cb, p, err);
}

gboolean rmx_plot_beeswarm(const char *base, const RmxPlotBeeswarm *p, GError **err) {
  return render(base, WB, bee_cb, p, err);
}
