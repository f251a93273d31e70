// The vector functions in 256-bit registers (8 lanes), for CPUs with AVX2 and FMA; chosen at run time (elementwise.c).
#include "CKernels.h"
#include "elementwise_internal.h"

#if defined(__x86_64__)
#define LANES 8
#define SUFFIX avx2
#define KERNEL __attribute__((target("avx2,fma"), always_inline)) static inline
#define EXPORTED __attribute__((target("avx2,fma")))
#include "elementwise_template.h"
#endif
