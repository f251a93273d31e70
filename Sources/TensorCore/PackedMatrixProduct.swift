import CKernels

extension Tensor {
    /// Rows of a product below which the packed kernel is not used: packing the weights costs about one pass over
    /// them, which a few dozen rows repay.
    static let packedProductMinimumRows = 64

    /// `output = f(x · W + bias)` with the rows of `output` split across the cores as `rowMajorGemm` splits them,
    /// through the core's own 512-bit kernel (`ck_gemm_packed_avx512`), which adds the bias and applies `activation`
    /// to each block while it is in registers; for the activations it has no vector function for, `afterRows` runs
    /// on each block instead. Each output row depends only on the same input row, in a fixed order of operations, so
    /// the result does not depend on the split. The weights are packed once per call: for the sampler's 128 × 128
    /// layers that costs about 0.2% of the product (measured with `perf`), too little to be worth a cache.
    ///
    /// Returns false, doing nothing, when the kernel does not apply: no AVX-512F (`VectorWidth.has512`), or too
    /// few rows.
    static func packedProduct(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                              activation: Activation, _ output: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int,
                              afterRows: (Range<Int>) -> Void) -> Bool {
        guard VectorWidth.has512, m >= packedProductMinimumRows, n > 0, k > 0 else { return false }
        let fused = fusedEpilogue(bias: bias, activation: activation)
        var packed = [Float](repeating: 0, count: ck_gemm_packed_size(k, n))
        ck_gemm_pack_b(w, n, k, n, &packed)
        packed.withUnsafeBufferPointer { panels in
            let source = panels.baseAddress!
            func block(_ rows: Range<Int>) {
                if rows.isEmpty { return }
                ck_gemm_packed_avx512(x, k, source, output, n, rows.lowerBound, rows.upperBound, n, k, fused.bias, fused.activation)
                if fused.bias == nil { afterRows(rows) }
            }
            splitProductRows(m, work: m * n * k, block)
        }
        return true
    }
}
