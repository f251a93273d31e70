import Foundation
import Testing
import Exercises
import Solutions
import TensorCore

/// Grades chapter 14's exercises by routes of the grader's own: the levels' spacing measured in σ^{1/ρ}, in σ and in
/// log σ; the exact flow of Gaussian data and the Taylor expansion of Heun's local error on it; the teacher's two
/// steps taken by the grader and the student's one step landing on them; and the closed form of the Gaussian flow's
/// straightness. Exercises 14.3 and 14.4 are graded in Chapter14GradingTargets.swift.
enum Chapter14Grading {
    typealias NoiseLevels = (Int, Double, Double, Double) throws -> [Double]
    typealias HeunStep = ([Double], Double, Double, ([Double], Double) -> [Double]) throws -> [Double]
    typealias DistillationTarget = ([Double], Double, Double, Double, ([Double], Double) -> [Double]) throws -> [Double]
    typealias Straightness = (([Double], Double) -> [Double], [[Double]], Int) throws -> Double

    /// u₆₄ = 2⁻⁵³, the unit roundoff of double precision (chapter 6's notation).
    static let u64 = 0x1p-53

    /// The exact denoiser of data ±μ + N(0, s²I), each sign with probability ½ (the grader's smooth nonlinear
    /// denoiser): given x = x₀ + σε, the sign's posterior mean is tanh(μ·x/(s² + σ²)), and
    ///   D(x, σ) = (s²x + σ²μ tanh(μ·x/(s² + σ²)))/(s² + σ²).
    static func twoClusterDenoiser(mean μ: [Double], spread s: Double) -> ([Double], Double) -> [Double] {
        { x, σ in
            let v = s * s + σ * σ, sign = tanh(zip(μ, x).reduce(0) { $0 + $1.0 * $1.1 } / v)
            return x.indices.map { (s * s * x[$0] + σ * σ * μ[$0] * sign) / v }
        }
    }

    /// The answer for one schedule, with its length, its ends and its order checked; nil (with an issue) when the
    /// length is wrong.
    static func levels(_ formula: NoiseLevels, _ count: Int, _ low: Double, _ high: Double, _ rho: Double) throws -> [Double]? {
        let name = "count = \(count), σ_min = \(low), σ_max = \(high), ρ = \(rho)", σ = try formula(count, low, high, rho)
        guard σ.count == count else {
            Issue.record("\(name): expected \(count) levels, got \(σ.count)")
            return nil
        }
        #expect(σ[0] == high && σ[count - 1] == low, "\(name): the ends must be σ_max and σ_min exactly, got \(σ[0]) and \(σ[count - 1])")
        #expect(zip(σ, σ.dropFirst()).allSatisfy { $0 > $1 }, "\(name): the levels must decrease strictly, got \(σ)")
        return σ
    }

    /// 14.1 — (a) Spacing in σ^{1/ρ}: the grader raises each level to 1/ρ itself and requires every difference
    /// gᵢ₊₁ − gᵢ, gᵢ = σᵢ^{1/ρ}, to equal (g_{N−1} − g₀)/(N − 1) to 10⁻¹² relative. Rounding: the base gᵢ of a correct
    /// answer errs by a few u₆₄·g₀ (σ_max^{1/ρ}, σ_min^{1/ρ}, their difference, the product by i/(N − 1) and the sum,
    /// each within 2u₆₄ of its size); raising to ρ multiplies the relative error by ρ and taking the 1/ρ-th power
    /// divides it back, so with pow's own errors each gᵢ is within 10u₆₄·g₀ and each difference within 32u₆₄·g₀. A
    /// self-check makes sure 32u₆₄·g₀ is below the 10⁻¹² tolerance for every set (they need g₀(N − 1)/(g₀ − g_{N−1})
    /// below 282; it is at most 127 here). Sets: (N, σ_min, σ_max, ρ) = (10, 0.002, 80, 7), (100, 0.002, 80, 7),
    /// (18, 0.01, 10, 3), (40, 0.5, 2, 2), (7, 10⁻⁴, 10³, 10). (b) ρ = 1: an arithmetic sequence, every σᵢ − σᵢ₊₁ equal
    /// to (σ_max − σ_min)/(N − 1) to 10⁻¹² relative, by the same bound (with g = σ). (c) ρ = 10⁶, near the geometric
    /// limit. With ℓ = log(σ_max/σ_min), sᵢ = i/(N − 1) and ε = 1/ρ, log σᵢ = ρ·log((1 − sᵢ)e^{ε log σ_max} +
    /// sᵢe^{ε log σ_min}) is ρ times the cumulant generating function of a two-point law at ε, so
    ///   log σᵢ = log σ_max − sᵢℓ + sᵢ(1 − sᵢ)ℓ²/(2ρ) + κ₃/(6ρ²) + O(ρ⁻³),   |κ₃| ≤ ℓ³/(6√3),
    /// and the ratios tend to a constant: log(σᵢ₊₁/σᵢ) = −ℓ/(N − 1) + (1 − sᵢ − sᵢ₊₁)ℓ²/(2ρ(N − 1)) + O(ℓ³/ρ²). The
    /// grader requires that, to 0.04ℓ³/ρ² (twice the bound on the κ₃ terms of two levels, and more than the rest) plus
    /// 32ρu₆₄ for rounding: the base, about 1, errs by a few u₆₄, and raising it to ρ multiplies that by ρ. That is
    /// 4·10⁻⁹ against a correction term of up to 5·10⁻⁶ and a log ratio near 1. (d) N = 2 gives [σ_max, σ_min].
    static func karrasNoiseLevels(_ formula: NoiseLevels) throws {
        for (count, low, high, rho) in [(10, 0.002, 80.0, 7.0), (100, 0.002, 80, 7), (18, 0.01, 10, 3), (40, 0.5, 2, 2), (7, 1e-4, 1e3, 10)] {
            guard let σ = try levels(formula, count, low, high, rho) else { continue }
            let g = σ.map { pow($0, 1 / rho) }, spacing = (g[count - 1] - g[0]) / Double(count - 1)
            #expect(32 * u64 * g[0] <= 1e-12 * abs(spacing), "grader self-check: rounding could reach the tolerance for N = \(count), ρ = \(rho)")
            for i in 0..<(count - 1) {
                #expect(abs((g[i + 1] - g[i]) - spacing) <= 1e-12 * abs(spacing),
                        "N = \(count), ρ = \(rho): σ^{1/ρ} steps by \(g[i + 1] - g[i]) from level \(i) to \(i + 1), evenly it would be \(spacing)")
            }
        }
        for (count, low, high) in [(9, 1.0, 9.0), (50, 0.002, 80)] {
            guard let σ = try levels(formula, count, low, high, 1) else { continue }
            let spacing = (high - low) / Double(count - 1)
            for i in 0..<(count - 1) {
                #expect(abs((σ[i] - σ[i + 1]) - spacing) <= 1e-12 * spacing,
                        "ρ = 1, N = \(count): σ\(i) − σ\(i + 1) = \(σ[i] - σ[i + 1]), an arithmetic sequence steps by \(spacing)")
            }
        }
        let rho = 1e6
        for (count, low, high) in [(12, 0.002, 80.0), (5, 0.01, 10)] {
            guard let σ = try levels(formula, count, low, high, rho) else { continue }
            let ℓ = log(high / low), n = Double(count - 1), tolerance = 0.04 * pow(ℓ, 3) / (rho * rho) + 32 * rho * u64
            for i in 0..<(count - 1) {
                let (s, t) = (Double(i) / n, Double(i + 1) / n)
                let expected = -ℓ / n + (1 - s - t) * ℓ * ℓ / (2 * rho * n), measured = log(σ[i + 1] / σ[i])
                #expect(abs(measured - expected) <= tolerance,
                        "ρ = 10⁶, N = \(count): log(σ\(i + 1)/σ\(i)) = \(measured), the expansion gives \(expected) ± \(tolerance)")
            }
        }
        for (low, high, rho) in [(0.002, 80.0, 7.0), (0.3, 0.5, 2.5)] {
            let σ = try formula(2, low, high, rho)
            #expect(σ == [high, low], "N = 2: expected [\(high), \(low)], got \(σ)")
        }
    }

    /// 14.2 — Gaussian data N(0, s²I) have D(x, σ) = s²x/(s² + σ²) and the exact flow x(σ′) = x·√((s² + σ′²)/(s² + σ²)).
    /// With k = σ − σ′, Taylor-expanding that flow and Heun's step in k gives Heun's local error
    ///   x′ − x(σ′) = x(c₃k³ + c₄k⁴ + c₅k⁵ + …),   c₃ = s²σ/(2(s² + σ²)³) > 0,
    ///   c₄/c₃ = β = (8σ² − 3s²)/(4σ(s² + σ²)),   c₅/c₃ = γ = (12σ² − 13s²)/(4(s² + σ²)²).
    /// With τ = σ²/(s² + σ²) ∈ (0, 1), βσ = (11τ − 3)/4 ∈ [−¾, 2] and γσ² = (25τ − 13)τ/4 ∈ [−0.43, 3], whatever σ/s.
    /// The grader steps by k = σ/20 and k/2, so |βk| ≤ 0.1 and |γk²| ≤ 0.0075 (and the next term, c₆k³/c₃, is below
    /// 5·10⁻⁴ by the same expansion):
    /// (a) Order. The ratio of the local errors e(k)/e(k/2) = 8(1 + βk + γk²)/(1 + βk/2 + γk²/4) + … lies in
    ///   [7.8, 8.5]; the grader requires [6, 10], order 3 ± 0.4 in log₂, leaving the rest for higher terms. A
    ///   first-order step (Euler, or slopes weighted other than ½ and ½, or the end slope divided by σ) has local error
    ///   ∝ k², ratio 4(1 + O(k)): 4.0 to 4.5 here.
    /// (b) The constant. Each coordinate's signed error must be c₃k³xₘ to 25% (more than twice |βk| + |γk²| ≤ 0.11), plus
    ///   16u₆₄|xₘ| for rounding: a step of a few operations on numbers below 2|xₘ|, and the grader's square root. The
    ///   smallest c₃(k/2)³ here is 5·10⁻¹¹, so rounding moves the ratio by less than 10⁻³. Other second-order steps
    ///   fail this: the midpoint step of the chapter has c₃ = −s²/(8σ(s² + σ²)²), Ralston's ⅔ one c₃/3.
    /// (c) Every step may call the denoiser at most twice; a step to σ′ = 0 once, and must return D(x, σ) exactly,
    ///   for the Gaussian denoiser and the grader's nonlinear one (`twoClusterDenoiser`).
    /// Data: s = 0.5 with σ = 0.05, 0.5, 2, 80 and s = 2 with σ = 0.1, 1, 10; x = √(s² + σ²)·(0.9, −1.6, 0.3), a typical
    /// point at level σ.
    static func heunStep(_ formula: HeunStep) throws {
        for (s, σ) in [(0.5, 0.05), (0.5, 0.5), (0.5, 2), (0.5, 80), (2, 0.1), (2, 1), (2, 10)] {
            let name = "s = \(s), σ = \(σ)", x = [0.9, -1.6, 0.3].map { $0 * (s * s + σ * σ).squareRoot() }
            let c3 = s * s * σ / (2 * pow(s * s + σ * σ, 3)), k = σ / 20
            var errors: [Double] = []
            for step in [k, k / 2] {
                let next = σ - step
                var calls = 0
                let answer = try formula(x, σ, next) { y, level in
                    calls += 1
                    return y.map { s * s * $0 / (s * s + level * level) }
                }
                #expect(calls <= 2, "\(name), σ′ = \(next): the denoiser was called \(calls) times; a Heun step needs two")
                guard answer.count == x.count else {
                    Issue.record("\(name): expected \(x.count) coordinates, got \(answer.count)")
                    return
                }
                let factor = ((s * s + next * next) / (s * s + σ * σ)).squareRoot()
                let error = x.indices.map { answer[$0] - x[$0] * factor }
                for m in x.indices {
                    let leading = c3 * step * step * step * x[m]
                    #expect(abs(error[m] - leading) <= 0.25 * abs(leading) + 16 * u64 * abs(x[m]),
                            "\(name), k = \(step): local error \(error[m]) in coordinate \(m), Heun's leading term c₃k³x = \(leading) ± 25%")
                }
                errors.append(error.reduce(0) { $0 + abs($1) })
            }
            let ratio = errors[0] / errors[1]
            #expect(ratio >= 6 && ratio <= 10,
                    "\(name): local errors \(errors[0]) at k = σ/20 and \(errors[1]) at σ/40, ratio \(ratio); order 3 gives 8 (log₂ \(log2(ratio)))")

            let denoisers: [(String, ([Double], Double) -> [Double])] = [
                ("Gaussian", { y, level in y.map { s * s * $0 / (s * s + level * level) } }),
                ("two clusters", twoClusterDenoiser(mean: [1, -0.5, 0.25], spread: s)),
            ]
            for (label, denoise) in denoisers {
                var calls = 0
                let answer = try formula(x, σ, 0) { y, level in
                    calls += 1
                    return denoise(y, level)
                }
                #expect(calls <= 1, "\(name), \(label) denoiser, σ′ = 0: the denoiser was called \(calls) times; the step is D(x, σ)")
                #expect(answer == denoise(x, σ), "\(name), \(label) denoiser, σ′ = 0: answered \(answer), D(x, σ) = \(denoise(x, σ))")
            }
        }
    }
}

struct Chapter14ReferenceSolutions {
    @Test func karrasNoiseLevels() throws { try Chapter14Grading.karrasNoiseLevels(Chapter14Solutions.karrasNoiseLevels) }
    @Test func heunStep() throws { try Chapter14Grading.heunStep(Chapter14Solutions.heunStep) }
    @Test func distillationTarget() throws { try Chapter14Grading.distillationTarget(Chapter14Solutions.distillationTarget) }
    @Test func straightness() throws { try Chapter14Grading.straightness(Chapter14Solutions.straightness) }
}

struct Chapter14StudentExercises {
    @Test(.enabled(if: attempted { try Chapter14Exercises.karrasNoiseLevels(count: 2, minimum: 1, maximum: 2, rho: 7) }))
    func karrasNoiseLevels() throws { try Chapter14Grading.karrasNoiseLevels(Chapter14Exercises.karrasNoiseLevels) }

    @Test(.enabled(if: attempted { try Chapter14Exercises.heunStep(x: [1], from: 1, to: 0.5) { y, _ in y } }))
    func heunStep() throws { try Chapter14Grading.heunStep(Chapter14Exercises.heunStep) }

    @Test(.enabled(if: attempted { try Chapter14Exercises.distillationTarget(x: [1], sigma: 1, middle: 0.5, next: 0.25) { y, _ in y } }))
    func distillationTarget() throws { try Chapter14Grading.distillationTarget(Chapter14Exercises.distillationTarget) }

    @Test(.enabled(if: attempted { try Chapter14Exercises.straightness(velocity: { y, _ in y }, start: [[1]], steps: 1) }))
    func straightness() throws { try Chapter14Grading.straightness(Chapter14Exercises.straightness) }
}
