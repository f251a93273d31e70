// The vector functions for the instruction set every machine of the architecture has (4 lanes: SSE2 on x86-64, NEON
// on ARM64). Where the CPU has no fused multiply–add instruction, the compiler calls the C library's fmaf, which is
// exact but slow: the bits are the same, only the time differs.
#include "CKernels.h"
#include "elementwise_internal.h"

#define LANES 4
#define SUFFIX baseline
#define KERNEL __attribute__((always_inline)) static inline
#define EXPORTED
#include "elementwise_template.h"
