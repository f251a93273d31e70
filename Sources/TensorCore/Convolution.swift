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

    /// Copies the receptive fields of one image `[C, H, W]` into `columns`, row r of the column
    /// matrix `[patchSize, outputPositions]` starting at `columns + r·leadingDimension` (by default
    /// `outputPositions`; a batch's images share one wider matrix side by side). Positions in the
    /// padding read as zero.
    public func im2col(_ image: UnsafePointer<Float>, _ columns: UnsafeMutablePointer<Float>, leadingDimension: Int? = nil) {
        let ld = leadingDimension ?? outputPositions
        let (outputHeight, outputWidth) = (self.outputHeight, self.outputWidth)
        for c in 0..<channels {
            for ky in 0..<kernelHeight {
                for kx in 0..<kernelWidth {
                    let row = (c * kernelHeight + ky) * kernelWidth + kx
                    let destination = columns + row * ld
                    let (first, end) = validOutputColumns(kernelColumn: kx)
                    for oy in 0..<outputHeight {
                        let y = oy * stride - padding + ky
                        let out = destination + oy * outputWidth
                        guard y >= 0 && y < height, first < end else {
                            out.update(repeating: 0, count: outputWidth)
                            continue
                        }
                        if first > 0 { out.update(repeating: 0, count: first) }
                        if end < outputWidth { (out + end).update(repeating: 0, count: outputWidth - end) }
                        // x = ox·stride − padding + kx lies inside the image for every ox in first..<end.
                        let source = image + (c * height + y) * width - padding + kx
                        if stride == 1 {
                            (out + first).update(from: source + first, count: end - first)
                        } else {
                            for ox in first..<end { out[ox] = source[ox * stride] }
                        }
                    }
                }
            }
        }
    }

    /// Adds each column's patch back into an image `[C, H, W]` (which it does
    /// not clear first): the adjoint of `im2col`, with the same `leadingDimension`.
    public func col2im(_ columns: UnsafePointer<Float>, _ image: UnsafeMutablePointer<Float>, leadingDimension: Int? = nil) {
        let ld = leadingDimension ?? outputPositions
        let (outputHeight, outputWidth) = (self.outputHeight, self.outputWidth)
        for c in 0..<channels {
            for ky in 0..<kernelHeight {
                for kx in 0..<kernelWidth {
                    let row = (c * kernelHeight + ky) * kernelWidth + kx
                    let source = columns + row * ld
                    let (first, end) = validOutputColumns(kernelColumn: kx)
                    guard first < end else { continue }
                    for oy in 0..<outputHeight {
                        let y = oy * stride - padding + ky
                        if y < 0 || y >= height { continue }
                        let patch = source + oy * outputWidth
                        let target = image + (c * height + y) * width - padding + kx
                        for ox in first..<end { target[ox * stride] += patch[ox] }
                    }
                }
            }
        }
    }

    /// The output columns ox whose input column ox·stride − padding + kx lies inside the image: first..<end.
    @inline(__always)
    func validOutputColumns(kernelColumn kx: Int) -> (first: Int, end: Int) {
        // ox·stride ≥ padding − kx  and  ox·stride ≤ width − 1 + padding − kx.
        let low = padding - kx, high = width - 1 + padding - kx
        let first = low <= 0 ? 0 : (low + stride - 1) / stride
        let end = high < 0 ? 0 : Swift.min(high / stride + 1, outputWidth)
        return (Swift.min(first, outputWidth), Swift.max(end, Swift.min(first, outputWidth)))
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
