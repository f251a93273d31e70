import Autodiff
import NeuralLayers
import TensorCore

// listing: energy-network
/// An energy E_θ(x) given by a network, and the law it defines on a box B = [a, b]ᵈ:
///
///   p_θ(x) = e^{−E_θ(x)} / Z_θ for x ∈ B,   Z_θ = ∫_B e^{−E_θ(x)} dx,
///
/// and zero outside. Keeping the model on a box makes it a proper law whatever the network
/// does far from the data (an MLP with SiLU units can fall without bound along a ray, and then
/// e^{−E} would not be integrable on ℝᵈ), lets Langevin chains start from the uniform law on B,
/// and makes Z_θ a finite integral that quadrature can compute in two dimensions.
///
/// Sampling needs ∇ₓE at every Langevin step, so besides the tape path used for training
/// there is a direct one: a forward pass that keeps each layer's pre-activation and σ, then
/// the chain rule backwards through the transposed weights — the same numbers as a tape,
/// without recording anything.
public final class EnergyNetwork: Layer {
    /// The network, SiLU between layers, one output: the energy.
    public let network: MLP
    /// [a, b], the same interval in every coordinate.
    public let box: ClosedRange<Float>

    public init(dimension: Int, hidden: [Int], box: ClosedRange<Float>, name: String = "energy", using generator: inout RandomGenerator) {
        require(dimension >= 1 && !hidden.isEmpty && box.lowerBound < box.upperBound, "An energy network needs a dimension, hidden layers and a box a < b.")
        network = MLP(sizes: [dimension] + hidden + [1], activation: .silu, name: name, using: &generator)
        self.box = box
    }

    public var parameters: [Parameter] { network.parameters }
    public var dimension: Int { network.layers[0].inputSize }

    /// E_θ at the rows of `x` `[n, d]`, recorded on a tape: `[n, 1]`.
    public func callAsFunction(_ x: Variable) -> Variable { network(x) }

    /// E_θ at the rows of `x`, in double precision for sums such as log Z.
    public func energies(_ x: Tensor) -> [Double] { network(x).scalars.map(Double.init) }

    /// E_θ(x) `[n]` and ∇ₓE_θ(x) `[n, d]` for every row, by one forward and one backward pass.
    public func energiesAndGradients(_ x: Tensor) -> (energies: Tensor, gradients: Tensor) {
        require(x.rank == 2 && x.columnCount == dimension, "Energies need points [n, \(dimension)], got \(x.shape).")
        var hidden = x
        var logistics: [Tensor] = [], preActivations: [Tensor] = []
        for layer in network.layers.dropLast() {
            let preActivation = Tensor.affine(hidden, weight: layer.weight.value, bias: layer.bias.value)
            let logistic = preActivation.sigmoid()
            hidden = preActivation.zipVectorized(logistic) { a, s in a * s }
            preActivations.append(preActivation); logistics.append(logistic)
        }
        let last = network.layers.last!
        let energies = Tensor.affine(hidden, weight: last.weight.value, bias: last.bias.value)
        // ∂E/∂h for the last hidden layer is the row vector W_Lᵀ in every row; then through SiLU′(a) = σ(a)(1 + a(1 − σ(a))) and Wᵀ.
        var gradient = Tensor.matmul(Tensor.ones([x.rowCount, 1]), last.weight.value, transposeB: true)
        for index in stride(from: network.layers.count - 2, through: 0, by: -1) {
            let slope = preActivations[index].zipVectorized(logistics[index]) { a, s in s * (1 + a * (1 - s)) }
            gradient = Tensor.matmul(gradient.zipVectorized(slope) { g, d in g * d }, network.layers[index].weight.value, transposeB: true)
        }
        return (energies.reshaped([x.rowCount]), gradient)
    }

    /// Whether a point lies in the box.
    public func contains(_ point: [Float]) -> Bool { point.allSatisfy { box.contains($0) } }

    /// `count` points uniform on the box: the start of every short-run chain.
    public func uniformNoise(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        Tensor.uniform([count, dimension], low: box.lowerBound, high: box.upperBound, using: &generator)
    }
}
// end listing
