import Foundation
import Testing
import Distributions
import Sampling
import Statistics
import TensorCore

/// A Langevin-type update under test: (x, score, ε, generator) → x′.
typealias LangevinUpdate = (Tensor, (Tensor) -> Tensor, Float, inout RandomGenerator) -> Tensor

/// The checker: run `update` on N(0, 1) from exact samples for long enough to forget
/// the start, and return the distance of the particles' variance from the ULA closed
/// form 1/(1 − ε/4), in standard errors. The chain is linear and Gaussian, so its
/// law stays normal and SE(s²) = v·√(2/(n − 1)) is exact.
func stationaryVarianceDeviation(_ update: LangevinUpdate, stepSize: Float, particles: Int = 100_000, seed: UInt64) -> Double {
    var generator = RandomGenerator(seed: seed)
    var x = Tensor.normal([particles], using: &generator)
    for _ in 0..<Int(40 / stepSize) { x = update(x, { -$0 }, stepSize, &generator) }
    let expected = 1 / (1 - Double(stepSize) / 4)
    return (SampleSummary(x.doubles).variance - expected) / normalVarianceStandardError(variance: expected, count: particles)
}

@Suite struct UnadjustedLangevinTests {
    let libraryStep: LangevinUpdate = { x, score, epsilon, generator in
        Langevin.unadjustedStep(x, score: score, stepSize: epsilon, using: &generator)
    }

    @Test(arguments: [Float(0.1), 0.5, 1.0, 1.5])
    func stationaryVarianceOnAStandardNormalIsOneOverOneMinusQuarterEpsilon(stepSize: Float) {
        let deviation = stationaryVarianceDeviation(libraryStep, stepSize: stepSize, seed: 100 + UInt64(stepSize * 10))
        #expect(abs(deviation) < 5, "ε = \(stepSize): \(deviation) SE from 1/(1 − ε/4)")
    }

    /// A wrong step — noise √(2ε) with drift (ε/2)s, which targets N(0, 2) — is rejected by the same checker.
    @Test func theCheckerRejectsAWrongNoiseScale() {
        let wrongStep: LangevinUpdate = { x, score, epsilon, generator in
            x + score(x) * (epsilon / 2) + Tensor.normal(x.shape, using: &generator) * (2 * epsilon).squareRoot()
        }
        #expect(abs(stationaryVarianceDeviation(wrongStep, stepSize: 0.5, seed: 7)) > 5)
        // The unadjusted chain is itself rejected as a sampler of N(0, 1) at ε = 0.5 (bias 0.14 ≫ 5 SE).
        var generator = RandomGenerator(seed: 8)
        let x = Langevin.chain(Tensor.normal([100_000], using: &generator), score: { -$0 }, stepSize: 0.5, steps: 80, using: &generator)
        #expect(abs(SampleSummary(x.doubles).variance - 1) > 5 * normalVarianceStandardError(variance: 1, count: 100_000))
    }

    /// From x₀ = 4 on N(0, 1): E[x_k] = 4(1 − ε/2)ᵏ and Var[x_k] = v∞(1 − (1 − ε/2)²ᵏ), at every step k.
    @Test func meanContractsByOneMinusHalfEpsilonPerStep() {
        var generator = RandomGenerator(seed: 12)
        let epsilon = 0.1, particles = 50_000
        let contraction = 1 - epsilon / 2, stationary = 1 / (1 - epsilon / 4)
        var observedSteps: [Int] = []
        _ = Langevin.chain(Tensor.full([particles], 4), score: { -$0 }, stepSize: Float(epsilon), steps: 30, using: &generator) { step, x in
            observedSteps.append(step)
            let variance = stationary * (1 - pow(contraction, 2 * Double(step)))
            let mean = x.doubles.mean
            #expect(abs(mean - 4 * pow(contraction, Double(step))) < 5 * (variance / Double(particles)).squareRoot(), "step \(step)")
        }
        #expect(observedSteps == Array(1...30))
    }

    /// On [n, d] particles, for N(0, diag(λ)) each coordinate has stationary variance λ/(1 − ε/(4λ)).
    @Test func rowParticlesReachThePerCoordinateStationaryVariance() {
        let target = Gaussian(mean: [0, 0], covariance: Matrix.diagonal([1, 0.25]))
        var generator = RandomGenerator(seed: 13)
        let epsilon = 0.2, particles = 100_000
        let x = Langevin.chain(target.sample(particles, using: &generator), score: target.score, stepSize: Float(epsilon),
                               steps: 200, using: &generator)
        for (column, lambda) in [1.0, 0.25].enumerated() {
            let expected = lambda / (1 - epsilon / (4 * lambda))
            let variance = columnVariances(of: x)[column]
            #expect(abs(variance - expected) < 5 * normalVarianceStandardError(variance: expected, count: particles), "coordinate \(column)")
        }
    }

    /// Annealing on N(0, 1) through levels σ with the smoothed score −x/(1 + σ²): the variance
    /// follows the exact recursion v ← (1 − ε/(2(1 + σ²)))²v + ε step by step.
    @Test func annealedChainFollowsTheExactVarianceRecursion() {
        let target = GaussianMixture1D(weights: [1], means: [0], standardDeviations: [1])
        let levels = [2.0, 1.0, 0.5, 0.0], stepsPerLevel = 15, particles = 100_000
        let stepSize: (Double) -> Float = { Float(0.2 * (1 + $0 * $0)) }
        var generator = RandomGenerator(seed: 14)
        var visits: [Int] = Array(repeating: 0, count: levels.count)
        let x = Langevin.annealedChain(Tensor.zeros([particles]), noiseLevels: levels, stepsPerLevel: stepsPerLevel, stepSize: stepSize,
                                       score: { x, sigma in target.noised(noiseStandardDeviation: sigma).score(x) },
                                       using: &generator) { level, _, _ in visits[level] += 1 }
        #expect(visits == [15, 15, 15, 15])
        var variance = 0.0
        for sigma in levels {
            let epsilon = Double(stepSize(sigma)), contraction = 1 - epsilon / (2 * (1 + sigma * sigma))
            for _ in 0..<stepsPerLevel { variance = contraction * contraction * variance + epsilon }
        }
        let measured = SampleSummary(x.doubles).variance
        #expect(abs(measured - variance) < 5 * normalVarianceStandardError(variance: variance, count: particles), "\(measured) vs \(variance)")
    }
}
