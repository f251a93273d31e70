import Foundation
import TensorCore

/// Pearson's goodness-of-fit statistic χ² = Σ (Oᵢ − Eᵢ)²/Eᵢ of observed counts Oᵢ against the
/// counts Eᵢ = n·pᵢ a law predicts (Pearson 1900): the check that samples come from a stated
/// discrete law, or from a continuous one binned.
///
/// Under the law, with every Eᵢ large (the usual rule: ≥ 5; cells below `minimumExpected` are
/// pooled into one), χ² is approximately χ²-distributed with k − 1 degrees of
/// freedom for k cells whose expected counts sum to n, with mean k − 1 and variance 2(k − 1).
public struct PearsonChiSquare: Sendable, Equatable {
    /// Σ (Oᵢ − Eᵢ)²/Eᵢ over the kept cells.
    public let statistic: Double
    /// The kept cells minus one.
    public let degreesOfFreedom: Int

    /// - Parameters:
    ///   - observed: counts per cell.
    ///   - expected: the law's expected count per cell, same length.
    ///   - minimumExpected: cells expected to hold fewer are left out.
    public init(observed: [Double], expected: [Double], minimumExpected: Double = 5) {
        require(observed.count == expected.count && !observed.isEmpty,
                "Pearson's χ² needs as many expected counts (\(expected.count)) as observed ones (\(observed.count)).")
        // Small cells are pooled into one "rest" cell rather than dropped (dropping them would leave their share of
        // the misfit uncounted); the pooled cell is kept if it is itself large enough.
        let small = expected.indices.filter { expected[$0] < minimumExpected }
        var cells = expected.indices.filter { expected[$0] >= minimumExpected }.map { (observed[$0], expected[$0]) }
        let rest = (small.reduce(0) { $0 + observed[$1] }, small.reduce(0) { $0 + expected[$1] })
        if !small.isEmpty && rest.1 >= minimumExpected { cells.append(rest) }
        require(cells.count >= 2, "Pearson's χ² needs at least two cells expected to hold \(minimumExpected) or more.")
        statistic = cells.reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) / $1.1 }
        degreesOfFreedom = cells.count - 1
    }

    /// How many standard deviations √(2ν) the statistic lies above its mean ν under the law.
    public var standardizedExcess: Double {
        (statistic - Double(degreesOfFreedom)) / (2 * Double(degreesOfFreedom)).squareRoot()
    }

    /// The upper quantile of χ² with ν degrees of freedom at the standard normal quantile z
    /// (z = 3.719 for a false-alarm probability of 10⁻⁴), by the Wilson–Hilferty cube-root
    /// approximation ν(1 − 2/9ν + z√(2/9ν))³, within 1.5% of the exact quantile for ν ≥ 10 (1.1% at ν = 10, less beyond).
    public static func criticalValue(degreesOfFreedom ν: Int, normalQuantile z: Double = 3.719) -> Double {
        require(ν >= 1, "χ² needs at least one degree of freedom, got \(ν).")
        let a = 2 / (9 * Double(ν))
        return Double(ν) * Foundation.pow(1 - a + z * a.squareRoot(), 3)
    }

    /// The 10⁻⁴ critical value for this test's degrees of freedom.
    public var criticalValue: Double { Self.criticalValue(degreesOfFreedom: degreesOfFreedom) }
}
