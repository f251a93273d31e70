import Foundation
import Testing
import TensorCore

/// Each chapter-3 grader must reject plausible wrong answers, not only accept the right one.
struct Chapter03WrongAnswers {
    static func sigmoid(_ a: Double) -> Double { 1 / (1 + exp(-a)) }
    /// The mean of f over the logits.
    static func mean(_ logits: [Double], _ f: (Double) -> Double) -> Double { logits.map(f).reduce(0, +) / Double(logits.count) }
    static func softplus(_ a: Double) -> Double { a > 0 ? a + log1p(exp(-a)) : log1p(exp(a)) }
    static func rightDiscriminator(_ real: [Double], _ fake: [Double]) -> Double { mean(real) { softplus(-$0) } + mean(fake) { softplus($0) } }
    static func rightGenerator(_ fake: [Double], _ nonSaturating: Bool) -> Double {
        nonSaturating ? mean(fake) { softplus(-$0) } : -mean(fake) { softplus($0) }
    }

    @Test func lossGraderRejectsNaiveLogarithmsAFlippedSignAndSwappedLabels() {
        // log of sigmoid computed from probabilities: −log sigmoid(−800) = −log 0 = ∞.
        let naiveDiscriminator: ([Double], [Double]) -> Double = { real, fake in
            -Self.mean(real) { log(Self.sigmoid($0)) } - Self.mean(fake) { log(1 - Self.sigmoid($0)) }
        }
        let naiveGenerator: ([Double], Bool) -> Double = { fake, nonSaturating in
            nonSaturating ? -Self.mean(fake) { log(Self.sigmoid($0)) } : Self.mean(fake) { log(1 - Self.sigmoid($0)) }
        }
        withKnownIssue { try Chapter03Grading.ganLosses(discriminator: naiveDiscriminator, generator: naiveGenerator) }
        // The non-saturating loss written as +mean log D (maximised, not minimised).
        let flipped: ([Double], Bool) -> Double = { fake, nonSaturating in
            nonSaturating ? -Self.rightGenerator(fake, true) : Self.rightGenerator(fake, false)
        }
        withKnownIssue { try Chapter03Grading.ganLosses(discriminator: Self.rightDiscriminator, generator: flipped) }
        // Real and fake labels swapped in the discriminator's loss.
        withKnownIssue { try Chapter03Grading.ganLosses(discriminator: { Self.rightDiscriminator($1, $0) }, generator: Self.rightGenerator) }
    }

    @Test func jensenShannonGraderRejectsAMissingHalfTheSwappedDiscriminatorAndZeroLogZero() {
        func value(_ p: [Double], _ q: [Double], _ h: Double, _ d: (Double, Double) -> Double) -> Double {
            zip(p, q).reduce(0) { sum, pair in
                let y = d(pair.0, pair.1)
                return sum + h * ((pair.0 > 0 ? pair.0 * log(y) : 0) + (pair.1 > 0 ? pair.1 * log(1 - y) : 0))
            }
        }
        let optimal: (Double, Double) -> Double = { p, q in p + q > 0 ? p / (p + q) : 0.5 }
        withKnownIssue { try Chapter03Grading.jensenShannon { p, q, h in value(p, q, h, optimal) + log(4) } }          // 2·JSD
        withKnownIssue { try Chapter03Grading.jensenShannon { p, q, h in (value(p, q, h) { p, q in p + q > 0 ? q / (p + q) : 0.5 } + log(4)) / 2 } }
        // 0·log 0 left to the floating-point unit: NaN wherever a density vanishes.
        let careless: (Double, Double) -> Double = { p, q in p * log(p / (p + q)) + q * log(q / (p + q)) }
        let carelessDivergence: ([Double], [Double], Double) -> Double = { p, q, h in
            let value: Double = zip(p, q).map { h * careless($0.0, $0.1) }.reduce(0, +)
            return (value + log(4)) / 2
        }
        withKnownIssue { try Chapter03Grading.jensenShannon(carelessDivergence) }
    }

    @Test func frechetGraderRejectsCommutingShortcutsAndAMissingFactor() {
        func parts(_ m1: [Double], _ s1: [[Double]], _ m2: [Double], _ s2: [[Double]]) -> (mean: Double, traces: Double) {
            (zip(m1, m2).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }, s1[0][0] + s1[1][1] + s2[0][0] + s2[1][1])
        }
        func root(_ s: [[Double]]) throws -> Matrix { try Matrix(rows: 2, columns: 2, elements: s.flatMap { $0 }).symmetricSquareRoot() }
        // tr(Σ₁^{1/2} Σ₂^{1/2}): right only when the covariances commute.
        withKnownIssue {
            try Chapter03Grading.frechetDistance { m1, s1, m2, s2 in
                let (a, b) = (try root(s1), try root(s2)), product = a * b
                let p = parts(m1, s1, m2, s2)
                return p.mean + p.traces - 2 * (product[0, 0] + product[1, 1])
            }
        }
        // The square root taken elementwise of Σ₁Σ₂.
        withKnownIssue {
            try Chapter03Grading.frechetDistance { m1, s1, m2, s2 in
                let product = Matrix(rows: 2, columns: 2, elements: s1.flatMap { $0 }) * Matrix(rows: 2, columns: 2, elements: s2.flatMap { $0 })
                let p = parts(m1, s1, m2, s2)
                return p.mean + p.traces - 2 * (max(product[0, 0], 0).squareRoot() + max(product[1, 1], 0).squareRoot())
            }
        }
        // The factor 2 forgotten.
        withKnownIssue {
            try Chapter03Grading.frechetDistance { m1, s1, m2, s2 in
                let a = try root(s1)
                let inner = try SymmetricEigendecomposition(a * Matrix(rows: 2, columns: 2, elements: s2.flatMap { $0 }) * a).values.reduce(0) { $0 + max($1, 0).squareRoot() }
                let p = parts(m1, s1, m2, s2)
                return p.mean + p.traces - inner
            }
        }
    }
}
