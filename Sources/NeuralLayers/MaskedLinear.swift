/// A dense layer whose weight is multiplied elementwise by a fixed binary
/// mask, y = x·(W ⊙ M) + b: the building block of MADE (Germain et al. 2015),
/// where the masks cut every path from an input to the outputs that must not
/// depend on it. `autoregressiveMasks(inputDegrees:hiddenSizes:outputsPerInput:)`
/// builds such masks.
///
/// Masked-out weights receive zero gradient (the mask multiplies the
/// gradient too), so they never influence the output, whatever an optimiser
/// does to them.
public final class MaskedLinear: Layer {
    public let weight: Parameter
    public let bias: Parameter
    /// M, `[inputSize, outputSize]`, entries 0 or 1.
    public let mask: Tensor

    /// - Parameter mask: `[inputSize, outputSize]`, 1 where input i may feed output j.
    public init(mask: Tensor, initializer: Initializer = .glorotUniform, name: String = "maskedLinear",
                using generator: inout RandomGenerator) {
        require(mask.rank == 2 && mask.shape[0] > 0 && mask.shape[1] > 0,
                "MaskedLinear needs a mask of shape [inputSize, outputSize], got \(mask.shape).")
        require(mask.scalars.allSatisfy { $0 == 0 || $0 == 1 }, "MaskedLinear needs a mask of zeros and ones.")
        let (inputSize, outputSize) = (mask.shape[0], mask.shape[1])
        weight = Parameter(initializer.make([inputSize, outputSize], fanIn: inputSize, fanOut: outputSize, using: &generator),
                           name: "\(name).weight")
        bias = Parameter(Tensor.zeros([outputSize]), name: "\(name).bias")
        self.mask = mask
    }

    public var parameters: [Parameter] { [weight, bias] }
    public var inputSize: Int { mask.shape[0] }
    public var outputSize: Int { mask.shape[1] }

    /// Applies the layer on a tape (differentiable twice).
    public func callAsFunction(_ input: Variable) -> Variable {
        checkShape(input.shape)
        return Variable.affine(input, weight: input.tape.parameter(weight) * mask, bias: input.tape.parameter(bias))
    }

    /// Applies the layer to a plain tensor (inference, nothing recorded).
    public func callAsFunction(_ input: Tensor) -> Tensor {
        checkShape(input.shape)
        return Tensor.affine(input, weight: weight.value * mask, bias: bias.value)
    }

    /// `activation(x·(W ⊙ M) + b)` on a plain tensor, the activation fused into the bias pass.
    public func callAsFunction(_ input: Tensor, then activation: Activation) -> Tensor {
        checkShape(input.shape)
        return Tensor.affine(input, weight: weight.value * mask, bias: bias.value, activation: activation)
    }

    private func checkShape(_ shape: [Int]) {
        require(shape.count == 2 && shape[1] == inputSize,
                "MaskedLinear \(weight.name) expects input [n, \(inputSize)], got \(shape).")
    }
}
