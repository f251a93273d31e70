import TensorCore
import Autodiff
import NeuralLayers
import VariationalAutoencoders

/// The terms of the VQ-VAE loss for a batch, each averaged over the batch's images.
public struct VQVAETerms {
    /// −log p(x | z_q) per image, summed over its pixels, averaged over the batch.
    public let reconstruction: Variable
    /// Σ over an image's positions of ‖sg[z_e] − e‖², averaged over the batch.
    public let codebook: Variable
    /// Σ over an image's positions of ‖z_e − sg[e]‖², averaged over the batch (before β).
    public let commitment: Variable
    /// The batch's encoder outputs, one row per position, `[n·P, D]` (for the codebook's upkeep).
    public let encoderOutputs: Tensor
    /// The code each of those rows chose.
    public let codes: [Int]
}

// listing: vq-vae
/// A VQ-VAE for 8 × 8 images (van den Oord, Vinyals & Kavukcuoglu 2017): a convolutional
/// encoder maps an image to a 4 × 4 grid of vectors z_e ∈ ℝᴰ, each is replaced by its
/// nearest code (`VectorQuantizer`), and a convolutional decoder maps the grid of codes back
/// to one logit per pixel of chapter 2's binomial likelihood p(x | z_q). An image is thus
/// described by P = 16 indices, at most 16·log₂K bits.
///
/// The loss per image is chapter 2's reconstruction term plus the two codebook terms:
///
///   −log p(x | z_q(x)) + ‖sg[z_e(x)] − z_q(x)‖² + β‖z_e(x) − sg[z_q(x)]‖²,
///
/// sums over the grid.
///
/// The networks are local, so that a position of the grid stands for a place in the image:
/// the encoder is a 4 × 4 convolution with stride 2 (8 × 8 → 4 × 4, each position seeing a
/// 4 × 4 patch), then two layers applied at each position separately, down to D numbers;
/// the decoder maps each code through two layers of its own to C features, and a 4 × 4
/// transposed convolution with stride 2 lets each position paint an overlapping 4 × 4
/// patch of logits. Everything one image's codes have in common (which digit, its slant)
/// must therefore be learnt by the prior over the grid, not by the decoder.
public final class VQVAE: Layer {
    /// The encoder's convolution on the image: 8 × 8 → a 4 × 4 grid of C features.
    public let encoder: [Convolution2D]
    /// The encoder's last layer, applied at each position: C features to z_e ∈ ℝᴰ.
    public let encoderOutput: Linear
    /// The encoder's second layer, applied at each position.
    public let encoderHidden: Linear
    public let quantizer: VectorQuantizer
    /// The decoder's first layer, applied at each position: a code to C features.
    public let decoderInput: Linear
    /// The decoder's second layer, applied at each position.
    public let decoderMixing: Linear
    /// The decoder's last layer: each position paints a 4 × 4 patch of logits, overlapping its neighbours'.
    public let decoderOutput: TransposedConvolution2D
    /// p(x | z_q), chapter 2's binomial law of the 17 grey levels.
    public let likelihood: DecoderLikelihood
    public let activation: Activation = .silu
    /// The side of the image and of the code grid.
    public static let (imageSide, gridSide) = (8, 4)

    /// - Parameters:
    ///   - codeCount: K; - codeDimension: D; - channels: C, the width of the hidden layers.
    ///   - codebookScale: the codebook starts uniform in [−s, s]ᴰ.
    public init(codeCount: Int, codeDimension: Int, channels: Int, codebookScale: Float, likelihood: DecoderLikelihood = .digits,
                using generator: inout RandomGenerator) {
        encoder = [Convolution2D(inputChannels: 1, outputChannels: channels, kernelSize: 4, stride: 2, padding: 1, name: "encoder.0", using: &generator)]
        encoderHidden = Linear(channels, channels, name: "encoder.1", using: &generator)
        encoderOutput = Linear(channels, codeDimension, name: "encoder.2", using: &generator)
        quantizer = VectorQuantizer(codeCount: codeCount, dimension: codeDimension, initialScale: codebookScale, using: &generator)
        decoderInput = Linear(codeDimension, channels, name: "decoder.0", using: &generator)
        decoderMixing = Linear(channels, channels, name: "decoder.1", using: &generator)
        decoderOutput = TransposedConvolution2D(inputChannels: channels, outputChannels: 1, kernelSize: 4, stride: 2, padding: 1,
                                                initializer: .glorotUniform, name: "decoder.2", using: &generator)
        self.likelihood = likelihood
    }

    /// Encoder and decoder weights: what the optimiser trains whatever happens to the codebook.
    public var networkParameters: [Parameter] {
        encoder.flatMap(\.parameters) + encoderHidden.parameters + encoderOutput.parameters + decoderInput.parameters + decoderMixing.parameters + decoderOutput.parameters
    }
    public var parameters: [Parameter] { networkParameters + quantizer.parameters }
    /// P, the positions of the code grid.
    public static var positions: Int { gridSide * gridSide }
    public var codeCount: Int { quantizer.codeCount }
    public var codeDimension: Int { quantizer.dimension }
    var channels: Int { decoderInput.outputSize }

    /// z_e(x) for images `[n, 64]`, one row per position (image-major, then row, then column), `[n·P, D]`.
    public func encoderOutputs(_ x: Variable) -> Variable {
        let n = x.shape[0]
        let features = activation(encoder[0](x.reshaped([n, 1, Self.imageSide, Self.imageSide])))
        return encoderOutput(activation(encoderHidden(features.permuted([0, 2, 3, 1]).reshaped([n * Self.positions, channels]))))
    }

    /// z_e(x) without a tape.
    public func encoderOutputs(_ x: Tensor) -> Tensor {
        let n = x.rowCount
        let features = activation(encoder[0](x.reshaped([n, 1, Self.imageSide, Self.imageSide])))
        return encoderOutput(activation(encoderHidden(features.permuted([0, 2, 3, 1]).reshaped([n * Self.positions, channels]))))
    }

    /// The decoder's logits `[n, 64]` from grids of vectors, one row per position, `[n·P, D]`.
    public func decoderOutputs(_ vectors: Variable) -> Variable {
        let n = vectors.shape[0] / Self.positions
        let features = activation(decoderMixing(activation(decoderInput(vectors))))
        let grid = features.reshaped([n, Self.gridSide, Self.gridSide, channels]).permuted([0, 3, 1, 2])
        return decoderOutput(grid).reshaped([n, Self.imageSide * Self.imageSide])
    }

    /// The decoder without a tape.
    public func decoderOutputs(_ vectors: Tensor) -> Tensor {
        let n = vectors.rowCount / Self.positions
        let features = activation(decoderMixing(activation(decoderInput(vectors))))
        let grid = features.reshaped([n, Self.gridSide, Self.gridSide, channels]).permuted([0, 3, 1, 2])
        return decoderOutput(grid).reshaped([n, Self.imageSide * Self.imageSide])
    }

    /// The loss terms for a batch of images `[n, 64]` on a tape.
    public func terms(_ x: Tensor, on tape: Tape) -> VQVAETerms {
        let n = Float(x.rowCount)
        let z = encoderOutputs(tape.constant(x))
        let quantization = quantizer(z)
        let logits = decoderOutputs(quantization.quantized)
        return VQVAETerms(reconstruction: -likelihood.logLikelihood(outputs: logits, data: x).mean(),
                          codebook: quantization.codebookLoss / n, commitment: quantization.commitmentLoss / n,
                          encoderOutputs: z.value, codes: quantization.codes)
    }
    // end listing

    /// Each image's code grid, `[n, P]`, indices stored as floats (the layout chapter 6's MADE takes).
    public func codeGrids(_ x: Tensor) -> Tensor {
        Tensor(shape: [x.rowCount, Self.positions], scalars: quantizer.nearestCodes(encoderOutputs(x)).map(Float.init))
    }

    /// The decoder's logits for code grids `[n, P]`.
    public func decoderOutputs(codeGrids: Tensor) -> Tensor {
        require(codeGrids.rank == 2 && codeGrids.columnCount == Self.positions, "Code grids are [n, \(Self.positions)], got \(codeGrids.shape).")
        return decoderOutputs(quantizer.vectors(of: codeGrids.scalars.map { Int($0) }))
    }

    /// The mean image E[x | z_q] for code grids `[n, P]`, pixels in [0, 1].
    public func decode(codeGrids: Tensor) -> Tensor { likelihood.mean(outputs: decoderOutputs(codeGrids: codeGrids)) }

    /// The mean reconstruction of images `[n, 64]`: encode, quantise, decode.
    public func reconstruct(_ x: Tensor) -> Tensor { decode(codeGrids: codeGrids(x)) }

    /// −log p(xᵢ | z_q(xᵢ)) per image in nats, in double precision.
    public func reconstructionNegativeLogLikelihood(_ x: Tensor) -> [Double] {
        likelihood.logLikelihood(outputs: decoderOutputs(codeGrids: codeGrids(x)), data: x).map { -$0 }
    }
}
