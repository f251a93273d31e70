import Foundation
import NeuralLayers

/// Denoising score matching across noise levels, in its noise-prediction form.
///
/// For x_t = α(t)x₀ + σ(t)ε, the score of the transition kernel is −ε/σ(t);
/// regressing a score model on it (Vincent, 2011) is, up to a constant,
/// regressing on the true score of p_t. With s = −ε̂/σ and weight λ(t) = σ(t)²:
///
///   λ(t)·‖s(x_t, t) + ε/σ(t)‖² = ‖ε̂(x_t, t) − ε‖²,
///
/// which is exactly DDPM's ε-prediction loss with ᾱ = α².
public struct DenoisingScoreMatching {
    public let sde: any ForwardSDE
    /// Times are drawn uniformly from [smallestTime, 1]: at t = 0 there is no noise to predict.
    public let smallestTime: Double

    public init(sde: any ForwardSDE, smallestTime: Double = 1e-3) {
        self.sde = sde
        self.smallestTime = smallestTime
    }

    /// One batch of the loss: mean over rows of ‖ε̂(x_t, t) − ε‖² (summed over coordinates).
    public func loss(_ network: NoisePredictionNetwork, clean: Tensor, on tape: Tape,
                     using generator: inout RandomGenerator) -> Variable {
        let count = clean.rowCount
        let times = Tensor.uniform([count, 1], low: Float(smallestTime), high: 1, using: &generator)
        let noise = Tensor.normal(clean.shape, using: &generator)
        let noisy = sde.perturb(clean, times: times, noise: noise)
        let residual = network(tape.constant(noisy), times: times) - noise
        return residual.squared().sum() * (1 / Float(count))
    }
}
