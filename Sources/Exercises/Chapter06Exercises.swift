// Chapter 6 — Autoregressive models and normalising flows. Replace each `throw NotAttempted()` with your
// implementation, then run `swift test --filter Chapter06` to have it graded.

public enum Chapter06Exercises {
    /// Exercise 6.1 — Autoregressive log-likelihood.
    /// A binary autoregressive model over D dimensions factorises p(x) = Πᵈ p(x_d | x_<d), d = 0, …, D − 1, where
    /// x_<d = (x₀, …, x_{d−1}) is the prefix of the d coordinates before x_d (empty for d = 0). `conditionalLogit(prefix)`
    /// returns the logit ℓ = log(p/(1 − p)) of p = p(x_d = 1 | x_<d) for a prefix of length d; it must never see x_d
    /// itself. Given x ∈ {0, 1}^D (entries 0 or 1), return log p(x) in nats.
    /// Stay finite and accurate for every finite logit: logits of ±40 (where 1 − p rounds to 0 or p ≈ 1 − 4·10⁻¹⁸) and
    /// of ±800 (where exp overflows) must work, and a factor p(x_d | x_<d) within 10⁻¹⁸ of 1 must still contribute its
    /// tiny negative log with full relative accuracy.
    public static func autoregressiveLogLikelihood(x: [Int], conditionalLogit: ([Int]) -> Double) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 6.2 — A 1-D flow.
    /// Let x = g(z) with z ~ N(0, 1) and g a strictly increasing, differentiable bijection of the real line. You are
    /// given only `inverse`, the map x ↦ g⁻¹(x), and `inverseDerivative`, the map x ↦ (d/dx) g⁻¹(x) (positive).
    /// Return log p_X(x) in nats, the log-density of x under the law of g(z).
    public static func flowLogDensity(x: Double, inverse: (Double) -> Double,
                                      inverseDerivative: (Double) -> Double) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 6.3 — An affine coupling layer, part 1: the forward map and its log-determinant.
    /// In D dimensions the mask b ∈ {true, false}^D marks with `true` the coordinates that pass through unchanged.
    /// Write x_b for the D-vector equal to x where b is true and 0 where b is false. `scale` and `shift` each take x_b
    /// and return D numbers s and t; only their entries where b is false are used. Return
    ///   yⱼ = xⱼ                          where bⱼ is true,
    ///   yⱼ = xⱼ·exp(sⱼ(x_b)) + tⱼ(x_b)   where bⱼ is false,
    /// together with log|det ∂y/∂x| in nats.
    public static func couplingForward(x: [Double], mask: [Bool], scale: ([Double]) -> [Double],
                                       shift: ([Double]) -> [Double]) throws -> (y: [Double], logDeterminant: Double) {
        throw NotAttempted()
    }

    /// Exercise 6.3 — An affine coupling layer, part 2: the inverse.
    /// With the mask, `scale` and `shift` as in `couplingForward`, return the unique x whose forward image is `y`.
    /// Only `scale` and `shift` themselves are available (no inverse of either).
    public static func couplingInverse(y: [Double], mask: [Bool], scale: ([Double]) -> [Double],
                                       shift: ([Double]) -> [Double]) throws -> [Double] {
        throw NotAttempted()
    }
}
