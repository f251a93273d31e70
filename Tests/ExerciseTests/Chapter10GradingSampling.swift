import Foundation
import Testing
import TensorCore

/// The graders of chapter 10's exercises that draw samples: 10.2 (an exponential family fitted to draws of a
/// bimodal law) and 10.3 (the denoising loss by Monte Carlo).
extension Chapter10Grading {
    /// Draws from p(x) ∝ exp(x²/2 − x⁴/4) (modes at ±1; the 10.2 model with θ = (½, −¼) for powers [2, 4]) by
    /// rejection from N(0, s²), s = 1.5: the log ratio p̃/q̃ is f(x) = a x² − x⁴/4 with a = ½ + 1/(2s²), at most a²
    /// (at x² = 2a), so accepting with probability exp(f(x) − a²) gives exact draws; about half are accepted.
    static func bimodalSamples(_ count: Int, _ random: inout RandomGenerator) -> [Double] {
        let s = 1.5, a = 0.5 + 1 / (2 * s * s)
        var samples: [Double] = []
        samples.reserveCapacity(count)
        while samples.count < count {
            let x = s * random.normalDouble()
            if random.uniformDouble() < exp(a * x * x - 0.25 * x * x * x * x - a * a) { samples.append(x) }
        }
        return samples
    }

    /// The score's features gⱼ = pⱼ x^{pⱼ−1} and its derivative's lⱼ = pⱼ(pⱼ − 1) x^{pⱼ−2} at x, by `pow`.
    static func monomialFeatures(_ x: Double, _ powers: [Int]) -> (g: [Double], l: [Double]) {
        (powers.map { Double($0) * pow(x, Double($0 - 1)) }, powers.map { $0 < 2 ? 0 : Double($0 * ($0 - 1)) * pow(x, Double($0 - 2)) })
    }

    /// J(θ) = mean ½ s² + s′ with s = Σ θⱼ gⱼ and s′ = Σ θⱼ lⱼ, sample by sample (no A, no c), with a first-order
    /// rounding bound: s and s′ err by at most (d + 2)ε times S = Σ|θⱼ gⱼ| and S′ = Σ|θⱼ lⱼ| (pow errs by an ulp),
    /// so each term by (2d + 6)ε (S² + S′), and recursive summation adds (n − 1)ε Σ(½S² + S′).
    static func monomialObjective(_ x: [Double], _ powers: [Int], _ theta: [Double]) -> (value: Double, rounding: Double) {
        var (sum, size) = (0.0, 0.0)
        for xi in x {
            let (g, l) = monomialFeatures(xi, powers)
            var (s, sPrime, sSize, sPrimeSize) = (0.0, 0.0, 0.0, 0.0)
            for j in powers.indices {
                s += theta[j] * g[j]
                sPrime += theta[j] * l[j]
                sSize += abs(theta[j] * g[j])
                sPrimeSize += abs(theta[j] * l[j])
            }
            sum += 0.5 * s * s + sPrime
            size += sSize * sSize + sPrimeSize
        }
        let n = Double(x.count), d = Double(powers.count)
        return (sum / n, (n + 2 * d + 6) * epsilon * size / n)
    }

    /// A = mean g gᵀ and c = mean l, the grader's, for step sizes, tolerances and the standard errors of (c).
    static func monomialMoments(_ x: [Double], _ powers: [Int]) -> (a: [[Double]], c: [Double]) {
        let d = powers.count, n = Double(x.count)
        var (a, c) = ([[Double]](repeating: [Double](repeating: 0, count: d), count: d), [Double](repeating: 0, count: d))
        for xi in x {
            let (g, l) = monomialFeatures(xi, powers)
            for j in 0..<d {
                c[j] += l[j] / n
                for k in 0..<d { a[j][k] += g[j] * g[k] / n }
            }
        }
        return (a, c)
    }

    /// 10.2 — (a) closed forms: powers [2] gives θ̂ = −1/(2 mean x²), checked to 10⁻¹² relative on a Gaussian and a
    /// bimodal sample (n ≤ 2,000: summation errs by at most nε ≤ 4.5·10⁻¹³); powers [1, 2] is the Gaussian of 10.1,
    /// θ̂ = (x̄τ, −τ/2) with τ = 1/mean (x − x̄)², to 10⁻⁹ relative (10.1's margin times the system's condition, ≈ 300).
    /// (b) stationarity by the independent route, for powers [2, 4] and [1, 2, 3, 4] on 2,000 bimodal draws: J is
    /// exactly quadratic in θ, so central differences with hⱼ = 10⁻³/√Aⱼⱼ (a change of 10⁻³ in the score's typical
    /// size) carry only the rounding (R₊ + R₋)/(2hⱼ) of `monomialObjective`; to that the tolerance adds the slope
    /// Σₖ|Aⱼₖ||θ̂ₖ|·10⁻⁸ of an answer off by 10⁻⁸ in relative terms, which bounds a sound solve: it errs by about
    /// κ(A)·nε ≈ κ·4.4·10⁻¹³, and κ(A) < 10⁴ here (the grader checks). J must also not fall, beyond the rounding
    /// bounds, along 20 random steps δⱼ = 10⁻² zⱼ/√Aⱼⱼ, z ~ N(0, I).
    /// (c) consistency: on 50,000 draws, powers [2, 4], θ̂ must be within 4.5 standard errors of the true (½, −¼).
    /// θ̂ solves mean ψ(x, θ) = 0 with ψ = g gᵀθ + l, whose θ-derivative has mean A, so (M-estimation, the
    /// sandwich) √n(θ̂ − θ) → N(0, A⁻¹ Var ψ A⁻¹); Var ψ is the sample covariance of ψ at the true θ. Two
    /// comparisons at 4.5 SE fail a correct answer with probability below 1.4·10⁻⁵. The grader first checks its
    /// own sampler the same way: mean ψ(x, (½, −¼)) is 0 under the bimodal law, so each entry must be within 4.5 SE.
    static func monomialScoreMatching(_ formula: MonomialFit) throws {
        var random = RandomGenerator(seed: 1002)
        let gaussian = (0..<1_000).map { _ in 0.7 + 1.3 * random.normalDouble() }
        for (name, x) in [("N(0.7, 1.3²)", gaussian), ("bimodal", bimodalSamples(2_000, &random))] {
            let expected = -0.5 * Double(x.count) / x.reduce(0) { $0 + $1 * $1 }
            let claimed = try formula(x, [2])
            #expect(claimed.count == 1 && abs(claimed[0] / expected - 1) <= 1e-12, "\(name), powers [2]: answered \(claimed), −1/(2 mean x²) = \(expected)")
        }
        let line = gaussianDataSets()[0].samples, n = Double(line.count), mean = line.reduce(0, +) / n
        let tau = n / line.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let claimedLine = try formula(line, [1, 2])
        #expect(claimedLine.count == 2 && abs(claimedLine[0] / (mean * tau) - 1) <= 1e-9 && abs(claimedLine[1] / (-tau / 2) - 1) <= 1e-9,
                "N(2, 0.5²), powers [1, 2]: answered \(claimedLine), the Gaussian's (x̄τ, −τ/2) = \([mean * tau, -tau / 2])")

        for powers in [[2, 4], [1, 2, 3, 4]] {
            let x = bimodalSamples(2_000, &random), d = powers.count
            let theta = try formula(x, powers)
            guard theta.count == d else { Issue.record("powers \(powers): expected \(d) coefficients, got \(theta.count)"); continue }
            let (a, _) = monomialMoments(x, powers)
            #expect(conditionNumber(a) < 1e4, "grader self-check: powers \(powers), κ(A) = \(conditionNumber(a))")
            let steps = (0..<d).map { 1e-3 / a[$0][$0].squareRoot() }
            for j in 0..<d {
                var (up, down) = (theta, theta)
                up[j] += steps[j]
                down[j] -= steps[j]
                let (upper, lower) = (monomialObjective(x, powers, up), monomialObjective(x, powers, down))
                let slope = (upper.value - lower.value) / (2 * steps[j])
                let tolerance = (upper.rounding + lower.rounding) / (2 * steps[j]) + 1e-8 * (0..<d).reduce(0) { $0 + abs(a[j][$1] * theta[$1]) }
                #expect(abs(slope) <= tolerance, "powers \(powers), θ̂ = \(theta): ∂J/∂θ\(j) = \(slope) by central differences, tolerance \(tolerance)")
            }
            let centre = monomialObjective(x, powers, theta)
            for _ in 0..<20 {
                let moved = monomialObjective(x, powers, (0..<d).map { theta[$0] + 10 * steps[$0] * random.normalDouble() })
                #expect(moved.value - centre.value >= -(moved.rounding + centre.rounding),
                        "powers \(powers), θ̂ = \(theta): a nearby θ has J lower by \(centre.value - moved.value)")
            }
        }

        let x = bimodalSamples(50_000, &random), truth = [0.5, -0.25], draws = Double(x.count)
        let (a, _) = monomialMoments(x, [2, 4])
        let psi = x.map { xi -> [Double] in
            let (g, l) = monomialFeatures(xi, [2, 4]), s = g[0] * truth[0] + g[1] * truth[1]
            return [g[0] * s + l[0], g[1] * s + l[1]]
        }
        let psiMean = [0, 1].map { j in psi.reduce(0) { $0 + $1[j] } / draws }
        let v = [0, 1].map { j in [0, 1].map { k in psi.reduce(0) { $0 + ($1[j] - psiMean[j]) * ($1[k] - psiMean[k]) } / (draws - 1) } }
        for j in 0..<2 {
            #expect(abs(psiMean[j]) <= 4.5 * (v[j][j] / draws).squareRoot(), "grader self-check: mean ψ\(j) at the truth = \(psiMean[j])")
        }
        let inverse = inverse2(a)
        let covariance = multiply2(multiply2(inverse, v), inverse).map { $0.map { $0 / draws } }
        let theta = try formula(x, [2, 4])
        guard theta.count == 2 else { Issue.record("powers [2, 4]: expected 2 coefficients, got \(theta.count)"); return }
        for j in 0..<2 {
            let standardError = covariance[j][j].squareRoot()
            #expect(abs(theta[j] - truth[j]) <= 4.5 * standardError,
                    "50,000 draws, powers [2, 4]: θ̂\(j) = \(theta[j]), the truth \(truth[j]) ± \(standardError) (sandwich SE)")
        }
    }

    static func inverse2(_ m: [[Double]]) -> [[Double]] {
        let det = m[0][0] * m[1][1] - m[0][1] * m[1][0]
        return [[m[1][1] / det, -m[0][1] / det], [-m[1][0] / det, m[0][0] / det]]
    }
    static func multiply2(_ p: [[Double]], _ q: [[Double]]) -> [[Double]] {
        (0..<2).map { i in (0..<2).map { j in p[i][0] * q[0][j] + p[i][1] * q[1][j] } }
    }

    /// κ(A) = λ_max/λ_min of a symmetric positive definite A, by power iteration on A and on A⁻¹ (as solves).
    static func conditionNumber(_ a: [[Double]]) -> Double {
        let d = a.count
        func largest(_ apply: ([Double]) -> [Double]) -> Double {
            var (v, lambda) = ([Double](repeating: 1 / Double(d).squareRoot(), count: d), 0.0)
            for _ in 0..<500 {
                let w = apply(v), norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
                (v, lambda) = (w.map { $0 / norm }, norm)
            }
            return lambda
        }
        return largest { v in a.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } } } * largest { solveSymmetric(a, $0) }
    }

    /// A x = b for symmetric positive definite A: Gaussian elimination, which needs no pivoting for such A.
    static func solveSymmetric(_ a: [[Double]], _ b: [Double]) -> [Double] {
        let d = b.count
        var (m, r) = (a, b)
        for col in 0..<d {
            for row in (col + 1)..<d {
                let f = m[row][col] / m[col][col]
                for k in col..<d { m[row][k] -= f * m[col][k] }
                r[row] -= f * r[col]
            }
        }
        var x = [Double](repeating: 0, count: d)
        for row in stride(from: d - 1, through: 0, by: -1) { x[row] = ((row + 1)..<d).reduce(r[row]) { $0 - m[row][$1] * x[$1] } / m[row][row] }
        return x
    }

    /// 10.3 — Monte Carlo, for (v, σ) = (1, 1), (2, 0.5), (0.5, 2), (3, 1): the grader draws 200,000 pairs
    /// (x, ε), y = x + σε, and minimises the sample loss Σ ½(−a y + ε/σ)² in closed form, â = Σ uᵢ / Σ wᵢ with
    /// uᵢ = yᵢεᵢ/σ and wᵢ = yᵢ². A ratio of means has, by the delta method, SE² = Var(u − â w)/(n w̄²), estimated
    /// from the same draws. The answer must be within 4.5 SE: four comparisons fail a correct answer with
    /// probability below 2.7·10⁻⁵. The relative SE is √(v/n)/σ ≤ 0.7% here, while the clean score's 1/v, the
    /// nearest wrong answer, is σ²/v ≥ 12.5% away. Then exactness: on these and three more (small noise,
    /// small data variance) the answer must be 1/(v + σ²) to 10⁻¹² relative (a few roundings, ~10⁻¹⁶).
    static func denoisingOptimalSlope(_ formula: DenoisingSlope) throws {
        var random = RandomGenerator(seed: 1003)
        let draws = 200_000
        let cases: [(v: Double, sigma: Double)] = [(1, 1), (2, 0.5), (0.5, 2), (3, 1)]
        for (v, sigma) in cases {
            let pairs = (0..<draws).map { _ -> (u: Double, w: Double) in
                let (x, noise) = (v.squareRoot() * random.normalDouble(), random.normalDouble())
                let y = x + sigma * noise
                return (y * noise / sigma, y * y)
            }
            let (sumU, sumW) = pairs.reduce((0.0, 0.0)) { ($0.0 + $1.u, $0.1 + $1.w) }
            let estimate = sumU / sumW, meanW = sumW / Double(draws)
            let residualVariance = pairs.reduce(0) { $0 + pow($1.u - estimate * $1.w, 2) } / Double(draws - 1)
            let standardError = (residualVariance / Double(draws)).squareRoot() / meanW
            let claimed = try formula(v, sigma)
            #expect(abs(claimed - estimate) <= 4.5 * standardError,
                    "v = \(v), σ = \(sigma): answered \(claimed), the sample loss's minimiser over \(draws) draws is \(estimate) ± \(standardError)")
        }
        for (v, sigma) in cases + [(1, 0.1), (0.01, 3), (5, 0.05)] {
            let claimed = try formula(v, sigma), exact = 1 / (v + sigma * sigma)
            #expect(abs(claimed / exact - 1) <= 1e-12, "v = \(v), σ = \(sigma): answered \(claimed), expected \(exact)")
        }
    }
}
