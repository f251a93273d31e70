import Foundation
import TensorCore

/// The sliced Wasserstein distance between two point clouds: project both on
/// many directions, where optimal transport in one dimension is just sorting,
/// and average.
///
///   SWₚ(P, Q) = ( E_θ [ Wₚ(θᵀP, θᵀQ)ᵖ ] )^(1/p),   θ uniform on the unit sphere.
///
/// In two dimensions the directions are evenly spaced angles on the half
/// circle (a deterministic quadrature of the expectation); in higher
/// dimensions they are seeded random unit vectors. Clouds of different sizes
/// are compared through their quantile functions on a common grid.
public enum SlicedWasserstein {
    /// - Parameters:
    ///   - first, second: `[n, d]` and `[m, d]` samples.
    ///   - directions: how many projections to average over.
    ///   - order: p ≥ 1 (1 or 2 in practice).
    ///   - seed: seeds the random directions when d > 2.
    public static func distance(_ first: Tensor, _ second: Tensor, directions: Int = 256, order: Double = 2,
                                seed: UInt64 = 0) -> Double {
        require(first.rank == 2 && second.rank == 2 && first.columnCount == second.columnCount,
                "Sliced Wasserstein needs two [n, d] samples with the same d, got \(first.shape) and \(second.shape).")
        require(first.rowCount > 0 && second.rowCount > 0, "Sliced Wasserstein needs non-empty samples.")
        require(directions > 0 && order >= 1, "Sliced Wasserstein needs directions > 0 and order ≥ 1.")
        let projectionMatrix = unitDirections(count: directions, dimension: first.columnCount, seed: seed)   // [d, K]
        let projectedFirst = Tensor.matmul(first, projectionMatrix)
        let projectedSecond = Tensor.matmul(second, projectionMatrix)
        var total = 0.0
        for direction in 0..<directions {
            let a = column(projectedFirst, direction).sorted()
            let b = column(projectedSecond, direction).sorted()
            total += oneDimensionalCost(a, b, order: order)
        }
        return Foundation.pow(total / Double(directions), 1 / order)
    }

    /// `[d, count]` unit column vectors.
    static func unitDirections(count: Int, dimension: Int, seed: UInt64) -> Tensor {
        if dimension == 2 {
            return Tensor(shape: [2, count]) { buffer in
                for k in 0..<count {
                    let angle = Double.pi * (Double(k) + 0.5) / Double(count)
                    buffer[k] = Float(Foundation.cos(angle))
                    buffer[count + k] = Float(Foundation.sin(angle))
                }
            }
        }
        var generator = RandomGenerator(seed: seed)
        let raw = Tensor.normal([dimension, count], using: &generator)
        return raw / raw.squared().sum(alongAxis: 0, keepingDimension: true).sqrt()
    }

    static func column(_ matrix: Tensor, _ index: Int) -> [Double] {
        let columns = matrix.columnCount
        return (0..<matrix.rowCount).map { Double(matrix.scalars[$0 * columns + index]) }
    }

    /// Wₚᵖ between two sorted 1-D samples: match quantiles. With equal sizes the
    /// i-th smallest goes to the i-th smallest; otherwise both quantile functions
    /// are evaluated at the midpoints of a grid as fine as the larger sample.
    static func oneDimensionalCost(_ a: [Double], _ b: [Double], order: Double) -> Double {
        func cost(_ x: Double, _ y: Double) -> Double { order == 2 ? (x - y) * (x - y) : Foundation.pow(Swift.abs(x - y), order) }
        if a.count == b.count { return zip(a, b).reduce(0) { $0 + cost($1.0, $1.1) } / Double(a.count) }
        let grid = Swift.max(a.count, b.count)
        var total = 0.0
        for i in 0..<grid {
            let level = (Double(i) + 0.5) / Double(grid)
            total += cost(a[Swift.min(Int(level * Double(a.count)), a.count - 1)], b[Swift.min(Int(level * Double(b.count)), b.count - 1)])
        }
        return total / Double(grid)
    }
}
