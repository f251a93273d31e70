import Foundation
import Testing
import TensorCore

/// The graders of chapter 13's exercises on updates: 13.3 (the moving-average codebook, against the closed form of
/// its recursion) and 13.4 (the straight-through gradient, against central differences of a nonlinear decoder loss's straight-through
/// surrogate).
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

    /// 13.3 — (a) The recursion with one fixed batch has the closed form N_j(T) = γᵀN_j(0) + (1 − γᵀ)n_j and
    /// m_j(T) = γᵀm_j(0) + (1 − γᵀ)S_j, n_j and S_j the grader's counts and sums of the batch. After T = 1, 5 and 40 of
    /// your updates, for (γ, ε) = (0.99, 10⁻⁵), (0.9, 0.25) and (0.7, 2), the counts and sums must match it to 10⁻¹⁰
    /// of the size of their terms, γᵀ|m_j(0)| + (1 − γᵀ)Σ|zᵢ| per coordinate (so a code at 0 must stay exactly 0).
    /// Each update rounds a few times, so forty of them err by at most about 10⁻¹⁴ of that size (the reference
    /// solution: 1.5·10⁻¹⁵), while each wrong answer of Chapter13WrongAnswers misses somewhere by more than 10⁻³.
    /// The codebook must match m_j(T)/Ñ_j to the same relative size, with Ñ found as the grader characterises it:
    /// the counts proportional to N_j + ε that sum to N_tot = Σ_l N_l, λ(N_j + ε) with λ = N_tot/Σ_l(N_l + ε). Large ε
    /// makes the renormalisation matter (Kε = 10 against N_tot ≈ 24). The unused code 3 must have N₃(T) = γᵀN₃(0) to 10⁻¹².
    /// (b) A k-means step: with γ = 0.5 and T = 80, γᵀ ≈ 8·10⁻²⁵, so the codes used by the batch must be at the
    /// means of their vectors up to the smoothing, Ñ_j/n_j = (1 + ε/n_j)/(1 + Kε/n): within 2(ε/n_j + Kε/n) of the mean
    /// relative to it, with ε = 10⁻⁵; code 4 must stay exactly at 0. (c) With ε = 10⁻³⁰⁰ (ε → 0) and all codes used,
    /// Ñ_j = N_j: the codebook times your counts must give your sums back to 16u₆₄ = 8·2⁻⁵² relative (u₆₄ = 2⁻⁵³,
    /// the unit roundoff of double precision, as in chapter 6).
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
                #expect(abs(tiny.codebook[c][m] * tiny.counts[c] - tiny.sums[c][m]) <= 16 * u64 * abs(tiny.sums[c][m]),
                        "ε = 10⁻³⁰⁰, all codes used: e\(c)[\(m)]·N\(c) = \(tiny.codebook[c][m] * tiny.counts[c]), m\(c)[\(m)] = \(tiny.sums[c][m])")
            }
        }
    }

    /// The decoder loss of 13.4, a function of the decoder's inputs v₁, …, v_n (the exercise's z_q,i; rows of D), of the form
    /// of the chapter's stand-in ToyDecoderLoss but in double precision and the grader's own code:
    ///   L(v) = Σᵢ ‖tanh(vᵢW + b) − yᵢ‖²,
    /// W a D × P matrix (P = D + 2), b and every target yᵢ of P entries, |yᵢₚ| < 1, all drawn once from the grader's
    /// seed. Nonlinear in every input, smooth, and with derivatives the grader can bound (see `straightThroughGradient`).
    struct TanhDecoderLoss {
        let weights: [[Double]], bias: [Double], targets: [[Double]]

        init(d: Int, n: Int, _ random: inout RandomGenerator) {
            let p = d + 2, scale = 0.7 / Double(d).squareRoot()
            weights = (0..<d).map { _ in (0..<p).map { _ in scale * random.normalDouble() } }
            bias = (0..<p).map { _ in 0.3 * random.normalDouble() }
            targets = (0..<n).map { _ in (0..<p).map { _ in 2 * random.uniformDouble() - 1 } }
        }

        /// For vᵢ and each output p: the residual r = tanh(a) − yᵢₚ, the slope tanh′(a) = 1 − tanh²(a), and the size
        /// A = |bₚ| + Σₘ|vₘWₘₚ| of the terms of the pre-activation a = bₚ + Σₘ vₘWₘₚ.
        func outputs(_ v: [Double], _ i: Int) -> [(residual: Double, slope: Double, size: Double)] {
            bias.indices.map { p in
                var (a, size) = (bias[p], abs(bias[p]))
                for m in v.indices {
                    a += v[m] * weights[m][p]
                    size += abs(v[m] * weights[m][p])
                }
                let t = tanh(a)
                return (t - targets[i][p], 1 - t * t, size)
            }
        }

        /// ∂L/∂vᵢ = W·(2r ⊙ tanh′(a)), with a bound on each component's rounding (see `straightThroughGradient`).
        func gradient(_ v: [Double], _ i: Int) -> (gradient: [Double], rounding: [Double]) {
            let out = outputs(v, i), (d, p) = (Double(v.count), Double(bias.count))
            let gradient = v.indices.map { m in out.indices.reduce(0.0) { $0 + weights[m][$1] * 2 * out[$1].residual * out[$1].slope } }
            let rounding = v.indices.map { m in
                2 * u64 * out.indices.reduce(0.0) { total, o in
                    total + 2 * abs(weights[m][o]) * (1 + 2 * abs(out[o].residual)) * ((d + 1) * out[o].size + p + 6)
                }
            }
            return (gradient, rounding)
        }

        /// max |∂³L/∂vᵢₘ³| along coordinate m of vᵢ, wherever vᵢ is: Σₚ |Wₘₚ|³·(3.5 + 4(1 + |yᵢₚ|)).
        func thirdDerivativeBound(_ m: Int, _ i: Int) -> Double {
            bias.indices.reduce(0.0) { $0 + pow(abs(weights[m][$1]), 3) * (3.5 + 4 * (1 + abs(targets[i][$1]))) }
        }
    }

    /// The straight-through surrogate S(x) = L(x + c) + βΣᵢ‖xᵢ − eᵢ‖², c and e held fixed, and a bound on the
    /// rounding of its computed value (see `straightThroughGradient`).
    static func surrogate(_ x: [[Double]], offsets c: [[Double]], codes e: [[Double]], _ loss: TanhDecoderLoss, beta β: Double)
        -> (value: Double, rounding: Double) {
        let d = Double(x[0].count)
        var terms: [Double] = [], propagated = 0.0
        for i in x.indices {
            for output in loss.outputs(x[i].indices.map { x[i][$0] + c[i][$0] }, i) {
                let r = output.residual
                terms.append(r * r)
                propagated += 2 * abs(r) * ((d + 1) * output.size + 2) + 3 * r * r
            }
            for m in x[i].indices {
                let difference = x[i][m] - e[i][m]
                terms.append(β * (difference * difference))
                propagated += 2 * β * difference * difference
            }
        }
        let value = terms.reduce(0, +)
        return (value, 2 * u64 * (propagated + Double(terms.count - 1) * value))
    }

    /// 13.4 — Graded against the loss the straight-through estimator stands for, not against its formula. For each
    /// set the grader draws a decoder loss L (`TanhDecoderLoss`), finds the nearest codes eᵢ = e_{k(zᵢ⁰)} of the
    /// vectors z⁰ by its own loop (`nearest`), and hands the answer `upstream[i]` = ∂L/∂vᵢ at v = e, computed
    /// analytically. The reference ∂𝓛/∂z is the central difference, step h = 2⁻¹⁴ ≈ 6.1·10⁻⁵, of the surrogate
    /// S(z) = L(z + c) + βΣᵢ‖zᵢ − eᵢ‖² with c = e − z⁰ and e held where they are at z⁰. Forward, z + c is the chosen
    /// code; its derivative in z is the identity; the codebook term ‖sg[z] − e‖² has no derivative in z and is left out.
    /// So the route shares nothing with g + 2β(z − e) but the codes, and would catch an answer that mishandled L.
    ///
    /// Exactness: the data lie on the 2⁻²⁰ grid of `onGrid` (|coordinates| ≤ 5), so z ± h, c = e − z⁰ and the decoder's
    /// inputs (z⁰ ± h) + c = e ± h are all exact; only truncation and the rounding of S are left. Tolerance, for
    /// coordinate m of vector i, with u₆₄ = 2⁻⁵³ (the unit roundoff, as in chapter 6):
    /// • Truncation. Along the coordinate S is f(t) = Σₚ φₚ(aₚ + tWₘₚ) + a quadratic, φ(s) = (tanh s − y)², and
    ///   (f(h) − f(−h))/2h − f′(0) = h²(f‴(ξ₁) + f‴(ξ₂))/12, at most (h²/6)·max|f‴|. With T = tanh s,
    ///   φ‴ = 6T′T″ + 2(T − y)T‴, |T′T″| = 2|T|(1 − T²)² ≤ 0.573 and |T‴| = (1 − T²)|6T² − 2| ≤ 2, so
    ///   |φ‴| ≤ 3.5 + 4(1 + |y|) and |f‴| ≤ M₃ = Σₚ|Wₘₚ|³(3.5 + 4(1 + |yᵢₚ|)) (`thirdDerivativeBound`); the
    ///   quadratic adds nothing. (h²/6)·M₃ is 5·10⁻¹⁰ to 7·10⁻⁹ here.
    /// • Rounding of S, divided by 2h. To first order: the pre-activation errs by (D + 1)u₆₄·A, tanh by 2u₆₄ more
    ///   (|tanh′| ≤ 1, under two units in the last place of a number below 1), r by u₆₄|r|, r² by 2|r|·δr + u₆₄r²:
    ///   u₆₄(2|r|((D + 1)A + 2) + 3r²) per output; each commitment term 2u₆₄ of itself (z − e is exact); and adding
    ///   the N = n(P + D) terms (N − 1)u₆₄·S. Twice that (for second-order terms) is δS, and the difference quotient
    ///   errs by (δS₊ + δS₋)/2h + u₆₄|D_h| for the subtraction: 7·10⁻¹⁰ to 10⁻⁷ here.
    ///   The step: truncation grows as h² and rounding falls as 1/h, so their sum is least at h³ = 3δS/M₃, which for
    ///   these data lies between 2⁻¹⁵·⁴ and 2⁻¹¹·⁸ over the components. h = 2⁻¹⁴ keeps every component's tolerance
    ///   within a factor 3.1 of its own least value, and z ± h on the grid.
    /// • The gradient handed over is rounded too: by the same steps, twice u₆₄Σₚ2|Wₘₚ|(1 + 2|r|)((D + 1)A + P + 6)
    ///   (`gradient`); and the answer g + 2β(z − e) may round by 4u₆₄(|g| + 2β|z − e|).
    /// The sum is 5·10⁻⁹ to 10⁻⁷ here, against gradient components of 0.015 to 12 (relative, 10⁻⁹ to 5·10⁻⁶). The
    /// reference solution's error uses at most 39% of it, most of that the truncation, which the bound on f‴ follows
    /// closely. Each wrong answer of Chapter13WrongAnswers misses somewhere by more than 1.
    /// Data: (K, D, n, β) = (2, 1, 12, 0.25), (8, 3, 20, 1), (16, 4, 16, 2.5), vectors whose two nearest codes differ
    /// in squared distance by more than 10⁻⁶ (a grader self-check), and a hand-made set with exact ties (codes 1 and
    /// 3, then 1 and 2, equally near), where only the lowest index pulls towards the right code and feeds the right
    /// input to L. Then β = 0 must give `upstream` exactly.
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

        let h = 0x1p-14
        for set in sets {
            let (d, n) = (set.codebook[0].count, set.vectors.count)
            let loss = TanhDecoderLoss(d: d, n: n, &random)
            let codes = set.vectors.map { set.codebook[nearest($0, set.codebook)] }
            let offsets = set.vectors.indices.map { i in (0..<d).map { codes[i][$0] - set.vectors[i][$0] } }
            let handed = codes.indices.map { loss.gradient(codes[$0], $0) }, upstream = handed.map(\.gradient)
            let claimed = try formula(upstream, set.vectors, set.codebook, set.beta)
            guard claimed.count == n, claimed.allSatisfy({ $0.count == d }) else {
                Issue.record("\(set.name): expected \(n) rows of \(d), got \(claimed.map(\.count))")
                continue
            }
            for (i, z) in set.vectors.enumerated() {
                for m in 0..<d {
                    var (up, down) = (set.vectors, set.vectors)
                    up[i][m] += h
                    down[i][m] -= h
                    let upper = surrogate(up, offsets: offsets, codes: codes, loss, beta: set.beta)
                    let lower = surrogate(down, offsets: offsets, codes: codes, loss, beta: set.beta)
                    let numeric = (upper.value - lower.value) / (2 * h)
                    let commitment = 2 * set.beta * abs(z[m] - codes[i][m])
                    let tolerance = h * h / 6 * loss.thirdDerivativeBound(m, i) + (upper.rounding + lower.rounding) / (2 * h)
                        + u64 * abs(numeric) + handed[i].rounding[m] + 4 * u64 * (abs(upstream[i][m]) + commitment)
                    #expect(abs(claimed[i][m] - numeric) <= tolerance,
                            """
                            \(set.name), vector \(i) = \(z): ∂𝓛/∂z[\(m)] = \(claimed[i][m]), central difference of the \
                            straight-through surrogate \(numeric) (tolerance \(tolerance))
                            """)
                }
            }
            let identity = try formula(upstream, set.vectors, set.codebook, 0)
            #expect(identity == upstream, "\(set.name), β = 0: the gradient must be the upstream gradient itself, got \(identity) for \(upstream)")
        }
    }
}
