import Foundation

/// How close two independently computed numbers must be, and why.
public enum Tolerance: Sendable {
    /// |measured − expected| ≤ bound.
    case absolute(Double)
    /// |measured − expected| ≤ fraction·|expected|.
    case relative(Double)
    /// |measured − expected| ≤ k·standardError (a Monte Carlo estimate).
    case standardErrors(Double, standardError: Double)

    /// The allowed absolute deviation for a given expected value.
    func bound(expected: Double) -> Double {
        switch self {
        case .absolute(let bound): return bound
        case .relative(let fraction): return fraction * abs(expected)
        case .standardErrors(let k, let standardError): return k * standardError
        }
    }

    var description: String {
        switch self {
        case .absolute(let bound): return "± \(formatNumber(bound))"
        case .relative(let fraction): return "± \(formatNumber(fraction * 100))%"
        case .standardErrors(let k, let standardError): return "± \(formatNumber(k)) SE (SE = \(formatNumber(standardError)))"
        }
    }
}

/// The outcome of one check, as printed.
public struct CheckResult: Sendable {
    public let name: String
    /// What was measured, and what it is compared with (a number or a bound).
    public let measured: String
    public let reference: String
    public let tolerance: String
    public let passed: Bool
    /// Where the tolerance comes from, printed under the check; nil if not given.
    public let why: String?

    public init(name: String, measured: String, reference: String, tolerance: String, passed: Bool, why: String? = nil) {
        self.name = name
        self.measured = measured
        self.reference = reference
        self.tolerance = tolerance
        self.passed = passed
        self.why = why
    }
}

/// An identity shown on the same numbers: printed like a check, never counted as one.
public struct Demonstration: Sendable {
    public let name: String
    /// The two sides and their difference, formatted.
    public let lhs: String
    public let rhs: String
    public let difference: String
}

/// A compact, stable number format for the book: 4 significant digits, or
/// scientific notation for very small and very large magnitudes.
public func formatNumber(_ value: Double, digits: Int = 4) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "∞" : "−∞" }
    if value == 0 { return "0" }
    let magnitude = abs(value)
    let text: String
    if magnitude >= 1e5 || magnitude < 1e-3 {
        text = String(format: "%.\(digits - 1)e", value)
    } else {
        text = String(format: "%.\(digits)g", value)
    }
    return text.replacingOccurrences(of: "-", with: "−")
}
