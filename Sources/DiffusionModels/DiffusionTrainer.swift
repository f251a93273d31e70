import NeuralLayers
import Training

// listing: diffusion-trainer
/// Trains an `EpsilonNetwork` with the simple denoising loss on minibatches the chapter
/// supplies. A `Trainer` underneath owns Adam, the learning-rate schedule and the optional
/// exponential moving average of the weights (which diffusion samples benefit from: the
/// loss is noisy, being one random timestep per example), and stops with a sentence naming
/// the step if the loss is not finite.
///
/// ```swift
/// let trainer = DiffusionTrainer(model: network, steps: 4_000, learningRate: 2e-3,
///                                learningRateSchedule: .cosine(floor: 0.05), averageDecay: 0.999)
/// try chapter.train("DDPM", steps: trainer.steps) { step in
///     let batch = data.randomRows(128, labels: digitLabels, using: &generator)
///     try trainer.step(step, batch: batch.rows, labels: batch.labels, using: &generator)
/// }
/// trainer.finish()   // load the averaged weights for sampling
/// ```
public final class DiffusionTrainer {
    public let model: EpsilonNetwork
    /// The optimiser, its schedule, the weight average and the run's length.
    public let trainer: Trainer
    /// The probability of replacing a label by the null class (classifier-free guidance).
    public let labelDropout: Double
    /// The batch loss (mean ‖ε − ε̂‖² per example) of every completed step, before its update.
    public private(set) var history: [Double] = []

    /// A trainer with Adam at `learningRate`.
    public convenience init(label: String = "DDPM", model: EpsilonNetwork, steps: Int, learningRate: Float = 1e-3,
                            learningRateSchedule: LearningRateSchedule = .constant, averageDecay: Float? = nil,
                            labelDropout: Double = 0.1) {
        self.init(label: label, model: model, steps: steps, optimizer: Adam(parameters: model.parameters, learningRate: learningRate),
                  learningRateSchedule: learningRateSchedule, averageDecay: averageDecay, labelDropout: labelDropout)
    }

    /// A trainer with a given optimiser; it must own exactly the model's parameters (`Trainer` checks).
    public init(label: String = "DDPM", model: EpsilonNetwork, steps: Int, optimizer: ScheduledOptimizer,
                learningRateSchedule: LearningRateSchedule = .constant, averageDecay: Float? = nil, labelDropout: Double = 0.1) {
        require((0..<1).contains(labelDropout), "\(label): the label dropout must be in [0, 1), got \(labelDropout).")
        self.model = model
        self.labelDropout = labelDropout
        trainer = Trainer(label: label, parameters: model.parameters, steps: steps, optimizer: optimizer,
                          schedule: learningRateSchedule, averageDecay: averageDecay)
    }

    public var label: String { trainer.label }
    /// The planned number of steps (the learning-rate schedule's time axis).
    public var steps: Int { trainer.steps }

    /// One gradient step of the simple loss on `batch` (`[n, D]` clean data), with a class
    /// per row for a conditional network (dropped to the null class with probability
    /// `labelDropout`). Returns and records the batch loss before the update.
    @discardableResult
    public func step(_ step: Int, batch: Tensor, labels: [Int]? = nil, using generator: inout RandomGenerator) throws -> Double {
        let loss = try trainer.step(step) { tape in
            model.denoisingLoss(x0: batch, labels: labels, labelDropout: model.nullLabel == nil ? 0 : labelDropout,
                                on: tape, using: &generator)
        }
        history.append(Double(loss))
        return Double(loss)
    }

    /// Loads the averaged weights into the network (if averaging), for evaluation and sampling.
    public func finish() { trainer.finish() }
}
// end listing
