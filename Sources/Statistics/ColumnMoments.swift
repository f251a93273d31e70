import Foundation
import TensorCore

/// The summary (mean, unbiased variance, standard error) of each column of an
/// `[n, d]` tensor, in double precision: the per-coordinate moments of a
/// sample of d-dimensional points.
public func columnSummaries(of points: Tensor) -> [SampleSummary] {
    require(points.rank == 2 && points.rowCount >= 2, "columnSummaries needs an [n, d] tensor with n ≥ 2, got \(points.shape).")
    let columns = points.columnCount
    return (0..<columns).map { column in
        SampleSummary((0..<points.rowCount).map { Double(points.scalars[$0 * columns + column]) })
    }
}

/// The mean of each column of an `[n, d]` tensor, in double precision.
public func columnMeans(of points: Tensor) -> [Double] { columnSummaries(of: points).map(\.mean) }

/// The unbiased variance of each column of an `[n, d]` tensor, in double precision.
public func columnVariances(of points: Tensor) -> [Double] { columnSummaries(of: points).map(\.variance) }
