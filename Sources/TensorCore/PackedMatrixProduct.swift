import CKernels

extension Tensor {
    /// Rows of a product below which the packed kernel is not used: packing the weights costs about one pass over
    /// them, which a few dozen rows repay.
    static let packedProductMinimumRows = 64

    /// `output = x · W` with the rows of `output` split across the cores as `rowMajorGemm` splits them, through the
    /// core's own 512-bit kernel (`ck_gemm_packed_avx512`: the weights packed once per call, each output element one
    /// chain of fused multiply–adds in order, so the result does not depend on the split); `afterRows` runs on each
    /// block while it is in that core's cache. Returns false, doing nothing, when the kernel does not apply: no
    /// AVX-512F (`WideVectors.available`), or too few rows.
    static func packedProduct(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>,
                              m: Int, n: Int, k: Int, afterRows: (Range<Int>) -> Void) -> Bool {
        guard WideVectors.available, m >= packedProductMinimumRows, n > 0, k > 0 else { return false }
        var packed = [Float](repeating: 0, count: ck_gemm_packed_size(k, n))
        ck_gemm_pack_b(w, n, k, n, &packed)
        packed.withUnsafeBufferPointer { panels in
            let source = panels.baseAddress!
            func block(_ rows: Range<Int>) {
                if rows.isEmpty { return }
                ck_gemm_packed_avx512(x, k, source, output, n, rows.lowerBound, rows.upperBound, n, k)
                afterRows(rows)
            }
            let workers = ParallelLoops.workerCount
            guard workers > 1, m * n * k >= parallelGemmMinimumWork, m >= 32 * workers else { block(0..<m); return }
            let chunk = ((m + workers - 1) / workers + 15) & ~15
            WorkerPool.shared.run(iterations: workers) { worker in block((worker * chunk)..<Swift.min(m, (worker + 1) * chunk)) }
        }
        return true
    }
}
