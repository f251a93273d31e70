import Foundation
import TensorCore

// The two comparisons every chapter's checks make between measured quantities, in units of
// their own standard error: paired (the same items measured twice, so what they share
// cancels) and unpaired (two independent means).

/// The per-item differences a − b of two measurements on the same items, summarised: their
/// mean and its standard error, from the differences themselves.
public func pairedDifference(_ a: [Double], _ b: [Double]) -> SampleSummary {
    require(a.count == b.count && a.count >= 2, "A paired difference needs two equally long lists of at least two items, got \(a.count) and \(b.count).")
    return SampleSummary(zip(a, b).map { $0 - $1 })
}

/// (a − b) in standard errors of the difference of two independent means, √(SE_a² + SE_b²).
public func separation(_ a: SampleSummary, _ b: SampleSummary) -> Double {
    (a.mean - b.mean) / (a.standardError * a.standardError + b.standardError * b.standardError).squareRoot()
}

/// (a − b) in standard errors of the difference of two independent repeated measurements.
public func separation(_ a: RepeatedMeasurement, _ b: RepeatedMeasurement) -> Double {
    separation(a.summary, b.summary)
}
