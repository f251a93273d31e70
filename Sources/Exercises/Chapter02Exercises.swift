// Chapter 2 — Variational autoencoders. Replace each `throw NotAttempted()` with your implementation,
// then run `swift test --filter Chapter02` to have it graded.

public enum Chapter02Exercises {
    /// Exercise 2.1 — The VAE's KL term.
    /// Return KL(N(μ, diag σ²) ‖ N(0, I)) in nats, given the means μ and the log-variances v = log σ² that an
    /// encoder outputs (one of each per latent dimension). Keep full relative accuracy when σ² ≈ 1 and μ ≈ 0:
    /// a nearly collapsed dimension's KL is tiny but not zero.
    public static func gaussianKLToStandardNormal(means: [Double], logVariances: [Double]) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 2.2 — The reparameterisation gradient.
    /// For q = N(μ, diag σ²) with log-variances v = log σ², write each draw as z = μ + σ ⊙ ε and return the pathwise
    /// estimate of ∇ E_q[f(z)] averaged over the given draws ε (each of the same length as μ): the 2k numbers
    /// [∂/∂μ₁, …, ∂/∂μ_k, ∂/∂v₁, …, ∂/∂v_k], using only `gradient`, which returns ∇f(z).
    public static func reparameterizationGradient(means: [Double], logVariances: [Double], noise: [[Double]],
                                                  gradient: ([Double]) -> [Double]) throws -> [Double] {
        throw NotAttempted()
    }

    /// Exercise 2.3 — The ELBO's gap in one dimension.
    /// The model is chapter 2's linear-Gaussian model in one dimension, z ~ N(0, 1) and x | z ~ N(Wz + b, σ_η²), the loading W a number here, with
    /// σ_η > 0; the approximate posterior is q = N(m, eᵛ). Return log p(x) − ELBO(x) in nats for this q.
    public static func elboGap(x: Double, loading w: Double, offset b: Double, noiseStandardDeviation: Double,
                               mean m: Double, logVariance v: Double) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 2.4 — The importance-weighted bound.
    /// Given the K log-weights log wⱼ = log p(x, zⱼ) − log q(zⱼ | x) of one data point, return the K-sample bound's
    /// estimate log((1/K) Σⱼ wⱼ), finite for log-weights of any size (an image's are around −100 nats or below).
    public static func importanceWeightedBound(logWeights: [Double]) throws -> Double {
        throw NotAttempted()
    }
}
