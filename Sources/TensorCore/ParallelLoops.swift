import Foundation

/// Splitting large elementwise loops across the machine's cores.
///
/// OpenBLAS already runs matrix products on every core, but between products
/// a network spends its time in elementwise kernels (bias, SiLU, their
/// derivatives) that would otherwise run on one core. Work is split into
/// contiguous chunks whose boundaries are multiples of 8 (one SIMD8 vector), so
/// every element goes through the same code path and results are bit-identical
/// whatever the number of threads.
public enum ParallelLoops {
    /// Below this many elements a loop runs on the calling thread: handing
    /// work to another core costs about a microsecond, which only pays off
    /// for large tensors.
    public static let minimumParallelCount = 1 << 14

    /// The number of worker chunks used for large loops.
    public static let workerCount = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, 8))

    /// Calls `body` on disjoint sub-ranges covering `0..<count`, in parallel when large.

    /// `minimumCount` lowers the threshold for loops whose iterations are
    /// expensive (a Box–Muller pair costs ~30 times a SiLU).
    public static func forEachChunk(_ count: Int, minimumCount: Int = minimumParallelCount, _ body: (Range<Int>) -> Void) {
        let workers = workerCount
        if count < minimumCount || workers == 1 {
            body(0..<count)
            return
        }
        let chunk = ((count + workers - 1) / workers + 7) & ~7
        WorkerPool.shared.run(iterations: workers) { worker in
            let start = worker * chunk
            let end = Swift.min(count, start + chunk)
            if start < end { body(start..<end) }
        }
    }
}

extension ParallelLoops {
    /// Calls `body` on disjoint ranges of whole rows covering `0..<rows`, in
    /// parallel when the matrix has at least `minimumParallelCount` elements.

    public static func forEachRowChunk(rows: Int, rowLength: Int, _ body: (Range<Int>) -> Void) {
        let workers = workerCount
        if rows * rowLength < minimumParallelCount || workers == 1 || rows < workers {
            body(0..<rows)
            return
        }
        let chunk = (rows + workers - 1) / workers
        WorkerPool.shared.run(iterations: workers) { worker in
            let start = worker * chunk
            let end = Swift.min(rows, start + chunk)
            if start < end { body(start..<end) }
        }
    }
}
