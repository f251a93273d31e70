// Which instruction set the vector functions use: the widest the CPU reports, unless the environment variable
// DGM_VECTOR_BITS asks for fewer bits (128, 256), to compare the paths or to check a narrower machine's results.
#include "CKernels.h"
#include "elementwise_internal.h"
#include <stdlib.h>

int ck_cpu_vector_bits(void) {
    if (ck_cpu_has_avx512f()) return 512;
    if (ck_cpu_has_avx2_fma()) return 256;
    return 128;
}

// What the CPU runs, found once.
static int supported_bits(void) {
    static int cached = 0;
    int bits = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (!bits) { bits = ck_cpu_vector_bits(); __atomic_store_n(&cached, bits, __ATOMIC_RELAXED); }
    return bits;
}

int ck_vector_bits(void) {
    static int chosen = 0;   // 0 until the first call; every thread computes the same value, so a race is harmless
    int bits = __atomic_load_n(&chosen, __ATOMIC_RELAXED);
    if (bits) return bits;
    bits = supported_bits();
    const char *requested = getenv("DGM_VECTOR_BITS");
    if (requested) {
        int cap = atoi(requested);
        if (cap >= 128 && cap < bits) bits = cap >= 256 ? 256 : 128;
    }
    __atomic_store_n(&chosen, bits, __ATOMIC_RELAXED);
    return bits;
}

void ck_apply(ck_vector_function function, int bits, const float *x, float *y, long count) {
    if (bits > supported_bits()) bits = supported_bits();
#if defined(__x86_64__)
    if (bits >= 512) { ck_apply_avx512(function, x, y, count); return; }
    if (bits >= 256) { ck_apply_avx2(function, x, y, count); return; }
#endif
    (void)bits;
    ck_apply_baseline(function, x, y, count);
}

void ck_apply_bias(ck_vector_function function, int bits, float *row, const float *bias, long count) {
    if (bits > supported_bits()) bits = supported_bits();
#if defined(__x86_64__)
    if (bits >= 512) { ck_apply_bias_avx512(function, row, bias, count); return; }
    if (bits >= 256) { ck_apply_bias_avx2(function, row, bias, count); return; }
#endif
    (void)bits;
    ck_apply_bias_baseline(function, row, bias, count);
}
