import Autodiff
import NeuralLayers
import TensorCore
import Training

/// Where the negative samples of a training step come from.
public enum NegativeSampling: Sendable {
    /// Short-run chains (Nijkamp et al. 2019): every step starts fresh chains from uniform noise on the box.
    case shortRun
    /// Persistent chains kept in a replay buffer (Du & Mordatch 2019).
    case persistent(ReplayBuffer)
}

// listing: contrastive-energy-training
/// Maximum-likelihood training of an energy network with Langevin negatives. The gradient of the
/// mean log-likelihood is −⟨∇_θE⟩_data + ⟨∇_θE⟩_{p_θ}, so descending
///
///   𝓛(θ) = ⟨E_θ(x⁺)⟩ − ⟨E_θ(x⁻)⟩ + α·(⟨E_θ(x⁺)²⟩ + ⟨E_θ(x⁻)²⟩),   x⁻ ~ p_θ held fixed,
///
/// follows it when α = 0: the positive phase pushes the energy of data down, the negative
/// phase pushes the energy of the model's own samples up. The samples x⁻ come from Langevin
/// chains and are not differentiated through. The α term (Du & Mordatch 2019) keeps energies
/// near 0 so that their scale cannot drift without bound; it changes the fixed point slightly.
public final class ContrastiveEnergyTrainer {
    public let energy: EnergyNetwork
    public let trainer: Trainer
    public let sampler: BoxLangevin
    public private(set) var negatives: NegativeSampling
    /// α, the weight of the energy-magnitude regulariser.
    public let regularization: Float

    public init(_ energy: EnergyNetwork, negatives: NegativeSampling, sampler: BoxLangevin, regularization: Float,
                steps: Int, learningRate: Float, schedule: LearningRateSchedule = .constant, label: String) {
        self.energy = energy
        self.negatives = negatives
        self.sampler = sampler
        self.regularization = regularization
        // β₁ = 0 as Du & Mordatch use: the negatives change every step, and momentum would carry stale phases.
        trainer = Trainer(label: label, parameters: energy.parameters, steps: steps,
                          optimizer: Adam(parameters: energy.parameters, learningRate: learningRate, beta1: 0, beta2: 0.999), schedule: schedule)
    }

    /// Negative samples for a batch of `count`, by this trainer's scheme.
    public func drawNegatives(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        switch negatives {
        case .shortRun:
            return sampler.run(energy.uniformNoise(count, using: &generator), energy: energy, using: &generator)
        case .persistent(var buffer):
            let (indices, starts) = buffer.draw(count, energy: energy, using: &generator)
            let advanced = sampler.run(starts, energy: energy, using: &generator)
            buffer.store(advanced, at: indices)
            negatives = .persistent(buffer)
            return advanced
        }
    }

    /// 𝓛 on a tape for given positive and negative batches.
    public func loss(positive: Tensor, negative: Tensor, on tape: Tape) -> Variable {
        let (plus, minus) = (energy(tape.variable(positive)), energy(tape.variable(negative)))
        return plus.mean() - minus.mean() + (plus.squared().mean() + minus.squared().mean()) * regularization
    }

    /// One step on the data batch `positive`: draws as many negatives and descends 𝓛.
    @discardableResult
    public func step(_ step: Int, positive: Tensor, using generator: inout RandomGenerator) throws -> Float {
        let negative = drawNegatives(positive.rowCount, using: &generator)
        return try trainer.step(step) { tape in loss(positive: positive, negative: negative, on: tape) }
    }
}
// end listing
