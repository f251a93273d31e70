import Foundation
import TensorCore

/// Stops with a sentence unless `x` is `[n, D]` data of integers 0…K−1 stored as floats
/// (with D = `dimension` when given).
func requireCategoricalData(_ x: Tensor, categories: Int, dimension: Int? = nil, _ model: String) {
    require(x.rank == 2 && x.rowCount > 0 && (dimension == nil || x.shape[1] == dimension),
            "\(model) takes data [n, \(dimension.map(String.init) ?? "D")], got \(x.shape).")
    require(x.scalars.allSatisfy { $0 >= 0 && $0 < Float(categories) && $0 == $0.rounded() },
            "\(model) needs data of integers 0…\(categories - 1) stored as floats.")
}

/// The baseline with no dependence at all: each dimension has its own categorical law,
/// p(x) = ∏_d p_d(x_d). Fitted by counting with add-one (Laplace) smoothing,
///
///   p_d(k) = (c_dk + α) / (n + Kα),  α = 1,
///
/// the posterior mean under a uniform Dirichlet prior: no probability is 0, so a test
/// point with a value never seen in training still has a finite log-likelihood. Any model
/// of the dependence between dimensions must beat its held-out likelihood.
public struct IndependentCategorical: Sendable {
    /// K, the number of values per dimension.
    public let categories: Int
    /// `probabilities[d][k]` = p_d(k).
    public let probabilities: [[Double]]

    /// Fits the frequencies of `data` (`[n, D]`, integers 0…K−1 stored as floats).
    /// - Parameter pseudoCount: α, added to every count (1 is Laplace's rule).
    public init(fitting data: Tensor, categories: Int, pseudoCount: Double = 1) {
        require(categories >= 2 && pseudoCount > 0, "IndependentCategorical needs K ≥ 2 and a positive pseudo-count.")
        requireCategoricalData(data, categories: categories, "IndependentCategorical")
        let (n, dimension) = (data.rowCount, data.shape[1])
        var counts = [[Double]](repeating: [Double](repeating: 0, count: categories), count: dimension)
        for row in 0..<n {
            for d in 0..<dimension { counts[d][Int(data.scalars[row * dimension + d])] += 1 }
        }
        self.categories = categories
        probabilities = counts.map { row in row.map { ($0 + pseudoCount) / (Double(n) + Double(categories) * pseudoCount) } }
    }

    /// D, the number of dimensions.
    public var dimension: Int { probabilities.count }

    /// log p(xᵢ) = Σ_d log p_d(x_id) in nats for each row of `x`.
    public func logLikelihood(_ x: Tensor) -> [Double] {
        requireCategoricalData(x, categories: categories, dimension: dimension, "IndependentCategorical")
        let logProbabilities = probabilities.map { $0.map(Foundation.log) }
        return (0..<x.rowCount).map { row in
            (0..<dimension).reduce(0.0) { $0 + logProbabilities[$1][Int(x.scalars[row * dimension + $1])] }
        }
    }

    /// `count` draws, `[count, D]`, each dimension drawn on its own (row by row, in dimension order).
    public func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        require(count > 0, "Asked for \(count) samples; need at least one.")
        return Tensor(shape: [count, dimension], scalars: (0..<(count * dimension)).map { index in
            Float(generator.categorical(probabilities[index % dimension]))
        })
    }
}

/// Independent pixels for binary data, p(x) = ∏_d p_d^{x_d} (1 − p_d)^{1 − x_d}, with
/// p_d = (c_d + 1)/(n + 2) (Laplace's rule of succession): `IndependentCategorical` with
/// K = 2, named for the case chapter 6 compares MADE against.
public struct IndependentBernoulli: Sendable {
    /// The same model as a two-category law.
    public let categorical: IndependentCategorical

    /// Fits `data` (`[n, D]` of 0s and 1s).
    public init(fitting data: Tensor, pseudoCount: Double = 1) {
        categorical = IndependentCategorical(fitting: data, categories: 2, pseudoCount: pseudoCount)
    }

    /// p_d = p(x_d = 1) for each dimension.
    public var probabilities: [Double] { categorical.probabilities.map { $0[1] } }
    /// D, the number of dimensions.
    public var dimension: Int { categorical.dimension }

    /// log p(xᵢ) in nats for each row of `x`.
    public func logLikelihood(_ x: Tensor) -> [Double] { categorical.logLikelihood(x) }

    /// `count` draws, `[count, D]` of 0s and 1s.
    public func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        categorical.sample(count, using: &generator)
    }
}
