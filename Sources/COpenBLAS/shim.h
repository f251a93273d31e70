// The C interface the tensor core uses: CBLAS from OpenBLAS, plus the few
// Fortran LAPACK routines we call. Debian's OpenBLAS exports LAPACK itself,
// so we declare the prototypes here instead of depending on LAPACKE.
#ifndef COPENBLAS_SHIM_H
#define COPENBLAS_SHIM_H
#include <cblas.h>

// glibc's mallopt, used by the tensor core to keep large buffers on the heap.
#include <malloc.h>

/// Symmetric eigendecomposition (divide and conquer), double precision.
void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a,
             const int *lda, double *w, double *work, const int *lwork,
             int *iwork, const int *liwork, int *info);

/// Cholesky factorisation of a symmetric positive-definite matrix.
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda,
             int *info);

/// Solution of a general square system A X = B by LU with partial pivoting.
void dgesv_(const int *n, const int *nrhs, double *a, const int *lda,
            int *ipiv, double *b, const int *ldb, int *info);

#endif
