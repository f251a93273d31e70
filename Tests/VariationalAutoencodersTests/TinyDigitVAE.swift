import Foundation
import TensorCore
import Datasets
import NeuralLayers
@testable import VariationalAutoencoders

/// The first 300 digits, and small VAEs trained on them in a fraction of a second.
enum TinyDigitVAE {
    static let images: Tensor = {
        // The digits ship with the package; failing to load them is a broken checkout.
        let digits = try! Digits.load()
        return digits.images.slice(0..<300)
    }()

    /// A VAE with one hidden layer of 64 units, trained for `steps` steps of 64 digits.
    static func trained(latentSize: Int = 4, steps: Int = 300, objective: ELBOObjective = .standard, seed: UInt64 = 1) throws
        -> (model: VariationalAutoencoder, trainer: VariationalAutoencoderTrainer) {
        var generator = RandomGenerator(seed: seed)
        let model = VariationalAutoencoder(dataSize: 64, latentSize: latentSize, hiddenSizes: [64], using: &generator)
        let trainer = VariationalAutoencoderTrainer(model: model, steps: steps, learningRate: 2e-3, objective: objective)
        for step in 0..<steps { try trainer.step(step, batch: images.randomRows(64, using: &generator), using: &generator) }
        return (model, trainer)
    }

    /// log p(xᵢ) under the best model without a latent variable: independent binomial
    /// pixels with p the pixel means of `images` (the trivial baseline a VAE must beat).
    static func factorisedBaseline(_ data: Tensor) -> [Double] {
        let p = images.mean(alongAxis: 0).clamped(1e-4, 1 - 1e-4)
        let logits = (p.log() - (1 - p).log()).reshaped([1, 64])
        return DecoderLikelihood.digits.logLikelihood(outputs: Tensor.concatenate(Array(repeating: logits, count: data.rowCount), alongAxis: 0),
                                                      data: data)
    }

}
