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

/// The core's vectorised elementary functions (`FastMath` in TensorCore), compiled for several instruction sets from one
/// definition (vector_functions.h). Every width computes exactly the operations of the Swift SIMD8 definitions, in the
/// same order and with the same fused multiply–adds, so the results are bit-for-bit the same whichever width runs.
typedef enum { CK_EXP, CK_SIGMOID, CK_SILU, CK_TANH } ck_vector_function;

/// The widest vectors this CPU runs: 512 (AVX-512F), 256 (AVX2 and FMA) or 128 (the architecture's baseline).
int ck_cpu_vector_bits(void);
/// The width the core uses: `ck_cpu_vector_bits()`, lowered to 256 or 128 if the environment variable DGM_VECTOR_BITS
/// asks for it (read once).
int ck_vector_bits(void);

/// y[i] = f(x[i]) for i < count (x and y may be the same array), in vectors of `bits` bits (lowered to what the CPU
/// runs): f is e^x; σ(x) = 1/(1 + e^{−x}) (0 below the exponential's range); SiLU x·σ(x); or tanh x.
void ck_apply(ck_vector_function function, int bits, const float *x, float *y, long count);
/// row[i] = f(row[i] + bias[i]) for i < count: a dense layer's bias and activation in one pass.
void ck_apply_bias(ck_vector_function function, int bits, float *row, const float *bias, long count);

/// A matrix product C = f(A·B + bias) for the inference shapes (many rows, a fixed weight matrix B of k × n), in 512-bit
/// registers (check `ck_cpu_vector_bits() >= 512` first). B is first packed (`ck_gemm_packed_size` floats):
/// `ck_gemm_packed_avx512` then writes rows [row0, row1) of C (row-major, leading dimensions lda and ldc). Each row of C
/// depends only on the same row of A, in a fixed order of operations, whatever the split of rows between calls. With
/// `bias` NULL it writes the product alone; otherwise the bias is added and `activation` (a ck_vector_function, or −1
/// for none) applied to each block while it is in registers, with the same bits as `ck_apply_bias`.
long ck_gemm_packed_size(long k, long n);
void ck_gemm_pack_b(const float *b, long ldb, long k, long n, float *packed);
void ck_gemm_packed_avx512(const float *a, long lda, const float *packed, float *c, long ldc, long row0, long row1,
                           long n, long k, const float *bias, int activation);

#endif
