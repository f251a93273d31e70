import Foundation
import Testing
import Distributions
import ScoreBasedModels
import TensorCore

@Suite struct NetworkScoreTests {
    @Test func exactDivergenceMatchesFiniteDifferencesAndHutchinsonAgreesOnAverage() {
        var generator = RandomGenerator(seed: 9)
        let network = NoisePredictionNetwork(sde: VariancePreservingSDE(), hidden: 32, hiddenLayers: 2, using: &generator)
        let points = Tensor.normal([6, 2], using: &generator)
        let t = 0.4
        let (score, divergence) = network.scoreAndDivergence(points, at: t)
        #expect(score.shape == [6, 2])
        let h: Float = 1e-2   // converged: 3e-3 and 3e-2 agree with it to 1e-5
        for row in 0..<6 {
            var numeric = 0.0
            for j in 0..<2 {
                var plus = points, minus = points
                plus.scalars[2 * row + j] += h
                minus.scalars[2 * row + j] -= h
                numeric += Double(network.score(plus, at: t).scalars[2 * row + j] - network.score(minus, at: t).scalars[2 * row + j]) / Double(2 * h)
            }
            #expect(abs(numeric - divergence[row]) < 2e-3 * max(1, abs(divergence[row])), "row \(row): \(numeric) vs \(divergence[row])")
        }
        let hutchinson = network.hutchinsonDivergence(points, at: t, probes: 4_000, using: &generator)
        for row in 0..<6 { #expect(abs(hutchinson[row] - divergence[row]) < 0.1 * max(1, abs(divergence[row]))) }
    }

    /// With the MLP's output zeroed, the Gaussian part alone must give the exact score of
    /// N(0, vI) data, −x/(α²v + σ²), and its divergence −d/(α²v + σ²), on and off the tape.
    @Test func gaussianPartIsExactForGaussianData() {
        var generator = RandomGenerator(seed: 10)
        let sde = VariancePreservingSDE()
        let v = 2.5
        let network = NoisePredictionNetwork(sde: sde, hidden: 16, hiddenLayers: 1, gaussianPartSecondMoment: v, using: &generator)
        network.network.layers.last!.weight.value = Tensor.zeros(network.network.layers.last!.weight.value.shape)
        network.network.layers.last!.bias.value = Tensor.zeros(network.network.layers.last!.bias.value.shape)
        let points = Tensor.normal([5, 2], using: &generator)
        for t in [0.05, 0.5, 1.0] {
            let a = sde.meanScale(t), sigma = sde.noiseStandardDeviation(t)
            let variance = a * a * v + sigma * sigma
            let (score, divergence) = network.scoreAndDivergence(points, at: t)
            let plain = network.score(points, at: t)
            for index in 0..<10 {
                #expect(abs(Double(score.scalars[index]) + Double(points.scalars[index]) / variance) < 1e-5)
                #expect(abs(plain.scalars[index] - score.scalars[index]) < 1e-6)
            }
            for row in 0..<5 { #expect(abs(divergence[row] + 2 / variance) < 1e-5) }
        }
    }

    /// Training on Gaussian data gives a score close to the exact one at a mid time, where
    /// the untrained network (the trivial baseline) is far off.
    @Test func trainerLearnsTheScoreOfAGaussian() throws {
        var generator = RandomGenerator(seed: 12)
        let sde = VariancePreservingSDE()
        let data = Tensor.normal([4_000, 2], standardDeviation: 0.5, using: &generator) + Tensor([1, -0.5])
        let network = NoisePredictionNetwork(sde: sde, hidden: 32, hiddenLayers: 2, using: &generator)
        let exact = ExactScore(data: GaussianMixture2D([.init(weight: 1, mean: SIMD2(1, -0.5), covariance: (0.25, 0, 0.25))]), sde: sde)
        let probes = sde.perturb(data.slice(0..<1_000), times: Tensor.full([1_000, 1], 0.5), noise: Tensor.normal([1_000, 2], using: &generator))
        func relativeError() -> Float {
            let error: Float = (network.score(probes, at: 0.5) - exact.score(probes, at: 0.5)).rowNorms().mean().scalar
            let size: Float = exact.score(probes, at: 0.5).rowNorms().mean().scalar
            return error / size
        }
        let untrained = relativeError()
        let trainer = ScoreNetworkTrainer(network, data: data, settings: ScoreTrainingSettings(steps: 1_500, batchSize: 256), label: "gaussian")
        for step in 0..<trainer.settings.steps { try trainer.step(step, using: &generator) }
        trainer.finish()
        let trained = relativeError()
        #expect(untrained > 0.5 && trained < 0.15, "relative score error \(untrained) → \(trained)")
        #expect(trainer.trainer.losses.count == 1_500)
    }
}
