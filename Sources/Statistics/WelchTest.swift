import Foundation

// listing: welch-test
/// Welch's t for the difference of two means whose variances may differ (Welch 1947): the difference
/// mean(a) − mean(b), its standard error √(s_a²/n_a + s_b²/n_b), t = difference / SE, and the
/// Welch–Satterthwaite degrees of freedom (Satterthwaite 1946). The chapters compare training runs
/// (a handful per kind) and repeated quality measurements with it, against the exact Student quantile.
public struct WelchTest: Sendable, Equatable {
    public let difference: Double, standardError: Double, degreesOfFreedom: Double

    /// - Precondition: at least two values on each side.
    public init(_ a: [Double], _ b: [Double]) {
        precondition(a.count >= 2 && b.count >= 2, "Welch's test needs at least two values on each side, got \(a.count) and \(b.count).")
        difference = a.mean - b.mean
        standardError = (a.unbiasedVariance / Double(a.count) + b.unbiasedVariance / Double(b.count)).squareRoot()
        degreesOfFreedom = welchDegreesOfFreedom(varianceA: a.unbiasedVariance, countA: a.count, varianceB: b.unbiasedVariance, countB: b.count)
    }

    /// t = difference / standard error.
    public var t: Double { difference / standardError }

    /// The one-sided bound t must reach for mean(a) > mean(b) at false-alarm rate `rate`: the exact Student quantile.
    public func oneSidedBound(rate: Double) -> Double { studentTQuantile(upperTail: rate, degreesOfFreedom: degreesOfFreedom) }
}
// end listing
