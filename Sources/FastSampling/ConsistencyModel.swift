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
/// - **training** from scratch: x₀ + σ_n z with the same z: one Euler step of the exact ODE with
///   the one-sample score −(x_{n+1} − x₀)/σ_{n+1}², which needs no teacher.
public final class ConsistencyTrainer {
    public enum Mode { case distillation(teacher: PreconditionedNetwork), training }

    /// Song et al.'s schedule for consistency training (2023, appendix C): the number of levels grows from s₀ to s₁ + 1
    /// over the run, N(k) = ⌈√(k/K·((s₁ + 1)² − s₀²) + s₀²) − 1⌉ + 1, and the target's decay follows it,
    /// μ(k) = exp(s₀·log μ₀ / N(k)): coarse levels and a fast target first, fine levels and a slow target later.
    /// (While chapter 14 was written, one exploratory run each with s₁ = 40 and 150 over 3,000 steps gave consistency
    /// training no better samples; the chapter trains with a fixed schedule and does not measure the curriculum.)
    public struct Curriculum: Sendable {
        public let initialLevels: Int, finalLevels: Int, initialDecay: Double
        public init(initialLevels: Int = 2, finalLevels: Int = 150, initialDecay: Double = 0.9) {
            (self.initialLevels, self.finalLevels, self.initialDecay) = (initialLevels, finalLevels, initialDecay)
        }
        public func levelCount(step: Int, of steps: Int) -> Int {
            let (s0, s1) = (Double(initialLevels), Double(finalLevels))
            return Int((Double(step) / Double(steps) * ((s1 + 1) * (s1 + 1) - s0 * s0) + s0 * s0).squareRoot() - 1 + 0.999_999_999) + 1
        }
        public func targetDecay(levels: Int) -> Float { Float(exp(Double(initialLevels) * log(initialDecay) / Double(levels))) }
    }

    public let model: PreconditionedNetwork
    /// θ⁻, the target network.
    public let target: PreconditionedNetwork
    public let mode: Mode
    /// σ_min = σ₁ < … < σ_N = σ_max (with a curriculum: the current step's).
    public private(set) var levels: [Double]
    public let noiseLevels: NoiseLevels
    public let curriculum: Curriculum?
    /// μ, the target network's decay (with a curriculum: the current step's).
    public private(set) var targetDecay: Float
    public let trainer: Trainer

    /// - Parameter model: a network with the consistency preconditioning (σ_min its boundary).
    public init(label: String, model: PreconditionedNetwork, mode: Mode, levels: NoiseLevels, levelCount: Int, steps: Int,
                learningRate: Float = 1e-3, targetDecay: Float = 0.95, curriculum: Curriculum? = nil) {
        require(model.preconditioning.boundary == Double(Float(levels.minimum)), "The model's boundary must be the lowest level σ_min = \(levels.minimum).")
        self.model = model
        self.mode = mode
        self.levels = levels.levels(levelCount).reversed()
        noiseLevels = levels
        self.curriculum = curriculum
        self.targetDecay = targetDecay
        target = model.copied()
        trainer = Trainer(label: label, parameters: model.parameters, steps: steps,
                          optimizer: Adam(parameters: model.parameters, learningRate: learningRate), schedule: .constant)
    }

    /// One step on clean points `batch`; returns the loss before the update.
    @discardableResult
    public func step(_ step: Int, batch: Tensor, using generator: inout RandomGenerator) throws -> Float {
        if let curriculum {
            let count = curriculum.levelCount(step: step, of: trainer.steps)
            if count != levels.count { levels = noiseLevels.levels(count).reversed() }
            targetDecay = curriculum.targetDecay(levels: count)
        }
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
