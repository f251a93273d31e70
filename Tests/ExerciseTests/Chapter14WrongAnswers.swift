import Foundation
import Testing

/// Each chapter-14 grader must reject plausible wrong answers, not only accept the right one.
struct Chapter14WrongAnswers {
    typealias Grading = Chapter14Grading

    /// Levels σᵢ = f(i) between the ends, which are kept exact so that only the spacing is wrong.
    static func levelsVariant(_ count: Int, _ low: Double, _ high: Double, _ level: (Int) -> Double) -> [Double] {
        (0..<count).map { $0 == 0 ? high : $0 == count - 1 ? low : level($0) }
    }

    @Test func noiseLevelGraderRejectsEvenSpacingInSigmaDividingByTheCountAndIncreasingLevels() {
        // σᵢ evenly spaced in σ itself, as if ρ were always 1.
        withKnownIssue {
            try Grading.karrasNoiseLevels { count, low, high, _ in
                Self.levelsVariant(count, low, high) { high + Double($0) * (low - high) / Double(count - 1) }
            }
        }
        // The step (σ_min^{1/ρ} − σ_max^{1/ρ})/N instead of /(N − 1): the last step is twice the others.
        withKnownIssue {
            try Grading.karrasNoiseLevels { count, low, high, rho in
                Self.levelsVariant(count, low, high) { pow(pow(high, 1 / rho) + Double($0) * (pow(low, 1 / rho) - pow(high, 1 / rho)) / Double(count), rho) }
            }
        }
        // The right levels from σ_min up to σ_max.
        withKnownIssue {
            try Grading.karrasNoiseLevels { count, low, high, rho in
                Self.levelsVariant(count, low, high) { pow(pow(high, 1 / rho) + Double($0) * (pow(low, 1 / rho) - pow(high, 1 / rho)) / Double(count - 1), rho) }
                    .reversed()
            }
        }
    }

    /// A two-slope step x + (σ′ − σ)(w₀d + w₁d′), d′ = (x_E − D(x_E, σ′))/`endDivisor`; D(x, σ) at σ′ = 0.
    static func heunVariant(_ x: [Double], _ σ: Double, _ next: Double, _ denoise: ([Double], Double) -> [Double],
                            weights: (Double, Double) = (0.5, 0.5), endDivisor: Double? = nil) -> [Double] {
        let denoised = denoise(x, σ)
        guard next > 0 else { return denoised }
        let slope = x.indices.map { (x[$0] - denoised[$0]) / σ }
        let euler = x.indices.map { x[$0] + (next - σ) * slope[$0] }, atEnd = denoise(euler, next)
        return x.indices.map { m in
            x[m] + (next - σ) * (weights.0 * slope[m] + weights.1 * (euler[m] - atEnd[m]) / (endDivisor ?? next))
        }
    }

    @Test func heunGraderRejectsEulerUnevenWeightsTheEndSlopeOverSigmaAndTheMidpointStep() {
        // Euler's step alone, D + (σ′/σ)(x − D): first order, local error ∝ k².
        withKnownIssue { try Grading.heunStep { x, σ, next, denoise in Self.heunVariant(x, σ, next, denoise, weights: (1, 0)) } }
        // The slopes weighted ¼ and ¾: consistent, but first order.
        withKnownIssue { try Grading.heunStep { x, σ, next, denoise in Self.heunVariant(x, σ, next, denoise, weights: (0.25, 0.75)) } }
        // The end slope (x_E − D(x_E, σ′))/σ instead of /σ′.
        withKnownIssue { try Grading.heunStep { x, σ, next, denoise in Self.heunVariant(x, σ, next, denoise, endDivisor: σ) } }
        // The chapter's midpoint step, D at √(σσ′) reached by DDIM, then DDIM with it: order 2 too, but not Heun's step.
        withKnownIssue {
            try Grading.heunStep { x, σ, next, denoise in
                let d = denoise(x, σ)
                guard next > 0 else { return d }
                let middle = (σ * next).squareRoot(), midway = x.indices.map { d[$0] + middle / σ * (x[$0] - d[$0]) }
                let dm = denoise(midway, middle)
                return x.indices.map { dm[$0] + next / σ * (x[$0] - dm[$0]) }
            }
        }
    }

    /// The teacher's two DDIM steps from x, x″.
    static func twoSteps(_ x: [Double], _ σ: Double, _ middle: Double, _ next: Double, _ teacher: ([Double], Double) -> [Double]) -> [Double] {
        func step(_ y: [Double], _ from: Double, _ to: Double) -> [Double] {
            let d = teacher(y, from)
            return y.indices.map { d[$0] + to / from * (y[$0] - d[$0]) }
        }
        return step(step(x, σ, middle), middle, next)
    }

    @Test func distillationGraderRejectsTheTeachersDenoiserAnInvertedRatioAndAMissingDivision() {
        // The teacher's own D(x, σ): the student would learn to copy one step of the teacher, not two.
        withKnownIssue { try Grading.distillationTarget { x, σ, _, _, teacher in teacher(x, σ) } }
        // (x″ − (σ/σ′)x)/(1 − σ/σ′): the ratio upside down (and a division by zero at σ′ = 0).
        withKnownIssue {
            try Grading.distillationTarget { x, σ, middle, next, teacher in
                let landed = Self.twoSteps(x, σ, middle, next, teacher)
                return x.indices.map { (landed[$0] - σ / next * x[$0]) / (1 - σ / next) }
            }
        }
        // x″ − (σ′/σ)x without the division by 1 − σ′/σ: right only at σ′ = 0.
        withKnownIssue {
            try Grading.distillationTarget { x, σ, middle, next, teacher in
                let landed = Self.twoSteps(x, σ, middle, next, teacher)
                return x.indices.map { landed[$0] - next / σ * x[$0] }
            }
        }
    }

    /// Straightness with a chosen mistake: the per-path terms ‖target − v_k‖², target the whole path's displacement, 0
    /// (so ‖v_k‖²), or the step's own displacement y_{k+1} − y_k; each term times `weight(M)`.
    enum Displacement { case path, none, step }
    static func straightnessVariant(_ velocity: ([Double], Double) -> [Double], _ start: [[Double]], _ steps: Int,
                                    displacement: Displacement = .path, weight: (Int) -> Double = { 1 / Double($0) }) -> Double {
        let total = start.reduce(0.0) { sum, origin in
            var (y, path, moves) = (origin, [[Double]](), [[Double]]())
            for k in 0..<steps {
                let v = velocity(y, Double(k) / Double(steps)), next = y.indices.map { y[$0] + v[$0] / Double(steps) }
                path.append(v)
                moves.append(next.indices.map { next[$0] - y[$0] })
                y = next
            }
            let whole = y.indices.map { y[$0] - origin[$0] }
            return sum + path.indices.reduce(0.0) { inner, k in
                let target = displacement == .path ? whole : displacement == .step ? moves[k] : whole.map { _ in 0 }
                return inner + weight(steps) * target.indices.reduce(0.0) { $0 + (target[$1] - path[k][$1]) * (target[$1] - path[k][$1]) }
            }
        }
        return total / Double(start.count)
    }

    @Test func straightnessGraderRejectsTheSpeedTheStepsDisplacementAndAMissingOneOverM() {
        // ∫‖v‖²: the path's squared speed, S + ‖y₁ − y₀‖².
        withKnownIssue { try Grading.straightness { Self.straightnessVariant($0, $1, $2, displacement: .none) } }
        // ‖(y_{k+1} − y_k) − v_k‖²: each step's displacement, v_k/M, where the whole path's belongs.
        withKnownIssue { try Grading.straightness { Self.straightnessVariant($0, $1, $2, displacement: .step) } }
        // The sum without the 1/M: M times the integral.
        withKnownIssue { try Grading.straightness { Self.straightnessVariant($0, $1, $2, weight: { _ in 1 }) } }
    }
}
