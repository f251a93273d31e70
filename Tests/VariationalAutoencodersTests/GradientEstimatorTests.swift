import Foundation
import Testing
import TensorCore
@testable import VariationalAutoencoders

private let mean = [0.4, -0.7], logStandardDeviation = [-0.3, 0.2]
private let functions: [GradientTestFunction] = [
    .quadratic(weights: [1.5, -0.5], centre: [1, 0.3]),
    .cosine(frequencies: [1.3, 0.8]),
]

/// The reparameterisation and score-function estimators against the exact gradient of a
/// closed-form expectation, which is itself checked against finite differences.
@Suite struct GradientEstimatorTests {
    /// The hand-derived gradient of E_q f against central differences of the closed-form
    /// expectation: two routes to the reference the estimators are judged by.
    @Test func exactGradientsMatchCentralDifferencesOfTheExpectation() {
        for f in functions {
            let exact = f.expectationGradient(mean: mean, logStandardDeviation: logStandardDeviation)
            let numeric = GradientEstimators.centralDifference(of: f.expectation, mean: mean, logStandardDeviation: logStandardDeviation)
            for (a, b) in zip(exact, numeric) { #expect(abs(a - b) < 1e-8, "\(f): exact \(exact), numeric \(numeric)") }
        }
    }

    /// Both estimators are unbiased: their means over 40 000 draws lie within four standard
    /// errors of the exact gradient in every component. The score-function estimator with the
    /// ε in place of ε² − 1 for log σ (a plausible slip) is rejected by the same band.
    @Test func bothEstimatorsAgreeWithTheExactGradientWithinStandardErrors() {
        for f in functions {
            let exact = f.expectationGradient(mean: mean, logStandardDeviation: logStandardDeviation)
            var generator = RandomGenerator(seed: 1)
            let pathwise = GradientEstimators.reparameterization(f, mean: mean, logStandardDeviation: logStandardDeviation,
                                                                 sampleCount: 40_000, using: &generator)
            let score = GradientEstimators.scoreFunction(f, mean: mean, logStandardDeviation: logStandardDeviation,
                                                         sampleCount: 40_000, using: &generator)
            for estimator in [pathwise, score] {
                for index in exact.indices {
                    #expect(abs(estimator.mean[index] - exact[index]) < 4 * estimator.standardError[index],
                            "\(f) component \(index): \(estimator.mean[index]) ± \(estimator.standardError[index]), exact \(exact[index])")
                }
            }
            // The slip: weight·εⱼ for the log σ components has mean σⱼ·∂f/∂zⱼ-like terms, not the gradient.
            let sigma = logStandardDeviation.map { exp($0) }
            var slipGenerator = RandomGenerator(seed: 2)
            let slipped = (0..<40_000).map { _ -> Double in
                let epsilon = mean.map { _ in slipGenerator.normalDouble() }
                return f.value(mean.indices.map { mean[$0] + sigma[$0] * epsilon[$0] }) * epsilon[1]
            }
            let slipMean = slipped.reduce(0, +) / 40_000
            #expect(abs(slipMean - exact[3]) > 4 * score.standardError[3], "\(f): the slipped estimator \(slipMean) is not rejected")
        }
    }

    /// On these smooth functions the pathwise estimator has the smaller variance in every
    /// component; a baseline (here E_q f) leaves the score-function estimator unbiased.
    @Test func reparameterizationHasLowerVarianceAndABaselineKeepsTheScoreFunctionUnbiased() {
        for f in functions {
            var generator = RandomGenerator(seed: 3)
            let pathwise = GradientEstimators.reparameterization(f, mean: mean, logStandardDeviation: logStandardDeviation,
                                                                 sampleCount: 20_000, using: &generator)
            let plain = GradientEstimators.scoreFunction(f, mean: mean, logStandardDeviation: logStandardDeviation,
                                                         sampleCount: 20_000, using: &generator)
            let baseline = f.expectation(mean: mean, logStandardDeviation: logStandardDeviation)
            let withBaseline = GradientEstimators.scoreFunction(f, mean: mean, logStandardDeviation: logStandardDeviation,
                                                                sampleCount: 20_000, baseline: baseline, using: &generator)
            let exact = f.expectationGradient(mean: mean, logStandardDeviation: logStandardDeviation)
            for index in exact.indices {
                #expect(pathwise.variance[index] < plain.variance[index], "\(f) component \(index)")
                #expect(abs(withBaseline.mean[index] - exact[index]) < 4 * withBaseline.standardError[index])
            }
        }
    }

    /// Finite differences of the Monte Carlo expectation with the estimator's own draws held
    /// fixed equal the mean pathwise gradient on those draws, for a function without a
    /// closed-form route (a product of sines).
    @Test func pathwiseMeanEqualsFiniteDifferencesWithCommonNoise() {
        struct Product: ScalarTestFunction {
            func value(_ z: [Double]) -> Double { sin(z[0]) * sin(2 * z[1]) + z[0] * z[1] }
            func gradient(_ z: [Double]) -> [Double] { [cos(z[0]) * sin(2 * z[1]) + z[1], 2 * sin(z[0]) * cos(2 * z[1]) + z[0]] }
        }
        var generator = RandomGenerator(seed: 4)
        var copy = generator
        let pathwise = GradientEstimators.reparameterization(Product(), mean: mean, logStandardDeviation: logStandardDeviation,
                                                             sampleCount: 500, using: &generator)
        let noise = (0..<500).map { _ in mean.map { _ in copy.normalDouble() } }
        let numeric = GradientEstimators.centralDifference(of: GradientEstimators.expectationWithFixedNoise(Product(), noise: noise),
                                                           mean: mean, logStandardDeviation: logStandardDeviation)
        for (a, b) in zip(pathwise.mean, numeric) { #expect(abs(a - b) < 1e-7, "pathwise \(pathwise.mean), numeric \(numeric)") }
    }
}
