// Chapter 12 — The score-SDE view. Replace each `throw NotAttempted()` with your
// implementation, then run `swift test --filter Chapter12` to have it graded.

public enum Chapter12Exercises {
    /// Exercise 12.1 — The VP marginal variance.
    /// σ²(t) for the VP SDE with β(t) = β₀ + t(β₁ − β₀), starting from σ²(0) = 0
    /// (it solves dσ²/dt = −β(t)σ² + β(t)).
    public static func vpMarginalVariance(t: Double, betaMin: Double, betaMax: Double) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 12.2 — The reverse drift of the VE SDE.
    /// f(x, t) − g(t)²·score for the VE SDE with noise scale σ_min(σ_max/σ_min)ᵗ,
    /// per unit of forward time. `x` and `score` have the same length.
    public static func veReverseDrift(x: [Double], score: [Double], t: Double, sigmaMin: Double, sigmaMax: Double) throws -> [Double] {
        throw NotAttempted()
    }

    /// Exercise 12.3 — Hutchinson's trace estimator.
    /// An unbiased estimate of tr(A) from `probes` products A·v, where each v has
    /// entries drawn with `randomSign()` (±1 with probability ½).
    public static func hutchinsonTrace(matrixTimesVector: ([Double]) -> [Double], dimension: Int, probes: Int,
                                       randomSign: () -> Double) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 12.4 — The probability-flow drift.
    /// dx/dt of the probability-flow ODE of the VP SDE with β(t) = β₀ + t(β₁ − β₀),
    /// given the score at (x, t).
    public static func probabilityFlowDrift(x: [Double], t: Double, score: [Double], betaMin: Double, betaMax: Double) throws -> [Double] {
        throw NotAttempted()
    }
}
