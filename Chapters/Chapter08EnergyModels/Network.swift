import Distributions
import EnergyBasedModels
import Foundation
import Metrics
import NeuralLayers
import Notebook
import Statistics
import TensorCore
import Training

// Section 4: one energy network trained three ways from the same start — exact likelihood (Z by quadrature inside
// the loss), short-run Langevin negatives and persistent ones — and each learned density normalised by quadrature.

let ringData = GaussianMixture2D.ring(modes: 6, radius: 2, spread: 0.3)
let energyBox: ClosedRange<Float> = -3.5...3.5
let fineRule = GridQuadrature2D.gaussLegendre(first: -3.5...3.5, second: -3.5...3.5, panelWidth: 0.25)
let trainingRule = GridQuadrature2D.gaussLegendre(first: -3.5...3.5, second: -3.5...3.5, panelWidth: 0.5, nodesPerPanel: 4)

/// Settings shared by the three runs, so that they differ only in how the negative phase is computed.
struct EnergySettings {
    let steps = quick ? 300 : 3_000, batch = quick ? 128 : 256, learningRate: Float = 5e-3, hidden = [64, 64]
    let stepSize: Float = 0.02, chainSteps = quick ? 20 : 40, regularization: Float = 0.01, restartFraction = 0.05, bufferSize = 10_000
    let every = quick ? 100 : 250
}

struct EnergyRun {
    let name: String, energy: EnergyNetwork
    var curve: [(step: Int, heldOut: Double)] = []
    /// The replay buffer's particles at the end of training (persistent run only).
    var buffer: Tensor? = nil
}

/// Trains the three models, recording each one's exact held-out log-likelihood every `settings.every` steps.
func trainEnergyModels(_ settings: EnergySettings, test: Tensor) throws -> [EnergyRun] {
    func fresh() -> EnergyNetwork {   // the same initial weights for every run
        var generator = RandomGenerator(seed: chapter.seed, stream: "energy network start")
        return EnergyNetwork(dimension: 2, hidden: settings.hidden, box: energyBox, using: &generator)
    }
    let (exact, short, persistent) = (fresh(), fresh(), fresh())
    let exactTrainer = Trainer(label: "exact", parameters: exact.parameters, steps: settings.steps,
                               optimizer: Adam(parameters: exact.parameters, learningRate: settings.learningRate, beta1: 0), schedule: .cosine(floor: 0.05))
    let sampler = BoxLangevin(stepSize: settings.stepSize, steps: settings.chainSteps)
    func langevin(_ energy: EnergyNetwork, _ negatives: NegativeSampling, _ label: String) -> ContrastiveEnergyTrainer {
        ContrastiveEnergyTrainer(energy, negatives: negatives, sampler: sampler, regularization: settings.regularization, steps: settings.steps,
                                 learningRate: settings.learningRate, schedule: .cosine(floor: 0.05), label: label)
    }
    let shortTrainer = langevin(short, .shortRun, "short-run")
    let buffer = ReplayBuffer(size: settings.bufferSize, restartFraction: settings.restartFraction, energy: persistent, using: &chapter.random)
    let persistentTrainer = langevin(persistent, .persistent(buffer), "persistent")
    var runs = [EnergyRun(name: "exact likelihood", energy: exact), EnergyRun(name: "short-run negatives", energy: short),
                EnergyRun(name: "persistent negatives", energy: persistent)]
    func record(_ step: Int) {
        for index in runs.indices {
            let logZ = runs[index].energy.logPartition(quadrature: fineRule)
            runs[index].curve.append((step, runs[index].energy.logDensities(test, logPartition: logZ).reduce(0, +) / Double(test.rowCount)))
        }
    }
    record(0)
    try chapter.train("one energy network, three negative phases", steps: settings.steps) { step in
        let batch = ringData.sample(settings.batch, using: &chapter.random)
        try exactTrainer.step(step) { tape in exact.exactNegativeLogLikelihood(batch, quadrature: trainingRule, on: tape) }
        try shortTrainer.step(step, positive: batch, using: &chapter.random)
        try persistentTrainer.step(step, positive: batch, using: &chapter.random)
        if (step + 1) % settings.every == 0 { record(step + 1) }
    }
    if case .persistent(let buffer) = persistentTrainer.negatives { runs[2].buffer = buffer.particles }
    return runs
}
