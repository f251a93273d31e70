// Chapter 11 — Langevin dynamics. Replace each `throw NotAttempted()` with
// your implementation, then run `swift test --filter Chapter11` to have it graded.

public enum Chapter11Exercises {
    /// Exercise 11.1 — One Langevin update.
    /// Return x + (ε/2)·score + √ε·noise, where `noise` is a standard normal draw.
    public static func langevinStep(x: Double, score: Double, stepSize: Double, noise: Double) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 11.2 — The discretisation bias.
    /// The unadjusted chain targets N(0, s²) (s² = `targetVariance`) with step ε < 4s².
    /// Return the variance of its stationary distribution.
    public static func stationaryVariance(targetVariance: Double, stepSize: Double) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 11.3 — Metropolis adjustment.
    /// Return log α, the log of the probability of accepting the Langevin
    /// proposal `proposal` from `x` (at most 0).
    public static func metropolisLogAcceptance(x: Double, proposal: Double, logDensity: (Double) -> Double,
                                               score: (Double) -> Double, stepSize: Double) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 11.4 — The score of a Gaussian mixture.
    /// Return d/dx log Σₖ wₖ N(x; μₖ, sₖ²) (the weights may not sum to one).
    public static func mixtureScore(x: Double, weights: [Double], means: [Double], standardDeviations: [Double]) throws -> Double {
        throw NotAttempted()
    }
}
