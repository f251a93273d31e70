import TensorCore

// The toy distributions of the book share three levels of knowledge:
//
//   Distribution              exact samples, [count, d]
//   DensityModel              + log p, the score ∇ₓ log p and its divergence Δ log p
//   ClosedUnderGaussianNoise  + the law of αX + σZ in the same family, in closed form
//
// so a check can ask for exactly as much ground truth as it needs, and a sampler
// or metric can be written once for all of them.

/// A law on ℝᵈ that can be sampled exactly.
public protocol Distribution: Sendable {
    /// The dimension d of a sample.
    var dimension: Int { get }

    /// `count` independent exact samples, one per row of a `[count, d]` tensor.
    func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor
}

/// A law whose density is known in closed form, with its score and the
/// score's divergence. Points are the rows of an `[n, d]` tensor; results are
/// computed in double precision.
public protocol DensityModel: Distribution {
    /// log p(x) for every row x of `points`.
    func logDensity(_ points: Tensor) -> [Double]

    /// The score ∇ₓ log p(x) for every row, as a tensor of the same shape as `points`.
    func score(_ points: Tensor) -> Tensor

    /// The divergence of the score, ∇·s(x) = Δ log p(x) (the trace of the Hessian of
    /// log p), for every row: the term the probability-flow likelihood integrates.
    func scoreDivergence(_ points: Tensor) -> [Double]
}

/// A family of laws closed under the affine Gaussian noising x ↦ αx + σz,
/// z ~ N(0, I): the law of αX + σZ is again a member, computed exactly.
///
/// That law is the marginal p_t of any forward SDE whose transition kernel is
/// x_t = α(t)x₀ + σ(t)z (Song et al. 2021, eq. 29 and appendix B), and with α = 1
/// it is the smoothed density p ∗ N(0, σ²I) of annealed Langevin dynamics
/// (Song & Ermon 2019). Gaussians and Gaussian mixtures have this property:
/// N(μ, Σ) becomes N(αμ, α²Σ + σ²I).
public protocol ClosedUnderGaussianNoise: DensityModel {
    /// The law of α·X + σ·Z for X from this law and Z ~ N(0, I) independent.
    func noised(meanScale alpha: Double, noiseStandardDeviation sigma: Double) -> Self
}

extension ClosedUnderGaussianNoise {
    /// The law of X + σ·Z: this law convolved with N(0, σ²I) (α = 1).
    public func noised(noiseStandardDeviation sigma: Double) -> Self {
        noised(meanScale: 1, noiseStandardDeviation: sigma)
    }
}
