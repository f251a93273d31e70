import Foundation
import Testing
import TensorCore
import Autodiff
import Distributions
import Statistics
@testable import VariationalAutoencoders

/// The closed-form KL against Monte Carlo and against the general Gaussian KL, and the
/// tape versions of the KL and the reparameterisation against finite differences.
@Suite struct GaussianKLTests {
    static let means = [0.8, -1.5, 0.1, 0.0]
    static let logVariances = [-1.2, 0.7, -0.1, 0.0]

    /// E_q[log q − log p] by 200 000 draws agrees with the closed form within 4 standard
    /// errors, and the band is narrow enough to reject plausible wrong formulas (σ in place
    /// of σ², the −1 dropped): the check has power.
    @Test func closedFormMatchesMonteCarlo() {
        var generator = RandomGenerator(seed: 1)
        let exact = GaussianKL.toStandardNormal(means: Self.means, logVariances: Self.logVariances)
        let estimate = GaussianKL.monteCarloEstimate(means: Self.means, logVariances: Self.logVariances, sampleCount: 200_000, using: &generator)
        #expect(abs(estimate.mean - exact) < 4 * estimate.standardError, "MC \(estimate.mean) ± \(estimate.standardError), closed form \(exact)")
        let sigmaForVariance = zip(Self.means, Self.logVariances).reduce(0.0) { $0 + 0.5 * ($1.0 * $1.0 + exp(0.5 * $1.1) - 1 - $1.1) }
        let withoutMinusOne = zip(Self.means, Self.logVariances).reduce(0.0) { $0 + 0.5 * ($1.0 * $1.0 + exp($1.1) - $1.1) }
        for wrong in [sigmaForVariance, withoutMinusOne] { #expect(abs(estimate.mean - wrong) > 8 * estimate.standardError) }
    }

    /// The diagonal formulas agree with the general KL between full-covariance Gaussians
    /// (a different formula: traces, precisions and Cholesky log-determinants).
    @Test func diagonalFormulasMatchTheGeneralGaussianKL() {
        let q = Gaussian(mean: Self.means, covariance: Matrix.diagonal(Self.logVariances.map { exp($0) }))
        let viaGeneral = q.klDivergence(to: Gaussian.standard(dimension: 4))
        #expect(abs(GaussianKL.toStandardNormal(means: Self.means, logVariances: Self.logVariances) - viaGeneral) < 1e-12)
        let otherMeans = [0.3, 0.2, -0.7, 1.1], otherLogVariances = [0.4, -0.9, 0.2, -0.3]
        let other = Gaussian(mean: otherMeans, covariance: Matrix.diagonal(otherLogVariances.map { exp($0) }))
        let between = (0..<4).reduce(0.0) {
            $0 + GaussianKL.between(mean: Self.means[$1], logVariance: Self.logVariances[$1], andMean: otherMeans[$1], logVariance: otherLogVariances[$1])
        }
        #expect(abs(between - q.klDivergence(to: other)) < 1e-12)
        #expect(abs(GaussianKL.between(mean: 0.8, logVariance: -1.2, andMean: 0, logVariance: 0)
                    - GaussianKL.toStandardNormal(mean: 0.8, logVariance: -1.2)) < 1e-15)
    }

    /// A nearly collapsed dimension (v = 10⁻⁶, μ = 0) keeps its relative accuracy: the KL is
    /// v²/4 + v³/12 + …, about 2.5·10⁻¹³, which eᵛ − 1 − v would get wrong in the first digit.
    @Test func nearlyCollapsedDimensionsKeepTheirRelativeAccuracy() {
        let v = 1e-6
        let series = 0.5 * (v * v / 2 + v * v * v / 6)
        #expect(abs(GaussianKL.toStandardNormal(mean: 0, logVariance: v) - series) < 1e-6 * series)
        #expect(abs(0.5 * (exp(v) - 1 - v) - series) > 1e-6 * series)  // the naive form does lose it
    }

    /// The tape's per-dimension KL has the Double closed form's values, and its gradient
    /// matches central differences.
    @Test func tapeKLMatchesTheClosedFormAndFiniteDifferences() {
        var generator = RandomGenerator(seed: 2)
        let mean = Tensor.normal([3, 4], using: &generator), logVariance = Tensor.uniform([3, 4], low: -1.5, high: 1, using: &generator)
        let tape = Tape()
        let kl = Variable.gaussianKLToStandardNormal(mean: tape.constant(mean), logVariance: tape.constant(logVariance)).value
        for index in 0..<12 {
            let exact = GaussianKL.toStandardNormal(mean: Double(mean.scalars[index]), logVariance: Double(logVariance.scalars[index]))
            #expect(abs(Double(kl.scalars[index]) - exact) < 1e-5)
        }
        let report = GradientCheck.compare(at: [mean, logVariance]) { _, inputs in
            Variable.gaussianKLToStandardNormal(mean: inputs[0], logVariance: inputs[1])
        }
        #expect(report.passed, "\(report)")
        let second = GradientCheck.compareSecondDerivatives(at: [mean, logVariance]) { _, inputs in
            Variable.gaussianKLToStandardNormal(mean: inputs[0], logVariance: inputs[1])
        }
        #expect(second.passed, "\(second)")
    }

    /// z = μ + exp(v/2)ε: its value and its derivatives in μ and v against finite differences.
    @Test func reparameterizationMatchesFiniteDifferences() {
        var generator = RandomGenerator(seed: 3)
        let mean = Tensor.normal([2, 3], using: &generator), logVariance = Tensor.uniform([2, 3], low: -1, high: 1, using: &generator)
        let noise = Tensor.normal([2, 3], using: &generator)
        let tape = Tape()
        let z = Variable.reparameterize(mean: tape.constant(mean), logVariance: tape.constant(logVariance), noise: noise).value
        for index in 0..<6 {
            let expected = mean.scalars[index] + exp(0.5 * logVariance.scalars[index]) * noise.scalars[index]
            #expect(abs(z.scalars[index] - expected) < 1e-5)
        }
        let report = GradientCheck.compare(at: [mean, logVariance]) { _, inputs in
            Variable.reparameterize(mean: inputs[0], logVariance: inputs[1], noise: noise)
        }
        #expect(report.passed, "\(report)")
    }

    /// max(x, floor): the identity above the floor, a constant below, and the gradient of
    /// each side against central differences (inputs kept away from the kink).
    @Test func clampedBelowPassesGradientOnlyAboveTheFloor() {
        let input = Tensor([0.1, 0.9, 1.7, 0.3, 2.2])
        let tape = Tape()
        let x = tape.variable(input)
        let clamped = x.clampedBelow(at: 0.5)
        #expect(clamped.value.scalars == [0.5, 0.9, 1.7, 0.5, 2.2])
        #expect(tape.gradients(of: clamped.sum(), withRespectTo: [x])[0].scalars == [0, 1, 1, 0, 1])
        let report = GradientCheck.compare(at: [input], step: 1e-2) { _, inputs in inputs[0].clampedBelow(at: 0.5).squared() }
        #expect(report.passed, "\(report)")
    }
}
