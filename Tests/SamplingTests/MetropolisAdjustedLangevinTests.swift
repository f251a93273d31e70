import Foundation
import Testing
import Distributions
import Sampling
import Statistics
import TensorCore

/// The mean MALA acceptance on N(0, 1) at stationarity, by brute-force 2-D midpoint quadrature over
/// x ~ N(0, 1) and the proposal noise z ~ N(0, 1): with x′ = (1 − ε/2)x + √ε·z,
/// log α = ε(x² − x′²)/8. (Derivation: with c = 1 − ε/2, log q(x | x′) − log q(x′ | x)
/// = −[(x − cx′)² − (x′ − cx)²]/(2ε) = −(x² − x′²)(1 − c²)/(2ε) = −(x² − x′²)(1 − ε/4)/2,
/// and log p(x′) − log p(x) = (x² − x′²)/2, which sum to ε(x² − x′²)/8.)
func standardNormalAcceptance(stepSize epsilon: Double) -> Double {
    let cells = 1_600, extent = 8.0, width = 2 * extent / Double(cells)
    let nodes = (0..<cells).map { -extent + width * (Double($0) + 0.5) }
    let weights = nodes.map { exp(-$0 * $0 / 2) / (2 * Double.pi).squareRoot() * width }
    var total = 0.0
    for (x, wx) in zip(nodes, weights) {
        for (z, wz) in zip(nodes, weights) {
            let proposal = (1 - epsilon / 2) * x + epsilon.squareRoot() * z
            total += wx * wz * min(1, exp(epsilon * (x * x - proposal * proposal) / 8))
        }
    }
    return total
}

@Suite struct MetropolisAdjustedLangevinTests {
    let standardNormalLogDensity: (Tensor) -> [Double] = { $0.doubles.map { -$0 * $0 / 2 } }

    /// At ε = 1.5 ULA's stationary variance is 1.6; MALA keeps N(0, 1) exact.
    @Test func keepsTheStandardNormalExactAtALargeStep() {
        var generator = RandomGenerator(seed: 31)
        let particles = 100_000
        let (x, acceptance) = Langevin.metropolisAdjustedChain(Tensor.normal([particles], using: &generator),
                                                              logDensity: standardNormalLogDensity, score: { -$0 },
                                                              stepSize: 1.5, steps: 30, using: &generator)
        let summary = SampleSummary(x.doubles)
        #expect(abs(summary.mean) < 5 / Double(particles).squareRoot())
        #expect(abs(summary.variance - 1) < 5 * normalVarianceStandardError(variance: 1, count: particles), "\(summary.variance)")
        #expect(acceptance > 0.5 && acceptance < 1)
    }

    /// One step from exact samples: each particle accepts with probability α(x, x′), so the
    /// accepted fraction is a mean of Bernoulli(ᾱ) indicators with SE √(ᾱ(1 − ᾱ)/n).
    @Test(arguments: [0.5, 1.5, 3.0])
    func acceptanceMatchesItsClosedFormByQuadrature(stepSize: Double) {
        let expected = standardNormalAcceptance(stepSize: stepSize)
        var generator = RandomGenerator(seed: 32 + UInt64(stepSize * 10))
        let particles = 200_000
        let (_, acceptance) = Langevin.metropolisAdjustedStep(Tensor.normal([particles], using: &generator),
                                                             logDensity: standardNormalLogDensity, score: { -$0 },
                                                             stepSize: Float(stepSize), using: &generator)
        let standardError = (expected * (1 - expected) / Double(particles)).squareRoot()
        #expect(abs(acceptance - expected) < 5 * standardError, "ε = \(stepSize): \(acceptance) vs \(expected)")
    }

    /// The library's 1-D closed form (`StandardNormalMALAAcceptance`) against this file's brute-force
    /// 2-D quadrature of min(1, α) and against reference values from SciPy's adaptive quadrature
    /// (0.9718834, 0.9208332, 0.8562983 at ε = 0.5, 1, 1.5).
    @Test(arguments: [(0.5, 0.9718834), (1.0, 0.9208332), (1.5, 0.8562983)])
    func libraryAcceptanceMatchesTwoDimensionalQuadrature(stepSize: Double, reference: Double) {
        let library = StandardNormalMALAAcceptance(stepSize: stepSize)
        #expect(abs(library.mean - reference) < 1e-6, "ε = \(stepSize): \(library.mean)")
        #expect(abs(library.mean - standardNormalAcceptance(stepSize: stepSize)) < 2e-5)
        #expect(library.conditionalVariance > 0 && library.conditionalVariance < 0.05 * library.mean * (1 - library.mean))
    }

    /// The quadrature itself: at ε → 0 every proposal is accepted, and acceptance falls with ε.
    @Test func closedFormAcceptanceBehavesAtTheExtremes() {
        #expect(abs(standardNormalAcceptance(stepSize: 1e-6) - 1) < 1e-3)
        #expect(standardNormalAcceptance(stepSize: 0.5) > standardNormalAcceptance(stepSize: 1.5))
        #expect(standardNormalAcceptance(stepSize: 1.5) > standardNormalAcceptance(stepSize: 3.0))
    }

    /// Row particles: a correlated 2-D Gaussian stays exact (mean and covariance within 5 SE)
    /// at a step where ULA, though stable (its smallest variance direction λ = 0.134 needs
    /// ε < 4λ = 0.54), is far off: there its variance is λ/(1 − ε/(4λ)) ≈ 4λ.
    @Test func keepsACorrelatedGaussianExactOnRowParticles() {
        let target = Gaussian(mean: [0.5, -1], covariance: Matrix(rows: [[1, 0.6], [0.6, 0.55]]))
        var generator = RandomGenerator(seed: 33)
        let particles = 100_000
        let (x, acceptance) = Langevin.metropolisAdjustedChain(target.sample(particles, using: &generator),
                                                              logDensity: target.logDensity, score: target.score,
                                                              stepSize: 0.4, steps: 20, using: &generator)
        let moments = BivariateMoments(x)
        let (a, b, c) = (1.0, 0.6, 0.55)
        #expect(abs(moments.mean.x - 0.5) < 5 * (a / Double(particles)).squareRoot())
        #expect(abs(moments.mean.y + 1) < 5 * (c / Double(particles)).squareRoot())
        #expect(abs(moments.covariance.a - a) < 5 * normalCovarianceStandardError(varianceI: a, varianceJ: a, covariance: a, count: particles))
        #expect(abs(moments.covariance.b - b) < 5 * normalCovarianceStandardError(varianceI: a, varianceJ: c, covariance: b, count: particles))
        #expect(abs(moments.covariance.c - c) < 5 * normalCovarianceStandardError(varianceI: c, varianceJ: c, covariance: c, count: particles))
        #expect(acceptance > 0.1 && acceptance < 0.99)
        // The same step without the correction inflates the covariance far beyond 5 SE (finite: a stable chain).
        let unadjusted = BivariateMoments(Langevin.chain(target.sample(particles, using: &generator), score: target.score,
                                                         stepSize: 0.4, steps: 100, using: &generator))
        #expect(unadjusted.covariance.c.isFinite && abs(unadjusted.covariance.c - c) > 5 * normalCovarianceStandardError(varianceI: c, varianceJ: c, covariance: c, count: particles))
    }
}
