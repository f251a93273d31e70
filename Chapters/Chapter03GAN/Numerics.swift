import Distributions
import Foundation
import Metrics
import Notebook
import Statistics
import TensorCore

/// Golden-section search for the maximiser of a unimodal function on an interval: each step
/// keeps the part of the bracket that must hold the maximum and shrinks it by 1/φ ≈ 0.618,
/// so it needs no derivative and no formula — an independent route to an argmax.
enum GoldenSection {
    static func maximiser(in interval: ClosedRange<Double>, tolerance: Double, of function: (Double) -> Double) -> Double {
        let shrink = (5.0.squareRoot() - 1) / 2
        var (low, high) = (interval.lowerBound, interval.upperBound)
        var left = high - shrink * (high - low), right = low + shrink * (high - low)
        var (leftValue, rightValue) = (function(left), function(right))
        while high - low > tolerance {
            if leftValue < rightValue {
                low = left; left = right; leftValue = rightValue
                right = low + shrink * (high - low); rightValue = function(right)
            } else {
                high = right; right = left; rightValue = leftValue
                left = high - shrink * (high - low); leftValue = function(left)
            }
        }
        return (low + high) / 2
    }
}

/// σ(a) of each logit, in double precision.
func logitsToProbabilities(_ logits: Tensor) -> [Double] { logits.doubles.map { 1 / (1 + exp(-$0)) } }

/// log(2p/(p + q)) at `count` draws from `own` (density p), `other` having density q: the terms of a Monte Carlo JSD.
func logRatioToMixture(_ own: GaussianMixture1D, _ other: GaussianMixture1D, count: Int) -> [Double] {
    own.sample(count, using: &chapter.random).doubles.map { x in
        let a = own.logDensity(x), b = other.logDensity(x)
        return log(2) + a - (max(a, b) + log(exp(a - max(a, b)) + exp(b - max(a, b))))   // log(2p/(p + q)), stably
    }
}

/// Gaussian moments from a mean and a row-major covariance.
func moments(_ mean: [Double], _ covariance: [Double]) -> GaussianMoments {
    GaussianMoments(mean: mean, covariance: Matrix(rows: mean.count, columns: mean.count, elements: covariance))
}

/// d_F² terms between two disjoint random subsets of `size` rows of `features` (and of `other`, if given, for the second).
func disjointSubsetTerms(_ size: Int, of features: Tensor, against other: Tensor? = nil) throws -> FrechetDistance.Terms {
    let order = (0..<features.rowCount).shuffled(using: &chapter.random)
    return try FrechetDistance.terms(features.gatherRows(Array(order[0..<size])), (other ?? features).gatherRows(Array(order[size..<(2 * size)])))
}

/// exp(entropy) of the near samples' distribution over the modes: 8 for a balanced ring, 1 for one mode.
func effectiveModes(_ coverage: RingCoverage) -> Double {
    coverage.counts.reduce(0, +) == 0 ? 1 : ClassCoverage(counts: coverage.counts).effectiveClassCount
}

/// (a − b) in standard errors of the difference of two independent repeated means.
func separation(_ a: RepeatedMeasurement, _ b: RepeatedMeasurement) -> Double {
    (a.mean - b.mean) / (a.standardError * a.standardError + b.standardError * b.standardError).squareRoot()
}
