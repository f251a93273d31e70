import TensorCore
import Autodiff
import NeuralLayers
import Training

/// One step of VAE training as recorded in the trainer's history: the batch means of the
/// ELBO's terms before the update, in nats per example.
public struct ELBORecord: Sendable, Equatable {
    /// The mean of log p(x | z) over the batch (one draw per example).
    public let reconstruction: Double
    /// The mean of KL(q(z | x) ‖ p(z)) over the batch.
    public let kl: Double
    /// Each latent dimension's KL, averaged over the batch.
    public let klPerDimension: [Double]
    /// The KL weight the loss used at this step (β, possibly warming up).
    public let klWeight: Double
    /// The training loss (`ELBOObjective.loss`).
    public let loss: Double

    /// The true ELBO of the batch, reconstruction − KL, whatever the objective.
    public var elbo: Double { reconstruction - kl }
}

// listing: vae-trainer
/// Trains a `VariationalAutoencoder` on minibatches with an `ELBOObjective`, recording
/// the ELBO's terms at every step.
///
/// A `Trainer` underneath owns the optimiser and the learning-rate schedule. Each step
/// stops with a sentence naming the term and the step if the reconstruction term, the KL
/// or the loss is not finite (a log-variance that overflows, for one, shows up as the KL).
/// The loop stays in the chapter:
///
/// ```swift
/// let trainer = VariationalAutoencoderTrainer(model: vae, steps: 3_000, objective: ELBOObjective(warmUpSteps: 500))
/// try chapter.train("VAE", steps: trainer.steps) { step in
///     try trainer.step(step, batch: digits.randomRows(128, using: &generator), using: &generator)
/// }
/// ```
public final class VariationalAutoencoderTrainer {
    public let model: VariationalAutoencoder
    public let objective: ELBOObjective
    /// The optimiser, its schedule and the run's length.
    public let trainer: Trainer
    /// One record per completed step.
    public private(set) var history: [ELBORecord] = []

    /// A trainer with Adam at `learningRate`.
    public convenience init(label: String = "VAE", model: VariationalAutoencoder, steps: Int, learningRate: Float = 1e-3,
                            schedule: LearningRateSchedule = .constant, objective: ELBOObjective = .standard) {
        self.init(label: label, model: model, steps: steps, optimizer: Adam(parameters: model.parameters, learningRate: learningRate),
                  schedule: schedule, objective: objective)
    }

    /// A trainer with a given optimiser; it must own exactly the model's parameters (`Trainer` checks).
    public init(label: String = "VAE", model: VariationalAutoencoder, steps: Int, optimizer: ScheduledOptimizer,
                schedule: LearningRateSchedule = .constant, objective: ELBOObjective = .standard) {
        self.model = model
        self.objective = objective
        trainer = Trainer(label: label, parameters: model.parameters, steps: steps, optimizer: optimizer, schedule: schedule)
    }

    public var label: String { trainer.label }
    /// The planned number of steps (the schedule's and the warm-up's time axis).
    public var steps: Int { trainer.steps }

    /// One gradient step on `batch` (rows of data in [0, 1] units). Returns and records the
    /// ELBO's terms before the update.
    @discardableResult
    public func step(_ step: Int, batch: Tensor, using generator: inout RandomGenerator) throws -> ELBORecord {
        var record: ELBORecord?
        try trainer.step(step) { tape in
            let terms = model.elboTerms(batch, on: tape, using: &generator)
            try terms.reconstruction.value.checkFinite("\(label) reconstruction log-likelihood", step: step)
            try terms.klPerDimension.value.checkFinite("\(label) KL", step: step)
            let loss = objective.loss(terms, step: step)
            record = ELBORecord(reconstruction: Double(terms.reconstruction.value.mean().scalar),
                                kl: Double(terms.kl.value.mean().scalar),
                                klPerDimension: terms.klPerDimension.value.mean(alongAxis: 0).doubles,
                                klWeight: objective.klWeight(atStep: step), loss: Double(loss.value.scalar))
            return loss
        }
        history.append(record!)
        return record!
    }
}
// end listing
