import Foundation
import Testing
import DiffusionModels
import NeuralLayers
import Statistics
import TensorCore

/// The noise-prediction network and its training.
@Suite struct EpsilonNetworkTests {
    /// Tape gradients of every parameter (MLP weights and class embeddings) agree with
    /// central differences, and the tape forward equals the tensor forward.
    @Test func parameterGradientsMatchFiniteDifferences() {
        var generator = RandomGenerator(seed: 31)
        let network = EpsilonNetwork(schedule: .linear(steps: 50), dataDimension: 3, hidden: [8, 8], timeEmbeddingDimension: 4,
                                     classCount: 2, classEmbeddingDimension: 3, using: &generator)
        let x = Tensor.normal([4, 3], using: &generator), target = Tensor.normal([4, 3], using: &generator)
        let timesteps = [1, 17, 33, 50], labels = [0, 2, 1, 0]
        let report = GradientCheck.compare(parameters: network.parameters) { tape in
            (network(tape.constant(x), timesteps: timesteps, labels: labels) - target).squared().sum()
        }
        #expect(report.passed, "\(report)")
        let tape = Tape()
        let recorded = network(tape.constant(x), timesteps: timesteps, labels: labels).value
        let plain = network.predictNoise(x, timesteps: timesteps, labels: labels)
        #expect(zip(recorded.scalars, plain.scalars).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    /// Without labels a conditional network predicts for the null class; different classes
    /// and different timesteps give different outputs (the inputs reach the MLP).
    @Test func missingLabelsMeanTheNullClass() {
        var generator = RandomGenerator(seed: 32)
        let network = EpsilonNetwork(schedule: .linear(steps: 100), dataDimension: 2, hidden: [16], classCount: 3, using: &generator)
        let x = Tensor.normal([2, 2], using: &generator)
        #expect(network.nullLabel == 3 && network.classCount == 3)
        #expect(network.predictNoise(x, timestep: 10) == network.predictNoise(x, timestep: 10, labels: [3, 3]))
        #expect(network.predictNoise(x, timestep: 10, labels: [0, 0]) != network.predictNoise(x, timestep: 10, labels: [1, 1]))
        #expect(network.predictNoise(x, timestep: 10) != network.predictNoise(x, timestep: 11))
    }

    /// A short run on 2-D Gaussian data lowers the loss averaged over all timesteps from the
    /// untrained network's (six times the floor) to within 3% of the exact predictor's floor, measured on held-out
    /// data with the same noise for both (so the comparison is paired).
    @Test func shortTrainingRunApproachesTheExactPredictorsLoss() throws {
        let schedule = DiffusionSchedule.linear(steps: 50)
        let mean = [1.0, -0.5], deviation = 0.5
        var generator = RandomGenerator(seed: 33)
        func data(_ n: Int) -> Tensor {
            Tensor.normal([n, 2], standardDeviation: Float(deviation), using: &generator) + Tensor(mean.map(Float.init))
        }
        let training = data(4_000), heldOut = data(2_000)
        let network = EpsilonNetwork(schedule: schedule, dataDimension: 2, hidden: [64, 64], using: &generator)
        let exact = GaussianDataDenoiser(mean: mean, standardDeviation: deviation, schedule: schedule)
        func averageLoss(_ model: some NoisePredictor) -> Double {
            var evaluation = RandomGenerator(seed: 34)
            return perTimestepLoss(model: model, data: heldOut, timesteps: Array(1...50), using: &evaluation).map(\.mean).mean
        }
        let before = averageLoss(network)
        let trainer = DiffusionTrainer(model: network, steps: 1_500, learningRate: 3e-3, learningRateSchedule: .cosine(floor: 0.05),
                                       averageDecay: 0.99)
        for step in 0..<trainer.steps {
            try trainer.step(step, batch: training.randomRows(128, using: &generator), using: &generator)
        }
        trainer.finish()
        let after = averageLoss(network), floor = averageLoss(exact)
        #expect(trainer.history.count == 1_500)
        #expect(after < before && after < 1.03 * floor, "untrained \(before), trained \(after), exact \(floor)")
    }

    /// Class-conditional training with label dropout learns both the classes and the null
    /// class: on held-out data of two well-separated classes, the loss with the true labels
    /// is below the loss with the null label, which is below an untrained network's.
    @Test func conditionalTrainingLearnsClassesAndTheNullClass() throws {
        let schedule = DiffusionSchedule.linear(steps: 50)
        var generator = RandomGenerator(seed: 35)
        let labels = (0..<4_000).map { $0 % 2 }
        let centres = Tensor(rows: labels.map { $0 == 0 ? [2, 0] : [-2, 0] })
        let training = Tensor.normal([4_000, 2], standardDeviation: 0.3, using: &generator) + centres
        let network = EpsilonNetwork(schedule: schedule, dataDimension: 2, hidden: [64, 64], classCount: 2, using: &generator)
        let trainer = DiffusionTrainer(model: network, steps: 1_500, learningRate: 3e-3, learningRateSchedule: .cosine(floor: 0.05),
                                       labelDropout: 0.2)
        for step in 0..<trainer.steps {
            let batch = training.randomRows(128, labels: labels, using: &generator)
            try trainer.step(step, batch: batch.rows, labels: batch.labels, using: &generator)
        }
        let heldOut = training.slice(0..<1_000), heldOutLabels = Array(labels[0..<1_000])
        func loss(_ labels: [Int]?) -> SampleSummary {
            var evaluation = RandomGenerator(seed: 36)
            return SampleSummary(perTimestepLoss(model: network, data: heldOut, labels: labels, timesteps: [5, 15, 30], using: &evaluation).map(\.mean))
        }
        let conditional = loss(heldOutLabels).mean, unconditional = loss(nil).mean
        #expect(conditional < 0.9 * unconditional, "conditional \(conditional), null class \(unconditional)")
        #expect(unconditional < 1.5, "null class \(unconditional) (an untrained network is near 2 or above)")
    }
}
