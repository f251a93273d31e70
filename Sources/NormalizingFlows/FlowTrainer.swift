import Foundation
import NeuralLayers
import Training

/// One step of flow training as the trainer records it, in nats per example, before the
/// update.
public struct FlowTrainingRecord: Sendable, Equatable {
    /// The batch mean of log p(x): the objective, to be maximised.
    public let meanLogLikelihood: Double
    /// The batch mean of log|det ∂f/∂x|: how much the flow contracts the data on average
    /// (the rest of the log-likelihood is the base term log N(f(x); 0, I)).
    public let meanLogDeterminant: Double
}

// listing: flow-trainer
/// Maximum-likelihood training of a `RealNVP` flow by Adam on minibatches: the loss is
/// −(1/n) Σᵢ log p(xᵢ), exact, with no bound and no sampling.
///
/// A `Trainer` underneath owns the optimiser and the learning-rate schedule; the loop stays
/// in the chapter, which draws the batches:
///
/// ```swift
/// let trainer = FlowTrainer(flow: flow, steps: 3_000, learningRate: 2e-3)
/// try chapter.train("RealNVP", steps: trainer.steps) { step in
///     try trainer.step(step, batch: data.randomRows(256, using: &generator))
/// }
/// ```
///
/// A step stops with a sentence naming the quantity and the step if the log-density or
/// log-determinant of the batch is not finite.
public final class FlowTrainer {
    public let flow: RealNVP
    /// The optimiser, its schedule and the run's length.
    public let trainer: Trainer
    /// One record per completed step.
    public private(set) var history: [FlowTrainingRecord] = []

    /// A trainer with Adam at `learningRate`.
    public convenience init(label: String = "RealNVP", flow: RealNVP, steps: Int, learningRate: Float = 1e-3,
                            schedule: LearningRateSchedule = .constant) {
        self.init(label: label, flow: flow, steps: steps, optimizer: Adam(parameters: flow.parameters, learningRate: learningRate),
                  schedule: schedule)
    }

    /// A trainer with a given optimiser; it must own exactly the flow's parameters (`Trainer` checks).
    public init(label: String = "RealNVP", flow: RealNVP, steps: Int, optimizer: ScheduledOptimizer, schedule: LearningRateSchedule = .constant) {
        self.flow = flow
        trainer = Trainer(label: label, parameters: flow.parameters, steps: steps, optimizer: optimizer, schedule: schedule)
    }

    public var label: String { trainer.label }
    /// The planned number of steps.
    public var steps: Int { trainer.steps }

    /// One gradient step on `batch` (`[n, D]`); returns and records the batch's mean
    /// log-likelihood and log-determinant before the update.
    @discardableResult
    public func step(_ step: Int, batch: Tensor) throws -> FlowTrainingRecord {
        var record: FlowTrainingRecord?
        try trainer.step(step) { tape in
            let (z, logDeterminant) = flow.forward(tape.constant(batch))
            try logDeterminant.value.checkFinite("\(label) log-determinant", step: step)
            let logDensity = StandardNormalBase.logDensity(z) + logDeterminant
            try logDensity.value.checkFinite("\(label) log-density", step: step)
            let meanLogLikelihood = logDensity.mean()
            record = FlowTrainingRecord(meanLogLikelihood: Double(meanLogLikelihood.value.scalar),
                                        meanLogDeterminant: Double(logDeterminant.value.mean().scalar))
            return -meanLogLikelihood
        }
        history.append(record!)
        return record!
    }
}
// end listing
