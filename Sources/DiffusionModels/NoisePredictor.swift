import TensorCore

/// A model of the noise in a diffused point: ε̂(x_t, t, y) ≈ E[ε | x_t, y], where
/// x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε under the predictor's own schedule.
///
/// Everything downstream — the reverse mean, the ELBO, the samplers — needs only this
/// function, so a trained network and an exact formula (`GaussianDataDenoiser`) are
/// interchangeable, and the library's maths can be checked on a case with known answers.
///
/// A predictor owns the schedule it was trained for, and samplers refuse a schedule that
/// is not that one or a respacing of it: a mismatched ᾱ would silently give wrong samples.
public protocol NoisePredictor {
    /// The number of coordinates D of a data point.
    var dataDimension: Int { get }
    /// The schedule whose timesteps the predictor takes.
    var schedule: DiffusionSchedule { get }
    /// The label that stands for "no class" in classifier-free guidance (Ho & Salimans
    /// 2022); nil for an unconditional predictor. Classes are 0..<nullLabel.
    var nullLabel: Int? { get }

    /// ε̂ for a batch `[n, D]` of noisy points, each at its own timestep of `schedule`
    /// (1…T; a respaced sampler passes `networkTimestep(i)`), with a class label per row
    /// or nil (unconditional: the null class of a conditional predictor).
    func predictNoise(_ noisy: Tensor, timesteps: [Int], labels: [Int]?) -> Tensor
}

extension NoisePredictor {
    /// ε̂ with one timestep for the whole batch.
    public func predictNoise(_ noisy: Tensor, timestep: Int, labels: [Int]? = nil) -> Tensor {
        predictNoise(noisy, timesteps: Array(repeating: timestep, count: noisy.rowCount), labels: labels)
    }

    /// Checks a batch's shape, timesteps and labels against the predictor, with a sentence
    /// saying what is wrong.
    func validate(_ noisy: Tensor, timesteps: [Int], labels: [Int]?) {
        require(noisy.rank == 2 && noisy.columnCount == dataDimension,
                "The noise predictor takes [n, \(dataDimension)] points, got \(noisy.shape).")
        require(timesteps.count == noisy.rowCount, "The noise predictor needs one timestep per row, got \(timesteps.count) for \(noisy.rowCount) rows.")
        require(timesteps.allSatisfy { (1...schedule.steps).contains($0) }, "A timestep is outside 1…\(schedule.steps).")
        guard let labels else { return }
        require(nullLabel != nil, "An unconditional noise predictor was given class labels.")
        let nullLabel = nullLabel!
        require(labels.count == noisy.rowCount, "The noise predictor needs one label per row, got \(labels.count) for \(noisy.rowCount) rows.")
        require(labels.allSatisfy { (0...nullLabel).contains($0) }, "A class label is outside 0…\(nullLabel) (\(nullLabel) is the null class).")
    }
}
