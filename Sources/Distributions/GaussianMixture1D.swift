import Foundation
import TensorCore

/// A mixture of 1-D Gaussians Σₖ wₖ N(μₖ, sₖ²) with closed-form density, score
/// and score divergence — the ground truth of the Langevin chapter, and (being
/// closed under Gaussian noise) of its annealed, smoothed versions.
///
/// As a ``Distribution`` its dimension is 1: samples are `[count, 1]`. The tensor
/// methods act elementwise, so `[n]` and `[n, 1]` tensors of points both work.
/// Scalar versions of log p and the score are provided for quadrature and for
/// Langevin chains that evaluate the score millions of times.
public struct GaussianMixture1D: ClosedUnderGaussianNoise {
    /// The weights wₖ, normalised to sum to 1.
    public let weights: [Double]
    /// The component means μₖ.
    public let means: [Double]
    /// The component standard deviations sₖ.
    public let standardDeviations: [Double]

    /// A mixture from weights (normalised here), means and standard deviations.
    public init(weights: [Double], means: [Double], standardDeviations: [Double]) {
        require(weights.count == means.count && means.count == standardDeviations.count && !weights.isEmpty,
                "A mixture needs as many weights, means and standard deviations (\(weights.count), \(means.count), \(standardDeviations.count)).")
        require(weights.allSatisfy { $0 >= 0 } && weights.reduce(0, +) > 0 && standardDeviations.allSatisfy { $0 > 0 },
                "A mixture needs non-negative weights with a positive sum and positive standard deviations.")
        let total = weights.reduce(0, +)
        self.weights = weights.map { $0 / total }
        self.means = means
        self.standardDeviations = standardDeviations
    }

    /// A law on the line: d = 1.
    public var dimension: Int { 1 }

    /// The mixture mean Σₖ wₖμₖ.
    public var mean: Double { zip(weights, means).reduce(0) { $0 + $1.0 * $1.1 } }

    /// The mixture variance Σₖ wₖ(sₖ² + μₖ²) − mean² (law of total variance).
    public var variance: Double {
        let secondMoment = zip(zip(weights, means), standardDeviations).reduce(0) { $0 + $1.0.0 * ($1.1 * $1.1 + $1.0.1 * $1.0.1) }
        return secondMoment - mean * mean
    }

    /// The law of αX + σZ: every mean becomes αμₖ and every variance α²sₖ² + σ².
    public func noised(meanScale alpha: Double, noiseStandardDeviation sigma: Double) -> GaussianMixture1D {
        GaussianMixture1D(weights: weights, means: means.map { alpha * $0 },
                          standardDeviations: standardDeviations.map { (alpha * alpha * $0 * $0 + sigma * sigma).squareRoot() })
    }

    /// log wₖ − ½log(2πsₖ²) − (x − μₖ)²/(2sₖ²) for every component.
    func logWeightedDensities(_ x: Double) -> [Double] {
        zip(zip(weights, means), standardDeviations).map { wm, s in
            Foundation.log(wm.0) - 0.5 * Foundation.log(2 * Double.pi * s * s) - (x - wm.1) * (x - wm.1) / (2 * s * s)
        }
    }

    /// log p(x), by a stable log-sum-exp over components.
    public func logDensity(_ x: Double) -> Double {
        let terms = logWeightedDensities(x)
        let top = terms.max()!
        return top + Foundation.log(terms.reduce(0) { $0 + Foundation.exp($1 - top) })
    }

    /// d/dx log p(x): the responsibility-weighted pull (μₖ − x)/sₖ² of each component.
    public func score(_ x: Double) -> Double { scoreFunction()(x) }

    /// d²/dx² log p(x) = Σₖ rₖ((x − μₖ)²/sₖ⁴ − 1/sₖ²) − s(x)², from p''/p − (p'/p)²
    /// with responsibilities rₖ(x) = wₖNₖ(x)/p(x).
    public func scoreDivergence(_ x: Double) -> Double {
        let terms = logWeightedDensities(x)
        let top = terms.max()!
        var curvature = 0.0, gradient = 0.0, total = 0.0
        for k in means.indices {
            let r = Foundation.exp(terms[k] - top)
            let precision = 1 / (standardDeviations[k] * standardDeviations[k])
            let pull = (means[k] - x) * precision
            curvature += r * (pull * pull - precision)
            gradient += r * pull
            total += r
        }
        let score = gradient / total
        return curvature / total - score * score
    }

    /// log p of every element of `points`.
    public func logDensity(_ points: Tensor) -> [Double] { points.scalars.map { logDensity(Double($0)) } }

    /// The score of every element of `points`, in a tensor of the same shape.
    public func score(_ points: Tensor) -> Tensor {
        let score = scoreFunction()
        return points.map { Float(score(Double($0))) }
    }

    /// d²/dx² log p of every element of `points`.
    public func scoreDivergence(_ points: Tensor) -> [Double] { points.scalars.map { scoreDivergence(Double($0)) } }

    /// The score with the per-component constants computed once and no allocation per
    /// call: Langevin chains evaluate it millions of times. Responsibilities use the
    /// largest log-term as a shift, so far-away points do not underflow to 0/0.
    private func scoreFunction() -> (Double) -> Double {
        let offsets = zip(weights, standardDeviations).map { Foundation.log($0) - Foundation.log($1) }   // log(wₖ/sₖ)
        let precisions = standardDeviations.map { 1 / ($0 * $0) }
        let means = self.means
        // Two passes over the components instead of a scratch array: an escaping closure that
        // mutates captured state pays for dynamic exclusivity checks on every call.
        return { point in
            var top = -Double.infinity
            for k in means.indices {
                let d = point - means[k]
                top = Swift.max(top, offsets[k] - 0.5 * d * d * precisions[k])
            }
            var numerator = 0.0, denominator = 0.0
            for k in means.indices {
                let d = point - means[k]
                let r = Foundation.exp(offsets[k] - 0.5 * d * d * precisions[k] - top)
                numerator -= r * d * precisions[k]
                denominator += r
            }
            return numerator / denominator
        }
    }

    /// `count` exact samples, `[count, 1]`: a component k with probability wₖ, then μₖ + sₖz.
    public func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        Tensor(shape: [count, 1]) { output in
            for index in 0..<count {
                let k = generator.categorical(weights)
                output[index] = Float(means[k] + standardDeviations[k] * generator.normalDouble())
            }
        }
    }
}
