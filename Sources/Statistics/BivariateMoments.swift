import Foundation
import TensorCore

/// Mean vector and covariance matrix [[a, b], [b, c]] of the rows of an
/// `[n, 2]` tensor, accumulated in double precision.
///
/// The covariance uses the unbiased divisor n − 1: E[Ĉ] = Σ for independent rows.
public struct BivariateMoments: Sendable, Equatable {
    /// The number of rows n.
    public let count: Int
    /// The sample mean of each column.
    public let mean: SIMD2<Double>
    /// Var(x) = a, Cov(x, y) = b, Var(y) = c.
    public let covariance: (a: Double, b: Double, c: Double)

    /// The moments of the rows of `points`, which must have shape `[n, 2]` with n ≥ 2.
    public init(_ points: Tensor) {
        require(points.rank == 2 && points.columnCount == 2 && points.rowCount >= 2,
                "BivariateMoments needs an [n, 2] tensor with n ≥ 2, got \(points.shape).")
        count = points.rowCount
        let values = points.scalars
        var sum = SIMD2<Double>(0, 0)
        for row in 0..<count { sum += SIMD2(Double(values[2 * row]), Double(values[2 * row + 1])) }
        let mean = sum / Double(count)
        var xx = 0.0, xy = 0.0, yy = 0.0
        for row in 0..<count {
            let dx = Double(values[2 * row]) - mean.x, dy = Double(values[2 * row + 1]) - mean.y
            xx += dx * dx; xy += dx * dy; yy += dy * dy
        }
        let divisor = Double(count - 1)
        self.mean = mean
        covariance = (xx / divisor, xy / divisor, yy / divisor)
    }

    /// Equal counts, means and covariance entries (tuples are not `Equatable`, so this is written out).
    public static func == (lhs: BivariateMoments, rhs: BivariateMoments) -> Bool {
        lhs.count == rhs.count && lhs.mean == rhs.mean && lhs.covariance == rhs.covariance
    }

    /// Standard errors of the two column means, √(a/n) and √(c/n), from this sample.
    public var meanStandardErrors: SIMD2<Double> {
        SIMD2(covariance.a, covariance.c).squareRoot() / Double(count).squareRoot()
    }
}

/// The standard error of a sample covariance entry of a *bivariate normal*
/// sample of `count` rows with true covariance Σ:
///
///   SE(Σ̂ᵢⱼ) = √((ΣᵢᵢΣⱼⱼ + Σᵢⱼ²)/(n − 1)),
///
/// exact for the unbiased estimator because (n − 1)Σ̂ is Wishart (Anderson 2003, §3.4);
/// asymptotically √((ΣᵢᵢΣⱼⱼ + Σᵢⱼ²)/n). For i = j it is the variance's
/// σ²√(2/(n − 1)). Pass `varianceI`, `varianceJ` and `covariance` = Σᵢᵢ, Σⱼⱼ, Σᵢⱼ.
public func normalCovarianceStandardError(varianceI: Double, varianceJ: Double, covariance: Double, count: Int) -> Double {
    precondition(count >= 2, "A covariance estimate needs at least two rows, got \(count).")
    return ((varianceI * varianceJ + covariance * covariance) / Double(count - 1)).squareRoot()
}
