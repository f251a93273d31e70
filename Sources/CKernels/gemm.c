// A matrix product of our own for the inference shapes of the book's networks (a batch of rows times a weight matrix
// of a few hundred columns at most), in 512-bit registers, with the layer's bias and activation applied to each block
// while it is still in registers.
//
// Wide outputs (n > NARROW_MAX): the weight matrix B (k × n) is packed once into panels of 32 columns, and a
// micro-kernel keeps a 12 × 32 block of C in twenty-four registers: for each p < k it broadcasts A[i, p] for its 12 rows and multiply–adds them into the two registers of B's
// row p. Every C[i, j] is the sum over p in increasing order, one fused multiply–add per term.
//
// Narrow outputs (n ≤ NARROW_MAX, e.g. a network's two output coordinates): a 12 × 32 block would waste 15 of every 16
// lanes, so B is packed as its transpose and each C[i, j] is a dot product along p, sixteen partial sums (lane l holds
// the terms p ≡ l mod 16, each chain in increasing p) added at the end by the compiler's `_mm512_reduce_add_ps`, whose
// order is fixed for a given build (clang leaves it unspecified across versions).
//
// Either way the result of a row depends only on that row of A, so it does not depend on how rows are split between
// cores.
#include "CKernels.h"

#define PANEL 32
#define ROWS 12
#define NARROW_MAX 4
#define NARROW_ROWS 4

static int isNarrow(long n) { return n <= NARROW_MAX; }

long ck_gemm_packed_size(long k, long n) { return isNarrow(n) ? n * k : ((n + PANEL - 1) / PANEL) * PANEL * k; }

void ck_gemm_pack_b(const float *b, long ldb, long k, long n, float *packed) {
    if (isNarrow(n)) {
        for (long j = 0; j < n; j++)
            for (long p = 0; p < k; p++) packed[j * k + p] = b[p * ldb + j];
        return;
    }
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

typedef float VF __attribute__((ext_vector_type(16)));
typedef int VI __attribute__((ext_vector_type(16)));
typedef unsigned VU __attribute__((ext_vector_type(16)));
#define KERNEL __attribute__((target("avx512f"), always_inline)) static inline
#include "vector_functions.h"

static __mmask16 firstLanes(long count) { return count >= 16 ? (__mmask16)0xFFFF : count <= 0 ? 0 : (__mmask16)((1u << count) - 1); }

// f(v + bias) for the lanes of one output register, as TensorCore's Activation.applyWithBias computes it (the
// product plus the bias, then the activation, each lane exactly as the separate pass would).
KERNEL __m512 epilogue(__m512 v, const float *bias, __mmask16 lanes, int activation) {
    if (!bias) return v;
    VF x = (VF)_mm512_add_ps(v, _mm512_maskz_loadu_ps(lanes, bias));
    switch (activation) {
    case CK_EXP: return (__m512)vf_exp(x);
    case CK_SIGMOID: return (__m512)vf_sigmoid(x);
    case CK_SILU: return (__m512)vf_silu(x);
    case CK_TANH: return (__m512)vf_tanh(x);
    default: return (__m512)x;
    }
}

// Up to twelve rows of A times one packed panel; stores `rows` rows and `width` columns.
KERNEL void wideBlock(const float *a, long lda, const float *panel, float *c, long ldc, long k, int rows, int width,
                      const float *bias, int activation) {
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
    __mmask16 lowMask = firstLanes(width), highMask = firstLanes(width - 16);
    for (int r = 0; r < rows; r++) {
        _mm512_mask_storeu_ps(c + r * ldc, lowMask, epilogue(low[r], bias, lowMask, activation));
        _mm512_mask_storeu_ps(c + r * ldc + 16, highMask, epilogue(high[r], bias ? bias + 16 : 0, highMask, activation));
    }
}

// Full blocks get copies with the row count a constant, so the compiler keeps all twenty-four accumulators in
// registers and drops the row tests; the activation is a constant inside each copy, so the switch leaves the block.
#define WIDE_BLOCK(ROWS_ARGUMENT)                                                                                    \
    switch (activation) {                                                                                            \
    case CK_SILU: wideBlock(a, lda, panel, c, ldc, k, ROWS_ARGUMENT, width, bias, CK_SILU); break;                   \
    case CK_TANH: wideBlock(a, lda, panel, c, ldc, k, ROWS_ARGUMENT, width, bias, CK_TANH); break;                   \
    case CK_SIGMOID: wideBlock(a, lda, panel, c, ldc, k, ROWS_ARGUMENT, width, bias, CK_SIGMOID); break;             \
    case CK_EXP: wideBlock(a, lda, panel, c, ldc, k, ROWS_ARGUMENT, width, bias, CK_EXP); break;                     \
    default: wideBlock(a, lda, panel, c, ldc, k, ROWS_ARGUMENT, width, bias, -1); break;                             \
    }
__attribute__((target("avx512f"))) static void fullWideBlock(int activation, const float *a, long lda, const float *panel,
                                                             float *c, long ldc, long k, int width, const float *bias) {
    WIDE_BLOCK(ROWS)
}
__attribute__((target("avx512f"))) static void partialWideBlock(int activation, const float *a, long lda, const float *panel,
                                                                float *c, long ldc, long k, int rows, int width, const float *bias) {
    WIDE_BLOCK(rows)
}

__attribute__((target("avx512f"))) static void wideProduct(const float *a, long lda, const float *packed, float *c, long ldc,
                                                           long row0, long row1, long n, long k, const float *bias, int activation) {
    long panels = (n + PANEL - 1) / PANEL;
    for (long i = row0; i < row1; i += ROWS) {
        int rows = (int)(row1 - i < ROWS ? row1 - i : ROWS);
        for (long panel = 0; panel < panels; panel++) {
            int width = (int)(n - panel * PANEL < PANEL ? n - panel * PANEL : PANEL);
            const float *panelBias = bias ? bias + panel * PANEL : 0;
            if (rows == ROWS) fullWideBlock(activation, a + i * lda, lda, packed + panel * PANEL * k, c + i * ldc + panel * PANEL, ldc, k, width, panelBias);
            else partialWideBlock(activation, a + i * lda, lda, packed + panel * PANEL * k, c + i * ldc + panel * PANEL, ldc, k, rows, width, panelBias);
        }
    }
}

// Up to NARROW_ROWS rows of A against the n ≤ NARROW_MAX packed columns (bt[j·k + p]): n·rows independent dot products.
KERNEL void narrowRows(const float *a, long lda, const float *bt, float *c, long ldc, long k, int rows, long n,
                       const float *bias, int activation) {
    __m512 sums[NARROW_ROWS][NARROW_MAX];
    for (int r = 0; r < NARROW_ROWS; r++)
        for (int j = 0; j < NARROW_MAX; j++) sums[r][j] = _mm512_setzero_ps();
    for (long p = 0; p < k; p += 16) {
        __mmask16 lanes = firstLanes(k - p);
        for (int j = 0; j < NARROW_MAX; j++) {
            if (j >= n) break;
            __m512 column = _mm512_maskz_loadu_ps(lanes, bt + j * k + p);
            for (int r = 0; r < NARROW_ROWS; r++)
                if (r < rows) sums[r][j] = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(lanes, a + r * lda + p), column, sums[r][j]);
        }
    }
    __mmask16 outputLanes = firstLanes(n);
    for (int r = 0; r < rows; r++) {
        float dots[16] = {0};
        for (int j = 0; j < n; j++) dots[j] = _mm512_reduce_add_ps(sums[r][j]);
        _mm512_mask_storeu_ps(c + r * ldc, outputLanes, epilogue(_mm512_loadu_ps(dots), bias, outputLanes, activation));
    }
}

__attribute__((target("avx512f"))) static void narrowProduct(const float *a, long lda, const float *bt, float *c, long ldc,
                                                             long row0, long row1, long n, long k, const float *bias, int activation) {
    for (long i = row0; i < row1; i += NARROW_ROWS) {
        int rows = (int)(row1 - i < NARROW_ROWS ? row1 - i : NARROW_ROWS);
        if (rows == NARROW_ROWS) narrowRows(a + i * lda, lda, bt, c + i * ldc, ldc, k, NARROW_ROWS, n, bias, activation);
        else narrowRows(a + i * lda, lda, bt, c + i * ldc, ldc, k, rows, n, bias, activation);
    }
}

void ck_gemm_packed_avx512(const float *a, long lda, const float *packed, float *c, long ldc, long row0, long row1,
                           long n, long k, const float *bias, int activation) {
    if (isNarrow(n)) narrowProduct(a, lda, packed, c, ldc, row0, row1, n, k, bias, activation);
    else wideProduct(a, lda, packed, c, ldc, row0, row1, n, k, bias, activation);
}

#else

void ck_gemm_packed_avx512(const float *a, long lda, const float *packed, float *c, long ldc, long row0, long row1,
                           long n, long k, const float *bias, int activation) {
    (void)a; (void)lda; (void)packed; (void)c; (void)ldc; (void)row0; (void)row1; (void)n; (void)k; (void)bias; (void)activation;
}

#endif
