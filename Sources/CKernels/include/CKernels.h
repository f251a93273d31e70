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

#endif
