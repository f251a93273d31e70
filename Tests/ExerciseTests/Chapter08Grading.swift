import Foundation
import Testing
import Exercises
import Solutions
import TensorCore

/// Grades chapter 8's exercises against the grader's own quadrature, exact laws and Langevin chains.
enum Chapter08Grading {
    /// The n-point Gauss–Legendre rule on [−1, 1], by Newton's method on the Legendre polynomial Pₙ.
    static func gaussLegendre(_ n: Int) -> [(node: Double, weight: Double)] {
        (0..<n).map { i in
            var x = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5)), derivative = 1.0
            for _ in 0..<100 {
                var (previous, current) = (1.0, x)
                for k in 2...n { (previous, current) = (current, ((2 * Double(k) - 1) * x * current - Double(k - 1) * previous) / Double(k)) }
                derivative = Double(n) * (x * current - previous) / (x * x - 1)
                let change = current / derivative
                x -= change
                if abs(change) < 1e-17 { break }
            }
            return (x, 2 / ((1 - x * x) * derivative * derivative))
        }
    }

    static let rule16 = gaussLegendre(16)

    /// Nodes and weights of composite 16-point Gauss–Legendre on 2000 panels of [a, b].
    static func quadratureNodes(_ a: Double, _ b: Double) -> [(x: Double, w: Double)] {
        let width = (b - a) / 2000
        return (0..<2000).flatMap { p in rule16.map { (a + (Double(p) + 0.5) * width + 0.5 * width * $0.node, 0.5 * width * $0.weight) } }
    }

    /// E_θ(x) = Σ θ_k x^k, term by term with pow.
    static func energy(_ theta: [Double], _ x: Double) -> Double { theta.indices.reduce(0) { $0 + theta[$1] * pow(x, Double($1 + 1)) } }

    /// log Z_θ on [a, b] in log space, with the largest |E| on the grid (for the rounding bound).
    static func logPartition(_ theta: [Double], _ a: Double, _ b: Double) -> (value: Double, largestEnergy: Double) {
        let nodes = quadratureNodes(a, b), energies = nodes.map { energy(theta, $0.x) }
        let smallest = energies.min()!
        let sum = zip(nodes, energies).reduce(0) { $0 + $1.0.w * exp(smallest - $1.1) }
        return (log(sum) - smallest, energies.map(abs).max()!)
    }

    /// 8.1 — each claimed ∂ log Z/∂θ_k against the central difference of the grader's own log Z (16-point
    /// Gauss–Legendre on 2000 panels, in log space; the solution may use any rule), step h = 1e-5. Cases: a
    /// truncated exponential, a truncated Gaussian, the bimodal quartic θ = (0, −4, 0, 1) on [−3, 3], θ = (−800) on
    /// [0, 1] and θ = (0, 0, −120) on [0, 2] (e^{−E} reaches e^{800} and e^{960}, past the largest Double), a cubic,
    /// and θ = 0 (uniform). Tolerance: as a function of θ_k, log Z has third derivative −κ₃(x^k), and for a
    /// variable of range R, |κ₃| ≤ R·Var ≤ R·R²/4 (Popoviciu), so the truncation error is below h²R³/24. The
    /// grader's log Z carries a rounding error δ ≤ u·(N + 4·max|E|) (N = 32000 terms, u = 1.1e-16), which the
    /// difference turns into δ/h; the tolerance is twice their sum, about 5e-6 at most here, while the wrong answers
    /// miss by more than 0.1.
    static func logPartitionGradient(_ formula: ([Double], Double, Double) throws -> [Double]) throws {
        let cases: [([Double], Double, Double)] = [([1], 0, 1), ([0.5, 1], -2, 3), ([0, -4, 0, 1], -3, 3), ([-800], 0, 1),
                                                   ([0, 0, -120], 0, 2), ([2, -1, 0.5], -1, 2), ([0, 0, 0], 1, 2)]
        let step = 1e-5, unit = 1.1e-16
        for (theta, a, b) in cases {
            let claimed = try formula(theta, a, b)
            guard claimed.count == theta.count else {
                Issue.record("θ = \(theta): expected \(theta.count) partial derivatives, got \(claimed.count)")
                continue
            }
            for k in theta.indices {
                var (up, down) = (theta, theta)
                up[k] += step
                down[k] -= step
                let (upper, lower) = (logPartition(up, a, b), logPartition(down, a, b))
                let expected = (upper.value - lower.value) / (2 * step)
                let powers = [pow(a, Double(k + 1)), pow(b, Double(k + 1))] + (a < 0 && b > 0 ? [0] : [])
                let range = powers.max()! - powers.min()!
                let rounding = unit * (32000 + 4 * max(upper.largestEnergy, lower.largestEnergy))
                let tolerance = 2 * (step * step * range * range * range / 24 + rounding / step)
                if theta == [-800] { #expect(abs(expected + 1 - 1.0 / 800) < 1e-6, "grader self-check: −𝔼x = \(expected), not −(1 − 1/800)") }
                #expect(abs(claimed[k] - expected) < tolerance,
                        "θ = \(theta) on [\(a), \(b)]: ∂ log Z/∂θ\(k + 1) = \(claimed[k]), finite differences of log Z give \(expected)")
            }
        }
    }

    /// 8.2 (a) — exact on small samples: the grader's own sums of pow(x, k), on a hand-made case and random ones;
    /// rounding is a few u·max|x|^k per term, so 1e-12·(1 + max|x|^k) is generous while every slip misses by O(1).
    /// (b) With exact negatives — for E = θx²/2 with θ = 2 on ℝ, p_θ = N(0, 1/θ) — and K = 2, the average of the
    /// claimed estimate over 400 repeats of 200 negatives (the data fixed) must be within 4 standard errors (the
    /// repeats' sd/√400) of the exact gradient −mean_data(x^k) + 𝔼_{N(0, 1/θ)}[x^k] = −mean_data(x^k) + (0, 1/θ):
    /// the estimator must be unbiased.
    static func contrastiveGradient(_ formula: ([Double], [Double], Int) throws -> [Double]) throws {
        func exact(_ data: [Double], _ negatives: [Double], _ k: Int) -> Double {
            -data.reduce(0) { $0 + pow($1, Double(k)) } / Double(data.count) + negatives.reduce(0) { $0 + pow($1, Double(k)) } / Double(negatives.count)
        }
        var random = RandomGenerator(seed: 802)
        var cases: [([Double], [Double], Int)] = [([1, 2], [0, 3, -1], 3)]
        for (n, m, powers) in [(1, 1, 1), (5, 7, 4), (100, 30, 2), (3, 50, 5)] {
            cases.append(((0..<n).map { _ in 1.5 * random.normalDouble() + 0.5 }, (0..<m).map { _ in random.normalDouble() }, powers))
        }
        for (data, negatives, powers) in cases {
            let claimed = try formula(data, negatives, powers)
            guard claimed.count == powers else { Issue.record("K = \(powers): got \(claimed.count) entries"); continue }
            for k in 1...powers {
                let scale = (data + negatives).map { pow(abs($0), Double(k)) }.max()!
                #expect(abs(claimed[k - 1] - exact(data, negatives, k)) < 1e-12 * (1 + scale),
                        "data \(data.prefix(3))…, negatives \(negatives.prefix(3))…: g\(k) = \(claimed[k - 1]), expected \(exact(data, negatives, k))")
            }
        }
        let theta = 2.0, repeats = 400
        let data = (0..<300).map { _ in 0.8 * random.normalDouble() + 0.3 }
        let truth = [-data.reduce(0, +) / 300, -data.reduce(0) { $0 + $1 * $1 } / 300 + 1 / theta]
        var estimates: [[Double]] = []
        for _ in 0..<repeats { estimates.append(try formula(data, (0..<200).map { _ in random.normalDouble() / theta.squareRoot() }, 2)) }
        for k in 0..<2 {
            let values = estimates.map { $0[k] }, mean = values.reduce(0, +) / Double(repeats)
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(repeats - 1)).squareRoot()
            #expect(abs(mean - truth[k]) < 4 * sd / Double(repeats).squareRoot(),
                    "exact negatives from N(0, 1/θ): average g\(k + 1) = \(mean) ± \(sd / Double(repeats).squareRoot()), exact \(truth[k])")
        }
    }

    /// The variance of L ULA steps x ← (1 − εθ/2)x + √ε z from variance s0², by the recursion.
    static func chainVariance(_ theta: Double, _ epsilon: Double, _ steps: Int, _ start: Double) -> Double {
        let a = 1 - epsilon * theta / 2
        return (0..<steps).reduce(start) { v, _ in a * a * v + epsilon }
    }

    /// 𝔼x² after `steps` ULA steps on E = θx²/2 from N(0, s0²), over `chains` simulated chains: (mean, its SE).
    static func simulatedSecondMoment(_ theta: Double, _ epsilon: Double, _ steps: Int, _ start: Double, chains: Int,
                                      _ random: inout RandomGenerator) -> (mean: Double, standardError: Double) {
        let squares = (0..<chains).map { _ in
            var x = start.squareRoot() * random.normalDouble()
            for _ in 0..<steps { x += -epsilon / 2 * theta * x + epsilon.squareRoot() * random.normalDouble() }
            return x * x
        }
        let mean = squares.reduce(0, +) / Double(chains)
        let sd = (squares.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(chains - 1)).squareRoot()
        return (mean, sd / Double(chains).squareRoot())
    }

    /// 8.3 — (a) stationary law: against 2(1 − √(1 − ε/m2))/ε, the smaller root of εθ²/4 − θ + 1/m2 = 0 (with
    /// ε/m2 ≥ 0.1 its cancellation costs under 1e-14, so 1e-10 relative is generous), and 10,000 simulated chains
    /// at the claimed θ, burnt in from 0 until a^{2T} < 1e-6, must give 𝔼x² within 4 SE of m2 (the larger root
    /// passes this second check — its chain has a < 0 but the same variance — and fails the first). (b) Finite L =
    /// 1, 2, 5, 20, 200, with ε < m2 < s0² + Lε: θ̂ must lie in (0, 2/ε), give v_L(θ̂) = m2 by the recursion to
    /// 1e-9 relative (bisection reaches rounding level), and 10,000 simulated chains of L steps from N(0, s0²)
    /// must give 𝔼x² within 4 SE of m2. (c) As ε → 0 with L large, θ̂ → 1/m2: θ̂ − 1/m2 ≈ ε/(4m2²), so at ε = 1e-4
    /// (L = 200,000, a^{2L} ≈ e⁻¹³) 1e-3 relative is loose, and at ε = 1e-8 (stationary) 1e-6 is.
    static func langevinFixedPoint(_ formula: (Double, Double, Int?, Double) throws -> Double) throws {
        var random = RandomGenerator(seed: 803)
        for (m2, epsilon) in [(1.0, 0.5), (1, 0.1), (2.5, 1), (0.3, 0.2)] {
            let theta = try formula(m2, epsilon, nil, 1)
            let expected = 2 * (1 - (1 - epsilon / m2).squareRoot()) / epsilon
            #expect(abs(theta - expected) < 1e-10 * expected, "m2 = \(m2), ε = \(epsilon), stationary: θ̂ = \(theta), expected \(expected)")
            let a = 1 - epsilon * theta / 2
            guard a * a < 1 else { Issue.record("θ̂ = \(theta) makes the chain unstable at ε = \(epsilon)"); continue }
            let burnIn = min(5000, Int((log(1e-6) / log(a * a)).rounded(.up)))
            let (mean, se) = simulatedSecondMoment(theta, epsilon, burnIn, 0, chains: 10_000, &random)
            #expect(abs(mean - m2) < 4 * se, "m2 = \(m2), ε = \(epsilon): chains at θ̂ = \(theta) give 𝔼x² = \(mean) ± \(se)")
        }
        for (m2, epsilon, steps, start) in [(1.0, 0.1, 1, 4.0), (1, 0.1, 2, 4), (1, 0.2, 5, 0.25), (2, 0.1, 20, 0.5), (1, 0.05, 200, 3)] {
            let theta = try formula(m2, epsilon, steps, start)
            #expect(theta > 0 && theta < 2 / epsilon, "L = \(steps): θ̂ = \(theta) is outside (0, 2/ε)")
            let variance = chainVariance(theta, epsilon, steps, start)
            #expect(abs(variance - m2) < 1e-9 * m2, "m2 = \(m2), ε = \(epsilon), L = \(steps), s0² = \(start): v_L(θ̂ = \(theta)) = \(variance)")
            let (mean, se) = simulatedSecondMoment(theta, epsilon, steps, start, chains: 10_000, &random)
            #expect(abs(mean - m2) < 4 * se, "L = \(steps): chains at θ̂ = \(theta) give 𝔼x² = \(mean) ± \(se), not m2 = \(m2)")
        }
        let (m2, small) = (1.5, try formula(1.5, 1e-4, 200_000, 1)), tiny = try formula(1.5, 1e-8, nil, 1)
        #expect(abs(small * m2 - 1) < 1e-3, "ε = 1e-4, L = 200000: θ̂ = \(small), expected close to 1/m2 = \(1 / m2)")
        #expect(abs(tiny * m2 - 1) < 1e-6, "ε = 1e-8, stationary: θ̂ = \(tiny), expected close to 1/m2 = \(1 / m2)")
    }

    /// log Z of E(x) = ‖x‖²/(2σ²) on [−L, L]^d: d·log(σ√(2π)·erf(L/(σ√2))).
    static func exactLogPartition(_ d: Int, _ sigma: Double, _ half: Double) -> Double {
        Double(d) * log(sigma * (2 * Double.pi).squareRoot() * erf(half / (sigma * 2.0.squareRoot())))
    }

    /// −E at n uniform points of [−L, L]^d.
    static func uniformNegativeEnergies(_ n: Int, _ d: Int, _ sigma: Double, _ half: Double, _ random: inout RandomGenerator) -> [Double] {
        (0..<n).map { _ in -(0..<d).reduce(0) { s, _ in let u = half * (2 * random.uniformDouble() - 1); return s + u * u } / (2 * sigma * sigma) }
    }

    /// 8.4 — (i) on Gaussian energies on boxes in 1 to 3 dimensions, the estimate must lie within 4 returned SEs of
    /// the exact log Z (its bias, about −SE²/2, is negligible); (ii) calibration: over 200 repeats with n = 2000 the
    /// sd of the estimates must be within 20% of the mean returned SE (the sd of 200 draws is itself uncertain by
    /// about 1/√398 = 5%, so 20% is four of those), and their mean within 4 sd/√200 of log Z; (iii) the same
    /// draws shifted by +1000 (−E near 1000, e^{−E} past the largest Double) must give log Z + 1000 and the same SE.
    static func logPartitionByUniformSampling(_ formula: ([Double], Double) throws -> (logPartition: Double, standardError: Double)) throws {
        var random = RandomGenerator(seed: 804)
        for (d, sigma, half, n) in [(1, 1.0, 2.0, 2000), (2, 1, 2, 2000), (2, 0.5, 3, 5000), (3, 1.5, 2, 2000), (2, 1, 1, 50)] {
            let volume = pow(2 * half, Double(d)), exact = exactLogPartition(d, sigma, half)
            let values = uniformNegativeEnergies(n, d, sigma, half, &random)
            let (estimate, se) = try formula(values, volume)
            #expect(se > 0 && se.isFinite && abs(estimate - exact) < 4 * se, "d = \(d), σ = \(sigma), L = \(half): log Ẑ = \(estimate) ± \(se), exact \(exact)")
            let (shifted, shiftedSE) = try formula(values.map { $0 + 1000 }, volume)
            #expect(abs(shifted - estimate - 1000) < 1e-9 * 1000 && abs(shiftedSE - se) < 1e-6 * se,
                    "−E shifted by +1000: log Ẑ = \(shifted) ± \(shiftedSE), expected \(estimate + 1000) ± \(se)")
        }
        let exact = exactLogPartition(2, 1, 2)
        var estimates: [Double] = [], errors: [Double] = []
        for _ in 0..<200 {
            let (estimate, se) = try formula(uniformNegativeEnergies(2000, 2, 1, 2, &random), 16)
            estimates.append(estimate)
            errors.append(se)
        }
        let mean = estimates.reduce(0, +) / 200, meanSE = errors.reduce(0, +) / 200
        let sd = (estimates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 199).squareRoot()
        #expect(abs(sd / meanSE - 1) < 0.2, "over 200 repeats the estimates spread by \(sd) while the mean returned SE is \(meanSE)")
        #expect(abs(mean - exact) < 4 * sd / 200.0.squareRoot(), "the mean of 200 estimates \(mean) is not near log Z = \(exact)")
    }
}

struct Chapter08ReferenceSolutions {
    @Test func logPartitionGradient() throws { try Chapter08Grading.logPartitionGradient(Chapter08Solutions.logPartitionGradient) }
    @Test func contrastiveGradient() throws { try Chapter08Grading.contrastiveGradient(Chapter08Solutions.contrastiveGradient) }
    @Test func langevinFixedPoint() throws { try Chapter08Grading.langevinFixedPoint(Chapter08Solutions.langevinFixedPoint) }
    @Test func logPartitionByUniformSampling() throws {
        try Chapter08Grading.logPartitionByUniformSampling(Chapter08Solutions.logPartitionByUniformSampling)
    }
}

struct Chapter08StudentExercises {
    @Test(.enabled(if: attempted { try Chapter08Exercises.logPartitionGradient(coefficients: [1], lower: 0, upper: 1) }))
    func logPartitionGradient() throws { try Chapter08Grading.logPartitionGradient(Chapter08Exercises.logPartitionGradient) }

    @Test(.enabled(if: attempted { try Chapter08Exercises.contrastiveGradient(data: [1], negatives: [0], powers: 1) }))
    func contrastiveGradient() throws { try Chapter08Grading.contrastiveGradient(Chapter08Exercises.contrastiveGradient) }

    @Test(.enabled(if: attempted { try Chapter08Exercises.langevinFixedPoint(secondMoment: 1, stepSize: 0.1, steps: nil, startVariance: 1) }))
    func langevinFixedPoint() throws { try Chapter08Grading.langevinFixedPoint(Chapter08Exercises.langevinFixedPoint) }

    @Test(.enabled(if: attempted { try Chapter08Exercises.logPartitionByUniformSampling(negativeEnergies: [0, 1], volume: 1) }))
    func logPartitionByUniformSampling() throws {
        try Chapter08Grading.logPartitionByUniformSampling(Chapter08Exercises.logPartitionByUniformSampling)
    }
}
