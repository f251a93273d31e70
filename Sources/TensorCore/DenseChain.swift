import CKernels

/// One dense layer of a chain: `f(x · weight + bias)`.
public struct DenseLayer {
    public let weight: Tensor
    public let bias: Tensor
    public let activation: Activation

    public init(weight: Tensor, bias: Tensor, activation: Activation) {
        self.weight = weight
        self.bias = bias
        self.activation = activation
    }
}

extension Tensor {
    /// Rows of a block that one core carries through every layer of a chain: a multiple of the packed kernel's 12
    /// rows, small enough that a block's activations (96 × 128 floats, 48 KB) stay in the core's cache.
    static let denseChainBlockRows = 96

    /// f_L(… f_1(x · W_1 + b_1) … · W_L + b_L), a chain of dense layers on a batch (an MLP at inference).
    ///
    /// Where the packed kernel applies (`packedProduct`: AVX-512F and 64 rows or more), each core takes its share of
    /// the rows and carries them through the whole chain in blocks of `denseChainBlockRows`: a block's activations stay
    /// in that core's cache from one layer to the next, and the cores meet once per chain instead of once per layer
    /// (on the chapter-12 network, 18 → 128 → 128 → 128 → 2 on 10,000 rows, 20% faster than layer by layer in C, and
    /// the whole sampler 4–18% faster).
    /// Each row goes through exactly the operations `affine` applies to it, so the result is the same bits as
    /// layer-by-layer `affine`, which is what runs otherwise.
    public static func denseChain(_ input: Tensor, layers: [DenseLayer]) -> Tensor {
        require(input.rank == 2 && !layers.isEmpty, "denseChain needs a matrix and at least one layer, got \(input.shape).")
        var width = input.shape[1]
        for layer in layers {
            require(layer.weight.rank == 2 && layer.weight.shape[0] == width && layer.bias.count == layer.weight.shape[1],
                    "denseChain: a layer's weight \(layer.weight.shape) and bias \(layer.bias.shape) do not follow width \(width).")
            width = layer.weight.shape[1]
        }
        let rows = input.shape[0], sizes = [input.shape[1]] + layers.map { $0.weight.shape[1] }
        guard VectorWidth.has512, rows >= packedProductMinimumRows, sizes.allSatisfy({ $0 > 0 }) else {
            return layers.reduce(input) { affine($0, weight: $1.weight, bias: $1.bias, activation: $1.activation) }
        }
        // Every layer's packed weights and bias in one allocation, which the workers only read.
        let packedSizes = layers.indices.map { ck_gemm_packed_size(sizes[$0], sizes[$0 + 1]) }
        let offsets = (packedSizes + layers.map(\.bias.count)).reduce(into: [0]) { $0.append($0.last! + $1) }
        let storage = UnsafeMutablePointer<Float>.allocate(capacity: offsets.last!)
        defer { storage.deallocate() }
        for (index, layer) in layers.enumerated() {
            layer.weight.scalars.withUnsafeBufferPointer { ck_gemm_pack_b($0.baseAddress!, sizes[index + 1], sizes[index], sizes[index + 1], storage + offsets[index]) }
            layer.bias.scalars.withUnsafeBufferPointer { (storage + offsets[layers.count + index]).update(from: $0.baseAddress!, count: $0.count) }
        }
        let packed = layers.indices.map { UnsafePointer(storage + offsets[$0]) }
        let biases = layers.indices.map { UnsafePointer(storage + offsets[layers.count + $0]) }
        let hiddenWidth = sizes.dropFirst().dropLast().max() ?? 0, blockRows = denseChainBlockRows

        return Tensor(shape: [rows, sizes.last!]) { output in
            input.scalars.withUnsafeBufferPointer { source in
                // Rows [start, end) through every layer, block by block, in two scratch buffers of one block each.
                func chain(_ range: Range<Int>) {
                    if range.isEmpty { return }
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * blockRows * Swift.max(hiddenWidth, 1))
                    defer { scratch.deallocate() }
                    for start in stride(from: range.lowerBound, to: range.upperBound, by: blockRows) {
                        let count = Swift.min(blockRows, range.upperBound - start)
                        var layerInput = UnsafePointer(source.baseAddress! + start * sizes[0])
                        for (index, layer) in layers.enumerated() {
                            let (k, n) = (sizes[index], sizes[index + 1])
                            let layerOutput = index == layers.count - 1 ? output.baseAddress! + start * n
                                : scratch + (index % 2) * blockRows * hiddenWidth
                            let fused = fusedEpilogue(bias: biases[index], activation: layer.activation)
                            ck_gemm_packed_avx512(layerInput, k, packed[index], layerOutput, n, 0, count, n, k, fused.bias, fused.activation)
                            if fused.bias == nil {
                                for row in 0..<count { layer.activation.applyWithBias(layerOutput + row * n, bias: biases[index], count: n) }
                            }
                            layerInput = UnsafePointer(layerOutput)
                        }
                    }
                }
                splitProductRows(rows, work: rows * zip(sizes, sizes.dropFirst()).map { $0 * $1 }.reduce(0, +), chain)
            }
        }
    }

    /// What the packed kernel applies to its blocks itself: the bias, and the activation where a C vector function
    /// computes it (−1: none). A nil bias means the kernel writes the bare product and the caller applies
    /// `activation.applyWithBias` to each row.
    static func fusedEpilogue(bias: UnsafePointer<Float>, activation: Activation) -> (bias: UnsafePointer<Float>?, activation: Int32) {
        switch activation {
        case .identity: (bias, -1)
        case .silu, .tanh, .sigmoid: (bias, Int32(activation.vectorFunction!.rawValue))
        default: (nil, -1)
        }
    }
}
