// Chapter 10 — Score matching. Replace each `throw NotAttempted()` with your implementation, then
// run `swift test --filter Chapter10` to have it graded.
//
// Conventions, as in the chapter: the score of a density p is s(x) = ∇ₓ log p(x) (the derivative d/dx log p in
// one dimension); it does not depend on p's normaliser Z. For a model score s_θ and samples x₁, …, x_n (a
// [Double] in one dimension), Hyvärinen's sample objective is
//   J(θ) = (1/n) Σᵢ [½ ‖s_θ(xᵢ)‖² + ∇·s_θ(xᵢ)],   ∇·s = Σ_k ∂s_k/∂x_k  (s′ in one dimension),
// which equals the Fisher divergence ½ 𝔼‖s_θ − s_data‖² up to a constant free of θ. "Mean" below is always the
// plain average over the samples given, (1/n) Σᵢ. Vectors in d dimensions are [Double] of length d.

public enum Chapter10Exercises {
    /// Exercise 10.1 — Score matching a Gaussian.
    /// The model score is s(x) = −τ(x − μ) (a Gaussian with mean μ and precision τ > 0), so s′(x) = −τ and
    ///   J(μ, τ) = mean over the samples of ½ τ² (x − μ)² − τ.
    /// Return the minimiser (μ̂, τ̂) of J. Hint: for fixed τ, J is a quadratic in μ; put the best μ back and J
    /// is a quadratic in τ. `samples` holds at least two distinct values.
    public static func gaussianScoreMatching(samples: [Double]) throws -> (mean: Double, precision: Double) {
        throw NotAttempted()
    }

    /// Exercise 10.2 — An exponential family in closed form.
    /// The model is log p̃_θ(x) = Σⱼ θⱼ x^{pⱼ} with pⱼ = `powers[j]` (distinct integers ≥ 1, no base measure), so
    ///   s(x) = Σⱼ θⱼ pⱼ x^{pⱼ−1},   s′(x) = Σⱼ θⱼ pⱼ(pⱼ − 1) x^{pⱼ−2}.
    /// Both are linear in θ, so J(θ) = mean ½ s² + s′ is a quadratic ½ θᵀAθ + cᵀθ. Find A (d × d) and c (d) as
    /// averages over the samples, and return the minimiser θ̂ (one entry per power, in the order of `powers`) by
    /// solving a d × d linear system. The graders' systems are small (d ≤ 4) and well conditioned. Take a term
    /// whose coefficient pⱼ(pⱼ − 1) is zero to be zero, even at x = 0.
    public static func monomialScoreMatching(samples: [Double], powers: [Int]) throws -> [Double] {
        throw NotAttempted()
    }

    /// Exercise 10.3 — What denoising learns.
    /// Data x ~ N(0, v) in one dimension (v = `dataVariance`) are noised to y = x + σε with ε ~ N(0, 1) independent
    /// (σ = `noiseStandardDeviation`). The denoising score matching loss of the linear score model s(y) = −a·y is
    ///   L(a) = 𝔼 ½ (s(x + σε) + ε/σ)².
    /// Return the a that minimises it. Hint: expand the square; L is a quadratic in a whose coefficients need
    /// only 𝔼y², 𝔼[yε] and 𝔼ε². Compare the answer with the score of the data law N(0, v), which is −x/v.
    public static func denoisingOptimalSlope(dataVariance v: Double, noiseStandardDeviation σ: Double) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 10.4 — Derivatives of a Gaussian bump.
    /// For φ(x) = exp(−‖x − c‖² / (2ℓ²)) in d dimensions (d = `x.count` = `c.count`, ℓ = `width` > 0), return
    /// φ(x), its gradient ∇φ(x) (d entries, ∂φ/∂x_k in entry k) and its Laplacian Δφ(x) = Σ_k ∂²φ/∂x_k². These
    /// are the features of the chapter's exponential family in section 4: their gradients and Laplacians are
    /// the gⱼ and lⱼ of exercise 10.2 in d dimensions.
    public static func radialBasisDerivatives(point x: [Double], centre c: [Double], width ℓ: Double) throws
        -> (value: Double, gradient: [Double], laplacian: Double) {
        throw NotAttempted()
    }
}
