/* ml_simple.h: instance- and density-based classifiers: k nearest neighbours and Gaussian naive Bayes. */
#ifndef RMX_ML_SIMPLE_H
#define RMX_ML_SIMPLE_H

#include "ml_base.h"
#include "ml_pairwise.h"

/* k-NN keeps the training rows (packed for rmx_pw_sqdist) and labels. */
typedef struct RmxKnn {
  size_t n, p, k;
  int distance_weights; /* 0: uniform, 1: 1/distance */
  RmxPacked x;
  double *y, *w;        /* w: sample weights */
} RmxKnn;

int rmx_knn_fit(RmxKnn *m, const RmxMatrix *X, const double *y, const double *sw, size_t k,
                int distance_weights);
/* Weighted share of positive neighbours (Euclidean; ties by training order). */
int rmx_knn_predict(const RmxKnn *m, const RmxMatrix *X, double *proba);
void rmx_knn_clear(RmxKnn *m);
void rmx_knn_save(RmxMlWriter *w, const RmxKnn *m);
int rmx_knn_load(RmxMlReader *r, RmxKnn *m);

/* Gaussian NB: per-class means and variances (+ var_smoothing * the largest feature variance). */
typedef struct RmxGnb {
  size_t p;
  double prior[2];
  double *theta, *var; /* 2 x p: class 0 row, then class 1 */
} RmxGnb;

int rmx_gnb_fit(RmxGnb *m, const RmxMatrix *X, const double *y, const double *sw,
                double var_smoothing);
void rmx_gnb_predict(const RmxGnb *m, const RmxMatrix *X, double *proba);
void rmx_gnb_clear(RmxGnb *m);
void rmx_gnb_save(RmxMlWriter *w, const RmxGnb *m);
int rmx_gnb_load(RmxMlReader *r, RmxGnb *m);

#endif
