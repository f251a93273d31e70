/// The geometry of a 2-D convolution over NCHW tensors, and the im2col /
/// col2im rearrangements that turn it into one matrix product per image.
///
/// im2col copies every receptive field of an image into a column, so a
/// convolution becomes `weights[outC, C·kH·kW] · columns[C·kH·kW, outH·outW]`.
/// col2im is its adjoint (it *adds* overlapping patches back), which is
/// exactly what the input gradient of a convolution, and the forward pass of a
/// transposed convolution, need.
public struct ConvolutionGeometry: Equatable, Sendable {
    public let channels: Int
    public let height: Int
    public let width: Int
    public let kernelHeight: Int
    public let kernelWidth: Int
    public let stride: Int
    public let padding: Int

    public init(channels: Int, height: Int, width: Int, kernelHeight: Int, kernelWidth: Int, stride: Int, padding: Int) {
        require(stride >= 1 && padding >= 0, "Convolution needs stride ≥ 1 and padding ≥ 0, got \(stride) and \(padding).")
        self.channels = channels
        self.height = height
        self.width = width
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.stride = stride
        self.padding = padding
        require(outputHeight > 0 && outputWidth > 0,
                     "A \(kernelHeight)×\(kernelWidth) kernel does not fit a \(height)×\(width) image with padding \(padding).")
    }

    public var outputHeight: Int { (height + 2 * padding - kernelHeight) / stride + 1 }
    public var outputWidth: Int { (width + 2 * padding - kernelWidth) / stride + 1 }
    /// Rows of the column matrix: one per (channel, kernel row, kernel column).
    public var patchSize: Int { channels * kernelHeight * kernelWidth }
    /// Columns of the column matrix: one per output position.
    public var outputPositions: Int { outputHeight * outputWidth }

    /// Copies the receptive fields of one image `[C, H, W]` into `columns`
    /// `[patchSize, outputPositions]`; positions in the padding read as zero.
    public func im2col(_ image: UnsafePointer<Float>, _ columns: UnsafeMutablePointer<Float>) {
        let positions = outputPositions
        for c in 0..<channels {
            for ky in 0..<kernelHeight {
                for kx in 0..<kernelWidth {
                    let row = (c * kernelHeight + ky) * kernelWidth + kx
                    let destination = columns + row * positions
                    for oy in 0..<outputHeight {
                        let y = oy * stride - padding + ky
                        for ox in 0..<outputWidth {
                            let x = ox * stride - padding + kx
                            destination[oy * outputWidth + ox] =
                                (y >= 0 && y < height && x >= 0 && x < width) ? image[(c * height + y) * width + x] : 0
                        }
                    }
                }
            }
        }
    }

    /// Adds each column's patch back into an image `[C, H, W]` (which it does
    /// not clear first): the adjoint of `im2col`.
    public func col2im(_ columns: UnsafePointer<Float>, _ image: UnsafeMutablePointer<Float>) {
        let positions = outputPositions
        for c in 0..<channels {
            for ky in 0..<kernelHeight {
                for kx in 0..<kernelWidth {
                    let row = (c * kernelHeight + ky) * kernelWidth + kx
                    let source = columns + row * positions
                    for oy in 0..<outputHeight {
                        let y = oy * stride - padding + ky
                        if y < 0 || y >= height { continue }
                        for ox in 0..<outputWidth {
                            let x = ox * stride - padding + kx
                            if x >= 0 && x < width { image[(c * height + y) * width + x] += source[oy * outputWidth + ox] }
                        }
                    }
                }
            }
        }
    }
}

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
    /// - Parameters:
    ///   - input: `[N, C, H, W]`.
    ///   - weight: `[outC, C, kH, kW]`.
    ///   - bias: `[outC]`.
    /// - Returns: `[N, outC, outH, outW]`.
    public static func convolution2D(_ input: Tensor, weight: Tensor, bias: Tensor, stride: Int = 1, padding: Int = 0) -> Tensor {
        let geometry = convolutionGeometry(input: input, weight: weight, stride: stride, padding: padding)
        let (batch, outChannels) = (input.shape[0], weight.shape[0])
        require(bias.count == outChannels, "convolution2D: bias \(bias.shape) does not match \(outChannels) output channels.")
        let positions = geometry.outputPositions
        var columns = [Float](repeating: 0, count: geometry.patchSize * positions)
        return Tensor(shape: [batch, outChannels, geometry.outputHeight, geometry.outputWidth]) { output in
            input.scalars.withUnsafeBufferPointer { x in
                weight.scalars.withUnsafeBufferPointer { w in
                    columns.withUnsafeMutableBufferPointer { cols in
                        let imageSize = geometry.channels * geometry.height * geometry.width
                        for n in 0..<batch {
                            geometry.im2col(x.baseAddress! + n * imageSize, cols.baseAddress!)
                            let destination = output.baseAddress! + n * outChannels * positions
                            for o in 0..<outChannels {
                                for p in 0..<positions { destination[o * positions + p] = bias.scalars[o] }
                            }
                            rawGemm(w.baseAddress!, cols.baseAddress!, destination,
                                    m: outChannels, n: positions, k: geometry.patchSize,
                                    transposeA: false, transposeB: false, beta: 1)
                        }
                    }
                }
            }
        }
    }

    /// Gradients of `convolution2D` with respect to input, weight and bias.
    public static func convolution2DBackward(
        _ outputGradient: Tensor, input: Tensor, weight: Tensor, stride: Int = 1, padding: Int = 0
    ) -> (input: Tensor, weight: Tensor, bias: Tensor) {
        let geometry = convolutionGeometry(input: input, weight: weight, stride: stride, padding: padding)
        let (batch, outChannels) = (input.shape[0], weight.shape[0])
        let positions = geometry.outputPositions
        let imageSize = geometry.channels * geometry.height * geometry.width
        var inputGradient = Tensor.zeros(input.shape)
        var weightGradient = Tensor.zeros(weight.shape)
        var columns = [Float](repeating: 0, count: geometry.patchSize * positions)
        input.scalars.withUnsafeBufferPointer { x in
            weight.scalars.withUnsafeBufferPointer { w in
                outputGradient.scalars.withUnsafeBufferPointer { g in
                    columns.withUnsafeMutableBufferPointer { cols in
                        inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
                            weightGradient.scalars.withUnsafeMutableBufferPointer { dw in
                                for n in 0..<batch {
                                    let gradientImage = g.baseAddress! + n * outChannels * positions
                                    // dW += dY[n] · colsᵀ
                                    geometry.im2col(x.baseAddress! + n * imageSize, cols.baseAddress!)
                                    rawGemm(gradientImage, cols.baseAddress!, dw.baseAddress!,
                                            m: outChannels, n: geometry.patchSize, k: positions,
                                            transposeA: false, transposeB: true, beta: 1)
                                    // dCols = Wᵀ · dY[n], folded back into the image.
                                    rawGemm(w.baseAddress!, gradientImage, cols.baseAddress!,
                                            m: geometry.patchSize, n: positions, k: outChannels,
                                            transposeA: true, transposeB: false, beta: 0)
                                    geometry.col2im(cols.baseAddress!, dx.baseAddress! + n * imageSize)
                                }
                            }
                        }
                    }
                }
            }
        }
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
        let inputPositions = geometry.outputPositions  // the input plays the convolution's output
        let outputImage = outChannels * geometry.height * geometry.width
        var columns = [Float](repeating: 0, count: geometry.patchSize * inputPositions)
        return Tensor(shape: [batch, outChannels, geometry.height, geometry.width]) { output in
            input.scalars.withUnsafeBufferPointer { x in
                weight.scalars.withUnsafeBufferPointer { w in
                    columns.withUnsafeMutableBufferPointer { cols in
                        for n in 0..<batch {
                            let destination = output.baseAddress! + n * outputImage
                            let plane = geometry.height * geometry.width
                            for o in 0..<outChannels {
                                for p in 0..<plane { destination[o * plane + p] = bias.scalars[o] }
                            }
                            rawGemm(w.baseAddress!, x.baseAddress! + n * inChannels * inputPositions, cols.baseAddress!,
                                    m: geometry.patchSize, n: inputPositions, k: inChannels,
                                    transposeA: true, transposeB: false, beta: 0)
                            geometry.col2im(cols.baseAddress!, destination)
                        }
                    }
                }
            }
        }
    }

    /// Gradients of `transposedConvolution2D` with respect to input, weight and bias.
    public static func transposedConvolution2DBackward(
        _ outputGradient: Tensor, input: Tensor, weight: Tensor, stride: Int = 1, padding: Int = 0
    ) -> (input: Tensor, weight: Tensor, bias: Tensor) {
        let geometry = transposedGeometry(input: input, weight: weight, stride: stride, padding: padding)
        let (batch, inChannels, outChannels) = (input.shape[0], input.shape[1], weight.shape[1])
        let inputPositions = geometry.outputPositions
        let outputImage = outChannels * geometry.height * geometry.width
        var inputGradient = Tensor.zeros(input.shape)
        var weightGradient = Tensor.zeros(weight.shape)
        var columns = [Float](repeating: 0, count: geometry.patchSize * inputPositions)
        input.scalars.withUnsafeBufferPointer { x in
            weight.scalars.withUnsafeBufferPointer { w in
                outputGradient.scalars.withUnsafeBufferPointer { g in
                    columns.withUnsafeMutableBufferPointer { cols in
                        inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
                            weightGradient.scalars.withUnsafeMutableBufferPointer { dw in
                                for n in 0..<batch {
                                    geometry.im2col(g.baseAddress! + n * outputImage, cols.baseAddress!)
                                    // dX[n] = W[inC, patch] · cols[patch, positions]
                                    rawGemm(w.baseAddress!, cols.baseAddress!, dx.baseAddress! + n * inChannels * inputPositions,
                                            m: inChannels, n: inputPositions, k: geometry.patchSize,
                                            transposeA: false, transposeB: false, beta: 0)
                                    // dW += X[n] · colsᵀ
                                    rawGemm(x.baseAddress! + n * inChannels * inputPositions, cols.baseAddress!, dw.baseAddress!,
                                            m: inChannels, n: geometry.patchSize, k: inputPositions,
                                            transposeA: false, transposeB: true, beta: 1)
                                }
                            }
                        }
                    }
                }
            }
        }
        let biasGradient = outputGradient.reshaped([batch, outChannels, geometry.height * geometry.width])
            .sum(alongAxis: 2).sum(alongAxis: 0)
        return (inputGradient, weightGradient, biasGradient)
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
