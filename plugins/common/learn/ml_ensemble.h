/* ml_ensemble.h: tree ensembles: random forest / extra trees, gradient boosting (log-loss), second-order boosting gain. */
#ifndef RMX_ML_ENSEMBLE_H
#define RMX_ML_ENSEMBLE_H

#include "ml_tree.h"

typedef struct RmxForestOpts {
  RmxTreeOpts tree;     /* Gini; random_splits for extra trees */
  size_t n_estimators;
  int bootstrap;
  uint64_t seed;
} RmxForestOpts;

typedef struct RmxForest {
  size_t n_trees, n_features;
  RmxTree *trees;
} RmxForest;

int rmx_forest_alloc(RmxForest *f, size_t n_trees, size_t n_features);
void rmx_forest_clear(RmxForest *f);
/* Grows tree i alone, seeded from (seed, i): trees can be grown in any
 * order or in parallel with identical results. */
int rmx_forest_fit_tree(RmxForest *f, size_t i, const RmxMatrix *X, const double *y,
                        const double *sw, const RmxForestOpts *o);
void rmx_forest_predict(const RmxForest *f, const RmxMatrix *X, double *proba);
/* Mean-decrease-in-impurity: each tree's importances normalised, averaged, normalised. */
void rmx_forest_importance(const RmxForest *f, double *imp);
void rmx_forest_save(RmxMlWriter *w, const RmxForest *f);
int rmx_forest_load(RmxMlReader *r, RmxForest *f);

/* max_features by name: "sqrt", "log2", "all" (or NULL); 0 on an unknown name. */
size_t rmx_ml_max_features(const char *name, size_t p);

typedef struct RmxGbmOpts {
  size_t n_estimators;
  double learning_rate, subsample;
  int max_depth;
  size_t min_samples_split, min_samples_leaf, max_features;
  uint64_t seed;
} RmxGbmOpts;

/* scikit-learn-style gradient boosting for log-loss: squared-error trees on
 * the residuals, Newton leaf values, raw = init + lr * sum of trees. */
typedef struct RmxGbm {
  double init, learning_rate;
  size_t n_trees, n_features;
  RmxTree *trees;
} RmxGbm;

int rmx_gbm_fit(RmxGbm *g, const RmxMatrix *X, const double *y, const double *sw,
                const RmxGbmOpts *o);
void rmx_gbm_raw(const RmxGbm *g, const RmxMatrix *X, double *raw);
void rmx_gbm_clear(RmxGbm *g);
void rmx_gbm_save(RmxMlWriter *w, const RmxGbm *g);
int rmx_gbm_load(RmxMlReader *r, RmxGbm *g);

typedef struct RmxBoostOpts {
  size_t n_estimators;
  double eta, lambda, min_child_weight, subsample;
  int max_depth;
  uint64_t seed;
  size_t max_bins; /* histogram bins per feature (quantiles); 0: exact splits */
} RmxBoostOpts;

/* Second-order (xgboost-like) boosting of the log-loss from margin 0, on
 * features binned into at most max_bins quantile bins (a column with fewer
 * distinct values keeps them all, so small sets split exactly); writes
 * each feature's average split gain (0 when never split on) and, when not
 * NULL, the split counts. */
int rmx_boost_gain(const RmxMatrix *X, const double *y, const RmxBoostOpts *o, double *gain,
                   double *n_splits);

#endif
