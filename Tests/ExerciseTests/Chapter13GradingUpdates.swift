import Foundation
import Testing
import TensorCore

/// The graders of chapter 13's exercises on updates: 13.3 (the moving-average codebook, against the closed form of
/// its recursion) and 13.4 (the straight-through gradient, against central differences).
extension Chapter13Grading {
    /// The batch of 13.3: K = 5 codes in D = 3, 24 vectors around three centres, 12 of them choosing code 0, 4 code 1
    /// and 8 code 2. Code 3 starts with N₃ = 2.5 and is never chosen (its count must decay as γᵀ); code 4 has never
    /// been used at all, N₄ = 0 and m₄ = 0, where a codebook without smoothing divides 0 by 0.
    static func movingAverageBatch(_ random: inout RandomGenerator)
        -> (counts: [Double], sums: [[Double]], vectors: [[Double]], codes: [Int]) {
        let centres: [[Double]] = [[1, -2, 0.5], [-3, 1, 2], [0.5, 3, -1]]
        let codes = (0..<24).map { $0 < 12 ? 0 : $0 < 16 ? 1 : 2 }
        let vectors = codes.map { code in centres[code].map { $0 + 0.8 * random.normalDouble() } }
        let counts = [3.0, 0.5, 1.25, 2.5, 0]
        let sums = counts.map { count in (0..<3).map { _ in count * 2 * random.normalDouble() } }
        return (counts, sums, vectors, codes)
    }

    /// Applies the answer `times` times with one batch, feeding back its own counts and sums; nil (with an issue
    /// recorded) when a shape is wrong.
    static func iterate(_ formula: MovingAverageUpdate, _ start: (counts: [Double], sums: [[Double]]), _ vectors: [[Double]],
                        _ codes: [Int], _ γ: Double, _ ε: Double, times: Int) throws -> (counts: [Double], sums: [[Double]], codebook: [[Double]])? {
        let (k, d) = (start.counts.count, start.sums[0].count)
        var state = (counts: start.counts, sums: start.sums, codebook: start.sums)
        for step in 0..<times {
            state = try formula(state.counts, state.sums, vectors, codes, γ, ε)
            guard state.counts.count == k, state.sums.count == k, state.codebook.count == k,
                  (state.sums + state.codebook).allSatisfy({ $0.count == d }) else {
                Issue.record("update \(step + 1): expected \(k) counts and \(k) rows of \(d) for the sums and the codebook")
                return nil
            }
        }
        return state
    }

    /// 13.3 — (a) The recursion with one fixed batch has the closed form Nₖ(T) = γᵀNₖ(0) + (1 − γᵀ)nₖ and
    /// mₖ(T) = γᵀmₖ(0) + (1 − γᵀ)Sₖ, nₖ and Sₖ the grader's counts and sums of the batch. After T = 1, 5 and 40 of
    /// your updates, for (γ, ε) = (0.99, 10⁻⁵), (0.9, 0.25) and (0.7, 2), the counts and sums must match it to 10⁻¹⁰
    /// of the size of their terms, γᵀ|mₖ(0)| + (1 − γᵀ)Σ|zᵢ| per coordinate (so a code at 0 must stay exactly 0).
    /// Each update rounds a few times, so forty of them err by at most about 10⁻¹⁴ of that size (the reference
    /// solution: 1.5·10⁻¹⁵), while each wrong answer of Chapter13WrongAnswers misses somewhere by more than 10⁻³.
    /// The codebook must match mₖ(T)/Ñₖ to the same relative size, with Ñ found as the grader characterises it:
    /// the counts proportional to Nₖ + ε that sum to N, λ(Nₖ + ε) with λ = N/Σⱼ(Nⱼ + ε). Large ε makes the
    /// renormalisation matter (Kε = 10 against N ≈ 24). The unused code 3 must have N₃(T) = γᵀN₃(0) to 10⁻¹².
    /// (b) A k-means step: with γ = 0.5 and T = 80, γᵀ ≈ 8·10⁻²⁵, so the codes used by the batch must be at the
    /// means of their vectors up to the smoothing, Ñₖ/nₖ = (1 + ε/nₖ)/(1 + Kε/n): within 2(ε/nₖ + Kε/n) of the mean
    /// relative to it, with ε = 10⁻⁵; code 4 must stay exactly at 0. (c) With ε = 10⁻³⁰⁰ (ε → 0) and all codes used,
    /// Ñ = N: the codebook times your counts must give your sums back to 8ε relative.
    static func movingAverageUpdate(_ formula: MovingAverageUpdate) throws {
        var random = RandomGenerator(seed: 1303)
        let batch = movingAverageBatch(&random), (k, d) = (5, 3)
        let members = (0..<k).map { c in batch.codes.indices.filter { batch.codes[$0] == c } }
        let batchCounts = members.map { Double($0.count) }
        let batchSums = members.map { rows in (0..<d).map { m in rows.reduce(0.0) { $0 + batch.vectors[$1][m] } } }
        let batchSizes = members.map { rows in (0..<d).map { m in rows.reduce(0.0) { $0 + abs(batch.vectors[$1][m]) } } }

        for (γ, ε) in [(0.99, 1e-5), (0.9, 0.25), (0.7, 2.0)] {
            for times in [1, 5, 40] {
                guard let result = try iterate(formula, (batch.counts, batch.sums), batch.vectors, batch.codes, γ, ε, times: times) else { return }
                let w = pow(γ, Double(times)), context = "γ = \(γ), ε = \(ε), after \(times) updates"
                let counts = (0..<k).map { w * batch.counts[$0] + (1 - w) * batchCounts[$0] }
                let total = counts.reduce(0, +), scale = total / counts.reduce(0) { $0 + $1 + ε }
                for c in 0..<k {
                    let countSize = w * batch.counts[c] + (1 - w) * batchCounts[c]
                    #expect(abs(result.counts[c] - counts[c]) <= 1e-10 * countSize, "\(context): N\(c) = \(result.counts[c]), the closed form \(counts[c])")
                    let smoothed = scale * (counts[c] + ε)
                    for m in 0..<d {
                        let sum = w * batch.sums[c][m] + (1 - w) * batchSums[c][m], size = w * abs(batch.sums[c][m]) + (1 - w) * batchSizes[c][m]
                        #expect(abs(result.sums[c][m] - sum) <= 1e-10 * size, "\(context): m\(c)[\(m)] = \(result.sums[c][m]), the closed form \(sum)")
                        #expect(abs(result.codebook[c][m] - sum / smoothed) <= 1e-10 * size / smoothed,
                                "\(context): e\(c)[\(m)] = \(result.codebook[c][m]), the closed form's m/Ñ = \(sum / smoothed)")
                    }
                }
                #expect(abs(result.counts[3] / (w * batch.counts[3]) - 1) <= 1e-12,
                        "\(context): the unused code's count is \(result.counts[3]), not γᵀN₃(0) = \(w * batch.counts[3])")
            }
        }

        let ε = 1e-5, n = Double(batch.codes.count)
        guard let limit = try iterate(formula, (batch.counts, batch.sums), batch.vectors, batch.codes, 0.5, ε, times: 80) else { return }
        for c in 0..<k {
            guard batchCounts[c] > 0 else { continue }
            let relative = 2 * (ε / batchCounts[c] + Double(k) * ε / n)
            for m in 0..<d {
                let mean = batchSums[c][m] / batchCounts[c]
                #expect(abs(limit.codebook[c][m] - mean) <= relative * abs(mean) + 1e-12 * batchSizes[c][m] / batchCounts[c],
                        "γ = 0.5, 80 updates: e\(c)[\(m)] = \(limit.codebook[c][m]), the mean of its \(members[c].count) vectors is \(mean)")
            }
        }
        #expect(limit.codebook[4] == [0, 0, 0], "γ = 0.5, 80 updates: the never-used code 4 is at \(limit.codebook[4]), not at m₄/Ñ₄ = 0")

        let allCodes = batch.codes.indices.map { $0 % k }, started = (counts: [3.0, 0.5, 1.25, 2.5, 1], sums: batch.sums)
        guard let tiny = try iterate(formula, started, batch.vectors, allCodes, 0.9, 1e-300, times: 1) else { return }
        for c in 0..<k {
            for m in 0..<d {
                #expect(abs(tiny.codebook[c][m] * tiny.counts[c] - tiny.sums[c][m]) <= 8 * epsilon * abs(tiny.sums[c][m]),
                        "ε = 10⁻³⁰⁰, all codes used: e\(c)[\(m)]·N\(c) = \(tiny.codebook[c][m] * tiny.counts[c]), m\(c)[\(m)] = \(tiny.sums[c][m])")
            }
        }
    }

    /// 13.4 — Σᵢ gᵢ·zᵢ + βΣᵢ‖zᵢ − e_{k(zᵢ)}‖² with the codes held at the grader's k(zᵢ) has gradient g + 2β(z − e) in
    /// zᵢ: the reconstruction term through the identity, the commitment term, and nothing from the codebook term.
    /// Along one coordinate it is a quadratic, so its central difference is its derivative exactly; with data on
    /// the grid of `onGrid` and the step h = 2⁻¹⁷ ≈ 7.6·10⁻⁶, z ± h is exact too, and only the rounding of the two
    /// values is left: (2D + 3)ε·S each, S = Σₘ|gₘzₘ| + βΣₘ(zₘ − eₘ)², divided by 2h, plus 4ε(|gₘ| + 2β|zₘ − eₘ|)
    /// for the answer's own rounding: 10⁻¹⁰ to 3·10⁻⁸ of the gradient here (the reference uses at most 6% of it). Data: (K, D, n, β) = (2, 1, 12, 0.25),
    /// (8, 3, 20, 1), (16, 4, 16, 2.5), vectors whose two nearest codes differ in distance by more than 10⁻⁶ (a
    /// grader self-check), and a hand-made set with exact ties (codes 1 and 3, then 1 and 2, equally near), where
    /// the lowest index decides which code the commitment pulls towards. Then β = 0 must give `upstream` exactly.
    static func straightThroughGradient(_ formula: StraightThrough) throws {
        var random = RandomGenerator(seed: 1304)
        var sets: [(name: String, codebook: [[Double]], vectors: [[Double]], beta: Double)] = []
        for (k, d, n, beta) in [(2, 1, 12, 0.25), (8, 3, 20, 1.0), (16, 4, 16, 2.5)] {
            let codebook = gridVectors(k, d, offset: 0, scale: 1, limit: 4, &random)
            let vectors = gridVectors(n, d, offset: 0, scale: 1.2, limit: 5, &random)
            for z in vectors {
                let distances = codebook.map { squaredDistance(z, $0) }.sorted()
                #expect(distances[1] - distances[0] > 1e-6, "grader self-check: a near tie at \(z)")
            }
            sets.append(("K = \(k), D = \(d), β = \(beta)", codebook, vectors, beta))
        }
        sets.append(("ties", [[5, 5], [0, 0], [1, 5], [2, 0]], [[1, 0], [0.5, 2.5], [1.5, 0.25]], 0.75))

        let h = 0x1p-17
        for set in sets {
            let d = set.codebook[0].count
            let upstream = set.vectors.map { _ in (0..<d).map { _ in random.normalDouble() } }
            let claimed = try formula(upstream, set.vectors, set.codebook, set.beta)
            guard claimed.count == set.vectors.count, claimed.allSatisfy({ $0.count == d }) else {
                Issue.record("\(set.name): expected \(set.vectors.count) rows of \(d), got \(claimed.map(\.count))")
                continue
            }
            for (i, z) in set.vectors.enumerated() {
                let g = upstream[i], e = set.codebook[nearest(z, set.codebook)]
                func value(_ x: [Double]) -> (value: Double, rounding: Double) {
                    let linear = x.indices.map { g[$0] * x[$0] }, quadratic = x.indices.map { set.beta * (x[$0] - e[$0]) * (x[$0] - e[$0]) }
                    let size = linear.reduce(0) { $0 + abs($1) } + quadratic.reduce(0, +)
                    return (linear.reduce(0, +) + quadratic.reduce(0, +), Double(2 * d + 3) * epsilon * size)
                }
                for m in 0..<d {
                    var (up, down) = (z, z)
                    up[m] += h
                    down[m] -= h
                    let (upper, lower) = (value(up), value(down))
                    let numeric = (upper.value - lower.value) / (2 * h)
                    let tolerance = (upper.rounding + lower.rounding) / (2 * h) + 4 * epsilon * (abs(g[m]) + 2 * set.beta * abs(z[m] - e[m]))
                    #expect(abs(claimed[i][m] - numeric) <= tolerance,
                            "\(set.name), vector \(i) = \(z): ∂𝓛/∂z[\(m)] = \(claimed[i][m]), central difference \(numeric) (tolerance \(tolerance))")
                }
            }
            let identity = try formula(upstream, set.vectors, set.codebook, 0)
            #expect(identity == upstream, "\(set.name), β = 0: the gradient must be the upstream gradient itself, got \(identity) for \(upstream)")
        }
    }
}
