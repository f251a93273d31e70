// Kernels of the numerics core written in C, so that wider vector code can be compiled for one function
// (`__attribute__((target(...)))`) and chosen at run time from what the CPU reports, while the rest of the package
// is compiled for a baseline every machine of its kind runs.
#ifndef CKERNELS_H
#define CKERNELS_H

#include <stdint.h>

/// What the CPU reports it can run (x86-64: from CPUID via the compiler's runtime; other architectures: 0).
int ck_cpu_has_avx2_fma(void);
int ck_cpu_has_avx512f(void);

/// Single-precision fused multiply–add throughput of a loop of independent FMA chains, in GFLOP/s (2 flops per lane
/// per FMA), on the calling thread, run for about `seconds`. `width` is 256 or 512 bits; returns 0 if the CPU cannot
/// run that width.
double ck_fma_peak_gflops(int width, double seconds);

/// 512-bit versions of the core's vectorised elementary functions (`FastMath` in TensorCore), for CPUs with AVX-512F
/// (check `ck_cpu_has_avx512f` first). Each lane performs exactly the operations of the Swift SIMD8 kernels, in the
/// same order and with the same fused multiply–adds, so the results are bit-for-bit the same: only the width differs.
/// y[i] = e^{x[i]} for i < count (x and y may be the same array).
void ck_exp_avx512(const float *x, float *y, long count);
/// y[i] = σ(x[i]) = 1/(1 + e^{−x[i]}) (0 below the exponential's range, as FastMath.sigmoid).
void ck_sigmoid_avx512(const float *x, float *y, long count);
/// y[i] = x[i]·σ(x[i]), SiLU.
void ck_silu_avx512(const float *x, float *y, long count);
/// row[i] = v·σ(v) with v = row[i] + bias[i], σ(v) = 1/(1 + e^{−v}): a dense layer's bias and SiLU in one pass.
void ck_silu_bias_avx512(float *row, const float *bias, long count);

/// A matrix product C = A·B for the inference shapes (many rows, a fixed weight matrix B of k × n), in 512-bit
/// registers. B is first packed into panels of 32 columns (`ck_gemm_packed_size` floats, zero-padded);
/// `ck_gemm_packed_avx512` then writes rows [row0, row1) of C (row-major, leading dimensions lda and ldc). Each C[i, j]
/// is the sum over p in increasing order with one fused multiply–add per term, whatever the split of rows.
long ck_gemm_packed_size(long k, long n);
void ck_gemm_pack_b(const float *b, long ldb, long k, long n, float *packed);
void ck_gemm_packed_avx512(const float *a, long lda, const float *packed, float *c, long ldc, long row0, long row1, long n, long k);

#endif
