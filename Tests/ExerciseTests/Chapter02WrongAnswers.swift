import Foundation
import Testing

/// Each chapter-2 grader must reject plausible wrong answers, not only accept the right one.
struct Chapter02WrongAnswers {
    static func kl(_ means: [Double], _ logVariances: [Double], _ term: (Double, Double) -> Double) -> Double {
        zip(means, logVariances).reduce(0) { $0 + term($1.0, $1.1) }
    }

    @Test func klGraderRejectsAMissingHalfLogSigmaForLogVarianceAFlippedSignAndCancellation() {
        withKnownIssue { try Chapter02Grading.gaussianKL { m, v in Self.kl(m, v) { $0 * $0 + expm1($1) - $1 } } }              // no ½
        withKnownIssue { try Chapter02Grading.gaussianKL { m, v in Self.kl(m, v) { 0.5 * ($0 * $0 + expm1(2 * $1) - 2 * $1) } } }   // v read as log σ
        withKnownIssue { try Chapter02Grading.gaussianKL { m, v in Self.kl(m, v) { 0.5 * ($0 * $0 + expm1($1) + $1) } } }       // + log σ²
        withKnownIssue { try Chapter02Grading.gaussianKL { m, v in Self.kl(m, v) { 0.5 * ($0 * $0 + exp($1) - 1 - $1) } } }     // eᵛ − 1 − v cancels
    }

    /// A pathwise estimator with a configurable derivative in v and standard deviation.
    static func pathwise(_ means: [Double], _ logVariances: [Double], _ noise: [[Double]], _ gradient: ([Double]) -> [Double],
                         sigma: (Double) -> Double, chain: (Double, Double) -> Double, average: Bool = true) -> [Double] {
        let k = means.count
        var total = [Double](repeating: 0, count: 2 * k)
        for epsilon in noise {
            let g = gradient((0..<k).map { means[$0] + sigma(logVariances[$0]) * epsilon[$0] })
            for j in 0..<k { total[j] += g[j]; total[k + j] += g[j] * chain(sigma(logVariances[j]), epsilon[j]) }
        }
        return total.map { average ? $0 / Double(noise.count) : $0 }
    }

    @Test func reparameterizationGraderRejectsTheLogSigmaDerivativeAWrongScaleAndASum() {
        // ∂/∂log σ = σε·∂f instead of ∂/∂v = ½σε·∂f.
        withKnownIssue { try Chapter02Grading.reparameterizationGradient { Self.pathwise($0, $1, $2, $3, sigma: { exp(0.5 * $0) }, chain: { $0 * $1 }) } }
        // σ = eᵛ: the log-variance read as a log standard deviation.
        withKnownIssue { try Chapter02Grading.reparameterizationGradient { Self.pathwise($0, $1, $2, $3, sigma: { exp($0) }, chain: { $0 * $1 }) } }
        // ∂/∂σ: the draw differentiated with respect to the standard deviation.
        withKnownIssue { try Chapter02Grading.reparameterizationGradient { Self.pathwise($0, $1, $2, $3, sigma: { exp(0.5 * $0) }, chain: { $1 }) } }
        // Summed over the draws instead of averaged.
        withKnownIssue {
            try Chapter02Grading.reparameterizationGradient { Self.pathwise($0, $1, $2, $3, sigma: { exp(0.5 * $0) }, chain: { 0.5 * $0 * $1 }, average: false) }
        }
    }

    /// KL(N(m₁, v₁) ‖ N(m₂, v₂)) for variances v₁, v₂.
    static func kl(_ m1: Double, _ v1: Double, _ m2: Double, _ v2: Double) -> Double {
        0.5 * (log(v2 / v1) + (v1 + (m1 - m2) * (m1 - m2)) / v2 - 1)
    }

    @Test func gapGraderRejectsTheReverseDivergenceThePriorAndAPosteriorWithoutNoise() {
        // KL(p(z | x) ‖ q): the divergence the other way round.
        withKnownIssue {
            try Chapter02Grading.elboGap { x, w, b, s, m, v in Self.kl(w * (x - b) / (w * w + s * s), s * s / (w * w + s * s), m, exp(v)) }
        }
        // KL(q ‖ p(z)): the ELBO's own KL term, not its gap.
        withKnownIssue { try Chapter02Grading.elboGap { _, _, _, _, m, v in Self.kl(m, exp(v), 0, 1) } }
        // The posterior of a noise-free model scaled wrongly: variance 1/(1 + w²), mean w(x − b)/(1 + w²).
        withKnownIssue { try Chapter02Grading.elboGap { x, w, b, _, m, v in Self.kl(m, exp(v), w * (x - b) / (1 + w * w), 1 / (1 + w * w)) } }
    }

    @Test func boundGraderRejectsTheMeanLogWeightTheNaiveFormulaTheSumAndAShiftByTheMean() {
        withKnownIssue { try Chapter02Grading.importanceWeightedBound { $0.reduce(0, +) / Double($0.count) } }              // the ELBO's estimate
        withKnownIssue { try Chapter02Grading.importanceWeightedBound { log($0.reduce(0) { $0 + exp($1) } / Double($0.count)) } }   // under/overflows
        withKnownIssue {
            try Chapter02Grading.importanceWeightedBound { weights in
                let top = weights.max()!
                return top + log(weights.reduce(0) { $0 + exp($1 - top) })                                                   // no 1/K
            }
        }
        withKnownIssue {
            try Chapter02Grading.importanceWeightedBound { weights in
                let shift = weights.reduce(0, +) / Double(weights.count)                                                     // shifted by the mean
                return shift + log(weights.reduce(0) { $0 + exp($1 - shift) } / Double(weights.count))
            }
        }
    }
}
