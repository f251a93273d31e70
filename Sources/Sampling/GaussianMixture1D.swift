import Foundation
import TensorCore

/// A mixture of 1-D Gaussians with closed-form density and score — the
/// ground truth for the Langevin chapter (and the smoothed versions that
/// annealed Langevin and the score-SDE chapter need).
public struct GaussianMixture1D: Sendable {
    public let weights: [Double]
    public let means: [Double]
    public let standardDeviations: [Double]

    public init(weights: [Double], means: [Double], standardDeviations: [Double]) {
        require(weights.count == means.count && means.count == standardDeviations.count,
                "A mixture needs as many weights, means and standard deviations (\(weights.count), \(means.count), \(standardDeviations.count)).")
        let total = weights.reduce(0, +)
        self.weights = weights.map { $0 / total }
        self.means = means
        self.standardDeviations = standardDeviations
    }

    /// The mixture convolved with N(0, σ²): every component's variance grows by σ².
    public func smoothed(by sigma: Double) -> GaussianMixture1D {
        GaussianMixture1D(weights: weights, means: means, standardDeviations: standardDeviations.map { ($0 * $0 + sigma * sigma).squareRoot() })
    }

    public func logDensity(_ x: Double) -> Double {
        let terms = zip(zip(weights, means), standardDeviations).map { wm, s in
            Foundation.log(wm.0) - 0.5 * Foundation.log(2 * Double.pi * s * s) - (x - wm.1) * (x - wm.1) / (2 * s * s)
        }
        let top = terms.max()!
        return top + Foundation.log(terms.reduce(0) { $0 + Foundation.exp($1 - top) })
    }

    /// d/dx log p(x): the responsibility-weighted pull (μₖ − x)/sₖ² of each component.
    public func score(_ x: Double) -> Double { scoreFunction()(x) }

    /// The score of every element of a tensor.
    public func score(_ x: Tensor) -> Tensor {
        let score = scoreFunction()
        return x.map { Float(score(Double($0))) }
    }

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

    /// Exact samples (for baselines).
    public func sample(_ count: Int, using generator: inout RandomGenerator) -> [Double] {
        (0..<count).map { _ in
            let k = generator.categorical(weights)
            return means[k] + standardDeviations[k] * generator.normalDouble()
        }
    }
}
