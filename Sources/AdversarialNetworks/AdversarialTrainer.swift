import TensorCore
import Autodiff
import NeuralLayers

/// One step of adversarial training, as recorded in the trainer's history.
public struct AdversarialRecord: Sendable, Equatable {
    /// The discriminator's loss before its update (the mean over the step's updates).
    public let discriminatorLoss: Float
    /// The generator's loss before its update.
    public let generatorLoss: Float
    /// The mean of D over the real batch (for the standard objective a probability).
    public let meanRealOutput: Float
    /// The mean of D over the generated batch the discriminator was updated on.
    public let meanFakeOutput: Float
}

// listing: adversarial-trainer
/// Alternating gradient steps on a two-player game: `discriminatorUpdatesPerStep` updates
/// of the discriminator on fresh generated batches, then one update of the generator
/// against the discriminator as it now is (Goodfellow et al. 2014, Algorithm 1).
///
/// Each player has its own optimiser over its own parameters, so a discriminator update
/// cannot move the generator, nor a generator update the discriminator. The default is
/// Adam as in GAN practice (Radford et al. 2016): β₁ = 0.5 rather than 0.9, because a
/// long memory of past gradients is a liability when the other player keeps moving.
///
/// The loop stays in the chapter, like `Trainer`:
///
/// ```swift
/// let trainer = AdversarialTrainer(model: gan, generatorLearningRate: 2e-4, discriminatorLearningRate: 2e-4)
/// try chapter.train("GAN", steps: 2_000) { step in
///     try trainer.step(step, realBatch: data.randomRows(256, using: &generator), using: &generator)
/// }
/// ```
public final class AdversarialTrainer {
    public let label: String
    public let model: AdversarialModel
    public let objective: AdversarialObjective
    public let discriminatorOptimizer: Optimizer
    public let generatorOptimizer: Optimizer
    /// Discriminator updates per generator update (k in Goodfellow et al.; 5 for WGAN critics).
    public let discriminatorUpdatesPerStep: Int
    /// One record per completed step.
    public private(set) var history: [AdversarialRecord] = []

    /// A trainer with Adam for both players, at GAN practice's β₁ = 0.5, β₂ = 0.999.
    public convenience init(label: String = "GAN", model: AdversarialModel, objective: AdversarialObjective = StandardAdversarialObjective(),
                            generatorLearningRate: Float = 2e-4, discriminatorLearningRate: Float = 2e-4,
                            beta1: Float = 0.5, beta2: Float = 0.999, discriminatorUpdatesPerStep: Int = 1) {
        self.init(label: label, model: model, objective: objective,
                  generatorOptimizer: Adam(parameters: model.generatorParameters, learningRate: generatorLearningRate, beta1: beta1, beta2: beta2),
                  discriminatorOptimizer: Adam(parameters: model.discriminatorParameters, learningRate: discriminatorLearningRate,
                                               beta1: beta1, beta2: beta2),
                  discriminatorUpdatesPerStep: discriminatorUpdatesPerStep)
    }

    /// A trainer with given optimisers, which must own exactly the generator's and the
    /// discriminator's parameters, in the model's order. (Plain SGD, for instance, shows
    /// what a small gradient does to a step, where Adam's per-parameter scaling hides it.)
    public init(label: String = "GAN", model: AdversarialModel, objective: AdversarialObjective = StandardAdversarialObjective(),
                generatorOptimizer: Optimizer, discriminatorOptimizer: Optimizer, discriminatorUpdatesPerStep: Int = 1) {
        require(discriminatorUpdatesPerStep >= 1,
                "The discriminator needs at least one update per step, got \(discriminatorUpdatesPerStep).")
        require(generatorOptimizer.parameters.map(ObjectIdentifier.init) == model.generatorParameters.map(ObjectIdentifier.init),
                "\(label): the generator's optimiser must own exactly the generator's parameters.")
        require(discriminatorOptimizer.parameters.map(ObjectIdentifier.init) == model.discriminatorParameters.map(ObjectIdentifier.init),
                "\(label): the discriminator's optimiser must own exactly the discriminator's parameters.")
        self.label = label
        self.model = model
        self.objective = objective
        self.generatorOptimizer = generatorOptimizer
        self.discriminatorOptimizer = discriminatorOptimizer
        self.discriminatorUpdatesPerStep = discriminatorUpdatesPerStep
    }

    /// One discriminator update on `realBatch` against as many freshly generated samples.
    /// The generated batch enters the tape as a constant: nothing flows back into G.
    /// Returns the loss before the update and the mean outputs on both batches.
    @discardableResult
    public func updateDiscriminator(realBatch: Tensor, step: Int, using generator: inout RandomGenerator) throws
        -> (loss: Float, meanReal: Float, meanFake: Float) {
        require(realBatch.rank == 2 && realBatch.rowCount > 0, "A real batch must be [n, d] with n > 0, got \(realBatch.shape).")
        let tape = Tape()
        let real = tape.constant(realBatch)
        let fake = tape.constant(model.generate(realBatch.rowCount, on: Tape(), using: &generator).value)
        let batch = DiscriminatorBatch(tape: tape, real: real, fake: fake, realOutputs: model.discriminatorOutput(real),
                                       fakeOutputs: model.discriminatorOutput(fake), discriminator: model.discriminatorOutput)
        let loss = objective.discriminatorLoss(batch, using: &generator)
        try loss.value.checkFinite("\(label) discriminator loss", step: step)
        discriminatorOptimizer.step(gradients: tape.gradients(of: loss, for: model.discriminatorParameters))
        return (loss.value.scalar, objective.reportedMean(ofOutputs: batch.realOutputs.value),
                objective.reportedMean(ofOutputs: batch.fakeOutputs.value))
    }

    /// One generator update on `count` fresh samples, differentiated through the current
    /// discriminator, whose parameters are not updated. Returns the loss before the update.
    @discardableResult
    public func updateGenerator(count: Int, step: Int, using generator: inout RandomGenerator) throws -> Float {
        let tape = Tape()
        let loss = objective.generatorLoss(fakeOutputs: model.discriminatorOutput(model.generate(count, on: tape, using: &generator)))
        try loss.value.checkFinite("\(label) generator loss", step: step)
        generatorOptimizer.step(gradients: tape.gradients(of: loss, for: model.generatorParameters))
        return loss.value.scalar
    }

    /// A full step: one discriminator update per batch in `realBatches` (exactly
    /// `discriminatorUpdatesPerStep` of them), then one generator update on as many samples
    /// as the last real batch has rows. Appends the step's record to `history`.
    @discardableResult
    public func step(_ step: Int, realBatches: [Tensor], using generator: inout RandomGenerator) throws -> AdversarialRecord {
        require(realBatches.count == discriminatorUpdatesPerStep,
                "\(label): a step makes \(discriminatorUpdatesPerStep) discriminator updates, so it needs that many real batches, got \(realBatches.count).")
        var loss: Float = 0, meanReal: Float = 0, meanFake: Float = 0
        for batch in realBatches {
            let update = try updateDiscriminator(realBatch: batch, step: step, using: &generator)
            loss += update.loss
            meanReal += update.meanReal
            meanFake += update.meanFake
        }
        let generatorLoss = try updateGenerator(count: realBatches.last!.rowCount, step: step, using: &generator)
        let k = Float(realBatches.count)
        let record = AdversarialRecord(discriminatorLoss: loss / k, generatorLoss: generatorLoss,
                                       meanRealOutput: meanReal / k, meanFakeOutput: meanFake / k)
        history.append(record)
        return record
    }

    /// A full step with one discriminator update (the default k = 1).
    @discardableResult
    public func step(_ step: Int, realBatch: Tensor, using generator: inout RandomGenerator) throws -> AdversarialRecord {
        try self.step(step, realBatches: [realBatch], using: &generator)
    }
}
// end listing
