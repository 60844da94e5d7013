/* ml_tree.h: binary decision trees (CART: Gini or squared error), their predictions and Shapley values. */
#ifndef RMX_ML_TREE_H
#define RMX_ML_TREE_H

#include <radiomix/plugin.h>
#include "ml_base.h"

/* Nodes in pre-order, root 0; a leaf has left = right = feature = -1.
 * A row goes left when x[feature] <= threshold. */
typedef struct RmxTree {
  size_t n_nodes, cap;
  int32_t *left, *right, *feature;
  double *threshold;
  double *value;  /* leaf output: P(y=1) (Gini) or the leaf value */
  double *weight; /* weighted samples reaching the node (the "cover") */
  double *gain;   /* internal nodes: the split's weighted impurity decrease */
} RmxTree;

enum { RMX_CRIT_GINI = 0, RMX_CRIT_MSE = 1 };

typedef struct RmxTreeOpts {
  int criterion;            /* RMX_CRIT_* (Gini: target is 0/1) */
  int max_depth;            /* <= 0: unlimited */
  size_t min_samples_split; /* >= 2 */
  size_t min_samples_leaf;  /* >= 1 */
  size_t max_features;      /* features tried per split; 0 or >= p: all */
  int random_splits;        /* extra trees: one uniform threshold per feature */
  double lambda;            /* MSE only: L2 on leaf values (second-order boosting) */
  double min_child_weight;  /* minimum summed weight of a child */
  const uint32_t *presorted; /* optional, from rmx_tree_presort: speeds up exact splits */
  const double *presorted_x; /* optional with it: the values in that order */
} RmxTreeOpts;

/* Row order of every column of X by value (p x n, malloc'ed; NULL on OOM). */
uint32_t *rmx_tree_presort(const RmxMatrix *X);
/* X's values in that order (p x n, malloc'ed; NULL on OOM). */
double *rmx_tree_presort_values(const RmxMatrix *X, const uint32_t *order);

void rmx_tree_init(RmxTree *t);
void rmx_tree_clear(RmxTree *t);
/* Adds a node, returns its index or -1 on OOM. */
int32_t rmx_tree_add(RmxTree *t, int32_t feature, double threshold, double value, double weight);

/*
** Grows a tree on the rows with w[i] > 0 (w NULL: all 1; bootstrap counts
** are weights). target is 0/1 for Gini. For MSE with lambda the leaf value
** is sum(w*target)/(sum(w)+lambda). leaf_of (n, may be NULL) receives the
** leaf of each row used (-1 for others). rng may be NULL when no randomness
** is needed (max_features all, no random splits).
*/
int rmx_tree_fit(RmxTree *t, const RmxMatrix *X, const double *target, const double *w,
                 const RmxTreeOpts *o, RmxRng *rng, int32_t *leaf_of);

int32_t rmx_tree_leaf(const RmxTree *t, const RmxMatrix *X, size_t row);
double rmx_tree_predict_row(const RmxTree *t, const RmxMatrix *X, size_t row);
/* Adds each feature's summed gain to imp (p), scaled by 1/root weight. */
void rmx_tree_importance(const RmxTree *t, double *imp);

void rmx_tree_save(RmxMlWriter *w, const RmxTree *t);
int rmx_tree_load(RmxMlReader *r, RmxTree *t, size_t n_features);

/*
** Shapley values of one tree's output for row r of X, added (times scale)
** into phi (p entries). Path-dependent (TreeSHAP, cover-weighted) and
** interventional against every row of B; each returns the base value.
** The interventional routine averages over the rows of B.
*/
double rmx_tree_shap_path(const RmxTree *t, const RmxMatrix *X, size_t r, double scale,
                          double *phi);
double rmx_tree_shap_interventional(const RmxTree *t, const RmxMatrix *X, size_t r,
                                    const RmxMatrix *B, double scale, double *phi);

#endif
