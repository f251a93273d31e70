/* The C baseline for the sgemm benchmark: the same OpenBLAS, called directly.
 * Build and run:  cc -O2 scripts/sgemm_reference.c $(pkg-config --cflags --libs openblas) -o /tmp/sgemm_reference && /tmp/sgemm_reference
 * Prints JSON: GFLOP/s for 512³ and 128³ products, timed like the Swift benchmark. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double gflops(int n, double minimum_seconds) {
    float *a = malloc(sizeof(float) * n * n), *b = malloc(sizeof(float) * n * n), *c = malloc(sizeof(float) * n * n);
    srand(1);
    for (int i = 0; i < n * n; i++) { a[i] = rand() / (float)RAND_MAX - 0.5f; b[i] = rand() / (float)RAND_MAX - 0.5f; }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n);
    long reps = 0;
    double start = now();
    while (now() - start < minimum_seconds) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n);
        reps++;
    }
    double elapsed = now() - start;
    free(a); free(b); free(c);
    return 2.0 * n * n * n * reps / elapsed / 1e9;
}

int main(int argc, char **argv) {
    double seconds = (argc > 1 && argv[1][0] == 'q') ? 0.05 : 1.0;
    double g512 = gflops(512, seconds), g128 = gflops(128, seconds);
    printf("{\"implementation\": \"c-openblas\", \"sgemm-512\": {\"value\": %.4f, \"unit\": \"GFLOP/s\"}, "
           "\"sgemm-128\": {\"value\": %.4f, \"unit\": \"GFLOP/s\"}}\n", g512, g128);
    return 0;
}
