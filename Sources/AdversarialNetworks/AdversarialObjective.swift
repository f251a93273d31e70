import TensorCore
import Autodiff

/// What a discriminator loss may look at in one update: the two batches and the
/// discriminator's raw outputs on them, and — for losses that penalise the
/// discriminator's gradient with respect to its input, like the gradient penalty of
/// WGAN-GP (Gulrajani et al. 2017) — the discriminator itself, to evaluate it at new
/// points (interpolates between real and generated samples) on the same tape.
public struct DiscriminatorBatch {
    /// The tape the update records on.
    public let tape: Tape
    /// The real batch `[n, d]` (a constant).
    public let real: Variable
    /// The generated batch `[n, d]`, a constant: no gradient reaches the generator.
    public let fake: Variable
    /// The discriminator's outputs on `real`, `[n, 1]`.
    public let realOutputs: Variable
    /// The discriminator's outputs on `fake`, `[n, 1]`.
    public let fakeOutputs: Variable
    /// The discriminator as a function on this tape.
    public let discriminator: (Variable) -> Variable

    public init(tape: Tape, real: Variable, fake: Variable, realOutputs: Variable, fakeOutputs: Variable,
                discriminator: @escaping (Variable) -> Variable) {
        self.tape = tape
        self.real = real
        self.fake = fake
        self.realOutputs = realOutputs
        self.fakeOutputs = fakeOutputs
        self.discriminator = discriminator
    }
}

/// The two losses of an adversarial game. The trainer does the alternation, the
/// optimisers and the bookkeeping; an objective says only what each player minimises,
/// so a different game (the Wasserstein critic of chapter 4 with its gradient penalty,
/// say) is a new conformance, not a new trainer.
public protocol AdversarialObjective {
    /// The loss the discriminator (or critic) minimises on one pair of batches.
    func discriminatorLoss(_ batch: DiscriminatorBatch, using generator: inout RandomGenerator) -> Variable
    /// The loss the generator minimises, from the discriminator's outputs on generated samples `[m, 1]`.
    func generatorLoss(fakeOutputs: Variable) -> Variable
    /// The number recorded as "mean D" for a batch of raw outputs: a mean probability for a
    /// classifier's logits, a mean score for a critic.
    func reportedMean(ofOutputs outputs: Tensor) -> Float
}

/// The game of Goodfellow et al. (2014): the discriminator is a classifier of real
/// against generated data trained by binary cross-entropy on its logits, and the
/// generator minimises the chosen `GeneratorLoss`.
///
/// With `realGradientPenalty` γ > 0 the discriminator also pays the R1 penalty of Mescheder,
/// Geiger & Nowozin (2018), (γ/2)·E_data ‖∇ₓ a(x)‖² on its logit a at real points: a
/// discriminator kept flat on the data cannot grow the sharp, saturated decision boundary
/// that leaves the generator without a gradient, and near equilibrium the game then
/// converges instead of circling.
public struct StandardAdversarialObjective: AdversarialObjective, Sendable {
    public let generatorLossKind: GeneratorLoss
    /// γ of the R1 penalty; 0 plays the unregularised game.
    public let realGradientPenalty: Float

    public init(_ generatorLoss: GeneratorLoss = .nonSaturating, realGradientPenalty: Float = 0) {
        require(realGradientPenalty >= 0 && realGradientPenalty.isFinite, "The R1 weight must be finite and non-negative, got \(realGradientPenalty).")
        generatorLossKind = generatorLoss
        self.realGradientPenalty = realGradientPenalty
    }

    public func discriminatorLoss(_ batch: DiscriminatorBatch, using generator: inout RandomGenerator) -> Variable {
        let loss = Variable.discriminatorLoss(realLogits: batch.realOutputs, fakeLogits: batch.fakeOutputs)
        guard realGradientPenalty > 0 else { return loss }
        return loss + realGradientPenalty / 2 * InputSlopes.squaredNorms(of: batch.discriminator, at: batch.real.value, on: batch.tape).mean()
    }

    public func generatorLoss(fakeOutputs: Variable) -> Variable {
        generatorLossKind(fakeLogits: fakeOutputs)
    }

    /// The mean probability D = sigmoid(a) of the batch.
    public func reportedMean(ofOutputs outputs: Tensor) -> Float {
        outputs.sigmoid().mean().scalar
    }
}
