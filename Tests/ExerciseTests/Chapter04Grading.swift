import Foundation
import Testing
import Exercises
import Solutions
import TensorCore

/// Grades chapter 4's exercises against independent computations.
enum Chapter04Grading {
    /// ∫|F_a(x) − F_b(x)| dx for the empirical CDFs, exactly: both CDFs are constant between consecutive
    /// points of the merged sorted sample, so the integral is a finite sum of |F_a − F_b|·width. Works for
    /// samples of any sizes and never pairs points, so it does not share a step with the sorted formula.
    static func areaBetweenEmpiricalCDFs(_ a: [Double], _ b: [Double]) -> Double {
        let points = (a.map { ($0, true) } + b.map { ($0, false) }).sorted { $0.0 < $1.0 }
        var (belowA, belowB, area) = (0, 0, 0.0)
        for j in points.indices.dropLast() {
            if points[j].1 { belowA += 1 } else { belowB += 1 }
            area += abs(Double(belowA) / Double(a.count) - Double(belowB) / Double(b.count)) * (points[j + 1].0 - points[j].0)
        }
        return area
    }

    /// 4.1 — the CDF-area route on random pairs (sizes 1 to 301, unequal locations and spreads, samples
    /// passed unsorted, and integer samples with ties); then two closed forms for large samples:
    /// W₁(N(0, 1), N(Δ, 1)) = |Δ| and W₁(N(0, 1), N(0, σ²)) = |σ − 1|·E|Z| = |σ − 1|·√(2/π), since the
    /// quantile functions differ by Δ and by (σ − 1)Φ⁻¹(p). The empirical W₁ fluctuates around these, so
    /// the grader repeats the draw 20 times and accepts within 4 standard errors of the mean over repeats.
    static func wasserstein(_ formula: ([Double], [Double]) throws -> Double) throws {
        var random = RandomGenerator(seed: 401)
        var pairs: [([Double], [Double])] = []
        for (index, n) in [1, 2, 7, 50, 301].enumerated() {
            let spread = [1.0, 3.0, 0.2][index % 3]
            pairs.append(((0..<n).map { _ in random.normalDouble() }, (0..<n).map { _ in 0.5 + spread * random.normalDouble() }))
        }
        pairs.append(((0..<40).map { _ in Double(random.integer(below: 5)) }, (0..<40).map { _ in Double(random.integer(below: 7)) }))
        for (a, b) in pairs {
            let (claimed, expected) = (try formula(a, b), areaBetweenEmpiricalCDFs(a, b))
            #expect(abs(claimed - expected) < 1e-12 * max(1, expected), "n = \(a.count): \(claimed) vs the area between the CDFs \(expected)")
        }
        let (repeats, n) = (20, 4_000)
        let cases: [(shift: Double, spread: Double, exact: Double)] = [(1, 1, 1), (-1.5, 1, 1.5), (0, 2, (2 / Double.pi).squareRoot())]
        for (shift, spread, exact) in cases {
            let values = try (0..<repeats).map { _ in
                try formula((0..<n).map { _ in random.normalDouble() }, (0..<n).map { _ in shift + spread * random.normalDouble() })
            }
            let mean = values.reduce(0, +) / Double(repeats)
            let standardError = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(repeats - 1) / Double(repeats)).squareRoot()
            #expect(abs(mean - exact) < 4 * standardError, "N(0, 1) vs N(\(shift), \(spread)²): \(mean) ± \(standardError), exact \(exact)")
        }
    }

    /// The forward map of 4.2, y[i] = Σₖ w[k]·x[i·s + k], i < (n − K)/s + 1.
    static func stridedCorrelation(_ x: [Double], _ w: [Double], _ stride: Int) -> [Double] {
        (0..<((x.count - w.count) / stride + 1)).map { i in w.indices.reduce(0) { $0 + w[$1] * x[i * stride + $1] } }
    }

    /// 4.2 — C is built column by column as C·eⱼ (the forward map applied to unit vectors), and the claim is
    /// compared with Cᵀy entry by entry and through ⟨Cx, y⟩ = ⟨x, Cᵀy⟩ for a random x. Shapes cover strides
    /// 1, 2 and 3, n − K not a multiple of the stride (trailing inputs no output reads, whose entries of Cᵀy
    /// are 0), a stride larger than the kernel (inputs skipped between windows), K = 1 and K = n. Only
    /// rounding separates the routes: sums of at most K products, so 1e-12 of the sum of |terms| is generous.
    static func transposedConvolution(_ formula: ([Double], [Double], Int, Int) throws -> [Double]) throws {
        var random = RandomGenerator(seed: 402)
        for (n, k, stride) in [(8, 3, 1), (9, 3, 2), (10, 3, 2), (11, 4, 3), (12, 2, 3), (13, 5, 3), (6, 6, 1), (7, 1, 2)] {
            let w = (0..<k).map { _ in random.normalDouble() }
            let m = (n - k) / stride + 1
            let y = (0..<m).map { _ in random.normalDouble() }, x = (0..<n).map { _ in random.normalDouble() }
            let columns = (0..<n).map { j in stridedCorrelation((0..<n).map { $0 == j ? 1.0 : 0 }, w, stride) }
            let expected = columns.map { column in zip(column, y).reduce(0) { $0 + $1.0 * $1.1 } }
            let scale = columns.map { column in zip(column, y).reduce(0) { $0 + abs($1.0 * $1.1) } }
            let claimed = try formula(y, w, stride, n)
            guard claimed.count == n else {
                Issue.record("n = \(n), K = \(k), stride \(stride): Cᵀy has \(claimed.count) entries, expected n = \(n)")
                continue
            }
            for j in 0..<n {
                #expect(abs(claimed[j] - expected[j]) < 1e-12 * max(1, scale[j]), "n = \(n), K = \(k), stride \(stride), entry \(j): \(claimed[j]) vs \(expected[j])")
            }
            let cx = stridedCorrelation(x, w, stride)
            let (left, right) = (zip(cx, y).reduce(0) { $0 + $1.0 * $1.1 }, zip(x, claimed).reduce(0) { $0 + $1.0 * $1.1 })
            let magnitude = zip(cx, y).reduce(0) { $0 + abs($1.0 * $1.1) } + zip(x, claimed).reduce(0) { $0 + abs($1.0 * $1.1) }
            #expect(abs(left - right) < 1e-12 * max(1, magnitude), "n = \(n), K = \(k), stride \(stride): ⟨Cx, y⟩ = \(left), ⟨x, Cᵀy⟩ = \(right)")
        }
    }

    /// 4.3 — J(s) = sΔ − λ(|s| − 1)² is maximised numerically, never through its closed form: a grid of step
    /// 0.01 on [−50, 50] finds the best point, then golden-section search on its two neighbouring cells
    /// (J is concave on each side of 0 and the maximiser has |s| ≥ 1, so J is unimodal there) shrinks the
    /// bracket to 1e-10. Near a maximum J(s* + δ) − J(s*) = −λδ², so function values rounded at the relative
    /// precision u ≈ 1.1e-16 locate s* only to about √(u·|J|/λ); the tolerance is ten times that plus the
    /// bracket. Shifts of both signs and penalty weights from 0.25 to 10.
    static func penalisedLinearCritic(_ formula: (Double, Double) throws -> (slope: Double, wassersteinEstimate: Double)) throws {
        for (shift, weight) in [(1.0, 10.0), (1.0, 1.0), (0.5, 0.25), (-2.0, 1.0), (3.0, 0.5), (-0.2, 10.0), (2.0, 0.25)] {
            let objective = { (s: Double) in s * shift - weight * (abs(s) - 1) * (abs(s) - 1) }
            let grid = (0...10_000).map { -50 + 0.01 * Double($0) }
            let best = grid.max { objective($0) < objective($1) }!
            var (low, high) = (best - 0.01, best + 0.01)
            let ratio = (5.0.squareRoot() - 1) / 2
            while high - low > 1e-10 {
                let (left, right) = (high - ratio * (high - low), low + ratio * (high - low))
                if objective(left) < objective(right) { low = left } else { high = right }
            }
            let slope = (low + high) / 2
            let tolerance = 10 * (1.1e-16 * max(1, abs(objective(slope))) / weight).squareRoot() + 1e-10
            let claimed = try formula(shift, weight)
            #expect(abs(claimed.slope - slope) < tolerance * max(1, abs(slope)), "Δ = \(shift), λ = \(weight): slope \(claimed.slope) vs the numerical maximiser \(slope)")
            #expect(abs(claimed.wassersteinEstimate - slope * shift) < tolerance * max(1, abs(slope * shift)),
                    "Δ = \(shift), λ = \(weight): estimate \(claimed.wassersteinEstimate) vs s*·Δ = \(slope * shift) (W₁ = \(abs(shift)))")
        }
    }

    /// 4.4 — the gradient at each interpolate by central differences of f itself (step h = 1e-5), never by
    /// Ax + b; the constant c = 0.7 is included to show it drops out. For a quadratic f the central
    /// difference has no truncation error (f‴ = 0), so only rounding remains, about u·|f|/h ≈ 1e-10 per
    /// component here; a relative tolerance of 1e-7 on the penalty leaves room, while every wrong answer
    /// below moves it by more than 1%. Random symmetric A in d = 2, 3, 5, random mixing weights, λ ≠ 1.
    static func quadraticCriticPenalty(_ formula: ([[Double]], [Double], [[Double]], [[Double]], [Double], Double) throws -> Double) throws {
        var random = RandomGenerator(seed: 404)
        for (d, weight) in [(2, 10.0), (3, 0.5), (5, 2.0)] {
            let raw = (0..<d).map { _ in (0..<d).map { _ in 0.7 * random.normalDouble() } }
            let a = (0..<d).map { r in (0..<d).map { c in (raw[r][c] + raw[c][r]) / 2 } }
            let b = (0..<d).map { _ in random.normalDouble() }
            let rows = 6
            let real = (0..<rows).map { _ in (0..<d).map { _ in 1 + random.normalDouble() } }
            let fake = (0..<rows).map { _ in (0..<d).map { _ in -1 + random.normalDouble() } }
            let mixing = (0..<rows).map { _ in random.uniformDouble() }
            func f(_ x: [Double]) -> Double {
                var value = 0.7
                for r in 0..<d {
                    value += b[r] * x[r]
                    for c in 0..<d { value += 0.5 * x[r] * a[r][c] * x[c] }
                }
                return value
            }
            let h = 1e-5
            let expected = weight * (0..<rows).reduce(0.0) { sum, i in
                let point = (0..<d).map { mixing[i] * real[i][$0] + (1 - mixing[i]) * fake[i][$0] }
                let gradient = (0..<d).map { j -> Double in
                    var (up, down) = (point, point)
                    up[j] += h; down[j] -= h
                    return (f(up) - f(down)) / (2 * h)
                }
                let norm = gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
                return sum + (norm - 1) * (norm - 1)
            } / Double(rows)
            let claimed = try formula(a, b, real, fake, mixing, weight)
            #expect(abs(claimed - expected) < 1e-7 * max(1, expected), "d = \(d), λ = \(weight): \(claimed) vs finite differences \(expected)")
        }
    }
}

struct Chapter04ReferenceSolutions {
    @Test func wasserstein() throws { try Chapter04Grading.wasserstein(Chapter04Solutions.wasserstein1D) }
    @Test func transposedConvolution() throws { try Chapter04Grading.transposedConvolution(Chapter04Solutions.transposedConvolution1D) }
    @Test func penalisedLinearCritic() throws { try Chapter04Grading.penalisedLinearCritic(Chapter04Solutions.penalisedLinearCritic) }
    @Test func quadraticCriticPenalty() throws { try Chapter04Grading.quadraticCriticPenalty(Chapter04Solutions.quadraticCriticPenalty) }
}

struct Chapter04StudentExercises {
    @Test(.enabled(if: attempted { try Chapter04Exercises.wasserstein1D([0], [1]) }))
    func wasserstein() throws { try Chapter04Grading.wasserstein(Chapter04Exercises.wasserstein1D) }

    @Test(.enabled(if: attempted { try Chapter04Exercises.transposedConvolution1D([1], kernel: [1], stride: 1, inputLength: 1) }))
    func transposedConvolution() throws { try Chapter04Grading.transposedConvolution(Chapter04Exercises.transposedConvolution1D) }

    @Test(.enabled(if: attempted { try Chapter04Exercises.penalisedLinearCritic(shift: 1, penaltyWeight: 1) }))
    func penalisedLinearCritic() throws { try Chapter04Grading.penalisedLinearCritic(Chapter04Exercises.penalisedLinearCritic) }

    @Test(.enabled(if: attempted {
        try Chapter04Exercises.quadraticCriticPenalty(a: [[1]], b: [0], real: [[1]], fake: [[0]], mixing: [0.5], penaltyWeight: 1)
    }))
    func quadraticCriticPenalty() throws { try Chapter04Grading.quadraticCriticPenalty(Chapter04Exercises.quadraticCriticPenalty) }
}
