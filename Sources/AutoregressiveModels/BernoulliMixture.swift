import Foundation
import TensorCore

/// A mixture of K product-Bernoulli components, the classic latent-variable baseline for
/// binary images:
///
///   p(x) = Σ_k π_k ∏_d μ_kd^{x_d} (1 − μ_kd)^{1 − x_d},
///
/// whose likelihood is exact (a sum of K terms, by log-sum-exp) — unlike a VAE's, whose
/// latent variable is continuous. Fitted by expectation–maximisation (Dempster, Laird &
/// Rubin 1977; Bishop 2006, §9.3.3) with a conjugate prior, so that no μ_kd is ever 0 or 1
/// and no π_k is 0: a component fitted to a handful of images would otherwise give a new
/// image with one unseen pixel probability 0, and log-likelihood −∞.
///
/// The prior is Beta(1 + c, 1 + c) on every μ_kd and Dirichlet(1 + c, …) on π, with c the
/// pseudo-count; the M-step then has the closed form (MAP estimates)
///
///   μ_kd = (Σᵢ r_ik x_id + c) / (N_k + 2c),   π_k = (N_k + c) / (n + Kc),   N_k = Σᵢ r_ik,
///
/// and each EM iteration cannot decrease log p(data | θ) + log p(θ), the quantity recorded
/// in `objectiveHistory` (the log-likelihood alone usually rises too, but need not).
public struct BernoulliMixture: Sendable {
    /// π_k, the mixing weights (they sum to 1).
    public let weights: [Double]
    /// `probabilities[k][d]` = μ_kd = p(x_d = 1 | component k).
    public let probabilities: [[Double]]
    /// c, the pseudo-count of the prior.
    public let pseudoCount: Double
    /// (log p(data | θ) + log p(θ)) / n at the initial parameters and after each EM
    /// iteration, `iterations + 1` values in nats per example: non-decreasing.
    public let objectiveHistory: [Double]
    /// log p(data | θ) / n at the same parameters, nats per example.
    public let logLikelihoodHistory: [Double]

    /// Fits K components to `data` (`[n, D]` of 0s and 1s) by `iterations` EM iterations.
    ///
    /// Starts from K distinct training images pulled halfway towards uniform noise,
    /// μ_kd = ¼ + ¼x_{i_k d} + ¼u_kd with u ~ U(0, 1), and equal weights: distinct starts
    /// break the symmetry between components (identical components stay identical under EM),
    /// and no start probability is near 0 or 1.
    public init(fitting data: Tensor, components: Int, iterations: Int = 50, pseudoCount: Double = 1,
                using generator: inout RandomGenerator) {
        requireCategoricalData(data, categories: 2, "BernoulliMixture")
        let (n, dimension) = (data.rowCount, data.shape[1])
        require(components >= 1 && components <= n, "BernoulliMixture needs 1…\(n) components, got \(components).")
        require(iterations >= 0 && pseudoCount > 0, "BernoulliMixture needs iterations ≥ 0 and a positive pseudo-count.")
        let starts = generator.permutation(n).prefix(components)
        var probabilities = starts.map { row in
            (0..<dimension).map { d in 0.25 + 0.25 * Double(data.scalars[row * dimension + d]) + 0.25 * generator.uniformDouble() }
        }
        var weights = [Double](repeating: 1 / Double(components), count: components)
        var objectives: [Double] = []
        var logLikelihoods: [Double] = []
        for iteration in 0...iterations {
            // E-step: responsibilities r_ik = p(k | xᵢ) and the log-likelihood at the current θ.
            let joint = Self.jointLogProbabilities(data, weights: weights, probabilities: probabilities)
            let logLikelihood = joint.reduce(0.0) { $0 + logSumExp($1) }
            let logPrior = pseudoCount * (weights.reduce(0.0) { $0 + Foundation.log($1) }
                + probabilities.joined().reduce(0.0) { $0 + Foundation.log($1) + Foundation.log(1 - $1) })
            logLikelihoods.append(logLikelihood / Double(n))
            objectives.append((logLikelihood + logPrior) / Double(n))
            if iteration == iterations { break }
            // M-step: weighted counts, smoothed by the prior.
            var ones = [[Double]](repeating: [Double](repeating: 0, count: dimension), count: components)
            var totals = [Double](repeating: 0, count: components)
            for (row, logJoint) in joint.enumerated() {
                let normaliser = logSumExp(logJoint)
                for k in 0..<components {
                    let responsibility = Foundation.exp(logJoint[k] - normaliser)
                    totals[k] += responsibility
                    for d in 0..<dimension where data.scalars[row * dimension + d] == 1 { ones[k][d] += responsibility }
                }
            }
            probabilities = (0..<components).map { k in ones[k].map { ($0 + pseudoCount) / (totals[k] + 2 * pseudoCount) } }
            weights = totals.map { ($0 + pseudoCount) / (Double(n) + Double(components) * pseudoCount) }
        }
        self.weights = weights
        self.probabilities = probabilities
        self.pseudoCount = pseudoCount
        objectiveHistory = objectives
        logLikelihoodHistory = logLikelihoods
    }

    /// K, the number of components.
    public var components: Int { weights.count }
    /// D, the number of dimensions.
    public var dimension: Int { probabilities[0].count }

    /// log p(xᵢ) = log Σ_k π_k p(xᵢ | k) in nats for each row of `x`, by log-sum-exp.
    public func logLikelihood(_ x: Tensor) -> [Double] {
        requireCategoricalData(x, categories: 2, dimension: dimension, "BernoulliMixture")
        return Self.jointLogProbabilities(x, weights: weights, probabilities: probabilities).map(logSumExp)
    }

    /// p(k | xᵢ) for each row of `x`, `[n][K]`: which component explains each image.
    public func responsibilities(_ x: Tensor) -> [[Double]] {
        requireCategoricalData(x, categories: 2, dimension: dimension, "BernoulliMixture")
        return Self.jointLogProbabilities(x, weights: weights, probabilities: probabilities).map { joint in
            let normaliser = logSumExp(joint)
            return joint.map { Foundation.exp($0 - normaliser) }
        }
    }

    /// `count` draws, `[count, D]`: a component k ~ π, then each pixel ~ Bernoulli(μ_kd).
    public func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        require(count > 0, "Asked for \(count) samples; need at least one.")
        var scalars: [Float] = []
        scalars.reserveCapacity(count * dimension)
        for _ in 0..<count {
            let component = generator.categorical(weights)
            for p in probabilities[component] { scalars.append(generator.uniformDouble() < p ? 1 : 0) }
        }
        return Tensor(shape: [count, dimension], scalars: scalars)
    }

    /// log π_k + log p(xᵢ | k) for every row and component, `[n][K]`, written as
    /// log π_k + Σ_d log(1 − μ_kd) + Σ_{d: x_d = 1} logit(μ_kd) so only the ones cost anything.
    static func jointLogProbabilities(_ x: Tensor, weights: [Double], probabilities: [[Double]]) -> [[Double]] {
        let dimension = probabilities[0].count
        let offsets = zip(weights, probabilities).map { weight, row in
            Foundation.log(weight) + row.reduce(0.0) { $0 + Foundation.log(1 - $1) }
        }
        let logOdds = probabilities.map { row in row.map { Foundation.log($0) - Foundation.log(1 - $0) } }
        return (0..<x.rowCount).map { row in
            let ones = (0..<dimension).filter { x.scalars[row * dimension + $0] == 1 }
            return offsets.indices.map { k in ones.reduce(offsets[k]) { $0 + logOdds[k][$1] } }
        }
    }
}
