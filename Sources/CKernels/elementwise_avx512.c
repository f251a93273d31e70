// The vector functions in 512-bit registers (16 lanes), for CPUs with AVX-512F; chosen at run time (elementwise.c).
#include "CKernels.h"
#include "elementwise_internal.h"

#if defined(__x86_64__)
#define LANES 16
#define SUFFIX avx512
#define KERNEL __attribute__((target("avx512f"), always_inline)) static inline
#define EXPORTED __attribute__((target("avx512f")))
#include "elementwise_template.h"
#endif
