import TensorCore
import Autodiff
import NeuralLayers
import Training

// listing: made-trainer
/// Trains a `MADE` by maximum likelihood on minibatches: each step minimises the batch's
/// mean negative log-likelihood −(1/n) Σᵢ log p(xᵢ), exact and in one network pass, so
/// there is no bound and no sampling in the loss (unlike a VAE's ELBO).
///
/// A `Trainer` underneath owns the optimiser and the learning-rate schedule, and stops
/// with a sentence naming the step if the loss is not finite. The loop stays in the chapter:
///
/// ```swift
/// let trainer = MADETrainer(model: made, steps: 2_000, learningRate: 1e-3)
/// try chapter.train("MADE", steps: trainer.steps) { step in
///     try trainer.step(step, batch: binaryDigits.randomRows(100, using: &generator))
/// }
/// ```
public final class MADETrainer {
    public let model: MADE
    /// The optimiser, its schedule and the run's length.
    public let trainer: Trainer
    /// The batch's mean negative log-likelihood in nats per example, one per completed step
    /// (before that step's update).
    public private(set) var history: [Double] = []

    /// A trainer with Adam at `learningRate`.
    public convenience init(label: String = "MADE", model: MADE, steps: Int, learningRate: Float = 1e-3,
                            schedule: LearningRateSchedule = .constant) {
        self.init(label: label, model: model, steps: steps, optimizer: Adam(parameters: model.parameters, learningRate: learningRate),
                  schedule: schedule)
    }

    /// A trainer with a given optimiser; it must own exactly the model's parameters (`Trainer` checks).
    public init(label: String = "MADE", model: MADE, steps: Int, optimizer: ScheduledOptimizer,
                schedule: LearningRateSchedule = .constant) {
        self.model = model
        trainer = Trainer(label: label, parameters: model.parameters, steps: steps, optimizer: optimizer, schedule: schedule)
    }

    public var label: String { trainer.label }
    /// The planned number of steps (the schedule's time axis).
    public var steps: Int { trainer.steps }

    /// One gradient step on `batch` (`[n, D]` data). Returns and records the batch's mean
    /// negative log-likelihood in nats before the update.
    @discardableResult
    public func step(_ step: Int, batch: Tensor) throws -> Double {
        let loss = try trainer.step(step) { tape in -model.logLikelihood(batch, on: tape).mean() }
        history.append(Double(loss))
        return Double(loss)
    }
}
// end listing
