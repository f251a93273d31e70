import COpenBLAS

extension Tensor {
    /// The matrix product `op(a) · op(b)` through OpenBLAS `cblas_sgemm`, where
    /// `op` optionally transposes. Transposition is passed to BLAS as a flag, so
    /// `aᵀb` and `abᵀ` (both needed by backpropagation) never copy memory.
    public static func matmul(
        _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false
    ) -> Tensor {
        precondition(a.rank == 2 && b.rank == 2, "matmul needs two matrices, got shapes \(a.shape) and \(b.shape).")
        let m = transposeA ? a.shape[1] : a.shape[0]
        let k = transposeA ? a.shape[0] : a.shape[1]
        let kB = transposeB ? b.shape[1] : b.shape[0]
        let n = transposeB ? b.shape[0] : b.shape[1]
        precondition(
            k == kB,
            "matmul shapes do not match: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "") (inner sizes \(k) and \(kB))."
        )
        var result = Tensor.zeros([m, n])
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
        precondition(output.shape == [m, n], "gemm output has shape \(output.shape), expected \([m, n]).")
        if m == 0 || n == 0 { return }
        if k == 0 { output.scaleInPlace(by: beta); return }
        a.scalars.withUnsafeBufferPointer { aBuffer in
            b.scalars.withUnsafeBufferPointer { bBuffer in
                output.scalars.withUnsafeMutableBufferPointer { cBuffer in
                    cblas_sgemm(
                        CblasRowMajor,
                        transposeA ? CblasTrans : CblasNoTrans,
                        transposeB ? CblasTrans : CblasNoTrans,
                        Int32(m), Int32(n), Int32(k),
                        alpha,
                        aBuffer.baseAddress, Int32(a.shape[1]),
                        bBuffer.baseAddress, Int32(b.shape[1]),
                        beta,
                        cBuffer.baseAddress, Int32(n)
                    )
                }
            }
        }
    }

    /// `x · W + b` with the bias row broadcast over the rows of `x`: the
    /// output is pre-filled with the bias and BLAS accumulates onto it.
    public static func affine(_ input: Tensor, weight: Tensor, bias: Tensor) -> Tensor {
        precondition(input.rank == 2 && weight.rank == 2, "affine needs matrices, got \(input.shape) and \(weight.shape).")
        precondition(
            input.shape[1] == weight.shape[0],
            "affine: input \(input.shape) does not match weight \(weight.shape)."
        )
        let n = weight.shape[1]
        precondition(bias.count == n, "affine: bias \(bias.shape) does not match weight \(weight.shape).")
        let rows = input.shape[0]
        var output = Tensor(shape: [rows, n]) { buffer in
            bias.scalars.withUnsafeBufferPointer { biasBuffer in
                for row in 0..<rows {
                    (buffer.baseAddress! + row * n).update(from: biasBuffer.baseAddress!, count: n)
                }
            }
        }
        gemm(input, weight, into: &output, beta: 1)
        return output
    }

    /// The transpose of a matrix.
    public var transposed: Tensor {
        precondition(rank == 2, "transposed needs a matrix, shape is \(shape).")
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
        precondition(shape == other.shape, "dot needs equal shapes, got \(shape) and \(other.shape).")
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
    cblas_sgemm(CblasRowMajor,
                transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), 1,
                a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n),
                beta, c, Int32(n))
}
