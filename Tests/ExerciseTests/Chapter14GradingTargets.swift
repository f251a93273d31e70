import Foundation
import Testing
import TensorCore

/// The graders of chapter 14's exercises on targets and paths: 14.3 (the distillation target, by landing the
/// student's one step on the teacher's two, both taken by the grader) and 14.4 (straightness, against the closed form
/// of the Gaussian flow).
extension Chapter14Grading {
    /// One Euler step of dx/dσ = (x − D)/σ from σ to σ′ in the ODE's own form, x + (σ′ − σ)·(x − D)/σ, given
    /// D = D(x, σ); D itself when σ′ = 0.
    static func slopeStep(_ x: [Double], denoised: [Double], from σ: Double, to next: Double) -> [Double] {
        next == 0 ? denoised : x.indices.map { x[$0] + (next - σ) * ((x[$0] - denoised[$0]) / σ) }
    }

    /// 14.3 — Graded by what the target is for, not by its formula. For each point x the grader takes the teacher's
    /// two Euler steps itself, σ → σ_mid → σ′, in the form x + (σ′ − σ)(x − D)/σ (`slopeStep`), landing at x″; then it
    /// takes one Euler step from x to σ′ with your answer D̃ as the denoised point, and that must land at x″. At σ′ = 0
    /// the step lands at D̃ itself, so D̃ must be x″. The teacher is nonlinear: the exact denoiser of data
    /// ±μ + N(0, 0.3²I) (`twoClusterDenoiser`), with μ = (1, −0.5) in 2-D and (0.8, 0.4, −1.1) in 3-D.
    /// Tolerance: 10⁻¹² of S = |x| + |D(x, σ)| + |x₁| + |D(x₁, σ_mid)| + |x″|, coordinate by coordinate (x₁ the midway
    /// point), every number either route handles being at most 2S. Rounding: two Euler steps err by about 6u₆₄S; D̃ =
    /// (x″ − rx)/(1 − r), r = σ′/σ, by that over 1 − r plus a few u₆₄|D̃|; and the step back multiplies D̃'s error by
    /// 1 − r again, so a correct answer lands within about 40u₆₄S = 4.4·10⁻¹⁵S (here r ≤ 0.4; the reference solution
    /// within 2u₆₄S). 10⁻¹² is 200 times that,
    /// and each wrong answer of Chapter14WrongAnswers misses by more than 7% of S at some point.
    /// Levels (σ, σ_mid, σ′): (80, 40, 10), (80, 24, 6), (2.5, 1.2, 0.6), (0.5, 0.3, 0.2), (0.02, 0.01, 0.002), and to
    /// σ′ = 0: (1, 0.5, 0), (80, 20, 0), (0.05, 0.01, 0); four points x = x₀ + σε for each, x₀ drawn from the data.
    static func distillationTarget(_ formula: DistillationTarget) throws {
        var random = RandomGenerator(seed: 1403)
        let spread = 0.3
        let levels: [(Double, Double, Double)] = [(80, 40, 10), (80, 24, 6), (2.5, 1.2, 0.6), (0.5, 0.3, 0.2), (0.02, 0.01, 0.002),
                                                  (1, 0.5, 0), (80, 20, 0), (0.05, 0.01, 0)]
        for μ in [[1, -0.5], [0.8, 0.4, -1.1]] {
            let teacher = twoClusterDenoiser(mean: μ, spread: spread)
            for (σ, middle, next) in levels {
                for _ in 0..<4 {
                    let sign = random.uniformDouble() < 0.5 ? -1.0 : 1
                    let x = μ.map { sign * $0 + spread * random.normalDouble() + σ * random.normalDouble() }
                    let denoised = teacher(x, σ), midway = slopeStep(x, denoised: denoised, from: σ, to: middle)
                    let denoisedMidway = teacher(midway, middle), landed = slopeStep(midway, denoised: denoisedMidway, from: middle, to: next)
                    let name = "d = \(μ.count), σ → σ_mid → σ′ = \(σ) → \(middle) → \(next), x = \(x)"
                    let answer = try formula(x, σ, middle, next, teacher)
                    guard answer.count == x.count else {
                        Issue.record("\(name): expected \(x.count) coordinates, got \(answer.count)")
                        return
                    }
                    let student = slopeStep(x, denoised: answer, from: σ, to: next)
                    for m in x.indices {
                        let size = abs(x[m]) + abs(denoised[m]) + abs(midway[m]) + abs(denoisedMidway[m]) + abs(landed[m])
                        #expect(abs(student[m] - landed[m]) <= 1e-12 * size,
                                """
                                \(name): one Euler step with D̃ = \(answer) lands at \(student[m]) in coordinate \(m), \
                                the teacher's two steps at \(landed[m])
                                """)
                    }
                }
            }
        }
    }

    /// 14.4 — (a) A constant velocity c moves every point along a straight line at constant speed, so S = 0: for
    /// c = (1.5, −0.5) and (0, 2), M = 1, 7 and 50 steps, the answer must be 0 to 10⁻¹². Rounding leaves y₁ − y₀ = c to
    /// within Mu₆₄(|y₀| + |c|) per coordinate, below 10⁻¹³ here, whose square is below 10⁻²⁶. (b) One Euler step follows
    /// any field straight: with M = 1, y₁ − y₀ = v(y₀, 0), so S = 0 to 10⁻¹² for a nonlinear field as well.
    /// (c) The Gaussian flow of the chapter: noise N(0, a²I) and data N(0, b²I) paired independently give
    /// v(y, t) = y(tb² − (1 − t)a²)/((1 − t)²a² + t²b²), whose paths are y₀·r(t), r(t) = √((1 − t)²a² + t²b²)/a, so a path
    /// has S = ‖y₀‖²·F, F = ∫₀¹(r(1) − 1 − r′(t))²dt. The grader computes F by Simpson's rule on 2,000 intervals of that
    /// closed form (the difference from 1,000 intervals, 15 times Simpson's error, is below 2·10⁻¹², and must stay
    /// below 10⁻¹⁰F: a self-check), and the expected answer is F times the mean of ‖y₀‖² over 16 starts drawn from
    /// N(0, a²I) in 2-D. Euler's path and the sum along it both err by O(1/M): A_M = S + K/M + L/M² + …. The grader
    /// asks for A_M at M = 100, 200 and 400. The changes Δ₁ = A₁₀₀ − A₂₀₀ and Δ₂ = A₂₀₀ − A₄₀₀ must shrink as first
    /// order predicts, Δ₁/Δ₂ = 2 + O(1/M) in [1.5, 2.5] (1.98 for the reference); then A₄₀₀ − S = K/400 + … is about Δ₂
    /// (1.01Δ₂ for the reference), and the grader allows 3|Δ₂| + 10⁻¹²S, the last term for the rounding of sums of 400
    /// terms. The ratio keeps the tolerance honest: without it, an answer that forgot the 1/M, about M·S, would change
    /// by more than its own error. Flows: (a, b) = (0.5, 0.25), shrinking to the data, and (1, 2), spreading.
    static func straightness(_ formula: Straightness) throws {
        let starts: [[Double]] = [[0.3, -1.2], [2, 0.5], [-0.7, -0.1]]
        for c in [[1.5, -0.5], [0, 2]] {
            for steps in [1, 7, 50] {
                let answer = try formula({ _, _ in c }, starts, steps)
                #expect(abs(answer) <= 1e-12, "constant velocity \(c), \(steps) steps: straightness \(answer), straight paths have 0")
            }
        }
        let curved: ([Double], Double) -> [Double] = { y, t in [y[1] * y[1] - t, sin(3 * y[0])] }
        let oneStep = try formula(curved, starts, 1)
        #expect(abs(oneStep) <= 1e-12, "v(y, t) = (y₂² − t, sin 3y₁), one Euler step: straightness \(oneStep), one step is a straight line")

        var random = RandomGenerator(seed: 1404)
        for (a, b) in [(0.5, 0.25), (1, 2)] {
            let name = "noise N(0, \(a)²I), data N(0, \(b)²I)"
            let r = { (t: Double) in ((1 - t) * (1 - t) * a * a + t * t * b * b).squareRoot() / a }
            let gap = { (t: Double) in r(1) - 1 - (t * b * b - (1 - t) * a * a) / (a * a * r(t)) }
            let simpson = { (n: Int) in
                (0...n).reduce(0.0) { total, i in
                    let g = gap(Double(i) / Double(n))
                    return total + g * g * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2)
                } / Double(3 * n)
            }
            let factor = simpson(2_000)
            #expect(abs(simpson(1_000) - factor) <= 1e-10 * factor, "grader self-check: Simpson's rule has not converged for \(name)")
            let starts = (0..<16).map { _ in [a * random.normalDouble(), a * random.normalDouble()] }
            let expected = factor * starts.reduce(0) { $0 + $1[0] * $1[0] + $1[1] * $1[1] } / Double(starts.count)
            let velocity: ([Double], Double) -> [Double] = { y, t in
                let rate = (t * b * b - (1 - t) * a * a) / ((1 - t) * (1 - t) * a * a + t * t * b * b)
                return y.map { rate * $0 }
            }
            let answers = try [100, 200, 400].map { try formula(velocity, starts, $0) }
            let (first, second) = (answers[0] - answers[1], answers[1] - answers[2]), ratio = first / second
            #expect(ratio >= 1.5 && ratio <= 2.5,
                    "\(name): answers \(answers) at 100, 200, 400 steps change by \(first), then \(second); first order halves the change (ratio \(ratio))")
            let tolerance = 3 * abs(second) + 1e-12 * expected
            #expect(abs(answers[2] - expected) <= tolerance,
                    "\(name): \(answers[2]) at 400 steps, the closed form gives \(expected) ± \(tolerance) (three times the last change)")
        }
    }
}
