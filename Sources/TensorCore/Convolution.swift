// Convolutions over NCHW tensors as one matrix product per batch; the geometry and the im2col / col2im
// rearrangements are in ConvolutionGeometry.swift.

extension Tensor {
    /// The pointer-level GEMM used by the convolution kernels:
    /// C[m×n] = α·op(A)·op(B) + β·C with explicit leading dimensions.
    static func rawGemm(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
        m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, beta: Float
    ) {
        cblasGemm(a, b, c, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, beta: beta)
    }

    /// 2-D convolution (cross-correlation, as in every deep-learning library).
    ///
    /// The whole batch is one matrix product: the receptive fields of all N images sit side by
    /// side in one column matrix `[C·kH·kW, N·outH·outW]`, so a batch of small images costs one
    /// BLAS call instead of N tiny ones (whose call overhead would dominate at 8×8).
    ///
    /// - Parameters:
    ///   - input: `[N, C, H, W]`.
    ///   - weight: `[outC, C, kH, kW]`.
    ///   - bias: `[outC]`.
    /// - Returns: `[N, outC, outH, outW]`.
    public static func convolution2D(_ input: Tensor, weight: Tensor, bias: Tensor, stride: Int = 1, padding: Int = 0) -> Tensor {
        let geometry = convolutionGeometry(input: input, weight: weight, stride: stride, padding: padding)
        let (batch, outChannels) = (input.shape[0], weight.shape[0])
        require(bias.count == outChannels, "convolution2D: bias \(bias.shape) does not match \(outChannels) output channels.")
        let positions = geometry.outputPositions, width = batch * positions
        let columns = batchColumns(of: input, geometry: geometry)
        var product = [Float](repeating: 0, count: outChannels * width)   // [outC, N·P]
        weight.scalars.withUnsafeBufferPointer { w in
            columns.withUnsafeBufferPointer { cols in
                product.withUnsafeMutableBufferPointer { out in
                    rawGemm(w.baseAddress!, cols.baseAddress!, out.baseAddress!, m: outChannels, n: width, k: geometry.patchSize,
                            transposeA: false, transposeB: false, beta: 0)
                }
            }
        }
        var output = batchMajor(product, batch: batch, channels: outChannels, positions: positions)
        for n in 0..<batch { for o in 0..<outChannels { for p in 0..<positions { output[(n * outChannels + o) * positions + p] += bias.scalars[o] } } }
        return Tensor(shape: [batch, outChannels, geometry.outputHeight, geometry.outputWidth], scalars: output)
    }

    /// Gradients of `convolution2D` with respect to input, weight and bias.
    public static func convolution2DBackward(
        _ outputGradient: Tensor, input: Tensor, weight: Tensor, stride: Int = 1, padding: Int = 0
    ) -> (input: Tensor, weight: Tensor, bias: Tensor) {
        let geometry = convolutionGeometry(input: input, weight: weight, stride: stride, padding: padding)
        let (batch, outChannels) = (input.shape[0], weight.shape[0])
        let positions = geometry.outputPositions, width = batch * positions
        let columns = batchColumns(of: input, geometry: geometry)
        let gradient = channelMajor(outputGradient.scalars, batch: batch, channels: outChannels, positions: positions)   // [outC, N·P]
        var weightGradient = Tensor.zeros(weight.shape)
        var columnGradient = [Float](repeating: 0, count: geometry.patchSize * width)
        weight.scalars.withUnsafeBufferPointer { w in
            gradient.withUnsafeBufferPointer { g in
                columns.withUnsafeBufferPointer { cols in
                    weightGradient.scalars.withUnsafeMutableBufferPointer { dw in
                        // dW = dY · colsᵀ over the whole batch
                        rawGemm(g.baseAddress!, cols.baseAddress!, dw.baseAddress!, m: outChannels, n: geometry.patchSize, k: width,
                                transposeA: false, transposeB: true, beta: 0)
                    }
                }
                columnGradient.withUnsafeMutableBufferPointer { dcols in
                    // dCols = Wᵀ · dY, folded back into each image below.
                    rawGemm(w.baseAddress!, g.baseAddress!, dcols.baseAddress!, m: geometry.patchSize, n: width, k: outChannels,
                            transposeA: true, transposeB: false, beta: 0)
                }
            }
        }
        var inputGradient = Tensor.zeros(input.shape)
        foldColumns(columnGradient, into: &inputGradient, geometry: geometry)
        let biasGradient = outputGradient.reshaped([batch, outChannels, positions]).sum(alongAxis: 2).sum(alongAxis: 0)
        return (inputGradient, weightGradient, biasGradient)
    }

    /// 2-D transposed convolution ("deconvolution"): the adjoint of a strided
    /// convolution, used by decoders and generators to upsample.
    ///
    /// - Parameters:
    ///   - input: `[N, inC, H, W]`.
    ///   - weight: `[inC, outC, kH, kW]` (the layout of the convolution it transposes).
    ///   - bias: `[outC]`.
    /// - Returns: `[N, outC, (H−1)·stride − 2·padding + kH, …]`.
    public static func transposedConvolution2D(_ input: Tensor, weight: Tensor, bias: Tensor, stride: Int = 1, padding: Int = 0) -> Tensor {
        let geometry = transposedGeometry(input: input, weight: weight, stride: stride, padding: padding)
        let (batch, inChannels, outChannels) = (input.shape[0], input.shape[1], weight.shape[1])
        require(bias.count == outChannels, "transposedConvolution2D: bias \(bias.shape) does not match \(outChannels) output channels.")
        let inputPositions = geometry.outputPositions, width = batch * inputPositions  // the input plays the convolution's output
        let inputs = channelMajor(input.scalars, batch: batch, channels: inChannels, positions: inputPositions)   // [inC, N·P]
        var columns = [Float](repeating: 0, count: geometry.patchSize * width)
        weight.scalars.withUnsafeBufferPointer { w in
            inputs.withUnsafeBufferPointer { x in
                columns.withUnsafeMutableBufferPointer { cols in
                    rawGemm(w.baseAddress!, x.baseAddress!, cols.baseAddress!, m: geometry.patchSize, n: width, k: inChannels,
                            transposeA: true, transposeB: false, beta: 0)
                }
            }
        }
        let plane = geometry.height * geometry.width
        var output = Tensor(shape: [batch, outChannels, geometry.height, geometry.width],
                            scalars: (0..<(batch * outChannels * plane)).map { bias.scalars[($0 / plane) % outChannels] })
        foldColumns(columns, into: &output, geometry: geometry)
        return output
    }

    /// Gradients of `transposedConvolution2D` with respect to input, weight and bias.
    public static func transposedConvolution2DBackward(
        _ outputGradient: Tensor, input: Tensor, weight: Tensor, stride: Int = 1, padding: Int = 0
    ) -> (input: Tensor, weight: Tensor, bias: Tensor) {
        let geometry = transposedGeometry(input: input, weight: weight, stride: stride, padding: padding)
        let (batch, inChannels, outChannels) = (input.shape[0], input.shape[1], weight.shape[1])
        let inputPositions = geometry.outputPositions, width = batch * inputPositions
        let columns = batchColumns(of: outputGradient, geometry: geometry)
        let inputs = channelMajor(input.scalars, batch: batch, channels: inChannels, positions: inputPositions)
        var inputGradient = [Float](repeating: 0, count: inChannels * width)
        var weightGradient = Tensor.zeros(weight.shape)
        weight.scalars.withUnsafeBufferPointer { w in
            columns.withUnsafeBufferPointer { cols in
                inputGradient.withUnsafeMutableBufferPointer { dx in
                    // dX = W[inC, patch] · cols[patch, N·P]
                    rawGemm(w.baseAddress!, cols.baseAddress!, dx.baseAddress!, m: inChannels, n: width, k: geometry.patchSize,
                            transposeA: false, transposeB: false, beta: 0)
                }
                inputs.withUnsafeBufferPointer { x in
                    weightGradient.scalars.withUnsafeMutableBufferPointer { dw in
                        // dW = X · colsᵀ over the whole batch
                        rawGemm(x.baseAddress!, cols.baseAddress!, dw.baseAddress!, m: inChannels, n: geometry.patchSize, k: width,
                                transposeA: false, transposeB: true, beta: 0)
                    }
                }
            }
        }
        let biasGradient = outputGradient.reshaped([batch, outChannels, geometry.height * geometry.width])
            .sum(alongAxis: 2).sum(alongAxis: 0)
        return (Tensor(shape: input.shape, scalars: batchMajor(inputGradient, batch: batch, channels: inChannels, positions: inputPositions)),
                weightGradient, biasGradient)
    }

    /// The column matrix `[patchSize, N·positions]` of a batch `[N, C, H, W]`: image n's receptive
    /// fields fill columns n·positions ..< (n + 1)·positions.
    static func batchColumns(of images: Tensor, geometry: ConvolutionGeometry) -> [Float] {
        let batch = images.shape[0], positions = geometry.outputPositions
        let imageSize = geometry.channels * geometry.height * geometry.width
        var columns = [Float](repeating: 0, count: geometry.patchSize * batch * positions)
        images.scalars.withUnsafeBufferPointer { x in
            columns.withUnsafeMutableBufferPointer { cols in
                for n in 0..<batch {
                    geometry.im2col(x.baseAddress! + n * imageSize, cols.baseAddress! + n * positions, leadingDimension: batch * positions)
                }
            }
        }
        return columns
    }

    /// Adds a batch's column matrix (as `batchColumns` lays it out) back into the images of `images`.
    static func foldColumns(_ columns: [Float], into images: inout Tensor, geometry: ConvolutionGeometry) {
        let batch = images.shape[0], positions = geometry.outputPositions
        let imageSize = geometry.channels * geometry.height * geometry.width
        columns.withUnsafeBufferPointer { cols in
            images.scalars.withUnsafeMutableBufferPointer { x in
                for n in 0..<batch {
                    geometry.col2im(cols.baseAddress! + n * positions, x.baseAddress! + n * imageSize, leadingDimension: batch * positions)
                }
            }
        }
    }

    /// `[N, C, P]` → `[C, N·P]`: one row per channel, the batch's positions side by side.
    static func channelMajor(_ x: [Float], batch: Int, channels: Int, positions: Int) -> [Float] {
        var out = [Float](repeating: 0, count: x.count)
        for n in 0..<batch { for c in 0..<channels { for p in 0..<positions { out[(c * batch + n) * positions + p] = x[(n * channels + c) * positions + p] } } }
        return out
    }

    /// `[C, N·P]` → `[N, C, P]`, the inverse of `channelMajor`.
    static func batchMajor(_ x: [Float], batch: Int, channels: Int, positions: Int) -> [Float] {
        var out = [Float](repeating: 0, count: x.count)
        for n in 0..<batch { for c in 0..<channels { for p in 0..<positions { out[(n * channels + c) * positions + p] = x[(c * batch + n) * positions + p] } } }
        return out
    }

    static func convolutionGeometry(input: Tensor, weight: Tensor, stride: Int, padding: Int) -> ConvolutionGeometry {
        require(input.rank == 4 && weight.rank == 4, "Convolution needs input [N, C, H, W] and weight [outC, C, kH, kW], got \(input.shape) and \(weight.shape).")
        require(input.shape[1] == weight.shape[1], "Convolution: input \(input.shape) has \(input.shape[1]) channels but weight \(weight.shape) expects \(weight.shape[1]).")
        return ConvolutionGeometry(channels: input.shape[1], height: input.shape[2], width: input.shape[3],
                                   kernelHeight: weight.shape[2], kernelWidth: weight.shape[3], stride: stride, padding: padding)
    }

    /// The geometry of the convolution whose adjoint this transposed convolution is:
    /// its *input* is our output image, its *output* is our input.
    static func transposedGeometry(input: Tensor, weight: Tensor, stride: Int, padding: Int) -> ConvolutionGeometry {
        require(input.rank == 4 && weight.rank == 4, "Transposed convolution needs input [N, inC, H, W] and weight [inC, outC, kH, kW], got \(input.shape) and \(weight.shape).")
        require(input.shape[1] == weight.shape[0], "Transposed convolution: input \(input.shape) has \(input.shape[1]) channels but weight \(weight.shape) expects \(weight.shape[0]).")
        let outputHeight = (input.shape[2] - 1) * stride - 2 * padding + weight.shape[2]
        let outputWidth = (input.shape[3] - 1) * stride - 2 * padding + weight.shape[3]
        let geometry = ConvolutionGeometry(channels: weight.shape[1], height: outputHeight, width: outputWidth,
                                           kernelHeight: weight.shape[2], kernelWidth: weight.shape[3], stride: stride, padding: padding)
        require(geometry.outputHeight == input.shape[2] && geometry.outputWidth == input.shape[3],
                     "Transposed convolution geometry does not round-trip for input \(input.shape).")
        return geometry
    }
}
