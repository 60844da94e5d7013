/* metrics.h: binary classification metrics, ROC/PR curves and bootstrap CIs. */
#ifndef RMX_HOST_METRICS_H
#define RMX_HOST_METRICS_H

#include <glib.h>
#include <stdint.h>

/* Metric indices; names as in rmx_metric_names ("roc_auc", ...). */
typedef enum RmxMetric {
  RMX_METRIC_ROC_AUC = 0,  /* ties count 1/2: U_pos / (n_pos n_neg) */
  RMX_METRIC_PR_AUC_AP,    /* average precision, step function (scikit-learn) */
  RMX_METRIC_PR_AUC_TRAPZ, /* trapezoids under the PR curve incl. (recall 0, precision 1) */
  RMX_METRIC_ACCURACY,
  RMX_METRIC_SENSITIVITY,  /* TP/(TP+FN) */
  RMX_METRIC_SPECIFICITY,  /* TN/(TN+FP) */
  RMX_METRIC_PPV,          /* TP/(TP+FP) */
  RMX_METRIC_NPV,          /* TN/(TN+FN) */
  RMX_METRIC_F1,           /* 2TP/(2TP+FP+FN) */
  RMX_METRIC_BRIER,        /* mean (score - y)^2; meaningful for probabilities */
  RMX_METRIC_COUNT
} RmxMetric;

extern const char *const rmx_metric_names[RMX_METRIC_COUNT];
int rmx_metric_from_name(const char *name); /* -1 if unknown */

/* Every metric is NaN when undefined (a zero denominator, one class only). */
typedef struct RmxBinaryMetrics {
  double v[RMX_METRIC_COUNT];
  size_t tp, tn, fp, fn, n_pos, n_neg;
} RmxBinaryMetrics;

/* Labels must be 0 or 1 and scores not NaN; the error names the element
 * ("#k", counted from 1) and 'what' (e.g. "metrics"). */
gboolean rmx_binary_check(const double *y, const double *score, size_t n, const char *what,
                          GError **err);
/* A sample is predicted positive when score >= threshold. Inputs must
 * pass rmx_binary_check. */
void rmx_binary_metrics(const double *y, const double *score, size_t n, double threshold,
                        RmxBinaryMetrics *m);
double rmx_roc_auc(const double *y, const double *score, size_t n);
double rmx_average_precision(const double *y, const double *score, size_t n);

/* Curves as scikit-learn 1.2 returns them:
 *  ROC (drop_intermediate=False): x = fpr, y = tpr, thresholds decreasing,
 *      the first threshold is max(score) + 1 with (0, 0).
 *  PR: x = recall (decreasing), y = precision, thresholds increasing, the
 *      last point is (recall 0, precision 1) with threshold NaN. */
typedef struct RmxCurve {
  size_t n;
  double *threshold, *x, *y;
} RmxCurve;
gboolean rmx_roc_curve(const double *y, const double *score, size_t n, RmxCurve *out, GError **err);
gboolean rmx_pr_curve(const double *y, const double *score, size_t n, RmxCurve *out, GError **err);
void rmx_curve_clear(RmxCurve *c);

/* bootstrap.c: percentile CIs over resamples of the test set. */
typedef struct RmxBootstrapCI {
  double low, high, mean, sd; /* sd with divisor m - 1 */
  size_t n_valid;             /* resamples where the metric was defined */
} RmxBootstrapCI;

/* NumPy's default 'linear' percentile of sorted v[0..m-1], q in [0, 1]. */
double rmx_percentile_linear(const double *sorted, size_t m, double q);

/*
 * Bootstrap of every metric. Resample b uses positions idx[b*m .. b*m+m-1]
 * (0-based into y/score) when idx is given; otherwise n_boot resamples of
 * m = n draws with replacement from RmxRng(seed, stream b). Undefined (NaN)
 * values are dropped before the percentiles at (1-level)/2 and (1+level)/2.
 * per_resample, if not NULL, receives n_boot * RMX_METRIC_COUNT values
 * (resample-major).
 */
gboolean rmx_bootstrap_metrics(const double *y, const double *score, size_t n, double threshold,
                               const size_t *idx, size_t n_boot, size_t m, uint64_t seed,
                               double level, RmxBootstrapCI ci[RMX_METRIC_COUNT],
                               double *per_resample, GError **err);

#endif
