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
