import TensorCore
import Autodiff
import NeuralLayers

// listing: conditional-gan
/// The conditional GAN of Mirza & Osindero (2014): both players are told the class. The
/// generator G(z, y) maps noise and a label to a data point, the discriminator a(x, y)
/// maps a data point and a label to a logit, and the game is the usual one played on
/// pairs, so the optimal discriminator compares p_data(x | y) with p_G(x | y) class by
/// class and the generator must match every conditional, not only the mixture.
///
/// The label enters each network as a one-hot vector concatenated to its input. A
/// one-hot column block times the first layer's weights is a lookup of one row per
/// class, so this *is* a learned label embedding added to the first layer's
/// pre-activation — the embedding table is simply part of that layer's weight matrix.
///
/// To the trainer a sample is the joined row [x, one-hot(y)] (see `AdversarialModel`):
/// `generate(_:on:using:)` draws labels uniformly, generates x for them and appends the
/// labels; a real batch carries its labels the same way (`joined(_:labels:)`); and the
/// discriminator reads the joined row as it is. The trainer is unchanged.
public final class ConditionalGAN: AdversarialModel, GaussianLatentSpace {
    /// The size of z.
    public let latentSize: Int
    /// The size of a data point x (without its label).
    public let dataSize: Int
    /// The number of classes, K.
    public let classCount: Int
    /// G: [z, one-hot(y)] ↦ x.
    public let generatorNetwork: MLP
    /// a: [x, one-hot(y)] ↦ logit D(x, y).
    public let discriminatorNetwork: MLP

    /// - Parameters:
    ///   - latentSize, dataSize: the sizes of z and of x (64 for 8×8 digits).
    ///   - classCount: K (10 for the digits).
    ///   - generatorHidden, discriminatorHidden: widths of the hidden layers.
    ///   - generatorActivation, discriminatorActivation: as in `GenerativeAdversarialNetwork`.
    ///   - outputActivation: on the generator's output, e.g. `.sigmoid` for pixels in [0, 1].
    public init(latentSize: Int, dataSize: Int, classCount: Int, generatorHidden: [Int], discriminatorHidden: [Int],
                generatorActivation: Activation = .relu, discriminatorActivation: Activation = .leakyRelu(slope: 0.2),
                outputActivation: Activation = .identity, using generator: inout RandomGenerator) {
        require(latentSize > 0 && dataSize > 0, "A GAN needs positive latent and data sizes, got \(latentSize) and \(dataSize).")
        require(classCount >= 2, "A conditional GAN needs at least two classes, got \(classCount).")
        self.latentSize = latentSize
        self.dataSize = dataSize
        self.classCount = classCount
        generatorNetwork = MLP(sizes: [latentSize + classCount] + generatorHidden + [dataSize], activation: generatorActivation,
                               outputActivation: outputActivation, name: "generator", using: &generator)
        discriminatorNetwork = MLP(sizes: [dataSize + classCount] + discriminatorHidden + [1], activation: discriminatorActivation,
                                   name: "discriminator", using: &generator)
    }

    public var generatorParameters: [Parameter] { generatorNetwork.parameters }
    public var discriminatorParameters: [Parameter] { discriminatorNetwork.parameters }

    /// `count` labels drawn uniformly from 0..<K.
    public func randomLabels(_ count: Int, using generator: inout RandomGenerator) -> [Int] {
        (0..<count).map { _ in generator.integer(below: classCount) }
    }

    /// The one-hot codes of `labels`, `[labels.count, K]`.
    public func oneHot(_ labels: [Int]) -> Tensor {
        require(labels.allSatisfy { $0 >= 0 && $0 < classCount }, "Labels must lie in 0..<\(classCount).")
        return Tensor.oneHot(labels, classCount: classCount)
    }

    /// The rows [x, one-hot(y)] `[n, dataSize + K]` the discriminator and the trainer take:
    /// how a labelled real batch is handed to `AdversarialTrainer`.
    public func joined(_ x: Tensor, labels: [Int]) -> Tensor {
        require(x.rank == 2 && x.columnCount == dataSize && x.rowCount == labels.count,
                "Expected points [\(labels.count), \(dataSize)] for \(labels.count) labels, got \(x.shape).")
        return Tensor.concatenate([x, oneHot(labels)], alongAxis: 1)
    }

    /// G(z, y) on a tape, `[n, dataSize]`.
    public func generate(from latents: Variable, labels: [Int]) -> Variable {
        require(latents.value.rank == 2 && latents.value.columnCount == latentSize && latents.shape[0] == labels.count,
                "The generator takes latents [\(labels.count), \(latentSize)] for \(labels.count) labels, got \(latents.shape).")
        return generatorNetwork(Variable.concatenate([latents, latents.tape.constant(oneHot(labels))], alongAxis: 1))
    }

    /// G(z, y) for given latents and labels, without a tape, `[n, dataSize]`.
    public func generate(from latents: Tensor, labels: [Int]) -> Tensor {
        require(latents.rank == 2 && latents.columnCount == latentSize && latents.rowCount == labels.count,
                "The generator takes latents [\(labels.count), \(latentSize)] for \(labels.count) labels, got \(latents.shape).")
        return generatorNetwork(Tensor.concatenate([latents, oneHot(labels)], alongAxis: 1))
    }

    /// One sample G(z, y), z ~ N(0, I), for each requested label, `[labels.count, dataSize]`,
    /// without a tape: how per-class grids are drawn.
    public func sample(labels: [Int], using generator: inout RandomGenerator) -> Tensor {
        generate(from: latents(labels.count, using: &generator), labels: labels)
    }

    /// The logits a(x, y) `[n, 1]`, without a tape.
    public func logits(_ x: Tensor, labels: [Int]) -> Tensor {
        discriminatorNetwork(joined(x, labels: labels))
    }

    /// D(x, y) = sigmoid(a(x, y)) `[n, 1]`, the probability that (x, y) is a real pair, without a tape.
    public func discriminate(_ x: Tensor, labels: [Int]) -> Tensor {
        logits(x, labels: labels).sigmoid()
    }

    /// `count` joined rows [G(z, y), one-hot(y)] with y uniform over the classes, recorded on `tape`.
    public func generate(_ count: Int, on tape: Tape, using generator: inout RandomGenerator) -> Variable {
        let z = latents(count, using: &generator)
        let labels = randomLabels(count, using: &generator)
        let x = generate(from: tape.constant(z), labels: labels)
        return Variable.concatenate([x, tape.constant(oneHot(labels))], alongAxis: 1)
    }

    /// a(x, y) `[n, 1]` for joined rows [x, one-hot(y)] `[n, dataSize + K]`.
    public func discriminatorOutput(_ input: Variable) -> Variable {
        require(input.value.rank == 2 && input.value.columnCount == dataSize + classCount,
                "The conditional discriminator takes joined rows [n, \(dataSize + classCount)] = [x, one-hot(y)], got \(input.shape).")
        return discriminatorNetwork(input)
    }
}
// end listing
