import TensorCore
import Autodiff
import NeuralLayers

/// A generator and a discriminator, as the adversarial trainer sees them: two sets of
/// parameters, a way to draw generated samples on a tape, and the discriminator as a
/// function on a tape.
///
/// The trainer never looks inside. A conditional GAN can conform by making each "sample"
/// the row [x, one-hot(y)]: the generator appends the labels it was asked for to its
/// output, the real batch carries its labels the same way, and the discriminator reads
/// D(x, y) from the joined row — the trainer is unchanged.
public protocol AdversarialModel: AnyObject {
    var generatorParameters: [Parameter] { get }
    var discriminatorParameters: [Parameter] { get }
    /// `count` generated samples `[count, d]`, recorded on `tape` so that a loss on them
    /// can be differentiated back into the generator's parameters.
    func generate(_ count: Int, on tape: Tape, using generator: inout RandomGenerator) -> Variable
    /// The discriminator's raw outputs `[n, 1]` (logits, or a critic's scores) for the rows of `input`.
    func discriminatorOutput(_ input: Variable) -> Variable
}

/// The GAN of Goodfellow et al. (2014) with multilayer perceptrons: a generator G that
/// maps latent noise z ~ N(0, I) to data space, and a discriminator that maps a data
/// point to one logit a(x), so that D(x) = sigmoid(a(x)) is the probability that x is real.
///
/// The discriminator's output is the logit, not the probability, so that the losses can
/// be computed in their softplus forms (see `GeneratorLoss`).
public final class GenerativeAdversarialNetwork: AdversarialModel, GaussianLatentSpace {
    /// The size of z.
    public let latentSize: Int
    /// G: z ↦ x.
    public let generatorNetwork: MLP
    /// a: x ↦ logit D(x).
    public let discriminatorNetwork: MLP

    /// - Parameters:
    ///   - generatorHidden, discriminatorHidden: widths of the hidden layers, e.g. `[128, 128]`.
    ///   - generatorActivation: between the generator's layers (ReLU is the usual choice).
    ///   - discriminatorActivation: between the discriminator's layers. A leaky ReLU keeps a
    ///     gradient with respect to the input everywhere, which is the only signal the
    ///     generator receives (Radford et al. 2016 use slope 0.2).
    ///   - outputActivation: on the generator's output, e.g. `.sigmoid` for pixels in [0, 1].
    public init(latentSize: Int, dataSize: Int, generatorHidden: [Int], discriminatorHidden: [Int],
                generatorActivation: Activation = .relu, discriminatorActivation: Activation = .leakyRelu(slope: 0.2),
                outputActivation: Activation = .identity, using generator: inout RandomGenerator) {
        require(latentSize > 0 && dataSize > 0, "A GAN needs positive latent and data sizes, got \(latentSize) and \(dataSize).")
        self.latentSize = latentSize
        generatorNetwork = MLP(sizes: [latentSize] + generatorHidden + [dataSize], activation: generatorActivation,
                               outputActivation: outputActivation, name: "generator", using: &generator)
        discriminatorNetwork = MLP(sizes: [dataSize] + discriminatorHidden + [1], activation: discriminatorActivation,
                                   name: "discriminator", using: &generator)
    }

    public var generatorParameters: [Parameter] { generatorNetwork.parameters }
    public var discriminatorParameters: [Parameter] { discriminatorNetwork.parameters }
    /// The size of a data point.
    public var dataSize: Int { generatorNetwork.layers.last!.outputSize }

    /// G(z) for given latents, without a tape.
    public func generate(from latents: Tensor) -> Tensor {
        require(latents.rank == 2 && latents.columnCount == latentSize,
                "The generator takes latents [n, \(latentSize)], got \(latents.shape).")
        return generatorNetwork(latents)
    }

    /// `count` samples G(z), z ~ N(0, I), `[count, dataSize]`, without a tape.
    public func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        generate(from: latents(count, using: &generator))
    }

    /// The logits a(x) `[n, 1]` for the rows of `x`, without a tape.
    public func logits(_ x: Tensor) -> Tensor {
        require(x.rank == 2 && x.columnCount == dataSize, "The discriminator takes points [n, \(dataSize)], got \(x.shape).")
        return discriminatorNetwork(x)
    }

    /// D(x) = sigmoid(a(x)) `[n, 1]`, the probability that each row is real, without a tape.
    public func discriminate(_ x: Tensor) -> Tensor {
        logits(x).sigmoid()
    }

    public func generate(_ count: Int, on tape: Tape, using generator: inout RandomGenerator) -> Variable {
        generatorNetwork(tape.constant(latents(count, using: &generator)))
    }

    public func discriminatorOutput(_ input: Variable) -> Variable {
        discriminatorNetwork(input)
    }
}
