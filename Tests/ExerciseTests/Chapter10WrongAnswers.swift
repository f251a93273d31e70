import Foundation
import Testing
import TensorCore

/// Each chapter-10 grader must reject plausible wrong answers, not only accept the right one.
struct Chapter10WrongAnswers {
    typealias Grading = Chapter10Grading

    static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }
    static func squaredDeviations(_ x: [Double], about centre: Double) -> Double { x.reduce(0) { $0 + ($1 - centre) * ($1 - centre) } }
    static func median(_ x: [Double]) -> Double {
        let sorted = x.sorted(), middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    @Test func gaussianGraderRejectsNoCentringTheUnbiasedVarianceTheVarianceAndTheMedian() {
        // τ = 1/mean x²: the second moment about 0, not about the mean.
        withKnownIssue { try Grading.gaussianScoreMatching { x in (Self.mean(x), Double(x.count) / Self.squaredDeviations(x, about: 0)) } }
        // τ = 1/s² with the n − 1 variance: the unbiased estimator of the variance, not the minimiser of J.
        withKnownIssue {
            try Grading.gaussianScoreMatching { x in (Self.mean(x), Double(x.count - 1) / Self.squaredDeviations(x, about: Self.mean(x))) }
        }
        // The variance returned where the precision is asked.
        withKnownIssue { try Grading.gaussianScoreMatching { x in (Self.mean(x), Self.squaredDeviations(x, about: Self.mean(x)) / Double(x.count)) } }
        // The median for the mean, and the spread about it.
        withKnownIssue {
            try Grading.gaussianScoreMatching { x in (Self.median(x), Double(x.count) / Self.squaredDeviations(x, about: Self.median(x))) }
        }
    }

    /// θ = scale·A⁻¹c with A = mean g gᵀ and c = mean l, where g is the score's features pⱼ x^{pⱼ−1} or, by
    /// mistake, the log-density's x^{pⱼ}, and l has the coefficient `coefficient(pⱼ)` on x^{pⱼ−2}. The right
    /// answer is scale −1 with the score's features and pⱼ(pⱼ − 1).
    static func monomialVariant(_ x: [Double], _ powers: [Int], logDensityFeatures: Bool = false,
                                coefficient: (Int) -> Int = { $0 * ($0 - 1) }, scale: Double = -1) -> [Double] {
        let d = powers.count, n = Double(x.count)
        var (a, c) = ([[Double]](repeating: [Double](repeating: 0, count: d), count: d), [Double](repeating: 0, count: d))
        for xi in x {
            let g = powers.map { logDensityFeatures ? pow(xi, Double($0)) : Double($0) * pow(xi, Double($0 - 1)) }
            let l = powers.map { coefficient($0) == 0 ? 0 : Double(coefficient($0)) * pow(xi, Double($0 - 2)) }
            for j in 0..<d {
                c[j] += l[j] / n
                for k in 0..<d { a[j][k] += g[j] * g[k] / n }
            }
        }
        return Grading.solveSymmetric(a, c).map { scale * $0 }
    }

    @Test func monomialGraderRejectsAFlippedSignAWrongLaplacianCoefficientADroppedHalfAndTheLogDensitysFeatures() {
        // +A⁻¹c: the maximiser's sign, a "density" that grows without bound.
        withKnownIssue { try Grading.monomialScoreMatching { x, powers in Self.monomialVariant(x, powers, scale: 1) } }
        // c with pⱼ(pⱼ + 1): the second derivative of x^{pⱼ} misremembered.
        withKnownIssue { try Grading.monomialScoreMatching { x, powers in Self.monomialVariant(x, powers, coefficient: { $0 * ($0 + 1) }) } }
        // The ½ of ½ s² dropped, J = mean s² + s′: minimised at −A⁻¹c/2.
        withKnownIssue { try Grading.monomialScoreMatching { x, powers in Self.monomialVariant(x, powers, scale: -0.5) } }
        // g = x^{pⱼ}, the features of log p̃ instead of those of its derivative, the score.
        withKnownIssue { try Grading.monomialScoreMatching { x, powers in Self.monomialVariant(x, powers, logDensityFeatures: true) } }
    }

    @Test func denoisingGraderRejectsTheCleanScoreTheNoiseAloneAMinusSignAndTheVariance() {
        // The score of the data law N(0, v): what denoising does not learn.
        withKnownIssue { try Grading.denoisingOptimalSlope { v, _ in 1 / v } }
        // The noise's own precision, as if the data did not matter.
        withKnownIssue { try Grading.denoisingOptimalSlope { _, sigma in 1 / (sigma * sigma) } }
        // The noise subtracted instead of added.
        withKnownIssue { try Grading.denoisingOptimalSlope { v, sigma in 1 / (v - sigma * sigma) } }
        // The noised law's variance instead of its precision.
        withKnownIssue { try Grading.denoisingOptimalSlope { v, sigma in v + sigma * sigma } }
    }

    /// φ, ∇φ and Δφ with optional mistakes: the Laplacian's constant term (right: d/ℓ²), the gradient's sign
    /// (right: −1), and the value's exponent divided by 2ℓ instead of 2ℓ² (the gradient and Laplacian stay right,
    /// so only the value check can catch it).
    static func bumpVariant(_ x: [Double], _ c: [Double], _ width: Double, constant: (Double, Double) -> Double = { d, l in d / (l * l) },
                            gradientSign: Double = -1, valueUsesWidth: Bool = false) -> (value: Double, gradient: [Double], laplacian: Double) {
        let r = zip(x, c).map { $0 - $1 }, squared = r.reduce(0) { $0 + $1 * $1 }, variance = width * width
        let phi = exp(-squared / (2 * variance))
        let value = valueUsesWidth ? exp(-squared / (2 * width)) : phi
        return (value, r.map { gradientSign * $0 / variance * phi }, (squared / (variance * variance) - constant(Double(r.count), width)) * phi)
    }

    @Test func bumpGraderRejectsAMissingTermTheWrongPowerAFlippedGradientAndTheWrongWidthInTheValue() {
        // Δφ = ‖x − c‖²/ℓ⁴ φ: the −d/ℓ² φ from differentiating the factor (x − c) dropped.
        withKnownIssue { try Grading.radialBasisDerivatives { x, c, l in Self.bumpVariant(x, c, l, constant: { _, _ in 0 }) } }
        // d/ℓ for d/ℓ².
        withKnownIssue { try Grading.radialBasisDerivatives { x, c, l in Self.bumpVariant(x, c, l, constant: { d, l in d / l }) } }
        // ∇φ = +(x − c)/ℓ² φ, pointing away from the centre.
        withKnownIssue { try Grading.radialBasisDerivatives { x, c, l in Self.bumpVariant(x, c, l, gradientSign: 1) } }
        // φ = exp(−‖x − c‖²/(2ℓ)).
        withKnownIssue { try Grading.radialBasisDerivatives { x, c, l in Self.bumpVariant(x, c, l, valueUsesWidth: true) } }
    }
}
