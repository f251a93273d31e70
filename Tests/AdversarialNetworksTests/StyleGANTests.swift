import Foundation
import Testing
import TensorCore
import Autodiff
import NeuralLayers
@testable import AdversarialNetworks

/// A tiny StyleGAN with smooth activations (SiLU, softplus) for finite differences.
private func tinyStyleGAN(seed: UInt64, mixingProbability: Double = 0) -> StyleGAN {
    var generator = RandomGenerator(seed: seed)
    return StyleGAN(latentSize: 3, styleSize: 3, dataSize: 6, mappingHidden: [4], synthesisWidths: [4, 5],
                    discriminatorHidden: [5], generatorActivation: .silu, discriminatorActivation: .softplus,
                    outputActivation: .sigmoid, mixingProbability: mixingProbability,
                    styleGain: 1, using: &generator)   // a gain of 1 keeps the curvature small enough for central differences
}

@Suite struct StyleGANTests {
    @Test func samplesAreEightByEightImagesInTheUnitInterval() {
        var generator = RandomGenerator(seed: 1)
        let gan = StyleGAN(using: &generator)
        let z = gan.latents(5, using: &generator)
        let w = gan.styles(from: z)
        #expect(w.shape == [5, 16])
        #expect(gan.layerCount == 3 && gan.dataSize == 64)
        let samples = gan.generate(from: z)
        #expect(samples.shape == [5, 64])
        #expect(samples.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })   // the default gain saturates some pixels to 0 or 1 in single precision
        let probabilities = gan.discriminate(samples)
        #expect(probabilities.shape == [5, 1])
        #expect(probabilities.scalars.allSatisfy { $0 > 0 && $0 < 1 })
        // Different latents give different images: the styles reach the pixels.
        #expect(samples.row(0) != samples.row(1))
        // The tape path (what the trainer sees) is the same function.
        var first = RandomGenerator(seed: 2), second = first
        let onTape = gan.generate(4, on: Tape(), using: &first).value
        let plain = gan.sample(4, using: &second)
        for (a, b) in zip(onTape.scalars, plain.scalars) { #expect(abs(a - b) < 1e-6) }
    }

    @Test func mixingAStyleWithItselfIsTheUnmixedImage() {
        var generator = RandomGenerator(seed: 3)
        let gan = StyleGAN(using: &generator)
        let z1 = gan.latents(4, using: &generator), z2 = gan.latents(4, using: &generator)
        let unmixed = gan.generate(from: z1)
        for crossover in 0...gan.layerCount {
            #expect(gan.mix(z1, z1, crossover: crossover) == unmixed)
        }
        // The ends of the crossover range are the two unmixed images; the middle is neither.
        #expect(gan.mix(z1, z2, crossover: gan.layerCount) == unmixed)
        #expect(gan.mix(z1, z2, crossover: 0) == gan.generate(from: z2))
        let mixed = gan.mix(z1, z2, crossover: 1)
        #expect(mixed != unmixed && mixed != gan.generate(from: z2))
    }

    @Test func modulationIsTheIdentityWhenTheAffineMapsAreZero() {
        var generator = RandomGenerator(seed: 4)
        let gan = StyleGAN(using: &generator)
        let network = gan.generatorNetwork
        for layer in network.styleScales + network.styleBiases {
            layer.weight.value = Tensor.zeros(layer.weight.value.shape)
            layer.bias.value = Tensor.zeros(layer.bias.value.shape)
        }
        let tape = Tape()
        let w = tape.constant(gan.styles(from: gan.latents(3, using: &generator)))
        for index in 0..<network.layerCount {
            let width = network.synthesisLayers[index].outputSize
            let h = tape.constant(Tensor.normal([3, width], using: &generator) * 2 + 1)
            let normalised = network.normalise(h).value
            #expect(network.modulate(h, style: w, layer: index).value == normalised)
            // And the normalisation itself: zero mean, unit variance per row.
            for row in 0..<3 {
                let values = normalised.row(row).scalars
                let mean = values.reduce(0, +) / Float(width)
                let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(width)
                #expect(abs(mean) < 1e-5 && abs(variance - 1) < 1e-3)
            }
        }
        // With every style map at zero, the image no longer depends on w at all.
        let first = gan.styles(from: gan.latents(2, using: &generator))
        let second = gan.styles(from: gan.latents(2, using: &generator))
        #expect(gan.generate(styles: Array(repeating: first, count: 3)) == gan.generate(styles: Array(repeating: second, count: 3)))
    }

    /// ∂(generator loss)/∂θ_G through the discriminator, the synthesis layers, the
    /// normalisations, the style maps and the mapping network (with a style mix, so two
    /// latents reach the mapping network), and ∂(discriminator loss)/∂θ_D, against central differences.
    @Test func bothPlayersGradientsMatchFiniteDifferences() {
        let gan = tinyStyleGAN(seed: 5)
        let network = gan.generatorNetwork
        var generator = RandomGenerator(seed: 6)
        let z1 = gan.latents(3, using: &generator), z2 = gan.latents(3, using: &generator)
        let real = Tensor.uniform([3, 6], low: 0, high: 1, using: &generator)
        let fake = gan.generate(from: z1)
        let generatorLoss = { (tape: Tape) -> Variable in
            let w1 = network.map(tape.constant(z1)), w2 = network.map(tape.constant(z2))
            let images = network.synthesise(styles: [w1, w2])
            return GeneratorLoss.nonSaturating.callAsFunction(fakeLogits: gan.discriminatorOutput(images))
        }
        expectBothPlayersMatchFiniteDifferences(gan, generatorLoss: generatorLoss, discriminatorLoss: discriminatorLoss(of: gan, real: real, fake: fake))
    }

    @Test func aTrainerStepRunsAndMovesBothPlayers() throws {
        var generator = RandomGenerator(seed: 7)
        let gan = StyleGAN(mixingProbability: 1, using: &generator)
        let generatorBefore = parameterValues(gan.generatorParameters)
        let discriminatorBefore = parameterValues(gan.discriminatorParameters)
        let trainer = AdversarialTrainer(label: "StyleGAN", model: gan, generatorLearningRate: 1e-2, discriminatorLearningRate: 1e-2)
        let record = try trainer.step(0, realBatch: Tensor.uniform([16, 64], low: 0, high: 1, using: &generator), using: &generator)
        #expect(record.discriminatorLoss.isFinite && record.generatorLoss.isFinite)
        #expect(zip(parameterValues(gan.generatorParameters), generatorBefore).allSatisfy { $0 != $1 })
        #expect(zip(parameterValues(gan.discriminatorParameters), discriminatorBefore).allSatisfy { $0 != $1 })
        #expect(trainer.history.count == 1)
    }

    @Test func interpolationsHitTheirEndsAndPathLengthsAreFinite() {
        var generator = RandomGenerator(seed: 8)
        let a = Tensor.normal([4, 5], using: &generator), b = Tensor.normal([4, 5], using: &generator)
        for (t, expected) in [(Float(0), a), (1, b)] {
            for interpolated in [StyleGAN.slerp(a, b, Array(repeating: t, count: 4)), StyleGAN.lerp(a, b, Array(repeating: t, count: 4))] {
                for (x, y) in zip(interpolated.scalars, expected.scalars) { #expect(abs(x - y) < 1e-5) }
            }
        }
        // Halfway along a slerp between two vectors of equal norm keeps that norm.
        let unitA = Tensor(shape: [1, 2], scalars: [1, 0]), unitB = Tensor(shape: [1, 2], scalars: [0, 1])
        let half = StyleGAN.slerp(unitA, unitB, [0.5]).scalars
        #expect(abs(half[0] - Float(0.5).squareRoot()) < 1e-6 && abs(half[1] - Float(0.5).squareRoot()) < 1e-6)
        let gan = StyleGAN(using: &generator)
        for space in [InterpolationSpace.latent, .style] {
            let length = gan.pathLength(in: space, count: 32, using: &generator)
            #expect(length.isFinite && length > 0)
        }
    }
}
