// Chapter 9 — Contrastive divergence. Replace each `throw NotAttempted()` with your implementation, then
// run `swift test --filter Chapter09` to have it graded.
//
// Conventions, as in the chapter and chapter 7: binary visible units v ∈ {0, 1}ⁿ and hidden units h ∈ {0, 1}ᵐ;
// `weights` W has n rows of m entries (W[i][j] couples vᵢ and hⱼ); `visibleBiases` b has n entries and
// `hiddenBiases` c has m. The energy is E(v, h) = −bᵀv − cᵀh − vᵀWh, so that given v the hidden units are
// independent with p(hⱼ = 1 | v) = σ(cⱼ + (vᵀW)ⱼ), and given h the visible units are independent with
// p(vᵢ = 1 | h) = σ(bᵢ + (Wh)ᵢ). A *law over the visible states* is a [Double] of length 2ⁿ whose entry
// `index` is the probability of the state with vᵢ = bit i of `index` (unit 0 is the lowest bit). One block
// Gibbs step is v → h ~ p(h | v) → v′ ~ p(v′ | h). CD-k starts one chain at every data row and runs k full
// Gibbs steps; its weight gradient is ⟨v p(h = 1 | v)ᵀ⟩_data − ⟨v′ p(h = 1 | v′)ᵀ⟩ over the chains' end
// states v′. All machines in the graders are small (n ≤ 6, m ≤ 5), so every sum over states is cheap.

public enum Chapter09Exercises {
    /// Exercise 9.1 — One Gibbs step, followed exactly.
    /// Return the law of v′ after one block Gibbs step when v is drawn from `law`:
    ///   q′(v′) = Σ_v q(v) Σ_h p(h | v) p(v′ | h),
    /// a vector of 2ⁿ probabilities in the indexing above. Hint: first r(h) = Σ_v q(v) p(h | v) over the 2ᵐ
    /// hidden states, then q′(v′) = Σ_h r(h) p(v′ | h); each conditional is a product of independent
    /// Bernoulli probabilities.
    public static func gibbsStepLaw(weights: [[Double]], visibleBiases: [Double], hiddenBiases: [Double],
                                    law: [Double]) throws -> [Double] {
        throw NotAttempted()
    }

    /// Exercise 9.2 — The expected CD-k gradient.
    /// `data` holds binary rows of n entries (repeats allowed). Return the n × m matrix (row i, entry j)
    ///   𝔼[CD-k weight gradient]ᵢⱼ = Σ_v q₀(v) vᵢ σ(cⱼ + (vᵀW)ⱼ) − Σ_v q_k(v) vᵢ σ(cⱼ + (vᵀW)ⱼ),
    /// where q₀ is the data's empirical law (each row weighs 1/rows) and q_k is q₀ after k = `steps` exact
    /// Gibbs steps (exercise 9.1): the value that the average of infinitely many CD-k runs converges to,
    /// computed without sampling. For k = 0 it is the zero matrix; as k grows it tends to the exact
    /// log-likelihood gradient.
    public static func expectedContrastiveDivergence(weights: [[Double]], visibleBiases: [Double], hiddenBiases: [Double],
                                                     data: [[Double]], steps: Int) throws -> [[Double]] {
        throw NotAttempted()
    }

    /// Exercise 9.3 — How many steps until the chains forget the data?
    /// With q₀ the data's empirical law and q_{k+1} one exact Gibbs step after q_k, return the smallest k ≥ 0
    /// with total variation ½ Σ_v |q_k(v) − p(v)| ≤ `tolerance`, where p(v) = e^{−F(v)}/Z is the model's
    /// marginal (F the free energy of exercise 7.1; compute Z by summing over the 2ⁿ visible states in log
    /// space). The distance to p never increases along the chain, so this k is also the step from which CD-k
    /// is within `tolerance` of sampling the model. If the tolerance is not reached within 100,000 steps,
    /// return 100,000 (the graders' machines need at most a few dozen).
    public static func stepsToMix(weights: [[Double]], visibleBiases: [Double], hiddenBiases: [Double],
                                  data: [[Double]], tolerance: Double) throws -> Int {
        throw NotAttempted()
    }
}
