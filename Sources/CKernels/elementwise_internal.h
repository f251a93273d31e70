// The per-instruction-set entry points behind ck_apply and ck_apply_bias (elementwise.c chooses one at run time).
#ifndef CKERNELS_ELEMENTWISE_INTERNAL_H
#define CKERNELS_ELEMENTWISE_INTERNAL_H
#include "CKernels.h"

void ck_apply_baseline(ck_vector_function function, const float *x, float *y, long count);
void ck_apply_bias_baseline(ck_vector_function function, float *row, const float *bias, long count);
#if defined(__x86_64__)
void ck_apply_avx2(ck_vector_function function, const float *x, float *y, long count);
void ck_apply_bias_avx2(ck_vector_function function, float *row, const float *bias, long count);
void ck_apply_avx512(ck_vector_function function, const float *x, float *y, long count);
void ck_apply_bias_avx512(ck_vector_function function, float *row, const float *bias, long count);
#endif
#endif
