import Foundation
import Distributions
import TensorCore

/// A model of the scores s(x, t) ≈ ∇ₓ log p_t(x) of every noised distribution p_t of
/// one forward SDE. The model owns that SDE, so a sampler or a likelihood can never
/// pair it with another one.
public protocol ScoreModel {
    /// The forward SDE whose marginals p_t this model describes.
    var sde: any ForwardSDE { get }
    /// s(x, t) for an `[n, d]` batch at one time.
    func score(_ x: Tensor, at t: Double) -> Tensor
    /// s(x, t) and its divergence ∇ₓ·s(x, t), one value per row (for likelihoods).
    func scoreAndDivergence(_ x: Tensor, at t: Double) -> (score: Tensor, divergence: [Double])
}

extension ClosedUnderGaussianNoise {
    /// p_t: the law of x_t = α(t)x₀ + σ(t)z for x₀ from this distribution.
    public func marginal(of sde: some ForwardSDE, at t: Double) -> Self {
        noised(meanScale: sde.meanScale(t), noiseStandardDeviation: sde.noiseStandardDeviation(t))
    }
}

/// The exact scores of the marginals of data whose law stays in its family under Gaussian
/// noise (a Gaussian, a Gaussian mixture): for a mixture every p_t is again a mixture, with
/// means α(t)μₖ and covariances α(t)²Σₖ + σ(t)²I. The ground truth that learned scores,
/// samplers and likelihoods are measured against.
public struct ExactScore<Data: ClosedUnderGaussianNoise>: ScoreModel {
    public let data: Data
    public let sde: any ForwardSDE

    public init(data: Data, sde: any ForwardSDE) {
        self.data = data
        self.sde = sde
    }

    public func score(_ x: Tensor, at t: Double) -> Tensor {
        data.marginal(of: sde, at: t).score(x)
    }

    public func scoreAndDivergence(_ x: Tensor, at t: Double) -> (score: Tensor, divergence: [Double]) {
        let marginal = data.marginal(of: sde, at: t)
        return (marginal.score(x), marginal.scoreDivergence(x))
    }
}

/// One score model inside a window of times and another outside it: swapping in the
/// exact score everywhere but one window measures what the learned score costs there.
public struct TimeWindowedScore<Inside: ScoreModel, Outside: ScoreModel>: ScoreModel {
    public let inside: Inside
    public let outside: Outside
    public let window: Range<Double>

    public init(_ inside: Inside, inside window: Range<Double>, otherwise outside: Outside) {
        self.inside = inside
        self.outside = outside
        self.window = window
    }

    public var sde: any ForwardSDE { inside.sde }

    public func score(_ x: Tensor, at t: Double) -> Tensor {
        window.contains(t) ? inside.score(x, at: t) : outside.score(x, at: t)
    }

    public func scoreAndDivergence(_ x: Tensor, at t: Double) -> (score: Tensor, divergence: [Double]) {
        window.contains(t) ? inside.scoreAndDivergence(x, at: t) : outside.scoreAndDivergence(x, at: t)
    }
}
