// Chapter 4 — GAN variants. Replace each `throw NotAttempted()` with your
// implementation, then run `swift test --filter Chapter04` to have it graded.

public enum Chapter04Exercises {
    /// Exercise 4.1 — The Wasserstein-1 distance between two 1-D samples.
    /// `a` and `b` are samples of the same size n ≥ 1, in any order. Return W₁ between their empirical
    /// distributions (mass 1/n on each point): (1/n) Σᵢ |a₍ᵢ₎ − b₍ᵢ₎|, where a₍ᵢ₎ and b₍ᵢ₎ are the i-th
    /// smallest points of each sample. In 1-D the optimal coupling is monotone, so sorting is the whole
    /// transport problem; this is the quantity a WGAN critic estimates from below.
    public static func wasserstein1D(_ a: [Double], _ b: [Double]) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 4.2 — The transposed convolution as the adjoint of a strided convolution.
    /// The forward map C sends x ∈ ℝⁿ to y ∈ ℝᵐ by the valid, strided cross-correlation
    /// y[i] = Σₖ w[k]·x[i·s + k] for i = 0..<m, k = 0..<K, with kernel w = `kernel` of length K ≤ n,
    /// stride s = `stride` ≥ 1 and m = (n − K)/s + 1 (integer division; inputs past (m − 1)s + K − 1
    /// are never read). Given y of length m, return Cᵀy, of length n = `inputLength`: the map a DCGAN
    /// generator's "deconvolution" layer applies, and the one backpropagation applies through C.
    public static func transposedConvolution1D(_ y: [Double], kernel: [Double], stride: Int, inputLength n: Int) throws -> [Double] {
        throw NotAttempted()
    }

    /// Exercise 4.3 — The gradient penalty's bias on a linear critic.
    /// Data N(Δ, 1) and generator N(0, 1) on the line (Δ = `shift`, any nonzero real, so W₁ = |Δ|); the
    /// critic is f(x) = s·x + c for a real slope s (c cancels). Its gradient is s everywhere, so every
    /// interpolate x̂ sees the same penalty and the WGAN-GP critic maximises over s ∈ ℝ
    ///   J(s) = E_data f − E_gen f − λ·E_x̂ (|f′(x̂)| − 1)² = s·Δ − λ(|s| − 1)²,   λ = `penaltyWeight` > 0.
    /// Return the maximiser s* (`slope`) and the critic's Wasserstein estimate E_data f − E_gen f = s*·Δ
    /// (`wassersteinEstimate`), which is not J(s*). Compare the estimate with |Δ|.
    public static func penalisedLinearCritic(shift: Double, penaltyWeight: Double) throws -> (slope: Double, wassersteinEstimate: Double) {
        throw NotAttempted()
    }

    /// Exercise 4.4 — The gradient penalty by hand for a quadratic critic.
    /// The critic is f(x) = ½xᵀAx + bᵀx + c on ℝᵈ, A symmetric d × d (`a`, as rows), b ∈ ℝᵈ (`b`); c does
    /// not enter. Row i of `real` and of `fake` are points xᵢ and x̃ᵢ ∈ ℝᵈ, εᵢ = `mixing[i]` ∈ [0, 1], and
    /// x̂ᵢ = εᵢxᵢ + (1 − εᵢ)x̃ᵢ is the interpolate. Return the penalty term of the critic's loss,
    /// λ·(1/N) Σᵢ (‖∇f(x̂ᵢ)‖₂ − 1)² with λ = `penaltyWeight` and N rows.
    public static func quadraticCriticPenalty(a: [[Double]], b: [Double], real: [[Double]], fake: [[Double]],
                                              mixing: [Double], penaltyWeight: Double) throws -> Double {
        throw NotAttempted()
    }
}
