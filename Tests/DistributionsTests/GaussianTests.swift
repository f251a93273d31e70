import Foundation
import Testing
import Distributions
import TensorCore

@Suite struct GaussianTests {
    let gaussian3D = Gaussian(mean: [1, -0.5, 2], covariance: Matrix(rows: [[1.0, 0.3, -0.2], [0.3, 0.5, 0.1], [-0.2, 0.1, 0.8]]))
    let gaussian2D = Gaussian(mean: [0.4, -0.3], covariance: Matrix(rows: [[0.6, 0.25], [0.25, 0.4]]))

    @Test func samplesHaveTheMeanAndCovariance() {
        var generator = RandomGenerator(seed: 21)
        let covariance = (0..<3).map { i in (0..<3).map { gaussian3D.covariance[i, $0] } }
        expectMoments(gaussian3D.sample(100_000, using: &generator), mean: gaussian3D.mean, covariance: covariance, "3-D Gaussian")
    }

    @Test func densityIntegratesToOne() {
        #expect(abs(integrate2D(gaussian2D, extent: 5, cells: 300) - 1) < 1e-4)
    }

    @Test func scoreAndDivergenceMatchFiniteDifferences() {
        var generator = RandomGenerator(seed: 22)
        expectScoreAndDivergenceMatchFiniteDifferences(gaussian3D, at: gaussian3D.sample(20, using: &generator), "3-D Gaussian")
    }

    /// Two independent implementations of the same law: Cholesky (Gaussian) and the
    /// 2 × 2 inverse written out (a one-component GaussianMixture2D).
    @Test func agreesWithTheOneComponentMixture() {
        let mixture = GaussianMixture2D.gaussian(mean: SIMD2(0.4, -0.3), covariance: (0.6, 0.25, 0.4))
        var generator = RandomGenerator(seed: 23)
        let points = Tensor.normal([50, 2], standardDeviation: 1.5, using: &generator)
        for (a, b) in zip(gaussian2D.logDensity(points), mixture.logDensity(points)) { #expect(abs(a - b) < 1e-10) }
        for (a, b) in zip(gaussian2D.score(points).scalars, mixture.score(points).scalars) { #expect(abs(a - b) < 1e-5 * max(1, abs(b))) }
        for (a, b) in zip(gaussian2D.scoreDivergence(points), mixture.scoreDivergence(points)) { #expect(abs(a - b) < 1e-10) }
    }

    /// N(μ, Σ) noised is N(αμ, α²Σ + σ²I), and simulating αX + σZ gives those moments.
    @Test func noisedLawMatchesSimulation() {
        let (alpha, sigma) = (0.6, 0.7)
        let noised = gaussian3D.noised(meanScale: alpha, noiseStandardDeviation: sigma)
        for i in 0..<3 {
            #expect(abs(noised.mean[i] - alpha * gaussian3D.mean[i]) < 1e-15)
            for j in 0..<3 {
                let expected = alpha * alpha * gaussian3D.covariance[i, j] + (i == j ? sigma * sigma : 0)
                #expect(abs(noised.covariance[i, j] - expected) < 1e-14)
            }
        }
        var generator = RandomGenerator(seed: 24)
        let simulated = simulateNoising(gaussian3D, count: 100_000, alpha: alpha, sigma: sigma, using: &generator)
        expectMoments(simulated, mean: noised.mean, covariance: (0..<3).map { i in (0..<3).map { noised.covariance[i, $0] } },
                      "noised 3-D Gaussian")
        #expect(gaussian3D.noised(noiseStandardDeviation: sigma).mean == gaussian3D.mean)
    }
}
