import Foundation
import Testing
import TensorCore
import Autodiff
import NeuralLayers
@testable import AdversarialNetworks

/// Tiny instances for finite differences use smooth activations (SiLU, softplus): a
/// central difference straddling the kink of a ReLU measures neither one-sided slope.
private func tinyConvolutionalGAN(seed: UInt64, smooth: Bool = true, normalised: Bool = false) -> ConvolutionalGAN {
    var generator = RandomGenerator(seed: seed)
    return ConvolutionalGAN(latentSize: 3, imageSide: 8, generatorChannels: 2, discriminatorChannels: (2, 3),
                            generatorActivation: smooth ? .silu : .relu,
                            discriminatorActivation: smooth ? .softplus : .leakyRelu(slope: 0.2),
                            normalisesGeneratorFeatures: normalised, using: &generator)
}

private func tinyConditionalGAN(seed: UInt64, smooth: Bool = true) -> ConditionalGAN {
    var generator = RandomGenerator(seed: seed)
    return ConditionalGAN(latentSize: 3, dataSize: 6, classCount: 10, generatorHidden: [5], discriminatorHidden: [5],
                          generatorActivation: smooth ? .silu : .relu,
                          discriminatorActivation: smooth ? .softplus : .leakyRelu(slope: 0.2),
                          outputActivation: .sigmoid, using: &generator)
}

@Suite struct ConvolutionalGANTests {
    @Test func samplesAreEightByEightImagesInTheUnitInterval() {
        var generator = RandomGenerator(seed: 1)
        let gan = ConvolutionalGAN(latentSize: 32, using: &generator)
        let samples = gan.sample(5, using: &generator)
        #expect(samples.shape == [5, 64] && gan.dataSize == 64)
        #expect(samples.scalars.allSatisfy { $0 > 0 && $0 < 1 })
        let probabilities = gan.discriminate(samples)
        #expect(probabilities.shape == [5, 1])
        #expect(probabilities.scalars.allSatisfy { $0 > 0 && $0 < 1 })
        // The default sizes: 64 maps of 2×2 from z, 32 of 4×4, one of 8×8.
        #expect(gan.projection.weight.value.shape == [32, 64 * 4])
        #expect(gan.generatorUpsample1.weight.value.shape == [64, 32, 4, 4])
        #expect(gan.discriminatorHead.weight.value.shape == [64 * 4, 1])
    }

    /// The tape path and the tensor path give the same samples and logits.
    @Test func tapeAndInferenceAgree() {
        let gan = tinyConvolutionalGAN(seed: 2, smooth: false)
        var first = RandomGenerator(seed: 3), second = first
        let tape = Tape()
        let onTape = gan.generate(4, on: tape, using: &first)
        let plain = gan.sample(4, using: &second)
        for (a, b) in zip(onTape.value.scalars, plain.scalars) { #expect(abs(a - b) < 1e-5) }
        for (a, b) in zip(gan.discriminatorOutput(onTape).value.scalars, gan.logits(plain).scalars) { #expect(abs(a - b) < 1e-5) }
    }

    /// ∂(generator loss)/∂θ_G through the discriminator and both transposed convolutions,
    /// and ∂(discriminator loss)/∂θ_D through both strided convolutions, against central differences.
    @Test func bothPlayersGradientsMatchFiniteDifferences() {
        let gan = tinyConvolutionalGAN(seed: 4)
        var generator = RandomGenerator(seed: 5)
        let latents = gan.latents(3, using: &generator)
        let real = Tensor.uniform([3, 64], low: 0, high: 1, using: &generator)
        let fake = gan.generate(from: latents)
        let generatorLoss = { (tape: Tape) in
            GeneratorLoss.nonSaturating.callAsFunction(fakeLogits: gan.discriminatorOutput(gan.generate(from: tape.constant(latents))))
        }
        expectBothPlayersMatchFiniteDifferences(gan, generatorLoss: generatorLoss, discriminatorLoss: discriminatorLoss(of: gan, real: real, fake: fake))
    }

    /// Feature normalisation: every pixel of every map ends with unit root-mean-square over
    /// its channels, whatever the scale it came in with, and its gradient matches central
    /// differences (on maps well away from zero, where the 10⁻⁸ floor does not bend it).
    @Test func featureNormalisationGivesUnitRootMeanSquareAndItsGradient() {
        let gan = tinyConvolutionalGAN(seed: 8, normalised: true)
        var generator = RandomGenerator(seed: 9)
        let maps = Tensor.normal([4, 3, 2, 2], using: &generator) * 50
        let normalised = gan.normalised(Tape().constant(maps)).value
        for n in 0..<4 { for pixel in 0..<4 {
            let squares = (0..<3).map { c in normalised.scalars[(n * 3 + c) * 4 + pixel] * normalised.scalars[(n * 3 + c) * 4 + pixel] }
            #expect(abs(squares.reduce(0, +) / 3 - 1) < 1e-4)
        } }
        let report = GradientCheck.compare(at: [Tensor.normal([2, 3, 2, 2], using: &generator) + 2]) { _, inputs in gan.normalised(inputs[0]) }
        #expect(report.passed, "\(report)")
    }

    @Test func aTrainingStepMovesEveryParameter() throws {
        let gan = tinyConvolutionalGAN(seed: 6, smooth: false)
        let trainer = AdversarialTrainer(label: "DCGAN", model: gan, generatorLearningRate: 1e-2, discriminatorLearningRate: 1e-2)
        var generator = RandomGenerator(seed: 7)
        let generatorBefore = parameterValues(gan.generatorParameters), discriminatorBefore = parameterValues(gan.discriminatorParameters)
        let record = try trainer.step(0, realBatch: Tensor.uniform([16, 64], low: 0, high: 1, using: &generator), using: &generator)
        #expect(record.discriminatorLoss.isFinite && record.generatorLoss.isFinite)
        #expect(zip(parameterValues(gan.generatorParameters), generatorBefore).allSatisfy { $0 != $1 })
        #expect(zip(parameterValues(gan.discriminatorParameters), discriminatorBefore).allSatisfy { $0 != $1 })
    }
}

@Suite struct ConditionalGANTests {
    @Test func shapesRangesAndJoinedRows() {
        let gan = tinyConditionalGAN(seed: 10, smooth: false)
        var generator = RandomGenerator(seed: 11)
        let labels = [0, 3, 9, 3]
        let samples = gan.sample(labels: labels, using: &generator)
        #expect(samples.shape == [4, 6])
        #expect(samples.scalars.allSatisfy { $0 > 0 && $0 < 1 })
        let probabilities = gan.discriminate(samples, labels: labels)
        #expect(probabilities.shape == [4, 1] && probabilities.scalars.allSatisfy { $0 > 0 && $0 < 1 })
        // The trainer's rows are [x, one-hot(y)]: the label block holds exactly one 1 per row.
        let rows = gan.generate(50, on: Tape(), using: &generator).value
        #expect(rows.shape == [50, 16])
        for row in 0..<50 {
            let code = rows.row(row).slice(6..<16).scalars
            #expect(code.filter { $0 == 1 }.count == 1 && code.filter { $0 == 0 }.count == 9)
        }
        let joined = gan.joined(samples, labels: labels)
        #expect(joined.shape == [4, 16] && joined.row(2).scalars[6 + 9] == 1)
        for (a, b) in zip(gan.discriminatorOutput(Tape().constant(joined)).value.scalars, gan.logits(samples, labels: labels).scalars) {
            #expect(abs(a - b) < 1e-6)
        }
    }

    /// The same z with different labels gives different images, and the same image with
    /// different labels gets different logits: both players really read y.
    @Test func bothPlayersDependOnTheLabel() {
        let gan = tinyConditionalGAN(seed: 12, smooth: false)
        var generator = RandomGenerator(seed: 13)
        let z = gan.latents(1, using: &generator)
        let images = (0..<10).map { gan.generate(from: z, labels: [$0]) }
        for first in 0..<10 {
            for second in (first + 1)..<10 {
                let distance = zip(images[first].scalars, images[second].scalars).map { abs($0 - $1) }.max()!
                #expect(distance > 1e-4, "labels \(first) and \(second) gave the same image")
            }
        }
        let x = images[0]
        let logits = (0..<10).map { gan.logits(x, labels: [$0]).scalar }
        #expect(Set(logits).count == 10, "the discriminator ignored the label: \(logits)")
    }

    @Test func bothPlayersGradientsMatchFiniteDifferences() {
        let gan = tinyConditionalGAN(seed: 14)
        var generator = RandomGenerator(seed: 15)
        let labels = [1, 4, 4, 7]
        let latents = gan.latents(4, using: &generator)
        let real = gan.joined(Tensor.uniform([4, 6], low: 0, high: 1, using: &generator), labels: [2, 4, 8, 8])
        let fake = gan.joined(gan.generate(from: latents, labels: labels), labels: labels)
        let generatorLoss = { (tape: Tape) -> Variable in
            let x = gan.generate(from: tape.constant(latents), labels: labels)
            let joined = Variable.concatenate([x, tape.constant(gan.oneHot(labels))], alongAxis: 1)
            return GeneratorLoss.nonSaturating.callAsFunction(fakeLogits: gan.discriminatorOutput(joined))
        }
        expectBothPlayersMatchFiniteDifferences(gan, generatorLoss: generatorLoss, discriminatorLoss: discriminatorLoss(of: gan, real: real, fake: fake))
    }

    @Test func aTrainingStepMovesEveryParameter() throws {
        let gan = tinyConditionalGAN(seed: 16, smooth: false)
        let trainer = AdversarialTrainer(label: "cGAN", model: gan, generatorLearningRate: 1e-2, discriminatorLearningRate: 1e-2)
        var generator = RandomGenerator(seed: 17)
        let labels = (0..<20).map { $0 % 10 }
        let real = gan.joined(Tensor.uniform([20, 6], low: 0, high: 1, using: &generator), labels: labels)
        let generatorBefore = parameterValues(gan.generatorParameters), discriminatorBefore = parameterValues(gan.discriminatorParameters)
        let record = try trainer.step(0, realBatch: real, using: &generator)
        #expect(record.discriminatorLoss.isFinite && record.generatorLoss.isFinite)
        #expect(zip(parameterValues(gan.generatorParameters), generatorBefore).allSatisfy { $0 != $1 })
        #expect(zip(parameterValues(gan.discriminatorParameters), discriminatorBefore).allSatisfy { $0 != $1 })
    }
}
