// Chapter 13 — Vector-quantised models. Replace each `throw NotAttempted()` with your implementation, then
// run `swift test --filter Chapter13` to have it graded.
//
// Conventions, as in the chapter: a codebook holds K codes e₀, …, e_{K−1} of dimension D, one code per row of a
// [[Double]] (K rows of D entries); vectors z are rows of D entries as well. The nearest code of z is
//   k(z) = argmin_j ‖z − e_j‖²,   the lowest index j on a tie,
// and q(z) = e_{k(z)}. Code indices are Ints in 0..<K. Logarithms are natural (nats) throughout.

public enum Chapter13Exercises {
    /// Exercise 13.1 — Nearest codes.
    /// Return k(zᵢ) for every row zᵢ of `vectors`: the index of the code nearest in squared Euclidean distance,
    /// the lowest index when several codes are equally near. Mind rounding: the graders also use vectors and codes
    /// that all lie near 10⁸ in every coordinate, about 1 apart, where ‖z‖² − 2z·e + ‖e‖² has lost every digit
    /// that separates the codes; differences z − e of nearby numbers are exact.
    public static func nearestCodes(vectors: [[Double]], codebook: [[Double]]) throws -> [Int] {
        throw NotAttempted()
    }

    /// Exercise 13.2 — Perplexity of the code usage.
    /// `codes` lists the code chosen by each of n vectors (n ≥ 1), each in 0..<codeCount. With nₖ the number of
    /// times code k occurs and pₖ = nₖ/n its share, return the perplexity
    ///   exp(H),   H = −Σₖ pₖ log pₖ   (natural log, 0 · log 0 = 0),
    /// the number of equally used codes that would have the same entropy.
    public static func codebookPerplexity(codes: [Int], codeCount: Int) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 13.3 — One moving-average update of the codebook.
    /// `counts` holds Nₖ (K entries), `sums` holds mₖ (K rows of D), and the batch is `vectors` (n rows of D) with
    /// the codes they chose, `codes` (n entries in 0..<K). With nₖ the number of i with codes[i] = k and
    /// Sₖ = Σ_{i: codes[i] = k} zᵢ, return the updated averages and the new codebook:
    ///   Nₖ ← γNₖ + (1 − γ)nₖ,   mₖ ← γmₖ + (1 − γ)Sₖ,
    ///   eₖ = mₖ / Ñₖ,   Ñₖ = (Nₖ + ε) · N / (N + Kε),   N = Σₖ Nₖ,
    /// where Ñ uses the counts *after* the update (γ = `decay`, 0 < γ < 1; ε = `smoothing` > 0). A code that the
    /// batch does not use keeps its direction, and its count decays; one with Nₖ = 0 still gets a finite eₖ.
    public static func movingAverageUpdate(counts: [Double], sums: [[Double]], vectors: [[Double]], codes: [Int],
                                           decay γ: Double, smoothing ε: Double) throws
        -> (counts: [Double], sums: [[Double]], codebook: [[Double]]) {
        throw NotAttempted()
    }

    /// Exercise 13.4 — The straight-through gradient.
    /// The VQ-VAE loss for vectors z₁, …, z_n is
    ///   𝓛 = L(q̃) + Σᵢ ‖sg[zᵢ] − e_{k(zᵢ)}‖² + β Σᵢ ‖zᵢ − sg[e_{k(zᵢ)}]‖²,
    /// where sg stops the gradient and q̃ is the straight-through quantisation: e_{k(zᵢ)} going forward, the
    /// identity going back. `upstream[i]` is ∂L/∂q at q = e_{k(zᵢ)}. Return ∂𝓛/∂zᵢ for every i (n rows of D).
    /// Find k(zᵢ) yourself (the nearest code, the lowest index on a tie, as in exercise 13.1).
    public static func straightThroughGradient(upstream: [[Double]], vectors: [[Double]], codebook: [[Double]],
                                               beta β: Double) throws -> [[Double]] {
        throw NotAttempted()
    }
}
