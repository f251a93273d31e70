import Foundation
import NeuralLayers
import Training

/// How training draws noise levels: log σ ~ N(P_mean, P_std²) (Karras et al. 2022), with the
/// paper's P_mean = −1.2, P_std = 1.2 for σ_data = 0.5.
public struct LogNormalNoiseLevels: Sendable, Equatable {
    public let mean: Double, standardDeviation: Double
    public init(mean: Double = -1.2, standardDeviation: Double = 1.2) {
        self.mean = mean
        self.standardDeviation = standardDeviation
    }
    /// `count` levels, `[count, 1]`.
    public func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        (Tensor.normal([count, 1], using: &generator) * Float(standardDeviation) + Float(mean)).exp()
    }
}

// listing: denoiser-training
/// Trains a denoiser-form `PreconditionedNetwork` by denoising score matching with Karras et
/// al.'s weighting: for x₀ from the data, σ from `levels` and z ~ N(0, I),
///
///   loss = mean of λ(σ)·‖D(x₀ + σz, σ) − x₀‖²,   λ(σ) = 1/c_out(σ)²,
///
/// which is ‖F − (x₀ − c_skip·x)/c_out‖²: the network's target has unit variance at every σ.
/// This trains the teacher of chapter 14 (the denoiser's optimum is E[x₀ | x], whose ODE
/// the solvers follow).
public final class DenoiserTrainer {
    public let model: PreconditionedNetwork
    public let trainer: Trainer
    public let levels: LogNormalNoiseLevels

    public init(label: String = "denoiser", model: PreconditionedNetwork, steps: Int, learningRate: Float = 2e-3,
                schedule: LearningRateSchedule = .cosine(floor: 0.05), levels: LogNormalNoiseLevels = LogNormalNoiseLevels(),
                averageDecay: Float? = nil) {
        self.model = model
        self.levels = levels
        trainer = Trainer(label: label, parameters: model.parameters, steps: steps,
                          optimizer: Adam(parameters: model.parameters, learningRate: learningRate), schedule: schedule,
                          averageDecay: averageDecay)
    }

    /// Loads the weight average into the network, if training kept one (call once, after the last step).
    public func finish() { trainer.finish() }

    public var steps: Int { trainer.steps }

    /// One step on clean points `batch` (`[n, d]`); returns the batch's loss before the update.
    @discardableResult
    public func step(_ step: Int, batch: Tensor, using generator: inout RandomGenerator) throws -> Float {
        let sigmas = levels.sample(batch.rowCount, using: &generator)
        let noisy = batch + Tensor.normal(batch.shape, using: &generator) * sigmas
        let weights = sigmas.map { Float(1 / model.preconditioning.output(Double($0))) }
        return try trainer.step(step) { tape in
            ((model(tape.constant(noisy), sigmas: sigmas) - batch) * weights).squared().sum(alongAxis: 1).mean()
        }
    }
}
// end listing
