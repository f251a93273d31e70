import Foundation
import TensorCore

/// One diagonal Gaussian per row, N(μᵢ, diag σᵢ²): the encoder's approximate posteriors
/// q(z | xᵢ) for a batch, held as the mean and log-variance it outputs.
public struct DiagonalGaussians: Sendable {
    /// μ, `[n, k]`.
    public let mean: Tensor
    /// v = log σ², `[n, k]`.
    public let logVariance: Tensor

    public init(mean: Tensor, logVariance: Tensor) {
        require(mean.rank == 2 && mean.shape == logVariance.shape,
                "DiagonalGaussians needs mean and log-variance of one shape [n, k], got \(mean.shape) and \(logVariance.shape).")
        self.mean = mean
        self.logVariance = logVariance
    }

    /// The number of Gaussians n.
    public var count: Int { mean.rowCount }
    /// The dimension k of each.
    public var dimension: Int { mean.columnCount }

    /// σ = exp(½v), `[n, k]`.
    public var standardDeviation: Tensor { (logVariance * 0.5).exp() }

    /// One draw μ + σ ⊙ ε per row, ε ~ N(0, I).
    public func sample(using generator: inout RandomGenerator) -> Tensor {
        mean + standardDeviation * Tensor.normal(mean.shape, using: &generator)
    }

    /// The rows repeated `times` times each (row i becomes rows i·times … i·times + times − 1),
    /// so that one batched pass draws several samples per Gaussian.
    public func repeated(_ times: Int) -> DiagonalGaussians {
        let indices = (0..<count).flatMap { Array(repeating: $0, count: times) }
        return DiagonalGaussians(mean: mean.gatherRows(indices), logVariance: logVariance.gatherRows(indices))
    }

    /// The rows at `range`.
    public func rows(_ range: Range<Int>) -> DiagonalGaussians {
        DiagonalGaussians(mean: mean.slice(range), logVariance: logVariance.slice(range))
    }

    /// KL(qᵢ ‖ N(0, I)) per row and dimension, `[n][k]`, in closed form and double precision.
    public var klPerDimension: [[Double]] {
        let k = dimension
        return (0..<count).map { row in
            (0..<k).map { GaussianKL.toStandardNormal(mean: Double(mean.scalars[row * k + $0]), logVariance: Double(logVariance.scalars[row * k + $0])) }
        }
    }

    /// KL(qᵢ ‖ N(0, I)) per row, summed over dimensions.
    public var klToStandardNormal: [Double] { klPerDimension.map { $0.reduce(0, +) } }

    /// log qᵢ(zᵢ) for row i of `points`, in double precision:
    /// Σⱼ −½[log 2π + vⱼ + (zⱼ − μⱼ)²/σⱼ²].
    public func logDensity(_ points: Tensor) -> [Double] {
        require(points.shape == mean.shape, "DiagonalGaussians.logDensity needs one point per Gaussian, shape \(mean.shape), got \(points.shape).")
        let k = dimension, logTwoPi = Foundation.log(2 * Double.pi)
        return (0..<count).map { row in
            (0..<k).reduce(0.0) { total, j in
                let index = row * k + j
                let v = Double(logVariance.scalars[index]), residual = Double(points.scalars[index]) - Double(mean.scalars[index])
                return total - 0.5 * (logTwoPi + v + residual * residual * Foundation.exp(-v))
            }
        }
    }

    /// log N(zᵢ; 0, I) for each row of `points`: the standard normal prior's log density.
    public static func standardNormalLogDensity(_ points: Tensor) -> [Double] {
        let k = points.columnCount, logTwoPi = Foundation.log(2 * Double.pi)
        return (0..<points.rowCount).map { row in
            (0..<k).reduce(0.0) { total, j in
                let z = Double(points.scalars[row * k + j])
                return total - 0.5 * (logTwoPi + z * z)
            }
        }
    }
}
