import Foundation
import TensorCore

/// A Gaussian kernel density estimate in d dimensions (Parzen 1962; Silverman 1986):
///
///   p̂(x) = (1/m) Σᵢ N(x; xᵢ, h²I),
///   log p̂(x) = log Σᵢ exp(−‖x − xᵢ‖²/(2h²)) − log m − (d/2)·log(2πh²),
///
/// the baseline a likelihood model of low-dimensional data has to beat. It is a proper
/// density (each kernel integrates to 1), so its held-out log-likelihood is comparable
/// with a flow's. Everything is computed in double precision, the sum by log-sum-exp so
/// that points far from every kernel get a finite log-density instead of log 0.
///
/// The bandwidth h decides everything: too small and held-out points fall between the
/// kernels, too large and the estimate blurs the data. `init(points:validation:candidates:)`
/// picks h by the log-likelihood of a separate validation set (maximum likelihood
/// cross-validation); `scottBandwidth(_:)` is the rule of thumb for Gaussian-like data.
public struct KernelDensityEstimate: Sendable {
    /// The kernel centres xᵢ, `[m, d]`.
    public let points: Tensor
    /// The kernels' standard deviation h.
    public let bandwidth: Double

    /// A KDE with kernels of standard deviation `bandwidth` on the rows of `points`.
    public init(points: Tensor, bandwidth: Double) {
        require(points.rank == 2 && points.rowCount > 0 && points.columnCount > 0, "A KDE needs [m, d] points, got \(points.shape).")
        require(bandwidth > 0 && bandwidth.isFinite, "A KDE needs a positive bandwidth, got \(bandwidth).")
        self.points = points
        self.bandwidth = bandwidth
    }

    /// A KDE whose bandwidth is the candidate with the largest mean log-likelihood on
    /// `validation` (which must not include `points`: on the kernels' own centres the
    /// likelihood grows without bound as h → 0).
    public init(points: Tensor, validation: Tensor, candidates: [Double]) {
        let scores = Self.validationLogLikelihoods(points: points, validation: validation, bandwidths: candidates)
        let best = scores.indices.max { scores[$0] < scores[$1] }!
        self.init(points: points, bandwidth: candidates[best])
    }

    /// The dimension d.
    public var dimension: Int { points.columnCount }

    /// log p̂(x) for every row of `query` (`[n, d]`).
    public func logDensity(_ query: Tensor) -> [Double] {
        Self.logDensities(points: points, query: query, bandwidths: [bandwidth]).map { $0[0] }
    }

    /// Scott's rule h = σ̄·m^{−1/(d+4)}, with σ̄ the mean of the coordinates' standard
    /// deviations: the bandwidth minimising the asymptotic mean integrated squared error
    /// when the data are Gaussian with that spread (Scott 1992). Too wide for data with
    /// thin structure such as the moons.
    public static func scottBandwidth(_ points: Tensor) -> Double {
        let m = points.rowCount, d = points.columnCount
        require(m >= 2, "Scott's rule needs at least two points, got \(m).")
        var spread = 0.0
        for column in 0..<d {
            let values = (0..<m).map { Double(points.scalars[$0 * d + column]) }
            let mean = values.reduce(0, +) / Double(m)
            spread += (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(m - 1)).squareRoot()
        }
        return spread / Double(d) * Foundation.pow(Double(m), -1 / Double(d + 4))
    }

    /// `count` bandwidths spaced evenly in log h from `lower` to `upper`: the grid to search.
    public static func logSpacedBandwidths(from lower: Double, to upper: Double, count: Int) -> [Double] {
        require(lower > 0 && upper > lower && count >= 2, "A bandwidth grid needs 0 < lower < upper and two or more values.")
        return (0..<count).map { lower * Foundation.pow(upper / lower, Double($0) / Double(count - 1)) }
    }

    /// The mean log-likelihood of `validation` under the KDE on `points`, for each bandwidth.
    public static func validationLogLikelihoods(points: Tensor, validation: Tensor, bandwidths: [Double]) -> [Double] {
        require(!bandwidths.isEmpty && bandwidths.allSatisfy { $0 > 0 }, "Bandwidth candidates must be positive and not empty.")
        let perPoint = logDensities(points: points, query: validation, bandwidths: bandwidths)
        return bandwidths.indices.map { k in perPoint.reduce(0) { $0 + $1[k] } / Double(perPoint.count) }
    }

    /// log p̂ of every query row for every bandwidth, `[n][bandwidths]`. The squared distances
    /// from a query point to all centres are computed once (in double precision, directly,
    /// not by the ‖a‖² + ‖b‖² − 2a·b expansion, which cancels for nearby points) and reused
    /// for every bandwidth. Query rows are spread over the cores.
    static func logDensities(points: Tensor, query: Tensor, bandwidths: [Double]) -> [[Double]] {
        require(points.rank == 2 && query.rank == 2 && points.columnCount == query.columnCount,
                "A KDE on [m, d] points needs [n, d] queries, got \(points.shape) and \(query.shape).")
        let m = points.rowCount, d = points.columnCount, n = query.rowCount
        let centres = points.scalars.map(Double.init), queries = query.scalars.map(Double.init)
        let normalisers = bandwidths.map { -Foundation.log(Double(m)) - 0.5 * Double(d) * Foundation.log(2 * Double.pi * $0 * $0) }
        let scales = bandwidths.map { -0.5 / ($0 * $0) }
        var result = [[Double]](repeating: [], count: n)
        result.withUnsafeMutableBufferPointer { buffer in
            let output = buffer.baseAddress!
            ParallelLoops.forEachChunk(n, minimumCount: 32) { range in
                var distances = [Double](repeating: 0, count: m)
                for row in range {
                    var nearest = Double.infinity
                    for i in 0..<m {
                        var squared = 0.0
                        for k in 0..<d {
                            let difference = queries[row * d + k] - centres[i * d + k]
                            squared += difference * difference
                        }
                        distances[i] = squared
                        nearest = Swift.min(nearest, squared)
                    }
                    // log Σ exp(−r²/(2h²)) = −r²_min/(2h²) + log Σ exp(−(r² − r²_min)/(2h²)).
                    output[row] = bandwidths.indices.map { k in
                        var sum = 0.0
                        for i in 0..<m { sum += Foundation.exp(scales[k] * (distances[i] - nearest)) }
                        return scales[k] * nearest + Foundation.log(sum) + normalisers[k]
                    }
                }
            }
        }
        return result
    }
}
