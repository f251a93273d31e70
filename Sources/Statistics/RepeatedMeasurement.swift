import Foundation

/// A noisy quantity measured several times independently (a metric on fresh
/// samples, a training run with another seed): its per-repeat values, their
/// mean, their spread across repeats, and the standard error of the mean.
///
/// The rigour standard asks for noisy metrics (sliced Wasserstein, MMD) to be
/// averaged over repeats with their spread printed; this is that record.
public struct RepeatedMeasurement: Sendable, Equatable {
    /// The value of each repeat, in order.
    public let values: [Double]

    /// Wraps per-repeat values (at least two).
    public init(values: [Double]) {
        precondition(values.count >= 2, "A repeated measurement needs at least two repeats to have a spread, got \(values.count).")
        self.values = values
    }

    /// Runs `measure(repeatIndex)` for repeat indices 0..<`repeats` and records the results.
    public init(repeats: Int, _ measure: (Int) throws -> Double) rethrows {
        self.init(values: try (0..<repeats).map(measure))
    }

    /// The mean over repeats.
    public var mean: Double { values.mean }
    /// The spread: the standard deviation across repeats (unbiased variance).
    public var spread: Double { values.standardDeviation }
    /// The standard error of the mean, spread/√repeats.
    public var standardError: Double { values.standardErrorOfMean }
    /// The full summary of the repeats.
    public var summary: SampleSummary { SampleSummary(values) }
}

/// The ratio R = x̄/ȳ of two independent noisy averages, with its delta-method
/// standard error
///
///   SE(R) ≈ |R|·√((SE(x̄)/x̄)² + (SE(ȳ)/ȳ)²),
///
/// the first-order Taylor expansion of x/y about the means (valid while both
/// relative errors are small). Used for "a metric in units of the data-vs-data
/// floor": the numerator is the model's average, the denominator the floor's
/// average over repeats — never one draw of it.
public struct RatioOfMeans: Sendable, Equatable {
    /// The ratio x̄/ȳ.
    public let value: Double
    /// Its delta-method standard error.
    public let standardError: Double

    /// The ratio of two means with the given standard errors.
    ///
    /// - Precondition: the denominator's mean is not zero.
    public init(numerator: Double, numeratorStandardError: Double, denominator: Double, denominatorStandardError: Double) {
        precondition(denominator != 0, "A ratio needs a non-zero denominator.")
        value = numerator / denominator
        // ∂R/∂x = 1/y and ∂R/∂y = −x/y², so Var(R) ≈ SE(x)²/y² + x²SE(y)²/y⁴; written without
        // dividing by x so that a zero numerator is allowed.
        let fromNumerator = numeratorStandardError / denominator
        let fromDenominator = numerator * denominatorStandardError / (denominator * denominator)
        standardError = (fromNumerator * fromNumerator + fromDenominator * fromDenominator).squareRoot()
    }

    /// The ratio of two repeated measurements' means.
    public init(_ numerator: RepeatedMeasurement, over denominator: RepeatedMeasurement) {
        self.init(numerator: numerator.mean, numeratorStandardError: numerator.standardError,
                  denominator: denominator.mean, denominatorStandardError: denominator.standardError)
    }

    /// The ratio of two summarised samples' means.
    public init(_ numerator: SampleSummary, over denominator: SampleSummary) {
        self.init(numerator: numerator.mean, numeratorStandardError: numerator.standardError,
                  denominator: denominator.mean, denominatorStandardError: denominator.standardError)
    }
}
