/// A multilayer perceptron: Linear layers with an activation between them
/// (none after the last, so the output is unconstrained).
public final class MLP: Layer {
    public let layers: [Linear]
    public let activation: Activation
    public let outputActivation: Activation

    /// - Parameter sizes: widths from input to output, e.g. `[18, 128, 128, 128, 2]`.
    public init(
        sizes: [Int], activation: Activation = .silu, outputActivation: Activation = .identity,
        initializer: Initializer = .glorotUniform, name: String = "mlp", using generator: inout RandomGenerator
    ) {
        require(sizes.count >= 2, "An MLP needs at least input and output sizes, got \(sizes).")
        layers = (0..<(sizes.count - 1)).map { index in
            Linear(sizes[index], sizes[index + 1], initializer: initializer, name: "\(name).layer\(index)", using: &generator)
        }
        self.activation = activation
        self.outputActivation = outputActivation
    }

    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    public func callAsFunction(_ input: Variable) -> Variable {
        var hidden = input
        for (index, layer) in layers.enumerated() {
            hidden = layer(hidden)
            hidden = index < layers.count - 1 ? activation(hidden) : outputActivation(hidden)
        }
        return hidden
    }

    /// Inference on a plain tensor: no tape; the layers run as one chain (`Tensor.denseChain`), each core carrying its
    /// rows through every layer with the bias and activation fused into the products.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        require(input.rank == 2 && input.shape[1] == layers[0].inputSize,
                "MLP \(layers[0].weight.name) expects input [n, \(layers[0].inputSize)], got \(input.shape).")
        return Tensor.denseChain(input, layers: layers.enumerated().map { index, layer in
            DenseLayer(weight: layer.weight.value, bias: layer.bias.value,
                       activation: index < layers.count - 1 ? activation : outputActivation)
        })
    }
}
