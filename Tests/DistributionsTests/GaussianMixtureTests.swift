import Foundation
import Testing
import Distributions
import TensorCore

@Suite struct GaussianMixture1DTests {
    let mixture = GaussianMixture1D(weights: [0.3, 0.5, 0.2], means: [-2, 0.5, 3], standardDeviations: [0.5, 0.8, 0.3])

    @Test func densityIntegratesToOne() {
        let step = 1e-3
        let total = (0..<24_000).reduce(0.0) { $0 + exp(mixture.logDensity(-12 + step * (Double($1) + 0.5))) } * step
        #expect(abs(total - 1) < 1e-9)
    }

    /// Mean Σwμ and variance Σw(s² + μ²) − mean², checked against quadrature and against samples.
    @Test func momentsMatchQuadratureAndSamples() {
        let step = 1e-3
        let grid = (0..<24_000).map { -12 + step * (Double($0) + 0.5) }
        let mean = grid.reduce(0.0) { $0 + $1 * exp(mixture.logDensity($1)) } * step
        let second = grid.reduce(0.0) { $0 + $1 * $1 * exp(mixture.logDensity($1)) } * step
        #expect(abs(mixture.mean - mean) < 1e-9 && abs(mixture.variance - (second - mean * mean)) < 1e-8)
        var generator = RandomGenerator(seed: 31)
        let samples = mixture.sample(100_000, using: &generator)
        #expect(samples.shape == [100_000, 1])
        expectMoments(samples, mean: [mixture.mean], covariance: [[mixture.variance]], "1-D mixture")
    }

    @Test func scoreAndDivergenceMatchFiniteDifferences() {
        let points = Tensor(shape: [9, 1], scalars: [-3, -2.1, -1, -0.2, 0.4, 1.3, 2.5, 3.1, 6])
        expectScoreAndDivergenceMatchFiniteDifferences(mixture, at: points, "1-D mixture")
        // The scalar and tensor routes are the same function.
        for x in points.scalars { #expect(Float(mixture.score(Double(x))) == mixture.score(Tensor([x])).scalars[0]) }
    }

    @Test func farPointsDoNotUnderflow() {
        // Far out the widest component (μ = 0.5, s = 0.8) dominates: score → (0.5 − x)/0.64.
        #expect(abs(mixture.score(60) - (0.5 - 60) / 0.64) < 1e-9 * 93)
        #expect(mixture.logDensity(-80).isFinite && mixture.scoreDivergence(-80).isFinite)
    }

    @Test func noisedLawMatchesSimulation() {
        let (alpha, sigma) = (0.8, 0.6)
        let noised = mixture.noised(meanScale: alpha, noiseStandardDeviation: sigma)
        #expect(abs(noised.mean - alpha * mixture.mean) < 1e-14)
        #expect(abs(noised.variance - (alpha * alpha * mixture.variance + sigma * sigma)) < 1e-12)
        var generator = RandomGenerator(seed: 32)
        let simulated = simulateNoising(mixture, count: 100_000, alpha: alpha, sigma: sigma, using: &generator)
        expectMoments(simulated, mean: [noised.mean], covariance: [[noised.variance]], "noised 1-D mixture")
        // α = 1 is plain smoothing p ∗ N(0, σ²): variances grow by σ².
        #expect(mixture.noised(noiseStandardDeviation: 0.4).standardDeviations.map { $0 * $0 }
                .elementsEqual(mixture.standardDeviations.map { $0 * $0 + 0.16 }) { abs($0 - $1) < 1e-14 })
    }
}

@Suite struct GaussianMixture2DNoisingTests {
    let mixture = GaussianMixture2D.ring(modes: 8, radius: 2, spread: 0.25)

    static func matrix(_ covariance: (a: Double, b: Double, c: Double)) -> [[Double]] {
        [[covariance.a, covariance.b], [covariance.b, covariance.c]]
    }

    @Test func ringOfGaussiansHasTheMixtureMoments() {
        var generator = RandomGenerator(seed: 41)
        let moments = mixture.moments
        // Eight equally spaced modes: mean 0, covariance (R²/2 + s²)I.
        #expect(abs(moments.mean.x) < 1e-14 && abs(moments.covariance.a - (2 + 0.0625)) < 1e-12 && abs(moments.covariance.b) < 1e-14)
        expectMoments(mixture.sample(100_000, using: &generator), mean: [moments.mean.x, moments.mean.y],
                      covariance: Self.matrix(moments.covariance), "8 Gaussians")
    }

    @Test func noisedLawMatchesSimulation() {
        let (alpha, sigma) = (0.5, 0.8)
        let noised = mixture.noised(meanScale: alpha, noiseStandardDeviation: sigma).moments
        let original = mixture.moments
        #expect(abs(noised.covariance.a - (alpha * alpha * original.covariance.a + sigma * sigma)) < 1e-12)
        #expect(abs(noised.covariance.b - alpha * alpha * original.covariance.b) < 1e-12)
        var generator = RandomGenerator(seed: 42)
        let simulated = simulateNoising(mixture, count: 100_000, alpha: alpha, sigma: sigma, using: &generator)
        expectMoments(simulated, mean: [noised.mean.x, noised.mean.y], covariance: Self.matrix(noised.covariance), "noised 8 Gaussians")
    }

    @Test func tensorScoreAndDivergenceMatchFiniteDifferences() {
        var generator = RandomGenerator(seed: 43)
        let noised = mixture.noised(meanScale: 0.9, noiseStandardDeviation: 0.3)
        expectScoreAndDivergenceMatchFiniteDifferences(noised, at: noised.sample(30, using: &generator), "noised 8 Gaussians")
        #expect(abs(integrate2D(noised, extent: 5, cells: 400) - 1) < 1e-5)
    }
}
