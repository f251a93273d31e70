import Foundation
import Testing
import TensorCore
import Autodiff
import NeuralLayers
@testable import AdversarialNetworks

private func smallGAN(seed: UInt64, dataSize: Int = 2) -> GenerativeAdversarialNetwork {
    var generator = RandomGenerator(seed: seed)
    return GenerativeAdversarialNetwork(latentSize: 3, dataSize: dataSize, generatorHidden: [16], discriminatorHidden: [16],
                                        using: &generator)
}

@Suite struct GenerativeAdversarialNetworkTests {
    @Test func shapesAndProbabilities() {
        let gan = smallGAN(seed: 1)
        var generator = RandomGenerator(seed: 2)
        let samples = gan.sample(7, using: &generator)
        #expect(samples.shape == [7, 2] && gan.dataSize == 2)
        let probabilities = gan.discriminate(samples)
        #expect(probabilities.shape == [7, 1])
        #expect(probabilities.scalars.allSatisfy { $0 > 0 && $0 < 1 })
        for (p, a) in zip(probabilities.scalars, gan.logits(samples).scalars) { #expect(abs(p - 1 / (1 + exp(-a))) < 1e-6) }
        // A sigmoid output keeps samples in (0, 1), as pixels need.
        var pixels = RandomGenerator(seed: 3)
        let pixelGAN = GenerativeAdversarialNetwork(latentSize: 4, dataSize: 64, generatorHidden: [32], discriminatorHidden: [32],
                                                    outputActivation: .sigmoid, using: &pixels)
        #expect(pixelGAN.sample(5, using: &pixels).scalars.allSatisfy { $0 > 0 && $0 < 1 })
    }

    /// The tape path and the tensor path give the same samples for the same latents.
    @Test func tapeAndInferenceAgree() {
        let gan = smallGAN(seed: 4)
        var first = RandomGenerator(seed: 5), second = first
        let onTape = gan.generate(6, on: Tape(), using: &first).value
        let plain = gan.sample(6, using: &second)
        for (a, b) in zip(onTape.scalars, plain.scalars) { #expect(abs(a - b) < 1e-5) }
    }
}

@Suite struct AdversarialTrainerTests {
    /// A discriminator update moves only the discriminator; a generator update moves only
    /// the generator, although its gradient flows through the discriminator.
    @Test func eachPlayerUpdatesOnlyItsOwnParameters() throws {
        let gan = smallGAN(seed: 6)
        let trainer = AdversarialTrainer(model: gan, generatorLearningRate: 1e-2, discriminatorLearningRate: 1e-2)
        var generator = RandomGenerator(seed: 7)
        let real = Tensor.normal([32, 2], mean: 2, using: &generator)

        var generatorBefore = parameterValues(gan.generatorParameters), discriminatorBefore = parameterValues(gan.discriminatorParameters)
        try trainer.updateDiscriminator(realBatch: real, step: 0, using: &generator)
        #expect(parameterValues(gan.generatorParameters) == generatorBefore)
        #expect(zip(parameterValues(gan.discriminatorParameters), discriminatorBefore).allSatisfy { $0 != $1 })

        generatorBefore = parameterValues(gan.generatorParameters)
        discriminatorBefore = parameterValues(gan.discriminatorParameters)
        try trainer.updateGenerator(count: 32, step: 0, using: &generator)
        #expect(parameterValues(gan.discriminatorParameters) == discriminatorBefore)
        #expect(zip(parameterValues(gan.generatorParameters), generatorBefore).allSatisfy { $0 != $1 })
        #expect(trainer.discriminatorOptimizer.parameters.count == gan.discriminatorParameters.count)
        let adam = try #require(trainer.generatorOptimizer as? Adam)
        #expect(adam.beta1 == 0.5 && adam.beta2 == 0.999)
    }

    /// The record of a step holds the losses before the updates: recomputed here from a
    /// copy of the random generator, which reproduces the step's generated batch.
    @Test func theHistoryRecordsTheLossesBeforeTheUpdates() throws {
        let gan = smallGAN(seed: 8)
        let trainer = AdversarialTrainer(model: gan, objective: StandardAdversarialObjective(.saturating))
        var generator = RandomGenerator(seed: 9)
        let real = Tensor.normal([16, 2], using: &generator)
        var copy = generator
        let fake = gan.sample(16, using: &copy)
        let tape = Tape()
        let expected = Variable.discriminatorLoss(realLogits: tape.constant(gan.logits(real)), fakeLogits: tape.constant(gan.logits(fake)))
        let meanReal = gan.discriminate(real).mean().scalar, meanFake = gan.discriminate(fake).mean().scalar
        let record = try trainer.step(0, realBatch: real, using: &generator)
        #expect(abs(record.discriminatorLoss - expected.value.scalar) < 1e-5)
        #expect(abs(record.meanRealOutput - meanReal) < 1e-5 && abs(record.meanFakeOutput - meanFake) < 1e-5)
        #expect(abs(gan.discriminate(real).mean().scalar - meanReal) > 1e-6)  // and D has moved since
        #expect(trainer.history == [record])
        #expect(record.generatorLoss < 0)  // the saturating loss E log(1 − D) is negative
    }

    /// k discriminator updates per generator update, each on its own real batch.
    @Test func severalDiscriminatorUpdatesPerStep() throws {
        let gan = smallGAN(seed: 10)
        let trainer = AdversarialTrainer(model: gan, discriminatorUpdatesPerStep: 3)
        var generator = RandomGenerator(seed: 11)
        let batches = (0..<3).map { _ in Tensor.normal([8, 2], using: &generator) }
        try trainer.step(0, realBatches: batches, using: &generator)
        #expect((trainer.discriminatorOptimizer as? Adam)?.stepCount == 3 && (trainer.generatorOptimizer as? Adam)?.stepCount == 1)
    }

    /// Given optimisers are used as they are: one plain-SGD generator step moves each
    /// parameter by exactly −η times its gradient.
    @Test func givenOptimisersAreUsed() throws {
        let gan = smallGAN(seed: 18)
        let trainer = AdversarialTrainer(model: gan, generatorOptimizer: SGD(parameters: gan.generatorParameters, learningRate: 0.1),
                                         discriminatorOptimizer: SGD(parameters: gan.discriminatorParameters, learningRate: 0.1))
        var generator = RandomGenerator(seed: 19), copy = generator
        let tape = Tape()
        let loss = GeneratorLoss.nonSaturating(fakeLogits: gan.discriminatorOutput(gan.generate(16, on: tape, using: &copy)))
        let gradients = tape.gradients(of: loss, for: gan.generatorParameters)
        let before = parameterValues(gan.generatorParameters)
        try trainer.updateGenerator(count: 16, step: 0, using: &generator)
        for ((old, new), gradient) in zip(zip(before, parameterValues(gan.generatorParameters)), gradients) {
            for index in 0..<old.count { #expect(abs(new.scalars[index] - (old.scalars[index] - 0.1 * gradient.scalars[index])) < 1e-6) }
        }
    }

    /// A NaN in the data stops training with an error that names the quantity and the step.
    @Test func aNonFiniteLossNamesItself() {
        let trainer = AdversarialTrainer(label: "toy GAN", model: smallGAN(seed: 12))
        var generator = RandomGenerator(seed: 13)
        let poisoned = Tensor(shape: [2, 2], scalars: [0, .nan, 1, 1])
        do {
            try trainer.step(17, realBatch: poisoned, using: &generator)
            Issue.record("expected a NonFiniteValueError")
        } catch let error as NonFiniteValueError {
            #expect(error.quantity == "toy GAN discriminator loss" && error.step == 17)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    /// The game learns: on 1-D data N(2, 0.5²) the generated mean and standard deviation
    /// approach the data's, from a generator that starts far away. (GAN training oscillates
    /// about the equilibrium; over ten seeds this recipe ended within 0.08 of both.)
    @Test func aSmallGANLearnsAOneDimensionalGaussian() throws {
        var generator = RandomGenerator(seed: 14)
        let gan = GenerativeAdversarialNetwork(latentSize: 4, dataSize: 1, generatorHidden: [32, 32], discriminatorHidden: [32, 32],
                                               using: &generator)
        let trainer = AdversarialTrainer(model: gan, generatorLearningRate: 5e-4, discriminatorLearningRate: 5e-4)
        let before = gan.sample(4_000, using: &generator)
        #expect(abs(before.mean().scalar - 2) > 1)
        for step in 0..<1_500 {
            try trainer.step(step, realBatch: Tensor.normal([128, 1], mean: 2, standardDeviation: 0.5, using: &generator), using: &generator)
        }
        let after = gan.sample(4_000, using: &generator)
        let mean = after.mean().scalar, sd = after.variance(alongAxis: 0).scalar.squareRoot()
        #expect(abs(mean - 2) < 0.15, "mean \(mean)")
        #expect(abs(sd - 0.5) < 0.15, "standard deviation \(sd)")
        // Near equilibrium D(x) ≈ ½ on both batches.
        let last = trainer.history.suffix(200)
        let meanReal = last.map(\.meanRealOutput).reduce(0, +) / 200, meanFake = last.map(\.meanFakeOutput).reduce(0, +) / 200
        #expect(abs(meanReal - 0.5) < 0.1 && abs(meanFake - 0.5) < 0.1, "D(real) \(meanReal), D(fake) \(meanFake)")
    }
}

/// A Wasserstein critic with a gradient penalty (Gulrajani et al. 2017), written in a few
/// lines as chapter 4 will: the objective protocol gives it everything it needs.
private struct PenalisedCritic: AdversarialObjective {
    let weight: Float = 10

    func discriminatorLoss(_ batch: DiscriminatorBatch, using generator: inout RandomGenerator) -> Variable {
        let mixing = Tensor.uniform([batch.real.shape[0], 1], using: &generator)
        let interpolates = batch.tape.variable(batch.real.value * mixing + batch.fake.value * (1 - mixing))
        let slopes = batch.tape.differentiableGradients(of: batch.discriminator(interpolates).sum(), withRespectTo: [interpolates])[0]
        let norms = (slopes.squared().sum(alongAxis: 1) + 1e-12).sqrt()
        return batch.fakeOutputs.mean() - batch.realOutputs.mean() + weight * (norms - 1).squared().mean()
    }

    func generatorLoss(fakeOutputs: Variable) -> Variable { -fakeOutputs.mean() }
    func reportedMean(ofOutputs outputs: Tensor) -> Float { outputs.mean().scalar }
}

@Suite struct PluggableObjectiveTests {
    /// The trainer runs a critic whose loss differentiates the critic's input gradient
    /// (a second derivative), and the critic comes to score real data above generated data.
    @Test func aGradientPenaltyCriticTrains() throws {
        let gan = smallGAN(seed: 15)
        let trainer = AdversarialTrainer(model: gan, objective: PenalisedCritic(), discriminatorUpdatesPerStep: 2)
        var generator = RandomGenerator(seed: 16)
        for step in 0..<20 {
            let record = try trainer.step(step, realBatches: (0..<2).map { _ in Tensor.normal([32, 2], mean: 1, using: &generator) },
                                          using: &generator)
            #expect(record.discriminatorLoss.isFinite && record.generatorLoss.isFinite)
        }
        // The critic learns to score real data above generated data.
        let last = trainer.history.suffix(5)
        #expect(last.allSatisfy { $0.meanRealOutput > $0.meanFakeOutput })
    }
}
