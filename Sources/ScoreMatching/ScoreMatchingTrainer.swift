import Autodiff
import Foundation
import NeuralLayers
import TensorCore
import Training

// listing: score-matching-trainer
/// Fits an MLP score network s_θ: ℝᵈ → ℝᵈ to samples with one of the three objectives: minibatches drawn with
/// replacement, Adam with cosine decay and an exponential moving average of the weights. The chapter drives the
/// steps (to show progress) and calls `finish()` to load the averaged weights.
public final class ScoreMatchingTrainer {
    public let network: MLP
    public let objective: ScoreMatchingObjective
    public let data: Tensor
    public let batchSize: Int
    public let trainer: Trainer
    /// Wall-clock seconds spent inside `step`, for the cost per step.
    public private(set) var seconds = 0.0

    public init(_ network: MLP, objective: ScoreMatchingObjective, data: Tensor, steps: Int, batchSize: Int = 256,
                learningRate: Float = 2e-3, label: String) {
        (self.network, self.objective, self.data, self.batchSize) = (network, objective, data, batchSize)
        trainer = Trainer(label: label, parameters: network.parameters, steps: steps,
                          optimizer: Adam(parameters: network.parameters, learningRate: learningRate),
                          schedule: .cosine(floor: 0.05), averageDecay: 0.995)
    }

    @discardableResult
    public func step(_ step: Int, using generator: inout RandomGenerator) throws -> Float {
        let start = Date()
        let batch = data.randomRows(batchSize, using: &generator)
        let loss = try trainer.step(step) { tape in objective.loss(network, batch: batch, on: tape, using: &generator) }
        seconds += Date().timeIntervalSince(start)
        return loss
    }

    public func finish() { trainer.finish() }
}
// end listing
