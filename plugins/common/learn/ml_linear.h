/* ml_linear.h: linear models: logistic regression (L2 Newton, L1/elastic-net coordinate descent), RFE, min-norm least squares. */
#ifndef RMX_ML_LINEAR_H
#define RMX_ML_LINEAR_H

#include "ml_base.h"

enum { RMX_PENALTY_L2 = 0, RMX_PENALTY_L1 = 1, RMX_PENALTY_ELASTICNET = 2 };

typedef struct RmxLogregOpts {
  int penalty;     /* RMX_PENALTY_* */
  double C;        /* inverse regularisation strength, > 0 */
  double l1_ratio; /* elastic-net mixing in [0, 1] */
  double tol;      /* stop when the largest |gradient| (L2) or |step| (L1) <= tol */
  int max_iter;
} RmxLogregOpts;

/*
** Minimises C * sum_i sw_i * logloss_i + (1 - r)/2 |w|^2 + r |w|_1 with an
** unpenalised intercept (r = 0 for L2, 1 for L1), scikit-learn's objective.
** w (p) and *b are read as a warm start when warm != 0, else start at 0.
** Returns 0, or RMX_ERR_NOMEM / RMX_ERR_NUMERIC (not converged; w, b hold
** the last iterate). *n_iter receives the iterations used (may be NULL).
*/
int rmx_logreg_fit(const RmxMatrix *X, const double *y, const double *sw,
                   const RmxLogregOpts *o, int warm, double *w, double *b, int *n_iter);

/* Largest |gradient| of the L2 objective at (w, b): a convergence check. */
double rmx_logreg_l2_grad_max(const RmxMatrix *X, const double *y, const double *sw, double C,
                              const double *w, double b);

/*
** Recursive feature elimination with the L2 model: refit on the surviving
** columns, drop the smallest coef^2, until one is left. ranking[0] is the
** last survivor (rank 1). Returns 0 or an RMX_ERR_* code.
*/
int rmx_logreg_rfe(const RmxMatrix *X, const double *y, double C, double tol, size_t *ranking);

/*
** Minimum-norm least squares of y on X with an intercept (SVD, singular
** values below rcond * largest treated as zero): coef (p), *intercept.
*/
int rmx_linreg_minnorm(const RmxMatrix *X, const double *y, double rcond, double *coef,
                       double *intercept);

/* chi2 on columns min-max scaled to [0, 1] (scikit-learn's chi2 statistic);
 * NaN for a constant column. Pearson r with a 0/1 label; NaN when constant. */
void rmx_ml_chi2(const RmxMatrix *X, const double *y, double *chi2);
void rmx_ml_pearson(const RmxMatrix *X, const double *y, double *r);

#endif
