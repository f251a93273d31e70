import Foundation
import Testing
import TensorCore
import Autodiff
import Statistics
@testable import VariationalAutoencoders

private func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

/// Each pixel's grey level k/16 for k = 0…16, one row per level.
private let allGreyLevels = Tensor(shape: [17, 1], scalars: (0...16).map { Float($0) / 16 })

/// The decoder likelihoods against direct double-precision formulas, their normalisation,
/// their samples' means, and their tape gradients against finite differences.
@Suite struct DecoderLikelihoodTests {
    /// log C(16, k) + k log p + (16 − k) log(1 − p) computed directly from p = σ(ℓ), for
    /// moderate logits where log p and log(1 − p) are accurate in double precision.
    @Test func binomialMatchesTheDirectFormula() {
        var generator = RandomGenerator(seed: 1)
        let logits = Tensor.uniform([5, 64], low: -6, high: 6, using: &generator)
        let counts = Tensor(shape: [5, 64], scalars: (0..<320).map { _ in Float(generator.integer(below: 17)) })
        let data = counts / 16
        var expected = [Double](repeating: 0, count: 5)
        for row in 0..<5 {
            for column in 0..<64 {
                let p = sigmoid(Double(logits[row, column])), k = Double(counts[row, column])
                expected[row] += lgamma(17) - lgamma(k + 1) - lgamma(17 - k) + k * log(p) + (16 - k) * log(1 - p)
            }
        }
        let inDouble = DecoderLikelihood.digits.logLikelihood(outputs: logits, data: data)
        let onTape = DecoderLikelihood.digits.logLikelihood(outputs: Tape().constant(logits), data: data).value
        for row in 0..<5 {
            #expect(abs(inDouble[row] - expected[row]) < 1e-9 * abs(expected[row]))
            #expect(abs(Double(onTape.scalars[row]) - expected[row]) < 1e-5 * abs(expected[row]))
        }
    }

    /// A proper probability mass: Σ_k p(k/16) = 1 over the 17 grey levels for any logit,
    /// including logits where p rounds to 0 or 1 in single precision.
    @Test func binomialSumsToOneOverTheGreyLevels() {
        for logit in [-40.0, -3.0, 0.0, 0.7, 25.0] {
            let outputs = Tensor(repeating: Float(logit), shape: [17, 1])
            let total = DecoderLikelihood.digits.logLikelihood(outputs: outputs, data: allGreyLevels).reduce(0) { $0 + exp($1) }
            #expect(abs(total - 1) < 1e-12, "logit \(logit): total \(total)")
            let onTape = DecoderLikelihood.digits.logLikelihood(outputs: Tape().constant(outputs), data: allGreyLevels).value
            #expect(onTape.isFinite)
        }
    }

    /// Bernoulli is the binomial with one trial; the Gaussian is log N(x; μ, s²) summed.
    @Test func bernoulliAndGaussianMatchTheirFormulas() {
        var generator = RandomGenerator(seed: 2)
        let outputs = Tensor.uniform([4, 6], low: -3, high: 3, using: &generator)
        let binary = Tensor.bernoulli([4, 6], probability: 0.4, using: &generator)
        let bernoulli = DecoderLikelihood.bernoulli.logLikelihood(outputs: outputs, data: binary)
        let oneTrial = DecoderLikelihood.binomial(trials: 1).logLikelihood(outputs: outputs, data: binary)
        let grey = Tensor.uniform([4, 6], using: &generator)
        let gaussian = DecoderLikelihood.gaussian(standardDeviation: 0.3).logLikelihood(outputs: outputs, data: grey)
        for row in 0..<4 {
            let direct = (0..<6).reduce(0.0) { total, j in
                let p = sigmoid(Double(outputs[row, j]))
                return total + (binary[row, j] == 1 ? log(p) : log(1 - p))
            }
            #expect(abs(bernoulli[row] - direct) < 1e-9 && abs(oneTrial[row] - direct) < 1e-9)
            let gaussianDirect = (0..<6).reduce(0.0) { total, j in
                let r = Double(grey[row, j]) - Double(outputs[row, j])
                return total - 0.5 * log(2 * Double.pi * 0.09) - r * r / 0.18
            }
            #expect(abs(gaussian[row] - gaussianDirect) < 1e-9)
        }
        // The tape versions give the same values (in single precision).
        for (likelihood, data, expected) in [(DecoderLikelihood.bernoulli, binary, bernoulli), (.gaussian(standardDeviation: 0.3), grey, gaussian)] {
            let onTape = likelihood.logLikelihood(outputs: Tape().constant(outputs), data: data).value
            for row in 0..<4 { #expect(abs(Double(onTape.scalars[row]) - expected[row]) < 1e-5 * max(1, abs(expected[row])), "\(likelihood)") }
        }
        #expect(DecoderLikelihood.digits.isDiscrete && !DecoderLikelihood.gaussian(standardDeviation: 1).isDiscrete)
    }

    /// The tape versions' gradients with respect to the decoder outputs against central
    /// differences: kℓ − n·softplus(ℓ) has derivative k − nσ(ℓ).
    @Test func tapeLikelihoodsMatchFiniteDifferences() {
        var generator = RandomGenerator(seed: 3)
        let outputs = Tensor.uniform([3, 5], low: -3, high: 3, using: &generator)
        let grey = Tensor(shape: [3, 5], scalars: (0..<15).map { _ in Float(generator.integer(below: 17)) / 16 })
        let binary = Tensor.bernoulli([3, 5], probability: 0.5, using: &generator)
        let cases: [(DecoderLikelihood, Tensor)] = [(.digits, grey), (.bernoulli, binary), (.gaussian(standardDeviation: 0.5), grey)]
        for (likelihood, data) in cases {
            // Scaled to O(1) so that the default tolerances apply to the binomial's sums too.
            let report = GradientCheck.compare(at: [outputs]) { _, inputs in likelihood.logLikelihood(outputs: inputs[0], data: data) * 0.1 }
            #expect(report.passed, "\(likelihood): \(report)")
        }
    }

    /// Binomial draws have mean p (in data units) and variance p(1 − p)/16, checked within
    /// four standard errors over 20 000 draws of one pixel.
    @Test func binomialSamplesHaveTheBinomialMoments() {
        var generator = RandomGenerator(seed: 4)
        let logit: Float = 0.6, p = sigmoid(0.6)
        let draws = DecoderLikelihood.digits.sample(outputs: Tensor(repeating: logit, shape: [20_000, 1]), using: &generator).doubles
        let summary = SampleSummary(draws)
        #expect(abs(summary.mean - p) < 4 * summary.standardError)
        let variance = p * (1 - p) / 16
        #expect(abs(summary.variance - variance) < 4 * varianceStandardError(draws))
        #expect(draws.allSatisfy { ($0 * 16).rounded() == $0 * 16 })
        #expect(DecoderLikelihood.digits.mean(outputs: Tensor([logit])).scalars[0] == Tensor([logit]).sigmoid().scalars[0])
    }
}
