import Foundation
import Testing

/// Each chapter-5 grader must reject plausible wrong answers, not only accept the right one.
struct Chapter05WrongAnswers {
    /// ᾱ_t = Π_{s≤t}(1 − β_s), plainly (ᾱ₀ = 1); the wrong answers below differ from the right one elsewhere.
    static func alphaBar(_ betas: [Double], _ t: Int) -> Double { betas[0..<t].reduce(1) { $0 * (1 - $1) } }

    // MARK: 5.1

    /// x_t = signal·x₀ + spread·ε with the two coefficients computed from (betas, t) by the answer under test.
    static func noised(_ x0: [Double], _ betas: [Double], _ t: Int, _ noise: [Double],
                       signal: ([Double], Int) -> Double, spread: ([Double], Int) -> Double) -> [Double] {
        let a = signal(betas, t), b = spread(betas, t)
        return zip(x0, noise).map { a * $0 + b * $1 }
    }

    @Test func noisingGraderRejectsASummedScheduleTheLastStepOnlyAVarianceAsDeviationAndAnOffByOne() {
        // ᾱ_t ≈ 1 − Σ_{s≤t} β_s: the product replaced by its first-order expansion (negative, hence NaN, once Σβ > 1).
        withKnownIssue {
            try Chapter05Grading.noisedSample { x0, betas, t, noise in
                Self.noised(x0, betas, t, noise, signal: { (1 - $0[0..<$1].reduce(0, +)).squareRoot() },
                            spread: { $0[0..<$1].reduce(0, +).squareRoot() })
            }
        }
        // √(1 − β_t)·x₀: only the last step's signal factor, instead of √ᾱ_t.
        withKnownIssue {
            try Chapter05Grading.noisedSample { x0, betas, t, noise in
                Self.noised(x0, betas, t, noise, signal: { (1 - $0[$1 - 1]).squareRoot() }, spread: { (1 - Self.alphaBar($0, $1)).squareRoot() })
            }
        }
        // (1 − ᾱ_t)·ε: the variance used as a standard deviation.
        withKnownIssue {
            try Chapter05Grading.noisedSample { x0, betas, t, noise in
                Self.noised(x0, betas, t, noise, signal: { Self.alphaBar($0, $1).squareRoot() }, spread: { 1 - Self.alphaBar($0, $1) })
            }
        }
        // ᾱ_{t−1}: the product stops one step short (x₁ = x₀).
        withKnownIssue {
            try Chapter05Grading.noisedSample { x0, betas, t, noise in
                Self.noised(x0, betas, t, noise, signal: { Self.alphaBar($0, $1 - 1).squareRoot() },
                            spread: { (1 - Self.alphaBar($0, $1 - 1)).squareRoot() })
            }
        }
    }

    // MARK: 5.2

    /// A denoising loss with configurable mistakes: the noising coefficients, the target compared with ε̂, the per-row
    /// error (the squared norm by default), and the batch reduction.
    static func loss(_ x0: [[Double]], _ timesteps: [Int], _ noise: [[Double]], _ betas: [Double], _ predictor: ([Double], Int) -> [Double],
                     signal: ([Double], Int) -> Double = { Self.alphaBar($0, $1).squareRoot() },
                     spread: ([Double], Int) -> Double = { (1 - Self.alphaBar($0, $1)).squareRoot() },
                     targetIsData: Bool = false, squared: Bool = true, average: Bool = true) -> Double {
        var total = 0.0
        for i in x0.indices {
            let t = timesteps[i], a = signal(betas, t), b = spread(betas, t)
            let xt = zip(x0[i], noise[i]).map { a * $0 + b * $1 }
            let target = targetIsData ? x0[i] : noise[i]
            let squaredNorm = zip(target, predictor(xt, t)).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            total += squared ? squaredNorm : squaredNorm.squareRoot()
        }
        return average ? total / Double(x0.count) : total
    }

    @Test func lossGraderRejectsANormNotSquaredTheDataAsTargetOneStepNoisingAndASum() {
        // ‖ε − ε̂‖: the norm, not its square.
        withKnownIssue { try Chapter05Grading.denoisingLoss { Self.loss($0, $1, $2, $3, $4, squared: false) } }
        // ‖x₀ − ε̂‖²: the network's output compared with the data instead of the noise.
        withKnownIssue { try Chapter05Grading.denoisingLoss { Self.loss($0, $1, $2, $3, $4, targetIsData: true) } }
        // √(1 − β_t)·x₀ + √(1 − ᾱ_t)·ε: the last step's factor on the data instead of √ᾱ_t.
        withKnownIssue { try Chapter05Grading.denoisingLoss { Self.loss($0, $1, $2, $3, $4, signal: { (1 - $0[$1 - 1]).squareRoot() }) } }
        // √(1 − β_t)·x₀ + √β_t·ε: one step of the chain taken for t steps.
        withKnownIssue {
            try Chapter05Grading.denoisingLoss {
                Self.loss($0, $1, $2, $3, $4, signal: { (1 - $0[$1 - 1]).squareRoot() }, spread: { $0[$1 - 1].squareRoot() })
            }
        }
        // Σᵢ instead of (1/B)Σᵢ over the batch.
        withKnownIssue { try Chapter05Grading.denoisingLoss { Self.loss($0, $1, $2, $3, $4, average: false) } }
    }

    // MARK: 5.3

    /// A posterior with configurable mistakes: which ᾱ stands for ᾱ_{t−1}, the variance, and swapped coefficients.
    static func posterior(_ x0: Double, _ xt: Double, _ betas: [Double], _ t: Int, previousStep: (Int) -> Int = { $0 - 1 },
                          swapped: Bool = false, varianceIsBeta: Bool = false) -> (mean: Double, variance: Double) {
        let beta = betas[t - 1], previous = alphaBar(betas, previousStep(t)), current = alphaBar(betas, t)
        let dataCoefficient = previous.squareRoot() * beta / (1 - current)
        let stateCoefficient = (1 - beta).squareRoot() * (1 - previous) / (1 - current)
        let mean = swapped ? stateCoefficient * x0 + dataCoefficient * xt : dataCoefficient * x0 + stateCoefficient * xt
        return (mean, varianceIsBeta ? beta : (1 - previous) * beta / (1 - current))
    }

    @Test func posteriorGraderRejectsTheForwardVarianceSwappedCoefficientsAndTheWrongAlphaBar() {
        // β_t: the forward step's variance instead of the posterior's β̃_t (the mean is right).
        withKnownIssue { try Chapter05Grading.posteriorMeanAndVariance { Self.posterior($0, $1, $2, $3, varianceIsBeta: true) } }
        // The coefficients of x₀ and x_t exchanged.
        withKnownIssue { try Chapter05Grading.posteriorMeanAndVariance { Self.posterior($0, $1, $2, $3, swapped: true) } }
        // ᾱ_t wherever ᾱ_{t−1} belongs.
        withKnownIssue { try Chapter05Grading.posteriorMeanAndVariance { Self.posterior($0, $1, $2, $3, previousStep: { $0 }) } }
    }
}
