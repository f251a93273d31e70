import TensorCore
import Autodiff

/// What a VAE minimises during training: the negative ELBO, optionally with the KL term
/// reweighted — the knobs of the posterior-collapse demonstration.
///
/// A latent dimension that the decoder does not use costs nothing in reconstruction and
/// its KL is minimised by q(zⱼ | x) = p(zⱼ): the dimension "collapses" and carries no
/// information. Early in training the decoder uses nothing yet, so a strong KL pull can
/// collapse dimensions before they become useful. Three remedies are offered:
///
/// - **β** (Higgins et al. 2017): the KL weighted by β; β < 1 weakens the pull, β > 1
///   strengthens it (and is a way to *provoke* collapse).
/// - **KL warm-up** (Bowman et al. 2016; Sønderby et al. 2016): the weight ramps linearly
///   from 0 to β over the first steps, so the decoder learns to use z before the KL bites.
/// - **Free bits** (Kingma et al. 2016, eq. 15): each dimension's KL, averaged over the
///   batch, counts as max(λ, KLⱼ); below λ nats its gradient is zero, so a dimension is
///   allowed λ nats of information for free and is not pushed below it.
///
/// Only the *training* loss changes; the ELBO reported in the history is always the true
/// one, reconstruction − KL.
public struct ELBOObjective: Sendable, Equatable {
    /// β, the KL weight after warm-up.
    public var beta: Double
    /// The number of steps over which the KL weight rises linearly from 0 to β (0: none).
    public var warmUpSteps: Int
    /// λ, the free nats per latent dimension (0: none).
    public var freeBitsPerDimension: Double

    public init(beta: Double = 1, warmUpSteps: Int = 0, freeBitsPerDimension: Double = 0) {
        require(beta >= 0 && warmUpSteps >= 0 && freeBitsPerDimension >= 0,
                "An ELBO objective needs β ≥ 0, warm-up steps ≥ 0 and free bits ≥ 0, got \(beta), \(warmUpSteps), \(freeBitsPerDimension).")
        self.beta = beta
        self.warmUpSteps = warmUpSteps
        self.freeBitsPerDimension = freeBitsPerDimension
    }

    /// The plain negative ELBO (β = 1, no warm-up, no free bits).
    public static let standard = ELBOObjective()

    /// The KL weight at `step` (0-based): β·min(1, step / warmUpSteps), or β without warm-up.
    public func klWeight(atStep step: Int) -> Double {
        guard warmUpSteps > 0 else { return beta }
        return beta * Swift.min(1, Double(step) / Double(warmUpSteps))
    }

    // listing: elbo-objective
    /// The loss at `step` for a batch's terms:
    ///
    ///   −(1/n) Σᵢ log p(xᵢ | zᵢ) + β_t · Σⱼ max(λ, (1/n) Σᵢ KLᵢⱼ),
    ///
    /// with β_t the KL weight; with λ = 0 and β_t = 1 it is the negative mean ELBO.
    public func loss(_ terms: ELBOTerms, step: Int) -> Variable {
        let reconstruction = terms.reconstruction.mean()
        let weight = Float(klWeight(atStep: step))
        let kl: Variable
        if freeBitsPerDimension > 0 {
            kl = terms.klPerDimension.mean(alongAxis: 0).clampedBelow(at: Float(freeBitsPerDimension)).sum()
        } else {
            kl = terms.kl.mean()
        }
        return kl * weight - reconstruction
    }
    // end listing
}
