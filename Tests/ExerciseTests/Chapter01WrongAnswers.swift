import Foundation
import Testing

/// Chapter 1's graders must be able to fail: each plausible wrong answer below is rejected
/// (`withKnownIssue` passes only if the grader records a failure).
struct Chapter01WrongAnswers {
    /// 1.1 — ε_k: discarded eigenvalues' sum over d.
    @Test func reconstructionErrorGraderRejectsWrongAnswers() {
        // Unsorted input: drops the first k eigenvalues as given, not the largest.
        withKnownIssue { try Chapter01Grading.pcaReconstructionError { values, k in values.dropFirst(k).reduce(0, +) / Double(values.count) } }
        // Divides by d − k: that is probabilistic PCA's σ², not the error per coordinate.
        withKnownIssue { try Chapter01Grading.pcaReconstructionError { values, k in values.sorted(by: >).dropFirst(k).reduce(0, +) / Double(values.count - k) } }
        // Sums the kept eigenvalues instead of the discarded ones.
        withKnownIssue { try Chapter01Grading.pcaReconstructionError { values, k in values.sorted(by: >).prefix(k).reduce(0, +) / Double(values.count) } }
    }

    /// 1.2 — σ²_ML: discarded eigenvalues' mean.
    @Test func noiseVarianceGraderRejectsWrongAnswers() {
        // Unsorted input (issue 10 item 6: this one used to pass).
        withKnownIssue { try Chapter01Grading.ppcaNoiseVariance { values, k in values.dropFirst(k).reduce(0, +) / Double(values.count - k) } }
        // Divides by d instead of d − k: the linear autoencoder's error per coordinate ε_k.
        withKnownIssue { try Chapter01Grading.ppcaNoiseVariance { values, k in values.sorted(by: >).dropFirst(k).reduce(0, +) / Double(values.count) } }
        // Sorted the wrong way round: averages the d − k largest eigenvalues.
        withKnownIssue { try Chapter01Grading.ppcaNoiseVariance { values, k in values.sorted().dropFirst(k).reduce(0, +) / Double(values.count - k) } }
    }

    /// 1.3 — AUROC with ties as one half.
    @Test func aurocGraderRejectsWrongAnswers() {
        func pairs(_ anomalies: [Double], _ normals: [Double], tie: Double) -> Double {
            var wins = 0.0
            for a in anomalies { for n in normals { wins += a > n ? 1 : (a == n ? tie : 0) } }
            return wins / Double(anomalies.count * normals.count)
        }
        // Ties counted as losses (strict >) or as wins (≥).
        withKnownIssue { try Chapter01Grading.auroc { pairs($0, $1, tie: 0) } }
        withKnownIssue { try Chapter01Grading.auroc { pairs($0, $1, tie: 1) } }
        // The roles of anomalies and normal items swapped: 1 − AUROC.
        withKnownIssue { try Chapter01Grading.auroc { pairs($1, $0, tie: 0.5) } }
    }

    /// The same pair count with ties as ½ is a correct (if slow) answer, and must pass.
    @Test func aurocGraderAcceptsThePairCount() throws {
        try Chapter01Grading.auroc { anomalies, normals in
            var wins = 0.0
            for a in anomalies { for n in normals { wins += a > n ? 1 : (a == n ? 0.5 : 0) } }
            return wins / Double(anomalies.count * normals.count)
        }
    }
}
