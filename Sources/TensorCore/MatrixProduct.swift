import COpenBLAS
import Dispatch

extension Tensor {
    /// The matrix product `op(a) · op(b)` through OpenBLAS `cblas_sgemm`, where
    /// `op` optionally transposes. Transposition is passed to BLAS as a flag, so
    /// `aᵀb` and `abᵀ` (both needed by backpropagation) never copy memory.
    public static func matmul(
        _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false
    ) -> Tensor {
        require(a.rank == 2 && b.rank == 2, "matmul needs two matrices, got shapes \(a.shape) and \(b.shape).")
        let m = transposeA ? a.shape[1] : a.shape[0]
        let k = transposeA ? a.shape[0] : a.shape[1]
        let kB = transposeB ? b.shape[1] : b.shape[0]
        let n = transposeB ? b.shape[0] : b.shape[1]
        require(
            k == kB,
            "matmul shapes do not match: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "") (inner sizes \(k) and \(kB))."
        )
        var result = Tensor(shape: [m, n]) { buffer in
            if k == 0 { buffer.initialize(repeating: 0) }  // otherwise GEMM with β = 0 writes every element
        }
        gemm(a, b, into: &result, transposeA: transposeA, transposeB: transposeB, beta: 0)
        return result
    }

    /// `output = op(a)·op(b) + beta·output` in place (for fused bias and
    /// gradient accumulation).
    public static func gemm(
        _ a: Tensor, _ b: Tensor, into output: inout Tensor,
        transposeA: Bool = false, transposeB: Bool = false, alpha: Float = 1, beta: Float
    ) {
        let m = transposeA ? a.shape[1] : a.shape[0]
        let k = transposeA ? a.shape[0] : a.shape[1]
        let n = transposeB ? b.shape[0] : b.shape[1]
        require(output.shape == [m, n], "gemm output has shape \(output.shape), expected \([m, n]).")
        if m == 0 || n == 0 { return }
        if k == 0 { output.scaleInPlace(by: beta); return }
        a.scalars.withUnsafeBufferPointer { aBuffer in
            b.scalars.withUnsafeBufferPointer { bBuffer in
                output.scalars.withUnsafeMutableBufferPointer { cBuffer in
                    rowMajorGemm(aBuffer.baseAddress!, rowLength: a.shape[1], bBuffer.baseAddress!, rowLength: b.shape[1],
                                 cBuffer.baseAddress!, m: m, n: n, k: k,
                                 transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: beta)
                }
            }
        }
    }

    /// Row-major SGEMM on raw pointers, C[m×n] = α·op(A)·op(B) + β·C, with
    /// large products split by rows of C across the cores.
    ///
    /// OpenBLAS is told to use one thread (see `ProcessSetup.swift`) and we
    /// parallelise here instead: a multithreaded OpenBLAS leaves its workers
    /// spinning after each product, and they then compete with our own
    /// parallel elementwise loops for the same two cores. Splitting by rows
    /// also lets `afterRows` (a bias and activation) run on each block while it
    /// is still in that core's cache.
    static func rowMajorGemm(
        _ a: UnsafePointer<Float>, rowLength lda: Int, _ b: UnsafePointer<Float>, rowLength ldb: Int,
        _ c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int,
        transposeA: Bool, transposeB: Bool, alpha: Float = 1, beta: Float,
        afterRows: ((Range<Int>) -> Void)? = nil
    ) {
        func block(_ rows: Range<Int>) {
            if rows.isEmpty { return }
            // Row r of op(A) starts at A[r, 0] untransposed, at A[0, r] transposed.
            let aStart = transposeA ? a + rows.lowerBound : a + rows.lowerBound * lda
            cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                        Int32(rows.count), Int32(n), Int32(k), alpha, aStart, Int32(lda), b, Int32(ldb),
                        beta, c + rows.lowerBound * n, Int32(n))
            afterRows?(rows)
        }
        splitProductRows(m, work: m * n * k, block)
    }

    /// Products smaller than this many multiply–adds run on one core.
    static let parallelGemmMinimumWork = 1 << 20

    /// Calls `block` on one range of rows per core (the product's rows, a multiple of 16 each, which suits the BLAS
    /// and packed micro-kernels), or once on all rows when the product has too little `work` (multiply–adds) or too
    /// few rows to share. The one policy for splitting products: BLAS, the packed kernel and dense chains.
    static func splitProductRows(_ rows: Int, work: Int, _ block: (Range<Int>) -> Void) {
        let workers = ParallelLoops.workerCount
        guard workers > 1, work >= parallelGemmMinimumWork, rows >= 32 * workers else {
            block(0..<rows)
            return
        }
        let chunk = ((rows + workers - 1) / workers + 15) & ~15
        WorkerPool.shared.run(iterations: workers) { worker in
            block((worker * chunk)..<Swift.min(rows, (worker + 1) * chunk))
        }
    }

    /// `x · W + b` with the bias row broadcast over the rows of `x`.
    public static func affine(_ input: Tensor, weight: Tensor, bias: Tensor) -> Tensor {
        affine(input, weight: weight, bias: bias, activation: .identity)
    }

    /// `f(x · W + b)` for an activation `f`, fused: the core's 512-bit kernel (`packedProduct`, where the CPU has
    /// AVX-512F and the batch has enough rows) adds the bias and applies `f` to each block of the product while it is in
    /// registers; otherwise BLAS writes the product and a single pass (split across cores for large outputs) adds the
    /// bias and applies `f` while the rows are still in cache. This is the inference path of every dense layer.
    public static func affine(_ input: Tensor, weight: Tensor, bias: Tensor, activation: Activation) -> Tensor {
        require(input.rank == 2 && weight.rank == 2, "affine needs matrices, got \(input.shape) and \(weight.shape).")
        require(
            input.shape[1] == weight.shape[0],
            "affine: input \(input.shape) does not match weight \(weight.shape)."
        )
        let columns = weight.shape[1]
        require(bias.count == columns, "affine: bias \(bias.shape) does not match weight \(weight.shape).")
        let rows = input.shape[0]
        let inner = input.shape[1]
        return Tensor(shape: [rows, columns]) { output in
            if inner == 0 { output.initialize(repeating: 0) }
            input.scalars.withUnsafeBufferPointer { x in
                weight.scalars.withUnsafeBufferPointer { w in
                    bias.scalars.withUnsafeBufferPointer { biasBuffer in
                        let (base, biasBase) = (output.baseAddress!, biasBuffer.baseAddress!)
                        let applied = packedProduct(x.baseAddress!, w.baseAddress!, bias: biasBase, activation: activation, base,
                                                    m: rows, n: columns, k: inner) { block in
                            for row in block { activation.applyWithBias(base + row * columns, bias: biasBase, count: columns) }
                        }
                        if applied { return }
                        rowMajorGemm(x.baseAddress!, rowLength: inner, w.baseAddress!, rowLength: columns, base,
                                     m: rows, n: columns, k: inner, transposeA: false, transposeB: false, beta: 0) { block in
                            for row in block { activation.applyWithBias(base + row * columns, bias: biasBase, count: columns) }
                        }
                    }
                }
            }
        }
    }

    /// The transpose of a matrix.
    public var transposed: Tensor {
        require(rank == 2, "transposed needs a matrix, shape is \(shape).")
        let (rows, columns) = (shape[0], shape[1])
        return Tensor(shape: [columns, rows]) { output in
            scalars.withUnsafeBufferPointer { input in
                for row in 0..<rows {
                    for column in 0..<columns { output[column * rows + row] = input[row * columns + column] }
                }
            }
        }
    }

    /// Dot product of two tensors of equal shape, as a Float.
    public func dot(_ other: Tensor) -> Float {
        require(shape == other.shape, "dot needs equal shapes, got \(shape) and \(other.shape).")
        return scalars.withUnsafeBufferPointer { a in
            other.scalars.withUnsafeBufferPointer { b in
                cblas_sdot(Int32(count), a.baseAddress, 1, b.baseAddress, 1)
            }
        }
    }
}

/// Row-major SGEMM on raw pointers with tightly packed operands.
func cblasGemm(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
    m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, beta: Float
) {
    Tensor.rowMajorGemm(a, rowLength: transposeA ? m : k, b, rowLength: transposeB ? k : n, c, m: m, n: n, k: k,
                        transposeA: transposeA, transposeB: transposeB, beta: beta)
}
