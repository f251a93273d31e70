import Foundation
import NeuralLayers
import Statistics

// listing: denoising-loss
extension EpsilonNetwork {
    /// One batch of Ho et al.'s "simple" loss (2020, eq. 14), recorded on `tape`:
    ///
    ///   L = (1/n) Σᵢ ‖εᵢ − ε̂(√ᾱ_{tᵢ} x₀ᵢ + √(1 − ᾱ_{tᵢ}) εᵢ, tᵢ, yᵢ)‖²,
    ///   tᵢ uniform on 1…T,  εᵢ ~ N(0, I),
    ///
    /// the squared norm summed over the D coordinates (so L = D for ε̂ = 0), averaged over
    /// the batch. It is the ELBO's sum of step KLs with the weights w_t dropped: one random t
    /// per example is an unbiased estimate of the average over t.
    ///
    /// With labels and a conditional network, each label is replaced by the null class with
    /// probability `labelDropout` (Ho & Salimans 2022), which trains ε̂(x, t, ∅) alongside
    /// ε̂(x, t, y); without labels, every row uses the null class.
    ///
    /// Random draws, in order: the n timesteps, the noise, then the dropout coins.
    public func denoisingLoss(x0: Tensor, labels: [Int]? = nil, labelDropout: Double = 0, on tape: Tape,
                              using generator: inout RandomGenerator) -> Variable {
        require((0...1).contains(labelDropout), "The label dropout must be a probability, got \(labelDropout).")
        let count = x0.rowCount
        let timesteps = (0..<count).map { _ in 1 + generator.integer(below: schedule.steps) }
        let noise = Tensor.normal(x0.shape, using: &generator)
        let noisy = schedule.noised(x0: x0, timesteps: timesteps, noise: noise)
        let trainingLabels = labels.map { given in
            given.map { label in labelDropout > 0 && generator.bernoulli(labelDropout) ? nullLabel! : label }
        }
        let residual = self(tape.constant(noisy), timesteps: timesteps, labels: trainingLabels) - noise
        return residual.squared().sum() * (1 / Float(count))
    }
}
// end listing

/// The denoising loss at fixed timesteps: for each t, the mean over the rows of `data` of
/// ‖ε − ε̂(x_t, t, y)‖² with fresh noise, and its standard error — the points and error bars
/// of a "loss by timestep" figure. Any predictor works, so a trained network can be drawn
/// against `GaussianDataDenoiser.minimumLoss(t:)` or an untrained one.
///
/// Labels are used as given (no dropout); nil means unconditional.
public func perTimestepLoss(model: some NoisePredictor, data: Tensor, labels: [Int]? = nil, timesteps: [Int],
                            using generator: inout RandomGenerator) -> [SampleSummary] {
    require(data.rowCount >= 2, "A per-timestep loss needs at least two rows for a standard error.")
    return timesteps.map { t in
        let noise = Tensor.normal(data.shape, using: &generator)
        let noisy = model.schedule.noised(x0: data, timestep: t, noise: noise)
        let residual = model.predictNoise(noisy, timestep: t, labels: labels) - noise
        return SampleSummary(residual.squared().sum(alongAxis: 1).doubles)
    }
}
