/* ml_svm.h: C-support vector classification (SMO with second-order working-set selection) and Platt scaling. */
#ifndef RMX_ML_SVM_H
#define RMX_ML_SVM_H

#include "ml_base.h"

enum { RMX_KERNEL_LINEAR = 0, RMX_KERNEL_RBF = 1 };

typedef struct RmxSvmOpts {
  int kernel;
  double C;
  double gamma;   /* RBF; <= 0: "scale" = 1 / (p * Var(X)) */
  double tol;     /* KKT violation tolerance (libsvm's eps) */
  long max_iter;  /* <= 0: unlimited */
  int probability; /* fit a Platt sigmoid on 5-fold internal CV decisions */
  uint64_t seed;  /* for the internal CV split */
} RmxSvmOpts;

typedef struct RmxSvm {
  int kernel;
  double gamma, rho;
  size_t p, n_sv;
  double *sv;   /* n_sv x p, row-major (RBF) */
  double *coef; /* alpha_i * y_i (RBF) */
  double *w;    /* p, the primal weights (linear) */
  double platt_a, platt_b; /* P(y=1) = 1 / (1 + exp(a f + b)); a = 0: none */
  int has_platt;
} RmxSvm;

/* Returns 0, RMX_ERR_NOMEM, or RMX_ERR_NUMERIC when max_iter was hit. */
int rmx_svm_fit(RmxSvm *m, const RmxMatrix *X, const double *y, const double *sw,
                const RmxSvmOpts *o);
void rmx_svm_decision(const RmxSvm *m, const RmxMatrix *X, double *f);
/* P(y=1) by the Platt sigmoid (a plain logistic of f when absent). */
void rmx_svm_proba(const RmxSvm *m, const RmxMatrix *X, double *p);
void rmx_svm_clear(RmxSvm *m);
void rmx_svm_save(RmxMlWriter *w, const RmxSvm *m);
int rmx_svm_load(RmxMlReader *r, RmxSvm *m);

/* Platt's sigmoid fit (Lin, Lin & Weng's Newton method): P = 1/(1+exp(a f + b)). */
void rmx_platt_fit(const double *f, const double *y, size_t n, double *a, double *b);

#endif
