/// A dense layer y = x·W + b, with W of shape `[inputSize, outputSize]`.
public final class Linear: Layer {
    public let weight: Parameter
    public let bias: Parameter

    public init(
        _ inputSize: Int, _ outputSize: Int, initializer: Initializer = .glorotUniform,
        name: String = "linear", using generator: inout RandomGenerator
    ) {
        require(inputSize > 0 && outputSize > 0, "Linear layer sizes must be positive, got \(inputSize)→\(outputSize).")
        weight = Parameter(initializer.make([inputSize, outputSize], fanIn: inputSize, fanOut: outputSize, using: &generator), name: "\(name).weight")
        bias = Parameter(Tensor.zeros([outputSize]), name: "\(name).bias")
    }

    public var parameters: [Parameter] { [weight, bias] }
    public var inputSize: Int { weight.value.shape[0] }
    public var outputSize: Int { weight.value.shape[1] }

    /// Applies the layer on a tape (for training or input gradients).
    public func callAsFunction(_ input: Variable) -> Variable {
        require(input.shape.count == 2 && input.shape[1] == inputSize,
                     "Linear layer \(weight.name) expects input [n, \(inputSize)], got \(input.shape).")
        return Variable.affine(input, weight: input.tape.parameter(weight), bias: input.tape.parameter(bias))
    }

    /// Applies the layer to a plain tensor (fast inference, nothing recorded).
    public func callAsFunction(_ input: Tensor) -> Tensor {
        require(input.rank == 2 && input.shape[1] == inputSize,
                     "Linear layer \(weight.name) expects input [n, \(inputSize)], got \(input.shape).")
        return Tensor.affine(input, weight: weight.value, bias: bias.value)
    }

    /// `activation(x·W + b)` on a plain tensor, with the activation fused into the bias pass.
    public func callAsFunction(_ input: Tensor, then activation: Activation) -> Tensor {
        require(input.rank == 2 && input.shape[1] == inputSize,
                     "Linear layer \(weight.name) expects input [n, \(inputSize)], got \(input.shape).")
        return Tensor.affine(input, weight: weight.value, bias: bias.value, activation: activation)
    }
}
