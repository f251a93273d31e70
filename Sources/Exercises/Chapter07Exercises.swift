// Chapter 7 — Restricted Boltzmann machines. Replace each `throw NotAttempted()` with your
// implementation, then run `swift test --filter Chapter07` to have it graded.
//
// Conventions, as in the chapter: binary visible units v ∈ {0, 1}ⁿ and hidden units h ∈ {0, 1}ᵐ;
// `weights` W has n rows of m entries (W[i][j] couples vᵢ and hⱼ); `visibleBiases` b has n entries and
// `hiddenBiases` c has m. The energy is E(v, h) = −bᵀv − cᵀh − vᵀWh, the joint law p(v, h) = e^{−E(v, h)}/Z,
// σ(x) = 1/(1 + e^{−x}) and softplus(x) = log(1 + eˣ). Answers must stay finite for every finite input:
// the graders of 7.1 and 7.2 use machines whose unit inputs reach hundreds, where eˣ overflows a Double.

public enum Chapter07Exercises {
    /// Exercise 7.1 — The free energy.
    /// Return F(v) = −log Σ_h e^{−E(v, h)} = −bᵀv − Σⱼ softplus(cⱼ + (vᵀW)ⱼ), where (vᵀW)ⱼ = Σᵢ vᵢ·W[i][j],
    /// for the visible vector `visible` (entries 0 or 1), so that p(v) = e^{−F(v)}/Z. The sum over the 2ᵐ
    /// hidden states factorises because the hidden units are independent given v. Hidden inputs can be
    /// near ±800, where log(1 + eˣ) written naively overflows.
    public static func freeEnergy(weights: [[Double]], visibleBiases: [Double], hiddenBiases: [Double],
                                  visible: [Double]) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 7.2 — The exact log partition function.
    /// Return log Z = log Σ_{v, h} e^{−E(v, h)}, the sum over all 2ⁿ⁺ᵐ joint states. Any exact route is
    /// fine: for instance sum e^{−F(v)} over the 2ⁿ visible states, or, symmetrically, sum over the 2ᵐ
    /// hidden states e^{cᵀh} Πᵢ (1 + e^{bᵢ + (Wh)ᵢ}). Work in log space: with large weights Z itself
    /// overflows a Double while log Z is a few hundred.
    public static func logPartition(weights: [[Double]], visibleBiases: [Double], hiddenBiases: [Double]) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 7.3 — The negative phase.
    /// Return the n × m matrix of model correlations ⟨vᵢhⱼ⟩ = Σ_{v, h} p(v, h)·vᵢ·hⱼ (row i, entry j), which
    /// is ∂ log Z/∂W[i][j]: the term of the log-likelihood gradient that contrastive divergence approximates
    /// by sampling. Compute it exactly (n and m are small). Hint: given h the visible units are independent
    /// with P(vᵢ = 1 | h) = σ(bᵢ + (Wh)ᵢ), and p(h) ∝ e^{cᵀh} Πᵢ (1 + e^{bᵢ + (Wh)ᵢ}).
    public static func modelCorrelations(weights: [[Double]], visibleBiases: [Double], hiddenBiases: [Double]) throws -> [[Double]] {
        throw NotAttempted()
    }

    /// Exercise 7.4 — One step of annealed importance sampling.
    /// The path from a base model A (independent visible units with biases b_A = `baseVisibleBiases`, no
    /// weights) to the RBM runs through the unnormalised marginals
    ///   f_β(v) = exp((1 − β)·b_Aᵀv + β·bᵀv) · Πⱼ (1 + e^{β(cⱼ + (vᵀW)ⱼ)}),   0 ≤ β ≤ 1,
    /// so that f₀ is A times 2ᵐ and f₁(v) = e^{−F(v)}. Return log f_{β′}(v) − log f_β(v) for β = `from` and
    /// β′ = `to`: the amount an AIS run adds to its log weight when the temperature moves from β to β′.
    public static func annealingLogWeightIncrement(weights: [[Double]], visibleBiases: [Double], hiddenBiases: [Double],
                                                   baseVisibleBiases: [Double], visible: [Double],
                                                   from beta: Double, to nextBeta: Double) throws -> Double {
        throw NotAttempted()
    }
}
