import Foundation
import NeuralLayers
import Training

// listing: consistency-model
/// Consistency models (Song, Dhariwal, Chen & Sutskever 2023): a network f(x, σ) that maps every
/// point of a probability-flow trajectory to the trajectory's end, so that one evaluation turns
/// noise into a sample. With the consistency preconditioning f(x, σ_min) = x holds exactly, and
/// training makes f agree with itself between adjacent levels σ_n < σ_{n+1}:
///
///   loss = mean of ‖f_θ(x_{n+1}, σ_{n+1}) − f_θ⁻(x̂_n, σ_n)‖²,   x_{n+1} = x₀ + σ_{n+1}z,
///
/// with θ⁻ an exponential moving average of θ (no gradient through it) and x̂_n either
///
/// - **distillation**: one Heun step of a teacher's probability-flow ODE from x_{n+1} to σ_n, or
/// - **training** from scratch: x₀ + σ_n z with the same z, an unbiased stand-in for that step.
public final class ConsistencyTrainer {
    public enum Mode { case distillation(teacher: PreconditionedNetwork), training }

    public let model: PreconditionedNetwork
    /// θ⁻, the target network.
    public let target: PreconditionedNetwork
    public let mode: Mode
    /// σ_min = σ₁ < … < σ_N = σ_max.
    public let levels: [Double]
    /// μ, the target network's decay.
    public let targetDecay: Float
    public let trainer: Trainer

    /// - Parameter model: a network with the consistency preconditioning (σ_min its boundary).
    public init(label: String, model: PreconditionedNetwork, mode: Mode, levels: NoiseLevels, levelCount: Int, steps: Int,
                learningRate: Float = 1e-3, targetDecay: Float = 0.95) {
        require(model.preconditioning.boundary == levels.minimum, "The model's boundary must be the lowest level σ_min = \(levels.minimum).")
        self.model = model
        self.mode = mode
        self.levels = levels.levels(levelCount).reversed()
        self.targetDecay = targetDecay
        target = model.copied()
        trainer = Trainer(label: label, parameters: model.parameters, steps: steps,
                          optimizer: Adam(parameters: model.parameters, learningRate: learningRate), schedule: .constant)
    }

    /// One step on clean points `batch`; returns the loss before the update.
    @discardableResult
    public func step(_ step: Int, batch: Tensor, using generator: inout RandomGenerator) throws -> Float {
        let n = (0..<batch.rowCount).map { _ in generator.integer(below: levels.count - 1) }
        let lower = Tensor(shape: [n.count, 1], scalars: n.map { Float(levels[$0]) })
        let upper = Tensor(shape: [n.count, 1], scalars: n.map { Float(levels[$0 + 1]) })
        let z = Tensor.normal(batch.shape, using: &generator)
        let noisier = batch + z * upper
        let earlier: Tensor
        switch mode {
        case .distillation(let teacher): earlier = teacher.heunStep(noisier, from: upper, to: lower)
        case .training: earlier = batch + z * lower
        }
        let anchor = target(earlier, sigmas: lower)
        let loss = try trainer.step(step) { tape in (model(tape.constant(noisier), sigmas: upper) - anchor).squared().sum(alongAxis: 1).mean() }
        for (average, current) in zip(target.parameters, model.parameters) {
            average.value = average.value * targetDecay + current.value * (1 - targetDecay)
        }
        return loss
    }
}

extension PreconditionedNetwork {
    /// Multistep consistency sampling (Song et al. 2023, algorithm 1): x = f(σ_max·z, σ_max), then
    /// for each τ in `levels` (decreasing, above σ_min) re-noise, x ← f(x + √(τ² − σ_min²)·z, τ).
    /// One network evaluation per level, 1 + levels.count in all.
    public func consistencySample(_ count: Int, dimension: Int, maximum: Double, levels: [Double] = [],
                                  using generator: inout RandomGenerator) -> Tensor {
        let boundary = preconditioning.boundary ?? 0
        var x = denoise(Tensor.normal([count, dimension], using: &generator) * Float(maximum), sigma: maximum)
        for tau in levels {
            x = denoise(x + Tensor.normal([count, dimension], using: &generator) * Float((tau * tau - boundary * boundary).squareRoot()), sigma: tau)
        }
        return x
    }
}
// end listing
