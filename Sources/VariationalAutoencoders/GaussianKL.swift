import Foundation
import TensorCore
import Statistics

// listing: gaussian-kl
/// The KL divergence of a diagonal Gaussian q = N(μ, diag σ²) from the standard normal
/// prior p = N(0, I), the regulariser of the ELBO, in double precision.
///
/// The law factorises over dimensions, so the KL is a sum of one-dimensional terms
/// (Kingma & Welling 2014, appendix B):
///
///   KL(q ‖ p) = Σⱼ ½(μⱼ² + σⱼ² − 1 − log σⱼ²).
///
/// Encoders output v = log σ² (any real number, where σ² would need a positivity
/// constraint), so every function here takes log-variances.
public enum GaussianKL {
    /// One dimension's term ½(μ² + eᵛ − 1 − v) with v = log σ².
    ///
    /// Written with expm1(v) − v, which keeps its relative accuracy when σ² ≈ 1: there
    /// eᵛ − 1 − v ≈ v²/2 is the difference of numbers near 1, and computing eᵛ − 1 first
    /// would lose all the digits that a nearly collapsed dimension's KL is made of.
    public static func toStandardNormal(mean: Double, logVariance: Double) -> Double {
        0.5 * (mean * mean + (Foundation.expm1(logVariance) - logVariance))
    }

    /// The KL summed over dimensions, Σⱼ ½(μⱼ² + σⱼ² − 1 − log σⱼ²).
    public static func toStandardNormal(means: [Double], logVariances: [Double]) -> Double {
        require(means.count == logVariances.count, "GaussianKL needs as many log-variances (\(logVariances.count)) as means (\(means.count)).")
        return zip(means, logVariances).reduce(0) { $0 + toStandardNormal(mean: $1.0, logVariance: $1.1) }
    }

    /// KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²)) in one dimension,
    ///
    ///   ½[log(σ₂²/σ₁²) + (σ₁² + (μ₁ − μ₂)²)/σ₂² − 1],
    ///
    /// which reduces to `toStandardNormal` for μ₂ = 0, σ₂ = 1. (A learned prior or a
    /// hierarchical VAE needs KL between two encoder-style Gaussians.)
    public static func between(mean: Double, logVariance: Double, andMean otherMean: Double, logVariance otherLogVariance: Double) -> Double {
        let ratio = Foundation.exp(logVariance - otherLogVariance)
        let difference = mean - otherMean
        return 0.5 * ((ratio - 1 - (logVariance - otherLogVariance)) + difference * difference * Foundation.exp(-otherLogVariance))
    }

    /// A Monte Carlo estimate of the same KL from its definition E_q[log q(z) − log p(z)],
    /// over `sampleCount` independent draws z = μ + σε: an independent route to the closed
    /// form, with the standard error of its mean.
    ///
    /// Per draw, log q(z) − log p(z) = Σⱼ [−½ vⱼ − ½εⱼ² + ½zⱼ²] (the 2π terms cancel).
    public static func monteCarloEstimate(means: [Double], logVariances: [Double], sampleCount: Int,
                                          using generator: inout RandomGenerator) -> SampleSummary {
        require(means.count == logVariances.count, "GaussianKL needs as many log-variances (\(logVariances.count)) as means (\(means.count)).")
        require(sampleCount >= 2, "A Monte Carlo KL needs at least two draws to have a standard error, got \(sampleCount).")
        let standardDeviations = logVariances.map { Foundation.exp(0.5 * $0) }
        let logRatios = (0..<sampleCount).map { _ in
            means.indices.reduce(0.0) { total, j in
                let epsilon = generator.normalDouble()
                let z = means[j] + standardDeviations[j] * epsilon
                return total - 0.5 * logVariances[j] - 0.5 * epsilon * epsilon + 0.5 * z * z
            }
        }
        return SampleSummary(logRatios)
    }
}
// end listing
