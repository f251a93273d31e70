import Foundation
import Testing
import Exercises
import Solutions
import TensorCore

/// Grades chapter 2's exercises against independent computations.
enum Chapter02Grading {
    /// ∫ g(z) dz by the midpoint rule on `cells` cells of [low, high].
    static func midpoint(_ low: Double, _ high: Double, cells: Int = 40_000, _ g: (Double) -> Double) -> Double {
        let h = (high - low) / Double(cells)
        return (0..<cells).reduce(0) { $0 + h * g(low + (Double($1) + 0.5) * h) }
    }

    static func logNormal(_ z: Double, _ mean: Double, _ variance: Double) -> Double {
        -0.5 * (log(2 * Double.pi * variance) + (z - mean) * (z - mean) / variance)
    }

    /// 2.1 — the KL from its definition, ∫ q log(q/p), by quadrature in each dimension (q and p both factorise, so the
    /// KL is the sum of one-dimensional ones), on random cases up to 5 dimensions; and, for nearly collapsed
    /// dimensions, against the Taylor series ½(eᵛ − 1 − v) = v²/4 + v³/12 + v⁴/48 + …, to 10⁻⁸ relative.
    static func gaussianKL(_ formula: ([Double], [Double]) throws -> Double) throws {
        var random = RandomGenerator(seed: 201)
        for dimension in [1, 2, 3, 5] {
            let means = (0..<dimension).map { _ in 4 * random.uniformDouble() - 2 }
            let logVariances = (0..<dimension).map { _ in 4.5 * random.uniformDouble() - 3 }
            let expected = zip(means, logVariances).reduce(0.0) { total, pair in
                let variance = exp(pair.1), width = 12 * variance.squareRoot()
                return total + midpoint(pair.0 - width, pair.0 + width) { z in
                    exp(logNormal(z, pair.0, variance)) * (logNormal(z, pair.0, variance) - logNormal(z, 0, 1))
                }
            }
            let claimed = try formula(means, logVariances)
            #expect(abs(claimed - expected) < 1e-8 * max(1, expected), "μ = \(means), log σ² = \(logVariances): \(claimed) vs \(expected) by quadrature")
        }
        for (mean, v) in [(0.0, 1e-6), (0.0, -3e-7), (2e-6, 1e-5)] {
            let expected = 0.5 * mean * mean + v * v / 4 + v * v * v / 12 + v * v * v * v / 48
            let claimed = try formula([mean], [v])
            #expect(abs(claimed - expected) <= 1e-8 * expected, "nearly collapsed μ = \(mean), log σ² = \(v): \(claimed) vs the series \(expected)")
        }
    }

    /// f(z) = Σⱼ cos(ωⱼzⱼ) and f(z) = Σⱼ aⱼ(zⱼ − cⱼ)², with their gradients.
    static let testFunctions: [(value: ([Double]) -> Double, gradient: ([Double]) -> [Double])] = [
        ({ z in z.indices.reduce(0) { $0 + cos([1, 2.5, 0.5][$1] * z[$1]) } },
         { z in z.indices.map { -[1, 2.5, 0.5][$0] * sin([1, 2.5, 0.5][$0] * z[$0]) } }),
        ({ z in z.indices.reduce(0) { $0 + [1, 0.5, 2][$1] * pow(z[$1] - [0.3, -1, 0.5][$1], 2) } },
         { z in z.indices.map { 2 * [1, 0.5, 2][$0] * (z[$0] - [0.3, -1, 0.5][$0]) } }),
    ]

    /// 2.2 — on fixed draws the pathwise estimate is the exact gradient of (1/N) Σₙ f(μ + e^{v/2} ⊙ εₙ), which central
    /// differences in μ and v compute from values of f alone; and on fresh draws it is unbiased for the closed-form
    /// gradient of the quadratic's expectation Σⱼ aⱼ[(μⱼ − cⱼ)² + e^{vⱼ}], within 4 SE of the single-draw estimates.
    static func reparameterizationGradient(_ formula: ([Double], [Double], [[Double]], ([Double]) -> [Double]) throws -> [Double]) throws {
        var random = RandomGenerator(seed: 202)
        let means = [0.2, -0.4, 0.9], logVariances = [-1.0, 0.4, -0.3], k = 3
        let noise = (0..<50).map { _ in (0..<k).map { _ in random.normalDouble() } }
        for f in testFunctions {
            func average(_ mu: [Double], _ v: [Double]) -> Double {
                noise.reduce(0) { total, epsilon in total + f.value((0..<k).map { mu[$0] + exp(0.5 * v[$0]) * epsilon[$0] }) } / Double(noise.count)
            }
            let h = 1e-5
            let differences = (0..<(2 * k)).map { index -> Double in
                var (upMean, upV, downMean, downV) = (means, logVariances, means, logVariances)
                if index < k { upMean[index] += h; downMean[index] -= h } else { upV[index - k] += h; downV[index - k] -= h }
                return (average(upMean, upV) - average(downMean, downV)) / (2 * h)
            }
            let claimed = try formula(means, logVariances, noise, f.gradient)
            #expect(claimed.count == 2 * k, "expected \(2 * k) numbers, got \(claimed.count)")
            for (c, e) in zip(claimed, differences) { #expect(abs(c - e) < 1e-6 * max(1, abs(e)), "fixed draws: \(claimed) vs differences \(differences)") }
        }
        let (a, c) = ([1.0, 0.5, 2.0], [0.3, -1.0, 0.5])
        let exact = (0..<k).map { 2 * a[$0] * (means[$0] - c[$0]) } + (0..<k).map { a[$0] * exp(logVariances[$0]) }
        let single = try (0..<20_000).map { _ in try formula(means, logVariances, [(0..<k).map { _ in random.normalDouble() }], testFunctions[1].gradient) }
        for index in 0..<(2 * k) {
            let values = single.map { $0[index] }, mean = values.reduce(0, +) / Double(values.count)
            let standardError = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1) / Double(values.count)).squareRoot()
            #expect(abs(mean - exact[index]) < 4 * standardError, "component \(index): mean over fresh draws \(mean) vs exact \(exact[index]) (SE \(standardError))")
        }
    }

    /// 2.3 — log p(x) = log ∫ p(x | z)p(z) dz and the ELBO = ∫ q(z)[log p(x, z) − log q(z)] dz, each by quadrature.
    static func elboGap(_ formula: (Double, Double, Double, Double, Double, Double) throws -> Double) throws {
        var random = RandomGenerator(seed: 203)
        var cases: [(x: Double, w: Double, b: Double, s: Double, m: Double, v: Double)] = (0..<5).map { _ in
            (4 * random.uniformDouble() - 2, 3 * random.uniformDouble() - 1.5, random.uniformDouble() - 0.5, 0.2 + random.uniformDouble(),
             2 * random.uniformDouble() - 1, 2 * random.uniformDouble() - 2)
        }
        cases.append((x: 0.7, w: 0, b: 0.2, s: 0.5, m: 0.3, v: -0.5))   // x says nothing about z: the posterior is the prior
        for t in cases {
            func logJoint(_ z: Double) -> Double { logNormal(t.x, t.w * z + t.b, t.s * t.s) + logNormal(z, 0, 1) }
            let evidence = log(midpoint(-14, 14) { exp(logJoint($0)) })
            let width = 12 * exp(0.5 * t.v)
            let elbo = midpoint(t.m - width, t.m + width) { z in exp(logNormal(z, t.m, exp(t.v))) * (logJoint(z) - logNormal(z, t.m, exp(t.v))) }
            let claimed = try formula(t.x, t.w, t.b, t.s, t.m, t.v)
            #expect(abs(claimed - (evidence - elbo)) < 1e-7, "\(t): \(claimed) vs log p(x) − ELBO = \(evidence - elbo) by quadrature")
        }
    }

    /// 2.4 — equal log-weights a give a exactly, at a = −1000 and 700 where exp under- or overflows; log-weights
    /// a + log 1 and a + log 3 give a + log 2; log-weights 3,005 nats apart need the shift by the largest; one log-weight
    /// is itself; and moderate ones match log(mean(exp(aⱼ))).
    static func importanceWeightedBound(_ formula: ([Double]) throws -> Double) throws {
        for a in [-1_000.0, 0, 700] {
            let claimed = try formula(Array(repeating: a, count: 5))
            #expect(abs(claimed - a) < 1e-9 * max(1, abs(a)), "five log-weights \(a): \(claimed)")
            let pair = try formula([a, a + log(3)])
            #expect(abs(pair - (a + log(2))) < 1e-9 * max(1, abs(a)), "log-weights \(a) and \(a) + log 3: \(pair), expected \(a) + log 2")
        }
        // Log-weights 3,005 nats apart (more than twice 709): shifting by anything but the largest over- or underflows.
        let spread = try formula([-3_000, 0, 5])
        let expected: Double = 5 + Foundation.log((Foundation.exp(-3_005.0) + Foundation.exp(-5.0) + 1) / 3)
        #expect(abs(spread - expected) < 1e-9 * abs(expected), "log-weights −3000, 0, 5: \(spread), expected \(expected)")
        let single = try formula([-123.4])
        #expect(abs(single + 123.4) < 1e-12, "one log-weight −123.4: \(single)")
        var random = RandomGenerator(seed: 204)
        let moderate = (0..<40).map { _ in 3 * random.normalDouble() }
        let direct = log(moderate.reduce(0) { $0 + exp($1) } / 40)
        let claimed = try formula(moderate)
        #expect(abs(claimed - direct) < 1e-10, "40 log-weights: \(claimed) vs \(direct)")
    }
}

struct Chapter02ReferenceSolutions {
    @Test func gaussianKL() throws { try Chapter02Grading.gaussianKL(Chapter02Solutions.gaussianKLToStandardNormal) }
    @Test func reparameterizationGradient() throws { try Chapter02Grading.reparameterizationGradient(Chapter02Solutions.reparameterizationGradient) }
    @Test func elboGap() throws { try Chapter02Grading.elboGap(Chapter02Solutions.elboGap) }
    @Test func importanceWeightedBound() throws { try Chapter02Grading.importanceWeightedBound(Chapter02Solutions.importanceWeightedBound) }
}

struct Chapter02StudentExercises {
    @Test(.enabled(if: attempted { try Chapter02Exercises.gaussianKLToStandardNormal(means: [0], logVariances: [0]) }))
    func gaussianKL() throws { try Chapter02Grading.gaussianKL(Chapter02Exercises.gaussianKLToStandardNormal) }

    @Test(.enabled(if: attempted { try Chapter02Exercises.reparameterizationGradient(means: [0], logVariances: [0], noise: [[0]], gradient: { $0 }) }))
    func reparameterizationGradient() throws { try Chapter02Grading.reparameterizationGradient(Chapter02Exercises.reparameterizationGradient) }

    @Test(.enabled(if: attempted { try Chapter02Exercises.elboGap(x: 0, loading: 1, offset: 0, noiseStandardDeviation: 1, mean: 0, logVariance: 0) }))
    func elboGap() throws { try Chapter02Grading.elboGap(Chapter02Exercises.elboGap) }

    @Test(.enabled(if: attempted { try Chapter02Exercises.importanceWeightedBound(logWeights: [0]) }))
    func importanceWeightedBound() throws { try Chapter02Grading.importanceWeightedBound(Chapter02Exercises.importanceWeightedBound) }
}
