import Foundation

// The moments of a sample of doubles, and the summary every Monte Carlo check
// reports: how many values, their mean, how much they vary, and how well the
// mean is known.

extension Array where Element == Double {
    /// The sample mean x̄ = (1/n) Σᵢ xᵢ.
    ///
    /// - Precondition: the array is not empty.
    public var mean: Double {
        precondition(!isEmpty, "The mean of an empty sample is undefined.")
        return reduce(0, +) / Double(count)
    }

    /// The unbiased sample variance s² = Σᵢ (xᵢ − x̄)² / (n − 1) (Bessel's correction:
    /// E[s²] = σ² for independent draws).
    ///
    /// - Precondition: at least two values.
    public var unbiasedVariance: Double {
        precondition(count >= 2, "An unbiased variance needs at least two values, got \(count).")
        let centre = mean
        // Two passes: subtracting the mean first avoids the cancellation of Σx² − n·x̄².
        return reduce(0) { $0 + ($1 - centre) * ($1 - centre) } / Double(count - 1)
    }

    /// The sample standard deviation s = √s².
    public var standardDeviation: Double { unbiasedVariance.squareRoot() }

    /// The standard error of the mean, s/√n: the standard deviation of x̄ over
    /// repeated samples of independent draws, estimated from this one.
    public var standardErrorOfMean: Double { standardDeviation / Double(count).squareRoot() }

    /// The central moment (1/n) Σᵢ (xᵢ − x̄)ᵏ (the plug-in estimate, divided by n).
    public func centralMoment(_ order: Int) -> Double {
        let centre = mean
        return reduce(0) { $0 + Foundation.pow($1 - centre, Double(order)) } / Double(count)
    }
}

/// Count, mean, unbiased variance, standard deviation and standard error of the
/// mean of a sample of independent values, in double precision.
///
/// ```swift
/// let summary = SampleSummary(errors)
/// chapter.check("mean error", measured: summary.mean, expected: 0,
///               tolerance: .standardErrors(4, standardError: summary.standardError))
/// ```
public struct SampleSummary: Sendable, Equatable {
    /// The number of values n.
    public let count: Int
    /// The sample mean x̄.
    public let mean: Double
    /// The unbiased sample variance s² = Σ(xᵢ − x̄)²/(n − 1).
    public let variance: Double

    /// Summarises `values` (at least two of them).
    public init(_ values: [Double]) {
        count = values.count
        mean = values.mean
        variance = values.unbiasedVariance
    }

    /// The sample standard deviation s.
    public var standardDeviation: Double { variance.squareRoot() }

    /// The standard error of the mean, s/√n.
    public var standardError: Double { standardDeviation / Double(count).squareRoot() }
}
