/* ml_mlp.h: multi-layer perceptron for binary classification (ReLU hidden layers, logistic output, Adam). */
#ifndef RMX_ML_MLP_H
#define RMX_ML_MLP_H

#include "ml_base.h"

typedef struct RmxMlpOpts {
  const size_t *hidden; /* units per hidden layer */
  size_t n_hidden;
  double alpha;         /* L2 penalty, scikit-learn's scaling: alpha/2 |W|^2 / n */
  double learning_rate; /* Adam step */
  int max_iter;         /* epochs */
  size_t batch_size;    /* 0: min(200, n) */
  double tol;           /* loss improvement that counts */
  int n_iter_no_change; /* epochs without it before stopping */
  uint64_t seed;        /* initial weights and batch order */
} RmxMlpOpts;

typedef struct RmxMlp {
  size_t n_layers; /* weight layers = hidden layers + 1 */
  size_t *sizes;   /* n_layers + 1 widths: p, hidden..., 1 */
  double **W, **b; /* W[l]: sizes[l] x sizes[l+1], row-major */
} RmxMlp;

/* Returns 0, RMX_ERR_NOMEM, or RMX_ERR_NUMERIC when max_iter ended the
 * training before convergence (the model is usable). */
int rmx_mlp_fit(RmxMlp *m, const RmxMatrix *X, const double *y, const double *sw,
                const RmxMlpOpts *o, int *n_iter);
void rmx_mlp_predict(const RmxMlp *m, const RmxMatrix *X, double *proba);
void rmx_mlp_clear(RmxMlp *m);
void rmx_mlp_save(RmxMlWriter *w, const RmxMlp *m);
int rmx_mlp_load(RmxMlReader *r, RmxMlp *m);

#endif
