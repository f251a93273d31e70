import Foundation
import TensorCore

/// The fixed variance σ_t² of the reverse steps p_θ(x_{t−1} | x_t) = N(μ_θ(x_t, t), σ_t² I).
///
/// Ho et al. (2020, §3.2) found both choices give similar samples: β̃_t is optimal when x₀
/// is a single point, β_t when x₀ ~ N(0, I), the two extremes of how uncertain x₀ is
/// given x_t. They differ in the ELBO, which Nichol & Dhariwal (2021) improved by learning
/// σ_t² between them.
public enum ReverseVariance: String, Sendable, CaseIterable {
    /// σ_t² = β̃_t, the forward posterior's variance ("fixed small").
    case posterior
    /// σ_t² = β_t, the forward step's variance ("fixed large").
    case beta

    /// σ_t² at step t of `schedule`.
    ///
    /// β̃₁ = 0, so for `.posterior` the step t = 1 (the decoder p_θ(x₀ | x₁), used only
    /// by the ELBO, since sampling adds no noise at the last step) takes β̃₂ instead, as
    /// Ho et al.'s code does: a point mass would give continuous data a log-likelihood of −∞.
    public func value(at t: Int, in schedule: DiffusionSchedule) -> Double {
        switch self {
        case .beta: return schedule.beta(t)
        case .posterior:
            if t == 1 { return schedule.steps >= 2 ? schedule.posterior(t: 2).variance : schedule.beta(1) }
            return schedule.posterior(t: t).variance
        }
    }
}

// listing: reverse-mean
extension DiffusionSchedule {
    /// The reverse mean in the noise parametrisation (Ho et al. 2020, eq. 11):
    ///
    ///   μ_θ(x_t, t) = (x_t − β_t/√(1 − ᾱ_t) · ε̂) / √α_t.
    ///
    /// It is the posterior mean c₀x₀ + c_t x_t with x₀ replaced by its estimate
    /// (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t from the closed form, so an exact ε̂ = ε gives μ̃ exactly.
    public func reverseMean(noisy: Tensor, predictedNoise: Tensor, t: Int) -> Tensor {
        require(noisy.shape == predictedNoise.shape, "reverseMean needs x_t and ε̂ of one shape, got \(noisy.shape) and \(predictedNoise.shape).")
        let scale = 1 / alpha(t).squareRoot()
        return noisy * Float(scale) - predictedNoise * Float(scale * beta(t) / oneMinusAlphaBar(t).squareRoot())
    }

    /// The clean point implied by a noise prediction, x̂₀ = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t: the
    /// closed form solved for x₀. At large t it divides by √ᾱ_t ≈ 0, so an error δ in ε̂
    /// becomes δ√((1 − ᾱ_t)/ᾱ_t) in x̂₀ — why samplers may clip it to the data's range.
    public func predictedClean(noisy: Tensor, predictedNoise: Tensor, t: Int) -> Tensor {
        require(noisy.shape == predictedNoise.shape, "predictedClean needs x_t and ε̂ of one shape, got \(noisy.shape) and \(predictedNoise.shape).")
        let scale = 1 / alphaBar(t).squareRoot()
        return noisy * Float(scale) - predictedNoise * Float(scale * oneMinusAlphaBar(t).squareRoot())
    }

    /// The weight w_t with KL(q(x_{t−1} | x_t, x₀) ‖ p_θ(x_{t−1} | x_t)) = w_t‖ε − ε̂‖² + C_t
    /// at x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε (Ho et al. 2020, eq. 12), for t in 2…T:
    ///
    ///   w_t = β_t² / (2σ_t² α_t (1 − ᾱ_t)).
    ///
    /// Both laws have covariance ∝ I, so the KL is (log-ratio and trace terms) + ‖μ̃ − μ_θ‖²/(2σ_t²),
    /// and μ̃ − μ_θ = β_t(ε̂ − ε)/(√α_t √(1 − ᾱ_t)) by `reverseMean`. The "simple" loss drops
    /// w_t: it weights every t alike, which down-weights the small-t steps that dominate
    /// the bound and gives better samples.
    public func epsilonWeight(t: Int, variance: ReverseVariance) -> Double {
        let beta = beta(t)
        return beta * beta / (2 * variance.value(at: t, in: self) * alpha(t) * oneMinusAlphaBar(t))
    }

    /// The constant C_t of the same KL per coordinate, ½(log(σ_t²/β̃_t) + β̃_t/σ_t² − 1): the
    /// KL between two Gaussians of equal means, zero when σ_t² = β̃_t. For t in 2…T.
    public func varianceMismatchKL(t: Int, variance: ReverseVariance) -> Double {
        let ratio = posterior(t: t).variance / variance.value(at: t, in: self)
        return 0.5 * (ratio - 1 - Foundation.log(ratio))
    }
}
// end listing
