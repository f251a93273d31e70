import NeuralLayers

/// A training run in one object: the parameters, the optimiser, its learning-rate
/// schedule and an optional exponential moving average of the weights.
///
/// The loop itself stays in the chapter, so the chapter's progress display drives it:
///
/// ```swift
/// let trainer = Trainer(label: "autoencoder", parameters: model.parameters, steps: 5_000,
///                       optimizer: Adam(parameters: model.parameters, learningRate: 2e-3))
/// try chapter.train(trainer.label, steps: trainer.steps) { step in
///     try trainer.step(step) { tape in model.loss(batch, on: tape) }
/// }
/// ```
public final class Trainer {
    public let label: String
    public let parameters: [Parameter]
    public let optimizer: ScheduledOptimizer
    public let steps: Int
    public let schedule: LearningRateSchedule
    public let average: ExponentialMovingAverage?
    /// The learning rate the schedule scales.
    public let baseLearningRate: Float
    /// The loss of every step so far.
    public private(set) var losses: [Float] = []

    public init(label: String, parameters: [Parameter], steps: Int, optimizer: ScheduledOptimizer,
                schedule: LearningRateSchedule = .constant, averageDecay: Float? = nil) {
        require(steps > 0, "A training run needs a positive number of steps, got \(steps).")
        // One optimiser per run, owning exactly what is trained: a parameter the optimiser does not hold
        // would never move, and one it holds but the loss never sees would decay under weight decay.
        require(optimizer.parameters.map(ObjectIdentifier.init) == parameters.map(ObjectIdentifier.init),
                "\(label): the optimiser must own exactly the parameters being trained, in the same order.")
        self.label = label
        self.parameters = parameters
        self.optimizer = optimizer
        self.steps = steps
        self.schedule = schedule
        baseLearningRate = optimizer.learningRate
        average = averageDecay.map { ExponentialMovingAverage(parameters: parameters, decay: $0, warmUp: true) }
    }

    /// One step at the scheduled learning rate; updates the weight average if there is one.
    @discardableResult
    public func step(_ step: Int, loss: (Tape) throws -> Variable) throws -> Float {
        optimizer.learningRate = baseLearningRate * Float(schedule.multiplier(step: step, of: steps))
        let value = try trainingStep(step, quantity: "\(label) loss", parameters: parameters, optimizer: optimizer, loss: loss)
        average?.update()
        losses.append(value)
        return value
    }

    /// Loads the averaged weights into the parameters (if averaging), for evaluation and sampling.
    public func finish() {
        average?.copyAveragesToParameters()
    }
}
