import Foundation
import Testing
import TensorCore

/// Each chapter-12 grader must reject plausible wrong answers, not only accept the right one.
struct Chapter12WrongAnswers {
    @Test func marginalVarianceGraderRejectsAMissingSquareAndTheFrozenRate() {
        func alpha(_ t: Double, _ b0: Double, _ b1: Double) -> Double { exp(-0.25 * t * t * (b1 - b0) - 0.5 * t * b0) }
        withKnownIssue { try Chapter12Grading.vpMarginalVariance { t, b0, b1 in 1 - alpha(t, b0, b1) } }          // 1 − α, not 1 − α²
        withKnownIssue { try Chapter12Grading.vpMarginalVariance { t, b0, b1 in 1 - exp(-(b0 + t * (b1 - b0)) * t) } }  // β(t)·t for ∫β
    }

    @Test func veDriftGraderRejectsAFlippedSignAndTheNoiseScaleForItsDerivative() {
        func scale(_ t: Double, _ low: Double, _ high: Double) -> Double { low * pow(high / low, t) }
        withKnownIssue {
            try Chapter12Grading.veReverseDrift { x, score, t, low, high in
                let g2 = 2 * log(high / low) * pow(scale(t, low, high), 2)
                return score.map { g2 * $0 }                                     // + g²s
            }
        }
        withKnownIssue {
            try Chapter12Grading.veReverseDrift { x, score, t, low, high in score.map { -pow(scale(t, low, high), 2) * $0 } }   // σ² for g²
        }
    }

    @Test func hutchinsonGraderRejectsTheExactTraceASumOverProbesAndAReusedProbe() {
        withKnownIssue {
            try Chapter12Grading.hutchinsonTrace { product, d, _, _ in
                (0..<d).reduce(0) { total, i in total + product((0..<d).map { $0 == i ? 1 : 0 })[i] }   // exact, from basis vectors
            }
        }
        withKnownIssue {
            try Chapter12Grading.hutchinsonTrace { product, d, probes, sign in
                (0..<probes).reduce(0) { total, _ in
                    let v = (0..<d).map { _ in sign() }
                    return total + zip(v, product(v)).reduce(0) { $0 + $1.0 * $1.1 }                   // summed, not averaged
                }
            }
        }
        withKnownIssue {
            try Chapter12Grading.hutchinsonTrace { product, d, probes, sign in
                let v = (0..<d).map { _ in sign() }                                                   // one probe, reused
                return (0..<probes).reduce(0) { total, _ in total + zip(v, product(v)).reduce(0) { $0 + $1.0 * $1.1 } } / Double(probes)
            }
        }
    }

    @Test func probabilityFlowGraderRejectsTheReverseSDEDriftAndAFlippedScoreTerm() {
        func beta(_ t: Double, _ b0: Double, _ b1: Double) -> Double { b0 + t * (b1 - b0) }
        withKnownIssue {
            try Chapter12Grading.probabilityFlowDrift { x, t, score, b0, b1 in
                zip(x, score).map { -0.5 * beta(t, b0, b1) * $0 - beta(t, b0, b1) * $1 }                 // g², not ½g²
            }
        }
        withKnownIssue {
            try Chapter12Grading.probabilityFlowDrift { x, t, score, b0, b1 in
                zip(x, score).map { -0.5 * beta(t, b0, b1) * $0 + 0.5 * beta(t, b0, b1) * $1 }           // + ½g²s
            }
        }
    }
}
