import TensorCore

/// A way of running a score model's SDE backwards in time, from its prior at t = 1 to
/// a small end time, as a value: samplers are compared by their sample quality per
/// network evaluation (NFE), so each one reports what a call costs.
public protocol ReverseTimeSampler {
    /// A short name for tables ("Euler–Maruyama, 500 steps").
    var name: String { get }
    /// Network evaluations per call (for every particle).
    var networkEvaluations: Int { get }
    /// Runs the sampler from `start` (samples of the prior, `[n, d]`); `observe(t, x)`
    /// sees the particles after each step. Deterministic samplers ignore `generator`.
    func sample(_ model: some ScoreModel, from start: Tensor, using generator: inout RandomGenerator,
                observe: (Double, Tensor) -> Void) -> Tensor
}

extension ReverseTimeSampler {
    /// Runs the sampler from fresh samples of the model's prior.
    public func sample(_ model: some ScoreModel, count: Int, dimension: Int = 2,
                       using generator: inout RandomGenerator) -> Tensor {
        let start = model.sde.samplePrior(count, dimension: dimension, using: &generator)
        return sample(model, from: start, using: &generator, observe: { _, _ in })
    }

    /// Runs the sampler from `start` without observing the steps.
    public func sample(_ model: some ScoreModel, from start: Tensor, using generator: inout RandomGenerator) -> Tensor {
        sample(model, from: start, using: &generator, observe: { _, _ in })
    }
}
