import Foundation
import Testing

/// Each chapter-13 grader must reject plausible wrong answers, not only accept the right one.
struct Chapter13WrongAnswers {
    typealias Grading = Chapter13Grading

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    /// The index chosen by a scan over `scores` that keeps the best so far and replaces it when `better` says so.
    static func scan(_ scores: [Double], better: (Double, Double) -> Bool) -> Int {
        scores.indices.dropFirst().reduce(0) { best, j in better(scores[j], scores[best]) ? j : best }
    }

    @Test func nearestCodeGraderRejectsTheLargestDotProductTheLastOfTiesAndTheExpansion() {
        // argmax z·e: the expansion without ‖e‖², right only when every code has the same norm.
        withKnownIssue { try Grading.nearestCodes { vectors, codebook in vectors.map { z in Self.scan(codebook.map { Self.dot(z, $0) }, better: >) } } }
        // ≤ in the scan: the highest index among equally near codes.
        withKnownIssue {
            try Grading.nearestCodes { vectors, codebook in vectors.map { z in Self.scan(codebook.map { Grading.squaredDistance(z, $0) }, better: <=) } }
        }
        // ‖z‖² − 2z·e + ‖e‖²: right on every set but the one near 10⁸, where it has no digits left to tell codes apart.
        withKnownIssue {
            try Grading.nearestCodes { vectors, codebook in
                vectors.map { z in Self.scan(codebook.map { Self.dot(z, z) - 2 * Self.dot(z, $0) + Self.dot($0, $0) }, better: <) }
            }
        }
    }

    /// The shares p_j = n_j/n of the codes that occur (or the raw counts n_j when `normalised` is false).
    static func shares(_ codes: [Int], _ codeCount: Int, normalised: Bool = true) -> [Double] {
        var counts = [Double](repeating: 0, count: codeCount)
        for code in codes { counts[code] += 1 }
        return counts.filter { $0 > 0 }.map { normalised ? $0 / Double(codes.count) : $0 }
    }
    static func entropy(_ p: [Double]) -> Double { -p.reduce(0) { $0 + $1 * log($1) } }

    @Test func perplexityGraderRejectsBaseTwoTheEntropyTheCodesUsedAndUnnormalisedShares() {
        // 2^H with H in nats: the bits formula applied to nats.
        withKnownIssue { try Grading.codebookPerplexity { codes, count in pow(2, Self.entropy(Self.shares(codes, count))) } }
        // H itself, without exp.
        withKnownIssue { try Grading.codebookPerplexity { codes, count in Self.entropy(Self.shares(codes, count)) } }
        // The number of codes used at least once: right only when they are used equally.
        withKnownIssue { try Grading.codebookPerplexity { codes, count in Double(Self.shares(codes, count).count) } }
        // The counts n_j taken for the probabilities.
        withKnownIssue { try Grading.codebookPerplexity { codes, count in exp(Self.entropy(Self.shares(codes, count, normalised: false))) } }
    }

    /// One update with optional mistakes: γ and 1 − γ exchanged; Ñ = N_j (no smoothing); Ñ = N_j + ε (smoothing
    /// without the factor N_tot/(N_tot + Kε)); Ñ from the counts before the update.
    static func updateVariant(_ counts: [Double], _ sums: [[Double]], _ vectors: [[Double]], _ codes: [Int], _ γ: Double, _ ε: Double,
                              swapped: Bool = false, smoothing: Bool = true, renormalised: Bool = true, oldCounts: Bool = false)
        -> (counts: [Double], sums: [[Double]], codebook: [[Double]]) {
        let (k, d) = (counts.count, sums[0].count), past = swapped ? 1 - γ : γ
        var (newCounts, newSums) = (counts.map { past * $0 }, sums.map { $0.map { past * $0 } })
        for (i, code) in codes.enumerated() {
            newCounts[code] += 1 - past
            for m in 0..<d { newSums[code][m] += (1 - past) * vectors[i][m] }
        }
        let basis = oldCounts ? counts : newCounts, total = basis.reduce(0, +)
        let codebook = (0..<k).map { c -> [Double] in
            let smoothed = !smoothing ? basis[c] : renormalised ? (basis[c] + ε) * total / (total + Double(k) * ε) : basis[c] + ε
            return newSums[c].map { $0 / smoothed }
        }
        return (newCounts, newSums, codebook)
    }

    @Test func movingAverageGraderRejectsSwappedWeightsNoSmoothingNoRenormalisationAndStaleCounts() {
        // N_j ← (1 − γ)N_j + γn_j: the batch given the weight of the past.
        withKnownIssue { try Grading.movingAverageUpdate { Self.updateVariant($0, $1, $2, $3, $4, $5, swapped: true) } }
        // e_j = m_j/N_j: 0/0 for the never-used code.
        withKnownIssue { try Grading.movingAverageUpdate { Self.updateVariant($0, $1, $2, $3, $4, $5, smoothing: false) } }
        // Ñ_j = N_j + ε: the smoothed counts no longer sum to N_tot.
        withKnownIssue { try Grading.movingAverageUpdate { Self.updateVariant($0, $1, $2, $3, $4, $5, renormalised: false) } }
        // The new sums divided by the smoothed counts from before the update.
        withKnownIssue { try Grading.movingAverageUpdate { Self.updateVariant($0, $1, $2, $3, $4, $5, oldCounts: true) } }
    }

    /// upstream + factor·(z − e_{k(z)}), the code found by the grader's own nearest-code rule, or by a scan that
    /// keeps the highest index among equally near codes when `highestOnTie` is set.
    static func gradientVariant(_ upstream: [[Double]], _ vectors: [[Double]], _ codebook: [[Double]], factor: Double,
                                highestOnTie: Bool = false) -> [[Double]] {
        vectors.indices.map { i in
            let z = vectors[i]
            let e = codebook[highestOnTie ? Self.scan(codebook.map { Grading.squaredDistance(z, $0) }, better: <=) : Grading.nearest(z, codebook)]
            return z.indices.map { upstream[i][$0] + factor * (z[$0] - e[$0]) }
        }
    }

    @Test func straightThroughGraderRejectsNoCommitmentAFlippedSignAHalfFactorTheCodebookTermAndTheLastOfTies() {
        // The commitment term dropped: the straight-through gradient alone.
        withKnownIssue { try Grading.straightThroughGradient { upstream, _, _, _ in upstream } }
        // 2β(e − z): the commitment pushing z away from its code.
        withKnownIssue { try Grading.straightThroughGradient { Self.gradientVariant($0, $1, $2, factor: -2 * $3) } }
        // β(z − e): the 2 of the square's derivative forgotten.
        withKnownIssue { try Grading.straightThroughGradient { Self.gradientVariant($0, $1, $2, factor: $3) } }
        // 2(1 + β)(z − e): the codebook term's gradient given to z as well, as if sg[z] were z.
        withKnownIssue { try Grading.straightThroughGradient { Self.gradientVariant($0, $1, $2, factor: 2 * (1 + $3)) } }
        // The right formula, but the highest index among equally near codes: the commitment pulls towards the wrong code.
        withKnownIssue { try Grading.straightThroughGradient { Self.gradientVariant($0, $1, $2, factor: 2 * $3, highestOnTie: true) } }
    }
}
