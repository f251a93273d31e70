import Foundation

/// The mean absolute error (1/n) Σᵢ |aᵢ − bᵢ| between paired values, e.g. a
/// model's log-densities and the exact ones at the same points.
///
/// - Precondition: the arrays have the same, non-zero, length.
public func meanAbsoluteError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count && !a.isEmpty, "meanAbsoluteError needs two non-empty arrays of equal length, got \(a.count) and \(b.count).")
    return zip(a, b).reduce(0) { $0 + Swift.abs($1.0 - $1.1) } / Double(a.count)
}
