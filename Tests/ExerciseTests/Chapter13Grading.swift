import Foundation
import Testing
import Exercises
import Solutions
import TensorCore

/// Grades chapter 13's exercises by routes of the grader's own: exact distances on data built for exactness, the
/// perplexity of a product form and of samples from a known law, the closed form of the moving averages'
/// recursion, and central differences of the straight-through surrogate of a nonlinear decoder loss. Exercises 13.3 and 13.4 are graded in
/// Chapter13GradingUpdates.swift.
enum Chapter13Grading {
    typealias NearestCodes = ([[Double]], [[Double]]) throws -> [Int]
    typealias Perplexity = ([Int], Int) throws -> Double
    typealias MovingAverageUpdate = ([Double], [[Double]], [[Double]], [Int], Double, Double) throws
        -> (counts: [Double], sums: [[Double]], codebook: [[Double]])
    typealias StraightThrough = ([[Double]], [[Double]], [[Double]], Double) throws -> [[Double]]

    /// u₆₄ = 2⁻⁵³, the unit roundoff of double precision (chapter 6's notation; the spacing of doubles is 2u₆₄).
    static let u64 = 0x1p-53

    /// x clamped to ±limit and rounded to a multiple of 2⁻²⁰. On such data every distance is exact: two coordinates
    /// at most 16 apart differ by a multiple of 2⁻²⁰ below 2⁴ (24 significant bits, exact whatever their size, as
    /// long as the coordinates themselves are representable), its square has at most 48 bits, and a sum of D ≤ 16
    /// such squares, each a multiple of 2⁻⁴⁰ below 2⁸, at most 52. So ‖z − e‖² computed from the differences, in
    /// any order, is the exact value, and so are ties.
    static func onGrid(_ x: Double, limit: Double) -> Double { (min(max(x, -limit), limit) * 0x1p20).rounded() / 0x1p20 }

    /// ‖z − e‖², the grader's way: coordinate by coordinate from the last, |zₘ − eₘ| squared.
    static func squaredDistance(_ z: [Double], _ e: [Double]) -> Double {
        z.indices.reversed().reduce(0.0) { total, m in total + abs(z[m] - e[m]) * abs(z[m] - e[m]) }
    }

    /// k(z) by the grader: every distance, their minimum, and the first code that attains it.
    static func nearest(_ z: [Double], _ codebook: [[Double]]) -> Int {
        let distances = codebook.map { squaredDistance(z, $0) }
        return distances.firstIndex(of: distances.min()!)!
    }

    /// `count` vectors of D coordinates, offset + (scale·N(0, 1) clamped to ±limit, on the grid).
    static func gridVectors(_ count: Int, _ d: Int, offset: Double, scale: Double, limit: Double,
                            _ random: inout RandomGenerator) -> [[Double]] {
        (0..<count).map { _ in (0..<d).map { _ in offset + onGrid(scale * random.normalDouble(), limit: limit) } }
    }

    /// Checks every answer against the exact distances: the chosen code must be at the smallest distance, and
    /// when several codes share it, the chosen one must be the first of them.
    static func checkNearest(_ name: String, _ vectors: [[Double]], _ codebook: [[Double]], _ formula: NearestCodes) throws {
        let claimed = try formula(vectors, codebook)
        guard claimed.count == vectors.count else {
            Issue.record("\(name): expected \(vectors.count) codes, got \(claimed.count)")
            return
        }
        var (wrong, first) = (0, "")
        for (i, z) in vectors.enumerated() {
            let distances = codebook.map { squaredDistance(z, $0) }, smallest = distances.min()!
            let tied = codebook.indices.filter { distances[$0] == smallest }, k = claimed[i]
            let problem: String
            if !codebook.indices.contains(k) { problem = "code \(k) is not in 0..<\(codebook.count)" }
            else if distances[k] > smallest { problem = "code \(k) is at squared distance \(distances[k]), code \(tied[0]) at \(smallest)" }
            else if k != tied[0] { problem = "codes \(tied) are equally near; the lowest index is \(tied[0]), answered \(k)" }
            else { continue }
            if wrong == 0 { first = "vector \(i) = \(z): \(problem)" }
            wrong += 1
        }
        #expect(wrong == 0, "\(name): \(wrong) of \(vectors.count) vectors got a wrong code; the first, \(first)")
    }

    /// 13.1 — (a) ties built by hand with small exact coordinates, where every route computes exact distances:
    /// two codes equidistant in D = 1, duplicate codes, equidistant codes whose indices are not adjacent, a
    /// four-way tie, and ties at the offset 10⁸. (b) Random data on the grid of `onGrid` (exact distances), for
    /// (K, D) = (2, 1), (5, 1), (2, 3), (8, 2), (16, 4), (32, 8): codes N(0, 1) and vectors N(0, 1.5²) per
    /// coordinate, clamped to ±4 and ±6. (c) The same at the offset 10⁸ in every coordinate, for (2, 1), (8, 2),
    /// (16, 4). There z − e is still exact (Sterbenz), but ‖z‖², z·e and ‖e‖², the pieces of the expansion
    /// ‖z‖² − 2z·e + ‖e‖², are about D·10¹⁶, where doubles are 2, 4 and 8 apart for D = 1, 2 and 4 (10¹⁶ lies
    /// between 2⁵³ and 2⁵⁴, 2·10¹⁶ between 2⁵⁴ and 2⁵⁵, 4·10¹⁶ between 2⁵⁵ and 2⁵⁶), while the distances to be
    /// compared are of order 1. The expansion then picks a wrong code for 70, 118 and 153 of
    /// the 200 vectors of the three sets (and passes every set not near 10⁸). At the offset 10⁴ it would pass: ‖z‖² ≈ D·10⁸
    /// is resolved to D·1.5·10⁻⁸, and two codes within 10⁻⁷ of each other in distance are too rare to be drawn (the same
    /// three sets shifted to 10⁴, 10⁶ and 10⁷ give the expansion 0, 0 and 3 + 3 + 0 wrong codes of 600).
    static func nearestCodes(_ formula: NearestCodes) throws {
        let c = 1e8
        let ties: [(String, [[Double]], [[Double]])] = [
            ("D = 1, codes −1, 1, 3", [[-1], [1], [3]], [[0], [2], [-1], [5], [1]]),
            ("duplicate codes 1 and 3", [[9, 9], [1, 2], [4, 4], [1, 2]], [[1, 1], [1.5, 2.5], [4, 4], [1, 2]]),
            ("codes 1 and 3, then 1 and 2, equally near", [[5, 5], [0, 0], [1, 5], [2, 0]], [[1, 0], [0.5, 2.5], [1.5, 0.25]]),
            ("a four-way tie", [[1, 0, 0], [0, 1, 0], [0, 0, 1], [-1, 0, 0]], [[0, 0, 0], [0.25, 0.25, 0.25], [-0.5, 0.5, 0]]),
            ("ties at the offset 10⁸", [[c + 2, c], [c, c + 1], [c, c - 1], [c - 1, c]], [[c, c], [c - 0.5, c + 0.5], [c + 1, c]]),
        ]
        for (name, codebook, vectors) in ties { try checkNearest(name, vectors, codebook, formula) }

        var random = RandomGenerator(seed: 1301)
        for (k, d) in [(2, 1), (5, 1), (2, 3), (8, 2), (16, 4), (32, 8)] {
            let codebook = gridVectors(k, d, offset: 0, scale: 1, limit: 4, &random)
            try checkNearest("K = \(k), D = \(d)", gridVectors(200, d, offset: 0, scale: 1.5, limit: 6, &random), codebook, formula)
        }
        for (k, d) in [(2, 1), (8, 2), (16, 4)] {
            let codebook = gridVectors(k, d, offset: c, scale: 1, limit: 4, &random)
            try checkNearest("K = \(k), D = \(d), every coordinate near 10⁸", gridVectors(200, d, offset: c, scale: 1.5, limit: 6, &random),
                             codebook, formula)
        }
    }

    /// 13.2 — (a) m codes used r times each, spread over m + 3 labels: the perplexity is m, to 10⁻¹² relative (H is
    /// a sum of at most 100 terms, whose rounding is below 220u₆₄·H ≈ 10⁻¹³). (b) Two codes with shares (p, 1 − p):
    /// against the product form p^{−p}(1 − p)^{−(1 − p)}, which uses no logarithm, to 10⁻¹². (c) Relabelling the
    /// codes and shuffling their order, or declaring 15 more codes that are never used, changes the answer by
    /// at most 10⁻¹² relative. (d) Monte Carlo: 200,000 codes drawn from a known law π (three laws, one with codes
    /// of probability 0). The plug-in entropy Ĥ of the shares has, by the delta method, standard error
    /// SE = √(Var_π(log π)/n), and to first order a downward bias of (K₊ − 1)/(2n), K₊ the codes with π > 0 (Miller,
    /// 1955); that is its leading term, not a bound. The answer must be within exp(H(π))·(4.5 SE + (K₊ − 1)/(2n)) of
    /// exp(H(π)): the first-order bias is allowed for in full, and the 4.5 SE covers the noise and what the first
    /// order leaves out (the 1/n² term of the bias, below 2·10⁻⁷ for these laws, and the SE²/2 that exp adds, below
    /// 3·10⁻⁶, against SE ≥ 10⁻³). Three comparisons at 4.5 SE fail a correct answer
    /// with probability about 2·10⁻⁵; the seed is fixed, so the grade is the same on every run.
    static func codebookPerplexity(_ formula: Perplexity) throws {
        for (m, r) in [(1, 5), (2, 3), (3, 7), (5, 1), (16, 4), (100, 2)] {
            let codes = (0..<(m * r)).map { m + 2 - $0 % m }
            let claimed = try formula(codes, m + 3)
            #expect(abs(claimed / Double(m) - 1) <= 1e-12, "\(m) codes used \(r) times each: answered \(claimed), expected \(m)")
        }
        for a in [1, 10, 250, 500, 999] {
            let codes = (0..<1_000).map { $0 < a ? 0 : 1 }, p = Double(a) / 1_000
            let expected = pow(p, -p) * pow(1 - p, -(1 - p))
            let claimed = try formula(codes, 2)
            #expect(abs(claimed / expected - 1) <= 1e-12, "shares (\(p), \(1 - p)): answered \(claimed), p^−p (1 − p)^−(1 − p) = \(expected)")
        }

        var random = RandomGenerator(seed: 1302)
        let weights = [5.0, 1, 0, 3, 2, 8, 1, 4, 0, 2]
        let codes = (0..<5_000).map { _ in random.categorical(weights) }
        let base = try formula(codes, 10)
        let relabel = random.permutation(10), order = random.permutation(codes.count)
        let relabelled = try formula(order.map { relabel[codes[$0]] }, 10), padded = try formula(codes, 25)
        #expect(abs(relabelled / base - 1) <= 1e-12, "relabelled and shuffled codes: \(relabelled), the original order: \(base)")
        #expect(abs(padded / base - 1) <= 1e-12, "15 more unused codes declared: \(padded), without them: \(base)")

        let draws = 200_000
        let laws: [(String, [Double])] = [
            ("π ∝ (1, …, 8)", (1...8).map { Double($0) / 36 }),
            ("π = (0.5, 0.2, 0.1, 0.1, 0.05, 0.05, 0, 0, 0, 0)", [0.5, 0.2, 0.1, 0.1, 0.05, 0.05, 0, 0, 0, 0]),
            ("π ∝ 0.9ʲ, K = 64", (0..<64).map { pow(0.9, Double($0)) * 0.1 / (1 - pow(0.9, 64)) }),
        ]
        for (name, π) in laws {
            let support = π.filter { $0 > 0 }
            let entropy = -support.reduce(0) { $0 + $1 * log($1) }
            let variance = support.reduce(0) { $0 + $1 * log($1) * log($1) } - entropy * entropy
            let standardError = (variance / Double(draws)).squareRoot(), bias = Double(support.count - 1) / Double(2 * draws)
            let sample = (0..<draws).map { _ in random.categorical(π) }
            let claimed = try formula(sample, π.count), expected = exp(entropy)
            let tolerance = expected * (4.5 * standardError + bias)
            #expect(abs(claimed - expected) <= tolerance,
                    "\(name), \(draws) draws: answered \(claimed), exp H(π) = \(expected) ± \(tolerance) (4.5 SE of the plug-in entropy, and its first-order bias)")
        }
    }
}

struct Chapter13ReferenceSolutions {
    @Test func nearestCodes() throws { try Chapter13Grading.nearestCodes(Chapter13Solutions.nearestCodes) }
    @Test func codebookPerplexity() throws { try Chapter13Grading.codebookPerplexity(Chapter13Solutions.codebookPerplexity) }
    @Test func movingAverageUpdate() throws { try Chapter13Grading.movingAverageUpdate(Chapter13Solutions.movingAverageUpdate) }
    @Test func straightThroughGradient() throws { try Chapter13Grading.straightThroughGradient(Chapter13Solutions.straightThroughGradient) }
}

struct Chapter13StudentExercises {
    @Test(.enabled(if: attempted { try Chapter13Exercises.nearestCodes(vectors: [[0]], codebook: [[0], [1]]) }))
    func nearestCodes() throws { try Chapter13Grading.nearestCodes(Chapter13Exercises.nearestCodes) }

    @Test(.enabled(if: attempted { try Chapter13Exercises.codebookPerplexity(codes: [0], codeCount: 1) }))
    func codebookPerplexity() throws { try Chapter13Grading.codebookPerplexity(Chapter13Exercises.codebookPerplexity) }

    @Test(.enabled(if: attempted {
        try Chapter13Exercises.movingAverageUpdate(counts: [1, 1], sums: [[0], [1]], vectors: [[0]], codes: [0], decay: 0.9, smoothing: 1e-5)
    }))
    func movingAverageUpdate() throws { try Chapter13Grading.movingAverageUpdate(Chapter13Exercises.movingAverageUpdate) }

    @Test(.enabled(if: attempted { try Chapter13Exercises.straightThroughGradient(upstream: [[0]], vectors: [[0]], codebook: [[0], [1]], beta: 0.25) }))
    func straightThroughGradient() throws { try Chapter13Grading.straightThroughGradient(Chapter13Exercises.straightThroughGradient) }
}
