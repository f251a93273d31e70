import Distributions
import Foundation
import NeuralLayers
import ScoreBasedModels
import Training

/// The chapter-12 score model, run through the same library code chapter 12 uses
/// (`NoisePredictionNetwork`, `DenoisingScoreMatching`, `trainingStep`,
/// `EulerMaruyamaSampler`), on the workload the JAX peer (`scripts/jax_benchmarks.py`)
/// computes:
///
/// * VP-SDE with β(t) = β₀ + t(β₁ − β₀), β₀ = 0.1, β₁ = 20;
/// * network input = [x, e(t)] with a 16-dimensional sinusoidal embedding of t;
/// * MLP 18 → 128 → 128 → 128 → 2 with SiLU;
/// * loss = mean over the batch of ‖σ_t·s(x_t, t) + z‖² (DSM weighted by σ_t²), which with
///   s = −ε̂/σ is the library's ε-prediction loss ‖ε̂ − z‖², t ~ U(0.001, 1);
/// * data: ring of radius 1 with radial noise 0.05; Adam with learning rate 1e-3.
struct ScoreWorkload {
    let network: NoisePredictionNetwork
    let optimizer: Adam
    let objective = DenoisingScoreMatching(smallestTime: 1e-3)

    init(seed: UInt64) {
        var generator = RandomGenerator(seed: seed)
        network = NoisePredictionNetwork(sde: VariancePreservingSDE(betaMin: 0.1, betaMax: 20), hidden: 128, hiddenLayers: 3,
                                         embeddingDimension: 16, name: "score", using: &generator)
        optimizer = Adam(parameters: network.parameters, learningRate: 1e-3)
    }

    /// Points on the unit ring with radial noise 0.05 (the same draws as before the ring moved to `Distributions`).
    static func ring(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        Ring(radius: 1, radialStandardDeviation: 0.05).sample(count, using: &generator)
    }

    /// One denoising-score-matching step on a fresh batch; returns the loss.
    func trainingStep(batchSize: Int, using generator: inout RandomGenerator) -> Float {
        let data = Self.ring(batchSize, using: &generator)
        // A finite loss is guaranteed here (the workload is fixed), so a failure would be a bug.
        return try! Training.trainingStep(0, quantity: "benchmark loss", parameters: network.parameters, optimizer: optimizer) { tape in
            objective.loss(network, clean: data, on: tape, using: &generator)
        }
    }

    /// Euler–Maruyama on the reverse VP-SDE from t = 1 to t = 0.001 with the network's score.
    func reverseSample(particles: Int, steps: Int, using generator: inout RandomGenerator) -> Tensor {
        EulerMaruyamaSampler(steps: steps).sample(network, count: particles, using: &generator)
    }
}
