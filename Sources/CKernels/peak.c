// A dependent-free FMA loop: the machine's peak single-precision arithmetic rate for one thread at one vector width.
// Twelve or sixteen independent accumulators hide the FMA latency (4–5 cycles on current x86 cores, two FMA ports); an empty
// assembly statement on each keeps the compiler from reasoning about the recurrence and shortening the loop.
#include "CKernels.h"
#include <time.h>

#if defined(__x86_64__)
#include <immintrin.h>

int ck_cpu_has_avx2_fma(void) { __builtin_cpu_init(); return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }
int ck_cpu_has_avx512f(void) { __builtin_cpu_init(); return __builtin_cpu_supports("avx512f"); }

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

// 512-bit code has 32 vector registers, AVX2 code 16: twelve chains plus the two constants fit without spilling.
#define CHAINS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)
#define CHAINS12(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)

__attribute__((target("avx2,fma"))) static float fma_block_256(long rounds) {
    const __m256 m = _mm256_set1_ps(0.9999999f), c = _mm256_set1_ps(1e-7f);
#define DECLARE(i) __m256 a##i = _mm256_set1_ps(1.0f + 0.01f * (float)(i));
    CHAINS12(DECLARE)
#undef DECLARE
    for (long r = 0; r < rounds; r++) {
#define STEP(i) a##i = _mm256_fmadd_ps(a##i, m, c); __asm__ volatile("" : "+x"(a##i));
        CHAINS12(STEP)
#undef STEP
    }
    __m256 s = _mm256_setzero_ps();
#define SUM(i) s = _mm256_add_ps(s, a##i);
    CHAINS12(SUM)
#undef SUM
    float lanes[8];
    _mm256_storeu_ps(lanes, s);
    return lanes[0];
}

__attribute__((target("avx512f"))) static float fma_block_512(long rounds) {
    const __m512 m = _mm512_set1_ps(0.9999999f), c = _mm512_set1_ps(1e-7f);
#define DECLARE(i) __m512 a##i = _mm512_set1_ps(1.0f + 0.01f * (float)(i));
    CHAINS(DECLARE)
#undef DECLARE
    for (long r = 0; r < rounds; r++) {
#define STEP(i) a##i = _mm512_fmadd_ps(a##i, m, c); __asm__ volatile("" : "+v"(a##i));
        CHAINS(STEP)
#undef STEP
    }
    __m512 s = _mm512_setzero_ps();
#define SUM(i) s = _mm512_add_ps(s, a##i);
    CHAINS(SUM)
#undef SUM
    return _mm512_reduce_add_ps(s);
}

volatile float ck_peak_sink;   // keeps the loops' results alive

double ck_fma_peak_gflops(int width, double seconds) {
    if (width == 256 && !ck_cpu_has_avx2_fma()) return 0;
    if (width == 512 && !ck_cpu_has_avx512f()) return 0;
    if (width != 256 && width != 512) return 0;
    const long rounds = 1L << 20;
    const double flopsPerRound = (width == 256 ? 12.0 : 16.0) * (width / 32) * 2.0;
    // One untimed block to bring the core to its running clock, then whole blocks until `seconds` have passed.
    ck_peak_sink = width == 256 ? fma_block_256(rounds) : fma_block_512(rounds);
    double start = now(), elapsed = 0;
    long blocks = 0;
    do {
        ck_peak_sink = width == 256 ? fma_block_256(rounds) : fma_block_512(rounds);
        blocks++;
        elapsed = now() - start;
    } while (elapsed < seconds);
    return flopsPerRound * (double)rounds * (double)blocks / elapsed / 1e9;
}

#else

int ck_cpu_has_avx2_fma(void) { return 0; }
int ck_cpu_has_avx512f(void) { return 0; }
double ck_fma_peak_gflops(int width, double seconds) { (void)width; (void)seconds; return 0; }

#endif
