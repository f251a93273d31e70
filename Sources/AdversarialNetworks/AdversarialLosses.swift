import Foundation
import TensorCore
import Autodiff

// The losses of the original GAN (Goodfellow et al. 2014), written in terms of the
// discriminator's logit a = logit D(x), so that D = sigmoid(a). Every log-probability is a
// softplus: log D = −softplus(−a) and log(1 − D) = −softplus(a). Computed this way the
// losses stay finite for any finite logit, where log sigmoid(a) in single precision would
// round to log 0 = −∞ as soon as the discriminator is confident (|a| ≳ 17).

extension Variable {
    // listing: discriminator-loss
    /// The loss the discriminator minimises: the binary cross-entropy of calling real
    /// data "real" and generated data "fake",
    ///
    ///   L_D = −E_data log D(x) − E_z log(1 − D(G(z)))
    ///       = E_data softplus(−a(x)) + E_z softplus(a(G(z))).
    ///
    /// Minimising it over D maximises the value function V(D, G) of the minimax game;
    /// its minimum over all functions D is attained at D* = p_data/(p_data + p_g), where
    /// L_D = log 4 − 2·JSD(p_data ‖ p_g) (see `OptimalDiscriminator`). So near the game's
    /// equilibrium, p_g = p_data, the loss sits at log 4 ≈ 1.386.
    ///
    /// - Parameters:
    ///   - realLogits: a(x) on a batch of data, `[n, 1]`.
    ///   - fakeLogits: a(G(z)) on a batch of generated samples, `[m, 1]`.
    public static func discriminatorLoss(realLogits: Variable, fakeLogits: Variable) -> Variable {
        (-realLogits).softplus().mean() + fakeLogits.softplus().mean()
    }
    // end listing
}

// listing: generator-losses
/// What the generator minimises, given the discriminator's logits a on generated samples.
///
/// Both losses push every generated sample uphill on a: by the chain rule the gradient
/// with respect to a sample x is (∂ℓ/∂a)·∇ₓa(x), and ∂ℓ/∂a is negative for both. They
/// differ only in the positive weight each sample gets, D for the saturating loss and
/// 1 − D for the non-saturating one; the two are equal at D = ½. So the two generator
/// losses share their fixed points — generated samples at which ∇ₓa = 0, and the
/// equilibrium p_g = p_data, D ≡ ½ (Goodfellow et al. 2014) — but not their dynamics.
public enum GeneratorLoss: Sendable, Equatable, CaseIterable {
    /// E_z log(1 − D(G(z))) = −E softplus(a), the minimax game's own term, minimised.
    ///
    /// ∂/∂a log(1 − sigmoid(a)) = −sigmoid(a) = −D. Early in training the discriminator rejects
    /// the generator's samples confidently, D(G(z)) → 0, and this gradient vanishes
    /// with it: the loss saturates exactly where the generator most needs a signal.
    case saturating
    /// −E_z log D(G(z)) = E softplus(−a): the generator maximises the probability that
    /// its samples are called real instead of minimising the probability that they are
    /// called fake.
    ///
    /// ∂/∂a [−log sigmoid(a)] = −(1 − sigmoid(a)) = −(1 − D), which tends to −1, its largest
    /// magnitude, where the discriminator confidently rejects a sample.
    case nonSaturating

    /// The loss on a batch of logits `[m, 1]` (the mean over the batch).
    public func callAsFunction(fakeLogits: Variable) -> Variable {
        switch self {
        case .saturating: return -fakeLogits.softplus().mean()
        case .nonSaturating: return (-fakeLogits).softplus().mean()
        }
    }

    /// The loss of one sample, ℓ(a), in double precision.
    public func value(atLogit a: Double) -> Double {
        switch self {
        case .saturating: return -TensorCore.softplus(a)
        case .nonSaturating: return TensorCore.softplus(-a)
        }
    }

    /// The closed form dℓ/da of one sample's loss: −D for the saturating loss and
    /// −(1 − D) for the non-saturating one, with D = sigmoid(a).
    public func derivative(atLogit a: Double) -> Double {
        switch self {
        case .saturating: return -1 / (1 + Foundation.exp(-a))
        case .nonSaturating: return -1 / (1 + Foundation.exp(a))
        }
    }
}
// end listing
