import Foundation
import TensorCore

/// A Gaussian fitted to rows of codes (mean and covariance), to draw codes that sit where
/// the data's codes sit, in the bulk of the code space rather than anywhere in its bounding box.
public struct FittedGaussian {
    public let mean: [Double]
    /// The lower Cholesky factor L of the (maximum-likelihood) covariance, LLᵀ = Σ.
    public let choleskyFactor: Matrix

    public init(fitting rows: Tensor) throws {
        let n = rows.rowCount, columns = rows.count / n
        let centred = rows - rows.mean(alongAxis: 0, keepingDimension: true)
        mean = rows.mean(alongAxis: 0).doubles
        choleskyFactor = try ((1 / Double(n)) * (Matrix(centred).transposed * Matrix(centred)) + 1e-12 * Matrix.identity(columns)).cholesky()
    }

    /// `count` rows μ + Lξ with ξ ~ N(0, I).
    public func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        let dimension = mean.count
        let standard = Matrix(Tensor.normal([count, dimension], using: &generator))
        let rows = standard * choleskyFactor.transposed
        return Tensor(shape: [count, dimension], scalars: (0..<count).flatMap { i in (0..<dimension).map { Float(rows[i, $0] + mean[$0]) } })
    }
}

public enum CodeSpace {
    /// Each row's Euclidean distance to its nearest row of `reference`.
    public static func nearestDistances(_ rows: Tensor, to reference: Tensor) -> [Double] {
        let distances = Tensor.pairwiseSquaredDistances(rows, reference)
        return (0..<rows.rowCount).map { row in Double((0..<reference.rowCount).map { distances[row, $0] }.min()!).squareRoot() }
    }

    /// The fraction of pixels above 0.9: near full ink.
    public static func inkedFraction(_ images: Tensor) -> Double {
        Double(images.scalars.filter { $0 > 0.9 }.count) / Double(images.count)
    }
}

public enum PrincipalSubspaceScales {
    /// Anderson's (1963) sampling spread of the top-k sample eigenvectors of n Gaussian points, in
    /// radians: the k-th leaning towards the (k+1)-th, √(λ_kλ_{k+1}/n)/(λ_k − λ_{k+1}), and the
    /// whole subspace, √(Σ_{i≤k<j} λᵢλⱼ/(n(λᵢ − λⱼ)²)) (the Frobenius norm over all pairs).
    public static func andersonSpread(descendingEigenvalues λ: [Double], k: Int, sampleSize n: Int) -> (lastPair: Double, allPairs: Double) {
        let lastPair = (λ[k - 1] * λ[k] / Double(n)).squareRoot() / (λ[k - 1] - λ[k])
        var sum = 0.0
        for i in 0..<k { for j in k..<λ.count { sum += Swift.max(λ[i] * λ[j], 0) / (Double(n) * (λ[i] - λ[j]) * (λ[i] - λ[j])) } }
        return (lastPair, sum.squareRoot())
    }

    /// The worst-case rounding scale of a subspace found from length-n single-precision sums over
    /// the rows of centred data X (n × d): a perturbation of the implied covariance of size
    /// γ_n‖|X|ᵀ|X|/n‖₂ with γ_n = nu/(1 − nu), divided by the eigengap (Davis & Kahan, 1970), in radians.
    public static func roundingScale(centred x: Matrix, eigengap: Double, unitRoundoff u: Double) throws -> Double {
        let n = Double(x.rows)
        let absolute = Matrix(rows: x.rows, columns: x.columns, elements: x.elements.map { Swift.abs($0) })
        let norm = try SymmetricEigendecomposition((1 / n) * (absolute.transposed * absolute)).values.max()!
        return n * u / (1 - n * u) * norm / eigengap
    }
}
