// Chapter 8 — Energy-based models and the partition function. Replace each `throw NotAttempted()` with your
// implementation, then run `swift test --filter Chapter08` to have it graded.
//
// Conventions, as in the chapter: an energy E_θ(x) defines the density p_θ(x) = e^{−E_θ(x)}/Z_θ with
// Z_θ = ∫ e^{−E_θ(x)} dx. The log-likelihood gradient of data is ∇_θ ℓ = −⟨∇_θE⟩_data + ⟨∇_θE⟩_{p_θ}: the
// positive phase lowers the energy of the data, the negative phase raises it where the model puts its
// samples; equivalently ∇_θ log Z_θ = −𝔼_{p_θ}[∇_θE_θ]. The unadjusted Langevin algorithm (ULA) with step
// size ε (the variance of the injected noise) moves x ← x − (ε/2)·∇ₓE(x) + √ε·z, z ~ N(0, 1).
// Exercises 8.1 and 8.2 use the polynomial family E_θ(x) = Σ_{k=1}^{P} θ_k·x^k, for which ∂E/∂θ_k = x^k.

public enum Chapter08Exercises {
    /// Exercise 8.1 — The gradient of log Z by quadrature.
    /// The energy is E_θ(x) = Σ_{k=1}^{P} θ_k·x^k on the interval [a, b] = [`lower`, `upper`] (a < b), with
    /// θ = `coefficients` (P ≥ 1 entries) and p_θ ∝ e^{−E_θ} on [a, b]. Return the P partial derivatives
    /// ∂ log Z/∂θ_k = −𝔼_{p_θ}[x^k], k = 1…P, computing both integrals ∫ x^k e^{−E} and ∫ e^{−E} by an
    /// accurate quadrature (composite Gauss–Legendre, or Simpson with many points). Some coefficients make
    /// e^{−E} larger than 1e300: subtract the smallest energy on the grid before exponentiating (it cancels
    /// in the ratio), so that nothing overflows.
    public static func logPartitionGradient(coefficients: [Double], lower: Double, upper: Double) throws -> [Double] {
        throw NotAttempted()
    }

    /// Exercise 8.2 — The contrastive estimate of the log-likelihood gradient.
    /// For the same polynomial family with P = `powers` terms, return the Monte Carlo estimate of ∇_θ ℓ,
    ///   g_k = −(1/n) Σᵢ dataᵢ^k + (1/m) Σⱼ negativesⱼ^k,   k = 1…P,
    /// from n ≥ 1 data points and m ≥ 1 negative samples (points drawn from the model, however obtained).
    /// The first term is the positive phase, the second the negative phase; ascent on g lowers the energy of
    /// the data and raises that of the negatives.
    public static func contrastiveGradient(data: [Double], negatives: [Double], powers: Int) throws -> [Double] {
        throw NotAttempted()
    }

    /// Exercise 8.3 — Where short-run Langevin training stops.
    /// The data have second moment 𝔼x² = m2 (`secondMoment`); the model is E_θ(x) = θx²/2 with θ > 0, and its
    /// negatives come from L = `steps` ULA steps of size ε = `stepSize`, started at N(0, s0²) (s0² =
    /// `startVariance`); `steps == nil` means the chain's stationary law. Training on θ stops where the
    /// negative phase balances the positive one: 𝔼_neg[x²] = m2. On this energy one ULA step is
    /// x ← a·x + √ε·z with a = 1 − εθ/2, so the chain's variance obeys v_k = a²·v_{k−1} + ε, v₀ = s0², and its
    /// stationary variance is ε/(1 − a²) = 1/(θ(1 − εθ/4)). Return the θ̂ in (0, 2/ε) with v_L(θ̂) = m2
    /// (v_∞ for `steps == nil`). On (0, 2/ε) a² falls as θ grows, so v_L falls from s0² + Lε (from ∞ for
    /// the stationary law) to ε: the root exists and is unique exactly when ε < m2 < s0² + Lε (ε < m2 for
    /// the stationary law), which you may assume. For the stationary law there is a closed form, the root of
    /// a quadratic that tends to 1/m2 as ε → 0; for finite L, bisect.
    public static func langevinFixedPoint(secondMoment m2: Double, stepSize epsilon: Double, steps: Int?,
                                          startVariance: Double) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 8.4 — The partition function by uniform sampling.
    /// `negativeEnergies` holds −E(uᵢ) at n ≥ 2 independent uniform points uᵢ of a region B of volume |B| =
    /// `volume`. With wᵢ = e^{−E(uᵢ)}, Z = |B|·𝔼_U[e^{−E(U)}], so return
    ///   logPartition  = log|B| + log((1/n) Σᵢ wᵢ),
    ///   standardError = sd(w)/(mean(w)·√n),
    /// the delta-method standard error of log Ẑ (sd with the n − 1 denominator). The values −E(uᵢ) may be
    /// near 1000, where e^{−E} overflows a Double: factor out the largest one first.
    public static func logPartitionByUniformSampling(negativeEnergies: [Double], volume: Double) throws
        -> (logPartition: Double, standardError: Double) {
        throw NotAttempted()
    }
}
