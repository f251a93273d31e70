/// Layer normalisation (Ba, Kiros & Hinton 2016): each row is normalised over
/// its features, then scaled and shifted by a learned gain and bias:
///
///   yᵢ = γ ⊙ (xᵢ − μᵢ) / √(σᵢ² + ε) + β,  μᵢ = mean(xᵢ), σᵢ² = mean((xᵢ − μᵢ)²).
///
/// Unlike batch normalisation it uses no statistics across the batch, so
/// training and sampling compute the same function, one example at a time.
public final class LayerNormalization: Layer {
    /// γ, `[features]`, starting at 1.
    public let gain: Parameter
    /// β, `[features]`, starting at 0.
    public let bias: Parameter
    /// ε inside the square root: keeps a constant row from dividing by zero.
    public let epsilon: Float

    public init(features: Int, epsilon: Float = 1e-5, name: String = "layerNorm") {
        require(features > 0, "LayerNormalization needs a positive feature count, got \(features).")
        require(epsilon > 0, "LayerNormalization needs ε > 0, got \(epsilon).")
        gain = Parameter(Tensor(repeating: 1, shape: [features]), name: "\(name).gain")
        bias = Parameter(Tensor.zeros([features]), name: "\(name).bias")
        self.epsilon = epsilon
    }

    public var parameters: [Parameter] { [gain, bias] }
    /// The number of features per row.
    public var features: Int { gain.value.count }

    /// Normalises the rows of `input` `[n, features]` on its tape. Built from
    /// recorded operations, so it can be differentiated twice.
    public func callAsFunction(_ input: Variable) -> Variable {
        checkShape(input.shape)
        let centred = input - input.mean(alongAxis: 1, keepingDimension: true)
        let variance = centred.squared().mean(alongAxis: 1, keepingDimension: true)
        let normalised = centred / (variance + epsilon).sqrt()
        return normalised * input.tape.parameter(gain) + input.tape.parameter(bias)
    }

    /// The same normalisation of a plain tensor (inference, nothing recorded).
    public func callAsFunction(_ input: Tensor) -> Tensor {
        checkShape(input.shape)
        let centred = input - input.mean(alongAxis: 1, keepingDimension: true)
        let variance = centred.squared().mean(alongAxis: 1, keepingDimension: true)
        return centred / (variance + epsilon).sqrt() * gain.value + bias.value
    }

    private func checkShape(_ shape: [Int]) {
        require(shape.count == 2 && shape[1] == features,
                "LayerNormalization \(gain.name) expects input [n, \(features)], got \(shape).")
    }
}
