/* ml_lapack.h: the few LAPACK routines used, declared for the Fortran ABI (OpenBLAS ships no lapack.h here). */
#ifndef RMX_ML_LAPACK_H
#define RMX_ML_LAPACK_H

#include <stddef.h>

/* Trailing size_t arguments are the hidden lengths of character arguments. */
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info, size_t);
void dpotrs_(const char *uplo, const int *n, const int *nrhs, const double *a, const int *lda,
             double *b, const int *ldb, int *info, size_t);
void dgelsd_(const int *m, const int *n, const int *nrhs, double *a, const int *lda, double *b,
             const int *ldb, double *s, const double *rcond, int *rank, double *work,
             const int *lwork, int *iwork, int *info);

#endif
