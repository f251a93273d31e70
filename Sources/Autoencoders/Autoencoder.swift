import NeuralLayers

/// An encoder–decoder pair of one-hidden-layer MLPs: the encoder f maps an input of
/// `inputSize` numbers to a code of `codeSize`, the decoder g maps the code back, and
/// a sigmoid keeps the reconstruction g(f(x)) in [0, 1], the range of pixel intensities.
///
/// Chapter 1 trains it plain, denoising and sparse; the variational autoencoder of
/// chapter 2 and the VQ-VAE of chapter 13 keep the same encoder/decoder shape.
public final class Autoencoder: Layer {
    public let encoder: MLP
    public let decoder: MLP

    /// - Parameter codeActivation: applied to the code (`.relu` for codes that can be exactly zero).
    public init(inputSize: Int, hiddenSize: Int, codeSize: Int, codeActivation: Activation = .identity,
                using generator: inout RandomGenerator) {
        encoder = MLP(sizes: [inputSize, hiddenSize, codeSize], activation: .silu, outputActivation: codeActivation,
                      name: "encoder", using: &generator)
        decoder = MLP(sizes: [codeSize, hiddenSize, inputSize], activation: .silu, outputActivation: .sigmoid,
                      name: "decoder", using: &generator)
    }

    public var parameters: [Parameter] { encoder.parameters + decoder.parameters }

    /// The codes f(x) of the rows of `x`.
    public func encode(_ x: Tensor) -> Tensor { encoder(x) }

    /// g(f(x)) for the rows of `x`.
    public func reconstruct(_ x: Tensor) -> Tensor { decoder(encoder(x)) }

    // listing: autoencoder-loss
    /// The training loss on a batch: the mean squared error per pixel between the
    /// decoded code of `input` and `target`, plus `codePenalty` times the mean absolute
    /// code (an L1 penalty that drives code units to zero: a sparse autoencoder).
    /// `input` = `target` is a plain autoencoder; a corrupted `input` and a clean
    /// `target` a denoising one.
    public func loss(input: Tensor, target: Tensor, codePenalty: Float = 0, on tape: Tape) -> Variable {
        let code = encoder(tape.constant(input))
        let reconstructionError = (decoder(code) - tape.constant(target)).squared().mean()
        return codePenalty > 0 ? reconstructionError + code.abs().mean() * codePenalty : reconstructionError
    }
    // end listing
}
