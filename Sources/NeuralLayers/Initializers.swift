import Foundation

/// Weight initialisation schemes. The scale matters: with unit-variance inputs
/// these keep activations at roughly unit variance through many layers.
public enum Initializer: Sendable {
    /// Glorot/Xavier uniform: U(−a, a) with a = √(6 / (fanIn + fanOut)); suits tanh and SiLU.
    case glorotUniform
    /// He/Kaiming normal: N(0, 2 / fanIn); suits ReLU.
    case heNormal
    /// N(0, σ²) with a fixed σ.
    case normal(standardDeviation: Float)
    /// All zeros (biases).
    case zeros

    /// A tensor of `shape` drawn with this scheme.
    public func make(_ shape: [Int], fanIn: Int, fanOut: Int, using generator: inout RandomGenerator) -> Tensor {
        switch self {
        case .glorotUniform:
            let limit = Float((6.0 / Double(fanIn + fanOut)).squareRoot())
            return Tensor.uniform(shape, low: -limit, high: limit, using: &generator)
        case .heNormal:
            return Tensor.normal(shape, standardDeviation: Float((2.0 / Double(fanIn)).squareRoot()), using: &generator)
        case .normal(let standardDeviation):
            return Tensor.normal(shape, standardDeviation: standardDeviation, using: &generator)
        case .zeros:
            return Tensor.zeros(shape)
        }
    }
}
