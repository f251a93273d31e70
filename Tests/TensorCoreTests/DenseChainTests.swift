import CKernels
import Testing
@testable import TensorCore

/// A chain of dense layers run block by block on each core (`Tensor.denseChain`) gives the bits of layer-by-layer
/// `affine`, for every activation (fused in the kernel or applied after it), narrow and wide outputs, and row counts on
/// both sides of the packed kernel's threshold and of the block size.
@Suite(.enabled(if: ck_cpu_has_avx512f() != 0, "this CPU has no AVX-512F: denseChain is layer-by-layer affine here"))
struct DenseChainTests {
    static func layers(_ sizes: [Int], _ activations: [Activation], seed: UInt64) -> [DenseLayer] {
        var generator = RandomGenerator(seed: seed)
        return zip(zip(sizes, sizes.dropFirst()), activations).map { shape, activation in
            DenseLayer(weight: Tensor.normal([shape.0, shape.1], using: &generator) * 0.3,
                       bias: Tensor.normal([shape.1], using: &generator), activation: activation)
        }
    }

    static func layerByLayer(_ input: Tensor, _ layers: [DenseLayer]) -> Tensor {
        layers.reduce(input) { Tensor.affine($0, weight: $1.weight, bias: $1.bias, activation: $1.activation) }
    }

    static func sameBits(_ a: Tensor, _ b: Tensor) -> Bool {
        a.shape == b.shape && zip(a.scalars, b.scalars).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    @Test(arguments: [1, 63, 64, 97, 1_000, 2_345])
    func matchesLayerByLayerAffineBitForBit(rows: Int) {
        let chains: [([Int], [Activation])] = [
            ([18, 128, 128, 128, 2], [.silu, .silu, .silu, .identity]),
            ([5, 40, 33, 7], [.tanh, .relu, .sigmoid]),
            ([12, 64, 1], [.leakyRelu(slope: 0.2), .softplus]),
        ]
        for (index, (sizes, activations)) in chains.enumerated() {
            let layers = Self.layers(sizes, activations, seed: UInt64(index + 1))
            var generator = RandomGenerator(seed: UInt64(rows))
            let input = Tensor.normal([rows, sizes[0]], using: &generator)
            #expect(Self.sameBits(Tensor.denseChain(input, layers: layers), Self.layerByLayer(input, layers)), "\(sizes), \(rows) rows")
        }
    }

    /// The comparison sees a chain that differs in one activation.
    @Test func aDifferentActivationIsCaught() {
        let layers = Self.layers([6, 32, 32, 3], [.silu, .silu, .identity], seed: 9)
        let changed = [layers[0], DenseLayer(weight: layers[1].weight, bias: layers[1].bias, activation: .tanh), layers[2]]
        var generator = RandomGenerator(seed: 10)
        let input = Tensor.normal([500, 6], using: &generator)
        #expect(!Self.sameBits(Tensor.denseChain(input, layers: changed), Self.layerByLayer(input, layers)))
    }
}
