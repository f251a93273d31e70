// A matrix product of our own for the inference shapes of the book's networks (a batch of rows times a weight matrix
// of a few hundred columns at most), in 512-bit registers, for machines where OpenBLAS is held to narrower kernels.
//
// The weight matrix B (k × n) is packed once into panels of 32 columns; a micro-kernel keeps a 12 × 32 block of C in
// twenty-four registers and, for each p < k, broadcasts A[i, p] for its 12 rows and multiply–adds them into the two
// registers of B's row p. Every C[i, j] is the sum over p in increasing order, one fused multiply–add per term, so the
// result does not depend on how rows are split between cores.
#include "CKernels.h"

#define PANEL 32
#define ROWS 12

long ck_gemm_packed_size(long k, long n) { return ((n + PANEL - 1) / PANEL) * PANEL * k; }

void ck_gemm_pack_b(const float *b, long ldb, long k, long n, float *packed) {
    long panels = (n + PANEL - 1) / PANEL;
    for (long panel = 0; panel < panels; panel++) {
        float *destination = packed + panel * PANEL * k;
        for (long p = 0; p < k; p++) {
            for (long j = 0; j < PANEL; j++) {
                long column = panel * PANEL + j;
                destination[p * PANEL + j] = column < n ? b[p * ldb + column] : 0.0f;
            }
        }
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

// rows ≤ ROWS rows of C (starting at c) times one packed panel, `width` ≤ PANEL columns stored.
__attribute__((target("avx512f"), always_inline)) static inline void block(
        const float *a, long lda, const float *panel, float *c, long ldc, long k, int rows, int width) {
    __m512 low[ROWS], high[ROWS];
    for (int r = 0; r < ROWS; r++) { low[r] = _mm512_setzero_ps(); high[r] = _mm512_setzero_ps(); }
    for (long p = 0; p < k; p++) {
        __m512 b0 = _mm512_loadu_ps(panel + p * PANEL), b1 = _mm512_loadu_ps(panel + p * PANEL + 16);
        for (int r = 0; r < ROWS; r++) {
            if (r < rows) {
                __m512 x = _mm512_set1_ps(a[r * lda + p]);
                low[r] = _mm512_fmadd_ps(x, b0, low[r]);
                high[r] = _mm512_fmadd_ps(x, b1, high[r]);
            }
        }
    }
    __mmask16 lowMask = width >= 16 ? 0xFFFF : (__mmask16)((1u << width) - 1);
    __mmask16 highMask = width >= 32 ? 0xFFFF : width <= 16 ? 0 : (__mmask16)((1u << (width - 16)) - 1);
    for (int r = 0; r < ROWS; r++) {
        if (r < rows) {
            _mm512_mask_storeu_ps(c + r * ldc, lowMask, low[r]);
            _mm512_mask_storeu_ps(c + r * ldc + 16, highMask, high[r]);
        }
    }
}

// Full blocks get their own copy with the row count a constant, so the compiler keeps all twenty-four accumulators in
// registers and drops the row tests.
__attribute__((target("avx512f"))) static void fullBlock(const float *a, long lda, const float *panel, float *c, long ldc, long k, int width) {
    block(a, lda, panel, c, ldc, k, ROWS, width);
}
__attribute__((target("avx512f"))) static void partialBlock(const float *a, long lda, const float *panel, float *c, long ldc, long k, int rows, int width) {
    block(a, lda, panel, c, ldc, k, rows, width);
}

__attribute__((target("avx512f"))) void ck_gemm_packed_avx512(const float *a, long lda, const float *packed, float *c, long ldc,
                                                              long row0, long row1, long n, long k) {
    long panels = (n + PANEL - 1) / PANEL;
    for (long i = row0; i < row1; i += ROWS) {
        int rows = (int)(row1 - i < ROWS ? row1 - i : ROWS);
        for (long panel = 0; panel < panels; panel++) {
            int width = (int)(n - panel * PANEL < PANEL ? n - panel * PANEL : PANEL);
            const float *source = packed + panel * PANEL * k;
            if (rows == ROWS) fullBlock(a + i * lda, lda, source, c + i * ldc + panel * PANEL, ldc, k, width);
            else partialBlock(a + i * lda, lda, source, c + i * ldc + panel * PANEL, ldc, k, rows, width);
        }
    }
}

#else

void ck_gemm_packed_avx512(const float *a, long lda, const float *packed, float *c, long ldc, long row0, long row1, long n, long k) {
    (void)a; (void)lda; (void)packed; (void)c; (void)ldc; (void)row0; (void)row1; (void)n; (void)k;
}

#endif
