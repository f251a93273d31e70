import COpenBLAS

/// One-time process set-up done on the first tensor allocation: OpenBLAS is
/// set to one thread (the core splits large products itself), and glibc's
/// allocator is tuned as follows.
///
/// Keeps glibc from returning large tensor buffers to the kernel.
///
/// By default glibc serves allocations above 128 KiB with a fresh `mmap` and
/// gives them back with `munmap` on free, so a training loop that allocates
/// the same 256 KiB activation every step pays for zero-filling new pages
/// every time (measured: ~17% of a score-network training step). Raising the
/// mmap and trim thresholds lets freed blocks be reused from the heap.
@usableFromInline
let processSetupDone: Bool = {
    #if os(Linux)
    _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
    _ = mallopt(M_TRIM_THRESHOLD, 512 << 20)
    _ = mallopt(M_TOP_PAD, 64 << 20)
    #endif
    // The core parallelises matrix products itself (see `Tensor.rowMajorGemm`).
    openblas_set_num_threads(1)
    return true
}()
