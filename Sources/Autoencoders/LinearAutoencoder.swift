import NeuralLayers

/// A linear autoencoder without biases, for centred data: code z = Aᵀx, reconstruction
/// x̂ = Bz = BAᵀx, with A and B of shape d × k.
///
/// Its best squared error is that of the best rank-k approximation of the data matrix
/// (Eckart & Young, 1936), reached when BAᵀ is the orthogonal projection onto the top-k
/// principal subspace; every other critical point of the loss is a saddle (Baldi &
/// Hornik, 1989). Biases are left out because on centred data the optimal ones are zero.
public final class LinearAutoencoder: Layer {
    /// A, `[d, k]`: a row x maps to the code xA.
    public let encoderWeight: Parameter
    /// Bᵀ, `[k, d]`: a code z maps to zBᵀ.
    public let decoderWeight: Parameter

    public init(inputSize: Int, codeSize: Int, using generator: inout RandomGenerator) {
        encoderWeight = Parameter(Initializer.glorotUniform.make([inputSize, codeSize], fanIn: inputSize, fanOut: codeSize, using: &generator),
                                  name: "encoder.weight")
        decoderWeight = Parameter(Initializer.glorotUniform.make([codeSize, inputSize], fanIn: codeSize, fanOut: inputSize, using: &generator),
                                  name: "decoder.weight")
    }

    public var parameters: [Parameter] { [encoderWeight, decoderWeight] }

    /// The reconstructions x̂ = BAᵀx of the rows of `x`.
    public func reconstruct(_ x: Tensor) -> Tensor {
        Tensor.matmul(Tensor.matmul(x, encoderWeight.value), decoderWeight.value)
    }

    /// The mean squared error per coordinate, (1/(nd)) Σᵢ ‖xᵢ − BAᵀxᵢ‖², on a tape.
    public func loss(_ x: Tensor, on tape: Tape) -> Variable {
        let input = tape.constant(x)
        let code = Variable.matmul(input, tape.parameter(encoderWeight))
        return (Variable.matmul(code, tape.parameter(decoderWeight)) - input).squared().mean()
    }

    /// The decoder's columns B (d × k): the directions the reconstructions are made of.
    public var decoderColumns: Matrix { Matrix(decoderWeight.value).transposed }
}
