import Distributions
import Foundation
import NeuralLayers

/// The chapter-12 score model used by the `score-mlp-train` and
/// `reverse-sde-sample` workloads, written exactly as the issue fixes it so
/// the JAX peer (`scripts/jax_benchmarks.py`) computes the same thing:
///
/// * VP-SDE with β(t) = β₀ + t(β₁ − β₀), β₀ = 0.1, β₁ = 20;
/// * network input = [x, e(t)] with a 16-dimensional sinusoidal embedding of t;
/// * MLP 18 → 128 → 128 → 128 → 2 with SiLU;
/// * loss = mean over the batch of ‖σ_t·s(x_t, t) + z‖² (DSM weighted by σ_t²);
/// * data: ring of radius 1 with radial noise 0.05; Adam with learning rate 1e-3.
struct ScoreWorkload {
    let betaMin: Float = 0.1
    let betaMax: Float = 20
    let embedding = SinusoidalEmbedding(dimension: 16)
    let network: MLP
    let optimizer: Adam

    init(seed: UInt64) {
        var generator = RandomGenerator(seed: seed)
        network = MLP(sizes: [18, 128, 128, 128, 2], activation: .silu, name: "score", using: &generator)
        optimizer = Adam(parameters: network.parameters, learningRate: 1e-3)
    }

    /// β(t).
    func beta(_ t: Float) -> Float { betaMin + t * (betaMax - betaMin) }

    /// log of the VP mean coefficient: −¼t²(β₁ − β₀) − ½tβ₀.
    func logMeanCoefficient(_ t: Float) -> Float { -0.25 * t * t * (betaMax - betaMin) - 0.5 * t * betaMin }

    /// Points on the unit ring with radial noise 0.05 (the same draws as before the ring moved to `Distributions`).
    static func ring(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        Ring(radius: 1, radialStandardDeviation: 0.05).sample(count, using: &generator)
    }

    /// One denoising-score-matching step on a fresh batch; returns the loss.
    func trainingStep(batchSize: Int, using generator: inout RandomGenerator) -> Float {
        let data = Self.ring(batchSize, using: &generator)
        let times = Tensor.uniform([batchSize, 1], low: 0.001, high: 1, using: &generator)
        let noise = Tensor.normal([batchSize, 2], using: &generator)
        let meanCoefficient = times.map { Foundation.exp(logMeanCoefficient($0)) }
        let standardDeviation = meanCoefficient.map { (1 - $0 * $0).squareRoot() }
        let noisy = data * meanCoefficient + noise * standardDeviation
        let input = Tensor.concatenate([noisy, embedding(times)], alongAxis: 1)

        let tape = Tape()
        let score = network(tape.constant(input))
        // ‖σ s + z‖² summed over the 2 coordinates, averaged over the batch.
        let residual = score * standardDeviation + noise
        let loss = residual.squared().sum() * (1 / Float(batchSize))
        optimizer.step(gradients: tape.gradients(of: loss, for: network.parameters))
        return loss.value.scalar
    }

    /// Euler–Maruyama on the reverse VP-SDE from t = 1 to t = ε with the
    /// network's score (forward passes only, no tape):
    /// x ← x + [½β x + β s(x, t)]·Δt + √(β Δt)·z, with Δt = (1 − ε)/steps.
    func reverseSample(particles: Int, steps: Int, using generator: inout RandomGenerator) -> Tensor {
        let epsilon: Float = 1e-3
        let stepSize = (1 - epsilon) / Float(steps)
        var x = Tensor.normal([particles, 2], using: &generator)
        for step in 0..<steps {
            let t = 1 - Float(step) * stepSize
            let timeFeatures = embedding(Tensor([t])) + Tensor.zeros([particles, 16])
            let score = network(Tensor.concatenate([x, timeFeatures], alongAxis: 1))
            let b = beta(t)
            let noise = Tensor.normal([particles, 2], using: &generator)
            x = x + (x * (0.5 * b) + score * b) * stepSize + noise * (b * stepSize).squareRoot()
        }
        return x
    }
}
