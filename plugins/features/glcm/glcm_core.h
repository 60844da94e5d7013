/* glcm_core.h: GLCM matrices and features, free of host calls so tests can reuse them. */
#ifndef RMX_GLCM_CORE_H
#define RMX_GLCM_CORE_H

#include <radiomix/components.h>

/* In PyRadiomics' output order (its getters sorted by name); Dissimilarity,
 * Homogeneity1/2 and SumVariance are deprecated there (equal to another
 * feature) and computed on request only. */
enum {
  CM_AUTOCORRELATION, CM_CLUSTER_PROMINENCE, CM_CLUSTER_SHADE, CM_CLUSTER_TENDENCY, CM_CONTRAST,
  CM_CORRELATION, CM_DIFFERENCE_AVERAGE, CM_DIFFERENCE_ENTROPY, CM_DIFFERENCE_VARIANCE,
  CM_DISSIMILARITY, CM_HOMOGENEITY1, CM_HOMOGENEITY2, CM_ID, CM_IDM, CM_IDMN, CM_IDN, CM_IMC1,
  CM_IMC2, CM_INVERSE_VARIANCE, CM_JOINT_AVERAGE, CM_JOINT_ENERGY, CM_JOINT_ENTROPY, CM_MCC,
  CM_MAXIMUM_PROBABILITY, CM_SUM_AVERAGE, CM_SUM_ENTROPY, CM_SUM_SQUARES, CM_SUM_VARIANCE,
  CM_COUNT
};

extern const RmxFeatureInfo rmx_glcm_features[CM_COUNT + 1];

/* weightingNorm: how direction matrices are merged (NONE: features averaged). */
typedef enum { RMX_WNORM_NONE = 0, RMX_WNORM_INFINITY, RMX_WNORM_EUCLIDEAN,
               RMX_WNORM_MANHATTAN, RMX_WNORM_NO_WEIGHTING } RmxWeightNorm;

typedef struct RmxGlcmOptions {
  const double *distances; /* Chebyshev distances, integers >= 1 */
  size_t n_distances;
  int symmetrical;
  RmxWeightNorm weighting;
  int ibsi;                /* log2 without the eps PyRadiomics adds */
  /* Optional: runs body(user, i) for every i in [0, n), possibly on several
   * threads, and returns the first non-zero status by index; NULL: serial. */
  int (*run)(void *runner, size_t n, int (*body)(void *user, size_t i), void *user);
  void *runner;
} RmxGlcmOptions;

/* Above this the matrices (about 10 ng^2 doubles in all) would pass 1.3 GiB. */
#define RMX_GLCM_MAX_LEVELS 4096

/* Status codes are RmxStatus; RMX_ERR_INVALID means a bad distance,
 * RMX_ERR_UNSUPPORTED more than RMX_GLCM_MAX_LEVELS grey levels. */
int rmx_glcm_compute(const RmxFeatureInput *in, const RmxGlcmOptions *opt,
                     const uint8_t *enabled, double *values);

/* --- glcm_features.c: features of one normalised matrix --- */
typedef struct RmxGlcmWork {
  size_t ng;        /* grey levels present (matrix order) */
  int n_levels;     /* PyRadiomics' Ng: the highest grey level */
  const double *gl; /* grey level of each row/column */
  double *px, *py, *psum, *pdiff; /* ng, ng, 2*n_levels+1, n_levels */
  double *q, *wr, *wi, *lwork; size_t nlwork; /* MCC: 2*ng*ng + ng, ng, ng, workspace */
  size_t *nz;       /* MCC: 2*ng row indices */
  int symmetric;    /* the matrices are symmetric (symmetricalGLCM) */
} RmxGlcmWork;

/* Features of normalised p (ng x ng, row-major) into f[CM_COUNT]; MCC's
 * second largest eigenvalue goes to *mcc_re / *mcc_im (NaN when unknown).
 * Returns 0, RMX_ERR_NUMERIC when the eigen solver fails, or
 * RMX_ERR_UNSUPPORTED when LAPACK (non-symmetric matrices only) cannot be
 * loaded: rmx_glcm_lapack_error() says why. */
int rmx_glcm_matrix_features(const double *p, RmxGlcmWork *w, int ibsi, int want_mcc,
                             double *f, double *mcc_re, double *mcc_im);

/* --- glcm_lapack.c: LAPACK dgeev (Fortran ABI), opened on first use --- */
typedef void RmxDgeevFn(const char *jobvl, const char *jobvr, const int *n, double *a,
                        const int *lda, double *wr, double *wi, double *vl, const int *ldvl,
                        double *vr, const int *ldvr, double *work, const int *lwork, int *info,
                        size_t len_jobvl, size_t len_jobvr);
/* dgeev_, or NULL when the library cannot be opened. Thread-safe; the
 * library is opened once per process. */
RmxDgeevFn *rmx_glcm_dgeev(void);
/* Why rmx_glcm_dgeev() returned NULL (one line), or NULL when it did not
 * or was not called (it does not open the library itself). */
const char *rmx_glcm_lapack_error(void);

#endif
