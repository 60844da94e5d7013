/* metrics.c: threshold metrics, ROC AUC, average precision and the curves behind them. */
#include "metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "volume.h" /* RMX_ERROR */

const char *const rmx_metric_names[RMX_METRIC_COUNT] = {
    "roc_auc", "pr_auc_ap", "pr_auc_trapz", "accuracy", "sensitivity",
    "specificity", "ppv", "npv", "f1", "brier"};

int rmx_metric_from_name(const char *name) {
  for (int i = 0; i < RMX_METRIC_COUNT; i++)
    if (strcmp(name, rmx_metric_names[i]) == 0) return i;
  return -1;
}

gboolean rmx_binary_check(const double *y, const double *score, size_t n, const char *what,
                          GError **err) {
  for (size_t i = 0; i < n; i++) {
    if (y[i] != 0 && y[i] != 1) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                  "%s: label #%zu is %g; labels must be 0 or 1", what, i + 1, y[i]);
      return FALSE;
    }
    if (isnan(score[i])) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: score #%zu is NaN", what, i + 1);
      return FALSE;
    }
  }
  return TRUE;
}

typedef struct Pair { double s; int y; } Pair;

static int by_score_desc(const void *a, const void *b) {
  double x = ((const Pair *)a)->s, z = ((const Pair *)b)->s;
  return (x < z) - (x > z);
}

/*
 * The steps of scikit-learn's _binary_clf_curve: one per distinct score,
 * from high to low, with the cumulative true and false positives at or above
 * it. Returns the number of steps k (arrays need room for n).
 */
static size_t clf_steps(const double *y, const double *score, size_t n, size_t *tps,
                        size_t *fps, double *thr) {
  Pair *p = g_new(Pair, n ? n : 1);
  for (size_t i = 0; i < n; i++) p[i] = (Pair){score[i], y[i] == 1};
  qsort(p, n, sizeof *p, by_score_desc);
  size_t k = 0, tp = 0, fp = 0;
  for (size_t i = 0; i < n; i++) {
    tp += (size_t)p[i].y;
    fp += (size_t)!p[i].y;
    if (i + 1 == n || p[i + 1].s != p[i].s) {
      tps[k] = tp;
      fps[k] = fp;
      thr[k] = p[i].s;
      k++;
    }
  }
  g_free(p);
  return k;
}

/* AUC, AP and the PR trapezoid share one pass over the steps. */
static void ranking_metrics(const double *y, const double *score, size_t n, double *auc,
                            double *ap, double *trapz) {
  size_t *tps = g_new(size_t, 2 * (n ? n : 1)), *fps = tps + (n ? n : 1);
  double *thr = g_new(double, n ? n : 1);
  size_t k = clf_steps(y, score, n, tps, fps, thr);
  size_t P = k ? tps[k - 1] : 0, N = k ? fps[k - 1] : 0;
  *auc = *ap = *trapz = NAN;
  if (P > 0 && N > 0) {
    /* Trapezoids in integer units (2x area), so the one rounding is the final division. */
    double twice = 0;
    size_t tp0 = 0, fp0 = 0;
    for (size_t i = 0; i < k; i++) {
      twice += (double)(fps[i] - fp0) * (double)(tps[i] + tp0);
      tp0 = tps[i];
      fp0 = fps[i];
    }
    *auc = twice / (2.0 * (double)P * (double)N);
  }
  if (P > 0) {
    double sap = 0, st = 0, r0 = 0, p0 = 1;
    for (size_t i = 0; i < k; i++) {
      double prec = (double)tps[i] / (double)(tps[i] + fps[i]);
      double rec = (double)tps[i] / (double)P;
      sap += (rec - r0) * prec;
      st += (rec - r0) * (prec + p0) / 2;
      r0 = rec;
      p0 = prec;
    }
    *ap = sap;
    *trapz = st;
  }
  g_free(tps);
  g_free(thr);
}

static double ratio(size_t a, size_t b) { return b ? (double)a / (double)b : NAN; }

void rmx_binary_metrics(const double *y, const double *score, size_t n, double threshold,
                        RmxBinaryMetrics *m) {
  memset(m, 0, sizeof *m);
  double brier = 0;
  for (size_t i = 0; i < n; i++) {
    int pos = y[i] == 1, pred = score[i] >= threshold;
    m->tp += (size_t)(pos && pred);
    m->fn += (size_t)(pos && !pred);
    m->fp += (size_t)(!pos && pred);
    m->tn += (size_t)(!pos && !pred);
    brier += (score[i] - y[i]) * (score[i] - y[i]);
  }
  m->n_pos = m->tp + m->fn;
  m->n_neg = m->tn + m->fp;
  ranking_metrics(y, score, n, &m->v[RMX_METRIC_ROC_AUC], &m->v[RMX_METRIC_PR_AUC_AP],
                  &m->v[RMX_METRIC_PR_AUC_TRAPZ]);
  m->v[RMX_METRIC_ACCURACY] = ratio(m->tp + m->tn, n);
  m->v[RMX_METRIC_SENSITIVITY] = ratio(m->tp, m->tp + m->fn);
  m->v[RMX_METRIC_SPECIFICITY] = ratio(m->tn, m->tn + m->fp);
  m->v[RMX_METRIC_PPV] = ratio(m->tp, m->tp + m->fp);
  m->v[RMX_METRIC_NPV] = ratio(m->tn, m->tn + m->fn);
  m->v[RMX_METRIC_F1] = ratio(2 * m->tp, 2 * m->tp + m->fp + m->fn);
  m->v[RMX_METRIC_BRIER] = n ? brier / (double)n : NAN;
}

double rmx_roc_auc(const double *y, const double *score, size_t n) {
  double auc, ap, tr;
  ranking_metrics(y, score, n, &auc, &ap, &tr);
  return auc;
}

double rmx_average_precision(const double *y, const double *score, size_t n) {
  double auc, ap, tr;
  ranking_metrics(y, score, n, &auc, &ap, &tr);
  return ap;
}

void rmx_curve_clear(RmxCurve *c) {
  g_free(c->threshold);
  g_free(c->x);
  g_free(c->y);
  memset(c, 0, sizeof *c);
}

static void curve_alloc(RmxCurve *c, size_t n) {
  c->n = n;
  c->threshold = g_new(double, n);
  c->x = g_new(double, n);
  c->y = g_new(double, n);
}

gboolean rmx_roc_curve(const double *y, const double *score, size_t n, RmxCurve *out, GError **err) {
  memset(out, 0, sizeof *out);
  if (n == 0) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "roc_curve: no samples");
    return FALSE;
  }
  if (!rmx_binary_check(y, score, n, "roc_curve", err)) return FALSE;
  size_t *tps = g_new(size_t, 2 * n), *fps = tps + n;
  double *thr = g_new(double, n);
  size_t k = clf_steps(y, score, n, tps, fps, thr);
  double P = (double)tps[k - 1], N = (double)fps[k - 1];
  curve_alloc(out, k + 1);
  out->threshold[0] = thr[0] + 1; /* scikit-learn 1.2's artificial first threshold */
  out->x[0] = N > 0 ? 0 : NAN;
  out->y[0] = P > 0 ? 0 : NAN;
  for (size_t i = 0; i < k; i++) {
    out->threshold[i + 1] = thr[i];
    out->x[i + 1] = (double)fps[i] / N; /* NaN without negatives, as scikit-learn */
    out->y[i + 1] = (double)tps[i] / P;
  }
  g_free(tps);
  g_free(thr);
  return TRUE;
}

gboolean rmx_pr_curve(const double *y, const double *score, size_t n, RmxCurve *out, GError **err) {
  memset(out, 0, sizeof *out);
  if (n == 0) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "pr_curve: no samples");
    return FALSE;
  }
  if (!rmx_binary_check(y, score, n, "pr_curve", err)) return FALSE;
  size_t *tps = g_new(size_t, 2 * n), *fps = tps + n;
  double *thr = g_new(double, n);
  size_t k = clf_steps(y, score, n, tps, fps, thr);
  double P = (double)tps[k - 1];
  curve_alloc(out, k + 1);
  for (size_t i = 0; i < k; i++) { /* reversed: recall decreasing */
    size_t j = k - 1 - i;
    out->threshold[i] = thr[j];
    out->y[i] = (double)tps[j] / (double)(tps[j] + fps[j]);
    out->x[i] = P > 0 ? (double)tps[j] / P : 1.0; /* scikit-learn: recall 1 without positives */
  }
  out->threshold[k] = NAN;
  out->y[k] = 1;
  out->x[k] = 0;
  g_free(tps);
  g_free(thr);
  return TRUE;
}
