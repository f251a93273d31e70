import Foundation
import TensorCore
import Statistics
import Metrics

/// An estimate of log p(x) from importance weights, one value per example (or per repeat
/// for a single example), with what a check needs: the mean, its standard error, and the
/// value in bits per dimension.
public struct ImportanceWeightedEstimate: Sendable, Equatable {
    /// K, the number of importance samples behind each value.
    public let sampleCount: Int
    /// log (1/K) Σₖ wₖ for each example or repeat.
    public let values: [Double]

    public init(sampleCount: Int, values: [Double]) {
        require(!values.isEmpty, "An importance-weighted estimate needs at least one value.")
        self.sampleCount = sampleCount
        self.values = values
    }

    /// The mean of the values.
    public var mean: Double { values.mean }

    /// The standard error of the mean, s/√n (needs at least two values). Over the
    /// examples of a data set it measures the data's spread as well as the Monte Carlo
    /// error; over repeats on one example, the Monte Carlo error alone.
    public var standardError: Double { values.standardErrorOfMean }

    /// −mean / (d log 2): the negative log-likelihood bound in bits per dimension.
    public func bitsPerDimension(dimension: Int) -> Double {
        Metrics.bitsPerDimension(negativeLogLikelihood: -mean, dimension: dimension)
    }
}

// listing: importance-weighting
/// The importance-weighted bound of Burda et al. (2016): for K draws zₖ ~ q(z | x) and
/// weights wₖ = p(x, zₖ)/q(zₖ | x),
///
///   L_K(x) = E[log (1/K) Σₖ wₖ] ≤ log p(x),
///
/// since E[(1/K) Σ wₖ] = p(x) and log is concave (Jensen). L₁ is the ELBO; L_K never
/// decreases with K (Burda et al., theorem 1), and L_K → log p(x) as K → ∞ when the
/// weights are bounded. With Var_q(w)/p(x)² = χ²(p(z | x) ‖ q) the delta method gives
/// the gap log p(x) − L_K ≈ χ²/(2K) for large K.
public enum ImportanceWeighting {
    /// log (1/K) Σₖ exp(aₖ), computed as m + log((1/K) Σₖ exp(aₖ − m)) with m = maxₖ aₖ,
    /// so that log-weights of −500 nats (one image) neither underflow nor overflow.
    public static func logMeanExp<Weights: Collection>(_ logWeights: Weights) -> Double where Weights.Element == Double {
        require(!logWeights.isEmpty, "logMeanExp needs at least one log-weight.")
        let maximum = logWeights.max()!
        if maximum == -Double.infinity { return maximum }
        let sum = logWeights.reduce(0.0) { $0 + Foundation.exp($1 - maximum) }
        return maximum + Foundation.log(sum / Double(logWeights.count))
    }

    /// The effective sample size (Σ w)²/Σ w² of self-normalised weights (Kong 1992): K for
    /// equal weights, 1 when one weight dominates. A small value warns that an importance
    /// estimate with these weights rests on a few draws.
    public static func effectiveSampleSize(logWeights: [Double]) -> Double {
        let maximum = logWeights.max()!
        let weights = logWeights.map { Foundation.exp($0 - maximum) }
        let sum = weights.reduce(0, +)
        return sum * sum / weights.reduce(0) { $0 + $1 * $1 }
    }

    /// L_K estimated from rows of log-weights: one value log (1/K) Σₖ wₖ per row.
    public static func bound(logWeights: [[Double]]) -> ImportanceWeightedEstimate {
        ImportanceWeightedEstimate(sampleCount: logWeights.first?.count ?? 0, values: logWeights.map { logMeanExp($0) })
    }
}
// end listing
