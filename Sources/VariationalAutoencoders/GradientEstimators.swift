import Foundation
import TensorCore
import Statistics

/// Per-sample estimates of a gradient, one row per draw, so that both the estimate (the
/// mean) and the estimator's variance can be read off.
public struct GradientSamples: Sendable, Equatable {
    /// One gradient estimate per draw, each [∂/∂μ₁…∂/∂μₖ, ∂/∂log σ₁…∂/∂log σₖ].
    public let samples: [[Double]]

    public init(samples: [[Double]]) {
        require(samples.count >= 2, "Gradient samples need at least two draws for a variance, got \(samples.count).")
        self.samples = samples
    }

    /// The summary of component `index` over the draws.
    public func component(_ index: Int) -> SampleSummary { SampleSummary(samples.map { $0[index] }) }
    /// The estimate: the mean over the draws, per component.
    public var mean: [Double] { samples[0].indices.map { component($0).mean } }
    /// The per-draw variance of each component (the estimator's variance with one sample).
    public var variance: [Double] { samples[0].indices.map { component($0).variance } }
    /// The standard error of each component of the mean.
    public var standardError: [Double] { samples[0].indices.map { component($0).standardError } }
}

// listing: gradient-estimators
/// Two unbiased estimators of g = ∂/∂(μ, log σ) E_q[f(z)] for q = N(μ, diag σ²), and a
/// finite-difference reference.
///
/// - The **reparameterisation** (pathwise) estimator writes z = μ + σ ⊙ ε, ε ~ N(0, I), and
///   differentiates inside the expectation: ∂f/∂μⱼ = ∂ⱼf(z), ∂f/∂log σⱼ = ∂ⱼf(z)·σⱼεⱼ. It
///   needs ∇f, and uses how f changes near each draw.
/// - The **score-function** estimator (REINFORCE, Williams 1992) differentiates the
///   density instead: g = E_q[(f(z) − b)·∇ log q(z)] with ∂ log q/∂μⱼ = εⱼ/σⱼ and
///   ∂ log q/∂log σⱼ = εⱼ² − 1, for any constant baseline b (E_q ∇ log q = 0). It needs
///   only values of f, and pays for it in variance.
public enum GradientEstimators {
    /// `sampleCount` reparameterisation estimates.
    public static func reparameterization<F: ScalarTestFunction>(
        _ f: F, mean: [Double], logStandardDeviation: [Double], sampleCount: Int, using generator: inout RandomGenerator
    ) -> GradientSamples {
        let sigma = checkedStandardDeviations(mean: mean, logStandardDeviation: logStandardDeviation)
        return GradientSamples(samples: (0..<sampleCount).map { _ in
            let epsilon = mean.map { _ in generator.normalDouble() }
            let gradient = f.gradient(mean.indices.map { mean[$0] + sigma[$0] * epsilon[$0] })
            return gradient + mean.indices.map { gradient[$0] * sigma[$0] * epsilon[$0] }
        })
    }

    /// `sampleCount` score-function estimates with baseline b.
    public static func scoreFunction<F: ScalarTestFunction>(
        _ f: F, mean: [Double], logStandardDeviation: [Double], sampleCount: Int, baseline: Double = 0,
        using generator: inout RandomGenerator
    ) -> GradientSamples {
        let sigma = checkedStandardDeviations(mean: mean, logStandardDeviation: logStandardDeviation)
        return GradientSamples(samples: (0..<sampleCount).map { _ in
            let epsilon = mean.map { _ in generator.normalDouble() }
            let weight = f.value(mean.indices.map { mean[$0] + sigma[$0] * epsilon[$0] }) - baseline
            return mean.indices.map { weight * epsilon[$0] / sigma[$0] } + epsilon.map { weight * ($0 * $0 - 1) }
        })
    }
    // end listing

    /// Central differences [∂/∂μ, ∂/∂log σ] of any function of (μ, log σ), e.g. a closed-form
    /// expectation or `expectationWithFixedNoise`; error O(h²) plus rounding ≈ 1e-16/h.
    public static func centralDifference(
        of function: (_ mean: [Double], _ logStandardDeviation: [Double]) -> Double,
        mean: [Double], logStandardDeviation: [Double], step: Double = 1e-5
    ) -> [Double] {
        let k = mean.count
        return (0..<(2 * k)).map { index in
            var (upMean, upLog, downMean, downLog) = (mean, logStandardDeviation, mean, logStandardDeviation)
            if index < k { upMean[index] += step; downMean[index] -= step } else { upLog[index - k] += step; downLog[index - k] -= step }
            return (function(upMean, upLog) - function(downMean, downLog)) / (2 * step)
        }
    }

    /// (μ, log σ) ↦ (1/N) Σₙ f(μ + σ ⊙ εₙ) for fixed draws εₙ: a Monte Carlo expectation with
    /// common random numbers, smooth in (μ, log σ), so that it can be differentiated by
    /// finite differences when f's expectation has no closed form.
    public static func expectationWithFixedNoise<F: ScalarTestFunction>(_ f: F, noise: [[Double]])
        -> (_ mean: [Double], _ logStandardDeviation: [Double]) -> Double {
        { mean, logStandardDeviation in
            noise.reduce(0) { total, epsilon in
                total + f.value(mean.indices.map { mean[$0] + Foundation.exp(logStandardDeviation[$0]) * epsilon[$0] })
            } / Double(noise.count)
        }
    }

    static func checkedStandardDeviations(mean: [Double], logStandardDeviation: [Double]) -> [Double] {
        require(mean.count == logStandardDeviation.count && !mean.isEmpty,
                "A gradient estimator needs as many log standard deviations (\(logStandardDeviation.count)) as means (\(mean.count)).")
        return logStandardDeviation.map { Foundation.exp($0) }
    }
}
