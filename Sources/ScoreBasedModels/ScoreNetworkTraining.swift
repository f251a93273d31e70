import Foundation
import NeuralLayers
import Training

/// How a noise-prediction network is trained: denoising score matching on minibatches
/// drawn with replacement, Adam with cosine decay, and an exponential moving average of
/// the weights used for sampling.
public struct ScoreTrainingSettings: Sendable {
    public var steps: Int
    public var batchSize: Int
    public var learningRate: Float
    /// The learning rate decays by cosine to this fraction of its start.
    public var finalLearningRateFraction: Double
    public var averageDecay: Float
    public var objective: DenoisingScoreMatching

    public init(steps: Int, batchSize: Int = 512, learningRate: Float = 2e-3, finalLearningRateFraction: Double = 0.05,
                averageDecay: Float = 0.999, objective: DenoisingScoreMatching = DenoisingScoreMatching()) {
        self.steps = steps
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.finalLearningRateFraction = finalLearningRateFraction
        self.averageDecay = averageDecay
        self.objective = objective
    }
}

// listing: score-network-trainer
/// Trains a `NoisePredictionNetwork` on `data`; the chapter drives the steps (and shows
/// progress), then calls `finish()` to load the averaged weights.
public final class ScoreNetworkTrainer {
    public let network: NoisePredictionNetwork
    public let data: Tensor
    public let settings: ScoreTrainingSettings
    public let trainer: Trainer

    public init(_ network: NoisePredictionNetwork, data: Tensor, settings: ScoreTrainingSettings, label: String) {
        self.network = network
        self.data = data
        self.settings = settings
        trainer = Trainer(label: label, parameters: network.parameters, steps: settings.steps,
                          optimizer: Adam(parameters: network.parameters, learningRate: settings.learningRate),
                          schedule: .cosine(floor: settings.finalLearningRateFraction), averageDecay: settings.averageDecay)
    }

    /// One denoising-score-matching step on a fresh minibatch.
    @discardableResult
    public func step(_ step: Int, using generator: inout RandomGenerator) throws -> Float {
        let batch = data.randomRows(settings.batchSize, using: &generator)
        return try trainer.step(step) { tape in settings.objective.loss(network, clean: batch, on: tape, using: &generator) }
    }

    /// Loads the exponential moving average of the weights into the network.
    public func finish() { trainer.finish() }
}
// end listing
