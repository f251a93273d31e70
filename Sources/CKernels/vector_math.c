// The core's exponential, sigmoid and SiLU in 512-bit registers. Every lane runs the operations of FastMath.exp and
// FastMath.sigmoid in TensorCore (Cephes' degree-6 polynomial after range reduction), one intrinsic per Swift operation,
// so that a machine with AVX-512 gets the same bits twice as fast; the tests compare the two paths bit for bit.
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define TARGET __attribute__((target("avx512f"), always_inline)) static inline

TARGET __m512 exp512(__m512 x) {
    const __m512 maximum = _mm512_set1_ps(88.72283f), minimum = _mm512_set1_ps(-87.33654f);
    const __m512 shifter = _mm512_set1_ps(12582912.0f);
    __mmask16 underflow = _mm512_cmp_ps_mask(x, minimum, _CMP_LT_OQ);
    __m512 clamped = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, maximum, _CMP_GT_OQ), x, maximum);
    clamped = _mm512_mask_blend_ps(underflow, clamped, minimum);
    // n = round(x·log₂e), by adding and subtracting 1.5·2²³ (a multiply, an add and a subtract, each rounded).
    __m512 n = _mm512_sub_ps(_mm512_add_ps(_mm512_mul_ps(clamped, _mm512_set1_ps(1.44269504f)), shifter), shifter);
    __m512 r = _mm512_fmadd_ps(n, _mm512_set1_ps(-0.693359375f), clamped);
    r = _mm512_fmadd_ps(n, _mm512_set1_ps(2.1219444e-4f), r);
    __m512 p = _mm512_set1_ps(1.98756915e-4f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
    __m512 er = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
    // 2ⁿ in two halves, so that n = 128 does not overflow the exponent field.
    __m512i integerN = _mm512_sub_epi32(_mm512_castps_si512(_mm512_add_ps(n, shifter)), _mm512_set1_epi32(0x4B400000));
    __m512i halfN = _mm512_srai_epi32(integerN, 1);
    __m512 scale1 = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(halfN, _mm512_set1_epi32(127)), 23));
    __m512 scale2 = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(_mm512_sub_epi32(integerN, halfN), _mm512_set1_epi32(127)), 23));
    __m512 result = _mm512_mul_ps(_mm512_mul_ps(er, scale1), scale2);
    return _mm512_mask_blend_ps(underflow, result, _mm512_setzero_ps());
}

// −x flips the sign bit, as Swift's prefix minus does.
TARGET __m512 sigmoid512(__m512 x) {
    const __m512 one = _mm512_set1_ps(1.0f);
    __m512 negated = _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(x), _mm512_set1_epi32((int)0x80000000)));
    __m512 s = _mm512_div_ps(one, _mm512_add_ps(one, exp512(negated)));
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, _mm512_set1_ps(-87.33654f), _CMP_LT_OQ), s, _mm512_setzero_ps());
}

// One loop for every elementwise kernel: full registers, then a masked one for the tail.
#define ELEMENTWISE(name, expression)                                                                  \
    __attribute__((target("avx512f"))) void name(const float *x, float *y, long count) {               \
        long i = 0;                                                                                    \
        for (; i + 16 <= count; i += 16) { __m512 v = _mm512_loadu_ps(x + i); _mm512_storeu_ps(y + i, expression); } \
        if (i < count) {                                                                               \
            __mmask16 tail = (__mmask16)((1u << (count - i)) - 1);                                     \
            __m512 v = _mm512_maskz_loadu_ps(tail, x + i);                                             \
            _mm512_mask_storeu_ps(y + i, tail, expression);                                            \
        }                                                                                              \
    }

ELEMENTWISE(ck_exp_avx512, exp512(v))
ELEMENTWISE(ck_sigmoid_avx512, sigmoid512(v))
ELEMENTWISE(ck_silu_avx512, _mm512_mul_ps(v, sigmoid512(v)))

__attribute__((target("avx512f"))) void ck_silu_bias_avx512(float *row, const float *bias, long count) {
    long i = 0;
    for (; i + 16 <= count; i += 16) {
        __m512 v = _mm512_add_ps(_mm512_loadu_ps(row + i), _mm512_loadu_ps(bias + i));
        _mm512_storeu_ps(row + i, _mm512_mul_ps(v, sigmoid512(v)));
    }
    if (i < count) {
        __mmask16 tail = (__mmask16)((1u << (count - i)) - 1);
        __m512 v = _mm512_add_ps(_mm512_maskz_loadu_ps(tail, row + i), _mm512_maskz_loadu_ps(tail, bias + i));
        _mm512_mask_storeu_ps(row + i, tail, _mm512_mul_ps(v, sigmoid512(v)));
    }
}

#else

void ck_exp_avx512(const float *x, float *y, long count) { (void)x; (void)y; (void)count; }
void ck_sigmoid_avx512(const float *x, float *y, long count) { (void)x; (void)y; (void)count; }
void ck_silu_avx512(const float *x, float *y, long count) { (void)x; (void)y; (void)count; }
void ck_silu_bias_avx512(float *row, const float *bias, long count) { (void)row; (void)bias; (void)count; }

#endif
