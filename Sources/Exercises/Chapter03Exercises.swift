// Chapter 3 — Generative adversarial networks. Replace each `throw NotAttempted()` with your
// implementation, then run `swift test --filter Chapter03` to have it graded.

public enum Chapter03Exercises {
    /// Exercise 3.1 — GAN losses, part 1: the discriminator's loss.
    /// `realLogits` are the discriminator's logits a = log(D/(1 − D)) on a batch of real points,
    /// `fakeLogits` on a batch of generated ones. Return −mean log D(real) − mean log(1 − D(fake)) in nats,
    /// finite for every finite logit (logits of ±800 included).
    public static func discriminatorLoss(realLogits: [Double], fakeLogits: [Double]) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 3.1 — GAN losses, part 2: the generator's loss on a batch of generated points' logits,
    /// to be minimised: mean log(1 − D) (saturating, the minimax game's) or −mean log D (non-saturating).
    public static func generatorLoss(fakeLogits: [Double], nonSaturating: Bool) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 3.2 — The JSD through the optimal discriminator.
    /// `dataDensity[i]` and `generatorDensity[i]` are p_data and p_g at the midpoint of cell i of a uniform
    /// grid of cells `spacing` wide that covers both supports. Form D*, evaluate V(D*, G) by the midpoint
    /// rule (0·log 0 = 0) and return the Jensen–Shannon divergence it implies, in nats.
    public static func jensenShannonThroughOptimalDiscriminator(dataDensity: [Double], generatorDensity: [Double],
                                                                spacing: Double) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 3.3 — A simplified FID: the Fréchet distance d² between N(μ₁, Σ₁) and N(μ₂, Σ₂) in two
    /// dimensions. Covariances are given as rows, [[a, b], [b, c]], and need not commute.
    public static func frechetDistance2D(mean1: [Double], covariance1: [[Double]],
                                         mean2: [Double], covariance2: [[Double]]) throws -> Double {
        throw NotAttempted()
    }
}
