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
public struct DenoisingScoreMatching: Sendable {
    /// Times are drawn from [smallestTime, 1]: at t = 0 there is no noise to predict.
    public let smallestTime: Double
    /// The fraction of each batch whose times are log-uniform instead of uniform.
    ///
    /// Every positive weighting of the times has the true score as its optimum, so
    /// this changes only where training spends its samples. Uniform times leave few
    /// samples at small t, where the score is steepest and where errors cost the most
    /// in likelihood (the divergence of the score is largest there).
    public let logUniformFraction: Double

    public init(smallestTime: Double = 1e-3, logUniformFraction: Double = 0) {
        require(smallestTime > 0 && smallestTime < 1, "The smallest training time must be in (0, 1), got \(smallestTime).")
        require((0...1).contains(logUniformFraction), "logUniformFraction must be in [0, 1], got \(logUniformFraction).")
        self.smallestTime = smallestTime
        self.logUniformFraction = logUniformFraction
    }

    /// `[count, 1]` training times.
    public func sampleTimes(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        let logSmallest = Foundation.log(smallestTime)
        return Tensor(shape: [count, 1]) { buffer in
            for row in 0..<count {
                let u = generator.uniformDouble()
                buffer[row] = Float(Double(row) < logUniformFraction * Double(count)
                    ? Foundation.exp(logSmallest * (1 - u))
                    : smallestTime + (1 - smallestTime) * u)
            }
        }
    }

    // listing: dsm-loss
    /// One batch of the loss: mean over rows of ‖ε̂(x_t, t) − ε‖² (summed over coordinates),
    /// with x_t = α(t)x₀ + σ(t)ε under the network's own SDE.
    public func loss(_ network: NoisePredictionNetwork, clean: Tensor, on tape: Tape,
                     using generator: inout RandomGenerator) -> Variable {
        let count = clean.rowCount
        let times = sampleTimes(count, using: &generator)
        let noise = Tensor.normal(clean.shape, using: &generator)
        let noisy = network.sde.perturb(clean, times: times, noise: noise)
        let residual = network(tape.constant(noisy), times: times) - noise
        return residual.squared().sum() * (1 / Float(count))
    }
    // end listing
}
