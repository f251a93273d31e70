import Foundation
import Testing

/// Each chapter-6 grader must reject plausible wrong answers, not only accept the right one.
struct Chapter06WrongAnswers {
    // MARK: 6.1

    /// log σ(a), stable (the wrong answers below differ from the right one elsewhere).
    static func logSigmoid(_ a: Double) -> Double { min(a, 0) - log1p(exp(-abs(a))) }

    /// Σ_d term(x_d, logit of the prefix that `prefixEnd(d)` ends before).
    static func sum(_ x: [Int], _ logit: ([Int]) -> Double, prefixEnd: (Int) -> Int = { $0 },
                    _ term: (Int, Double) -> Double) -> Double {
        x.indices.reduce(0) { $0 + term(x[$1], logit(Array(x[0..<prefixEnd($1)]))) }
    }

    @Test func likelihoodGraderRejectsTeacherForcingOffByOneSummedProbabilitiesTheLogitOfOneAndAFlippedConvention() {
        // The prefix x_≤d, which includes x_d itself: the conditionals no longer sum to 1 over x_d.
        withKnownIssue {
            try Chapter06Grading.autoregressiveLogLikelihood { x, logit in
                Self.sum(x, logit, prefixEnd: { $0 + 1 }) { bit, l in Self.logSigmoid(bit == 1 ? l : -l) }
            }
        }
        // log Σ_d p(x_d | x_<d): probabilities summed instead of their logs.
        withKnownIssue {
            try Chapter06Grading.autoregressiveLogLikelihood { x, logit in
                log(Self.sum(x, logit) { bit, l in exp(Self.logSigmoid(bit == 1 ? l : -l)) })
            }
        }
        // log σ(ℓ_d) for every d, as if every x_d were 1: log(1 − p) forgotten for the zeros.
        withKnownIssue { try Chapter06Grading.autoregressiveLogLikelihood { x, logit in Self.sum(x, logit) { _, l in Self.logSigmoid(l) } } }
        // The logit read as that of p(x_d = 0): a normalised model, but not this one (only the samples can tell).
        withKnownIssue {
            try Chapter06Grading.autoregressiveLogLikelihood { x, logit in Self.sum(x, logit) { bit, l in Self.logSigmoid(bit == 1 ? -l : l) } }
        }
    }

    @Test func likelihoodGraderRejectsNaiveLogSigmoidsOverflowAndClampedLogits() {
        // log σ and log(1 − σ) of σ = 1/(1 + e^{−ℓ}): −∞ at ℓ = −800 (e^{800} overflows) and at ℓ = 40 for a zero (1 − σ = 0).
        withKnownIssue {
            try Chapter06Grading.autoregressiveLogLikelihood { x, logit in
                Self.sum(x, logit) { bit, l in bit == 1 ? log(1 / (1 + exp(-l))) : log(1 - 1 / (1 + exp(-l))) }
            }
        }
        // σ computed without overflow, then logged: e^{−800} underflows to 0 and its log is −∞.
        withKnownIssue {
            try Chapter06Grading.autoregressiveLogLikelihood { x, logit in
                Self.sum(x, logit) { bit, l in
                    let a = bit == 1 ? l : -l
                    return log(a >= 0 ? 1 / (1 + exp(-a)) : exp(a) / (1 + exp(a)))
                }
            }
        }
        // −log1p(e^{−a}): right for a ≥ 0 and for a = −40, but e^{800} overflows at a = −800.
        withKnownIssue {
            try Chapter06Grading.autoregressiveLogLikelihood { x, logit in Self.sum(x, logit) { bit, l in -log1p(exp(-(bit == 1 ? l : -l))) } }
        }
        // Logits clamped to ±30 to avoid the overflow: finite, but log p = −30 where it should be −800.
        withKnownIssue {
            try Chapter06Grading.autoregressiveLogLikelihood { x, logit in
                Self.sum(x, logit) { bit, l in Self.logSigmoid(bit == 1 ? max(-30, min(30, l)) : -max(-30, min(30, l))) }
            }
        }
    }

    // MARK: 6.2

    static func logStandardNormal(_ z: Double) -> Double { -0.5 * z * z - 0.5 * log(2 * Double.pi) }

    @Test func flowGraderRejectsTheJacobianInTheWrongDirectionOrAtTheWrongPointNoJacobianAndTheDensityAtX() {
        // log φ(z) + log g′(z) = log φ(z) − log (g⁻¹)′(x): multiplied by the forward derivative instead of divided.
        withKnownIssue { try Chapter06Grading.flowLogDensity { x, inverse, derivative in Self.logStandardNormal(inverse(x)) - log(derivative(x)) } }
        // The inverse's derivative evaluated at z = g⁻¹(x) instead of at x.
        withKnownIssue {
            try Chapter06Grading.flowLogDensity { x, inverse, derivative in let z = inverse(x); return Self.logStandardNormal(z) + log(derivative(z)) }
        }
        // No Jacobian term at all: log φ(g⁻¹(x)).
        withKnownIssue { try Chapter06Grading.flowLogDensity { x, inverse, _ in Self.logStandardNormal(inverse(x)) } }
        // The base density at x instead of at g⁻¹(x).
        withKnownIssue { try Chapter06Grading.flowLogDensity { x, _, derivative in Self.logStandardNormal(x) + log(derivative(x)) } }
    }

    // MARK: 6.3

    typealias Conditioner = ([Double]) -> [Double]

    /// An affine coupling with configurable mistakes: the conditioners' input, the sign of the exponent, and which log-scales
    /// the log-determinant sums (with which sign).
    static func forward(_ x: [Double], _ mask: [Bool], _ scale: Conditioner, _ shift: Conditioner,
                        fullInput: Bool = false, exponentSign: Double = 1, allCoordinates: Bool = false,
                        determinantSign: Double = 1) -> (y: [Double], logDeterminant: Double) {
        let input = fullInput ? x : zip(x, mask).map { $1 ? $0 : 0 }
        let s = scale(input), t = shift(input)
        var y = x, logDeterminant = 0.0
        for j in x.indices {
            if !mask[j] { y[j] = x[j] * exp(exponentSign * s[j]) + t[j] }
            if !mask[j] || allCoordinates { logDeterminant += determinantSign * s[j] }
        }
        return (y, logDeterminant)
    }

    @Test func couplingGraderRejectsAllCoordinatesTheFullInputExpOfMinusSAndTheWrongSign() {
        // log|det| summed over every coordinate, the passed ones' unused s included.
        withKnownIssue { try Chapter06Grading.couplingForward { Self.forward($0, $1, $2, $3, allCoordinates: true) } }
        // s and t computed from the full x: no longer a triangular Jacobian.
        withKnownIssue { try Chapter06Grading.couplingForward { Self.forward($0, $1, $2, $3, fullInput: true) } }
        // exp(−s) in the forward map, log-determinant still Σ s.
        withKnownIssue { try Chapter06Grading.couplingForward { Self.forward($0, $1, $2, $3, exponentSign: -1) } }
        // exp(−s) with the log-determinant that goes with it: a consistent layer, but not the one defined.
        withKnownIssue { try Chapter06Grading.couplingForward { Self.forward($0, $1, $2, $3, exponentSign: -1, determinantSign: -1) } }
        // The log-determinant with the wrong sign (that of the inverse).
        withKnownIssue { try Chapter06Grading.couplingForward { Self.forward($0, $1, $2, $3, determinantSign: -1) } }
    }

    /// An inverse coupling with configurable mistakes.
    static func inverse(_ y: [Double], _ mask: [Bool], _ scale: Conditioner, _ shift: Conditioner, fullInput: Bool = false,
                        undo: (Double, Double, Double) -> Double = { y, s, t in (y - t) * exp(-s) }) -> [Double] {
        let input = fullInput ? y : zip(y, mask).map { $1 ? $0 : 0 }
        let s = scale(input), t = shift(input)
        return y.indices.map { mask[$0] ? y[$0] : undo(y[$0], s[$0], t[$0]) }
    }

    @Test func inverseGraderRejectsTheFullInputTheWrongExponentTheWrongOrderAndAForgottenShift() {
        // s and t computed from all of y: they differ from the s and t the forward used.
        withKnownIssue { try Chapter06Grading.couplingInverse { Self.inverse($0, $1, $2, $3, fullInput: true) } }
        // (y − t)·exp(s): the scale applied again instead of undone.
        withKnownIssue { try Chapter06Grading.couplingInverse { Self.inverse($0, $1, $2, $3, undo: { y, s, t in (y - t) * exp(s) }) } }
        // y·exp(−s) − t: the steps undone in the wrong order.
        withKnownIssue { try Chapter06Grading.couplingInverse { Self.inverse($0, $1, $2, $3, undo: { y, s, t in y * exp(-s) - t }) } }
        // y·exp(−s): the shift never removed.
        withKnownIssue { try Chapter06Grading.couplingInverse { Self.inverse($0, $1, $2, $3, undo: { y, s, _ in y * exp(-s) }) } }
    }
}
