import Foundation

/// The ordinary least-squares line y ≈ intercept + slope·x, with the standard
/// errors of both coefficients — e.g. the slope of ln(crossing time) against a
/// barrier height, to compare with Kramers' law.
///
/// With Sₓₓ = Σ(xᵢ − x̄)² and Sₓᵧ = Σ(xᵢ − x̄)(yᵢ − ȳ):
///
///   slope = Sₓᵧ/Sₓₓ,  intercept = ȳ − slope·x̄,
///   s² = Σ rᵢ²/(n − 2)  (residuals rᵢ = yᵢ − intercept − slope·xᵢ),
///   SE(slope) = s/√Sₓₓ,  SE(intercept) = s·√(1/n + x̄²/Sₓₓ).
///
/// The standard errors assume independent residuals of equal variance.
public struct LeastSquaresLine: Sendable, Equatable {
    /// The fitted slope.
    public let slope: Double
    /// The fitted intercept (the value at x = 0).
    public let intercept: Double
    /// The residual variance s² = Σrᵢ²/(n − 2); 0 for a perfect fit or two points.
    public let residualVariance: Double
    /// SE(slope) = s/√Sₓₓ.
    public let slopeStandardError: Double
    /// SE(intercept) = s·√(1/n + x̄²/Sₓₓ).
    public let interceptStandardError: Double

    /// Fits the line to paired values.
    ///
    /// - Precondition: equal lengths, at least two points, and not all x equal.
    public init(x: [Double], y: [Double]) {
        precondition(x.count == y.count && x.count >= 2, "A least-squares line needs paired values, at least two, got \(x.count) and \(y.count).")
        let n = Double(x.count)
        let meanX = x.mean, meanY = y.mean
        let sxx = x.reduce(0) { $0 + ($1 - meanX) * ($1 - meanX) }
        precondition(sxx > 0, "A least-squares slope needs at least two distinct x values.")
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanY) }
        slope = sxy / sxx
        intercept = meanY - slope * meanX
        let residualSum = zip(x, y).reduce(0) { [slope, intercept] in
            let residual = $1.1 - intercept - slope * $1.0
            return $0 + residual * residual
        }
        residualVariance = x.count > 2 ? residualSum / (n - 2) : 0
        slopeStandardError = (residualVariance / sxx).squareRoot()
        interceptStandardError = (residualVariance * (1 / n + meanX * meanX / sxx)).squareRoot()
    }

    /// The fitted value intercept + slope·x.
    public func callAsFunction(_ x: Double) -> Double { intercept + slope * x }
}
