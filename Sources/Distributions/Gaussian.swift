import Foundation
import TensorCore

/// The multivariate normal N(μ, Σ) on ℝᵈ with a known covariance, through its
/// Cholesky factor Σ = LLᵀ:
///
///   log p(x) = −½(d·log 2π + log det Σ + ‖L⁻¹(x − μ)‖²),  log det Σ = 2Σᵢ log Lᵢᵢ,
///   ∇ₓ log p(x) = −Σ⁻¹(x − μ),  ∇·s(x) = −tr Σ⁻¹,
///
/// and exact samples μ + Lz with z ~ N(0, I). Computed in double precision.
public struct Gaussian: ClosedUnderGaussianNoise {
    /// The mean μ.
    public let mean: [Double]
    /// The covariance Σ (symmetric positive definite).
    public let covariance: Matrix
    /// The lower-triangular Cholesky factor L of Σ.
    public let choleskyFactor: Matrix
    /// The precision Σ⁻¹.
    public let precision: Matrix
    /// −½(d·log 2π + log det Σ), the log of the normalising constant.
    let logNormaliser: Double

    /// N(mean, covariance).
    ///
    /// - Precondition: the covariance is d × d for a mean of length d, and positive definite.
    public init(mean: [Double], covariance: Matrix) {
        require(covariance.rows == mean.count && covariance.columns == mean.count && !mean.isEmpty,
                "A Gaussian with a mean of length \(mean.count) needs a \(mean.count) × \(mean.count) covariance, got \(covariance.rows) × \(covariance.columns).")
        let factorization = try? covariance.cholesky()
        require(factorization != nil, "A Gaussian's covariance must be positive definite, got \(covariance.elements).")
        let factor = factorization!
        self.mean = mean
        self.covariance = covariance
        choleskyFactor = factor
        // Cannot throw: the factorisation it repeats has just succeeded.
        precision = try! covariance.choleskySolve(Matrix.identity(mean.count))
        let logDeterminant = (0..<mean.count).reduce(0) { $0 + 2 * Foundation.log(factor[$1, $1]) }
        logNormaliser = -0.5 * (Double(mean.count) * Foundation.log(2 * Double.pi) + logDeterminant)
    }

    /// The standard normal N(0, I) on ℝᵈ.
    public static func standard(dimension: Int) -> Gaussian {
        Gaussian(mean: [Double](repeating: 0, count: dimension), covariance: Matrix.identity(dimension))
    }

    /// d, the length of the mean.
    public var dimension: Int { mean.count }

    /// The law of αX + σZ: N(αμ, α²Σ + σ²I).
    public func noised(meanScale alpha: Double, noiseStandardDeviation sigma: Double) -> Gaussian {
        Gaussian(mean: mean.map { alpha * $0 },
                 covariance: alpha * alpha * covariance + sigma * sigma * Matrix.identity(dimension))
    }

    /// The rows of `points` minus μ, in double precision.
    func centredRows(_ points: Tensor) -> [[Double]] {
        require(points.rank == 2 && points.columnCount == dimension,
                "A \(dimension)-dimensional Gaussian needs [n, \(dimension)] points, got \(points.shape).")
        let d = dimension
        return (0..<points.rowCount).map { row in (0..<d).map { Double(points.scalars[row * d + $0]) - mean[$0] } }
    }

    /// log p(x) for every row: −½‖L⁻¹(x − μ)‖² + log normaliser, with L⁻¹ by forward substitution.
    public func logDensity(_ points: Tensor) -> [Double] {
        centredRows(points).map { logNormaliser - 0.5 * whitenedSquaredNorm($0) }
    }

    /// −Σ⁻¹(x − μ) for every row, as an `[n, d]` tensor.
    public func score(_ points: Tensor) -> Tensor {
        let rows = centredRows(points), d = dimension
        return Tensor(shape: points.shape) { output in
            for (row, centred) in rows.enumerated() {
                for i in 0..<d {
                    var sum = 0.0
                    for j in 0..<d { sum -= precision[i, j] * centred[j] }
                    output[row * d + i] = Float(sum)
                }
            }
        }
    }

    /// −tr Σ⁻¹ for every row (the Hessian of log p is the constant −Σ⁻¹).
    public func scoreDivergence(_ points: Tensor) -> [Double] {
        [Double](repeating: -precision.trace, count: centredRows(points).count)
    }

    /// `count` exact samples μ + Lz, `[count, d]`.
    public func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        let d = dimension
        return Tensor(shape: [count, d]) { output in
            var z = [Double](repeating: 0, count: d)
            for row in 0..<count {
                for i in 0..<d { z[i] = generator.normalDouble() }
                for i in 0..<d {
                    var value = mean[i]
                    for k in 0...i { value += choleskyFactor[i, k] * z[k] }
                    output[row * d + i] = Float(value)
                }
            }
        }
    }
}
