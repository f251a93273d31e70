import Foundation
import Testing
import TensorCore
import Datasets
import Statistics
@testable import BoltzmannMachines

@Suite struct RBMTrainingTests {
    /// 2^rows + 2^columns − 2 distinct images, each all-rows-equal or all-columns-equal.
    @Test func barsAndStripesAreDistinctAndComplete() {
        let images = BarsAndStripes.patterns(rows: 3, columns: 4)
        #expect(images.count == 8 + 16 - 2)
        #expect(Set(images).count == images.count)
        for image in images {
            let stripes = (0..<3).allSatisfy { r in (0..<4).allSatisfy { image[r * 4 + $0] == image[r * 4] } }
            let bars = (0..<4).allSatisfy { c in (0..<3).allSatisfy { image[$0 * 4 + c] == image[c] } }
            #expect(stripes || bars)
        }
    }

    /// One update with μ = 0 and λ = 0 is exactly θ + η·ĝ; with weight decay the weights shrink by ηλW as well.
    @Test func anUpdateIsAStepAlongTheGradientWithDecay() {
        var generator = RandomGenerator(seed: 1)
        let start = RestrictedBoltzmannMachine(visibleCount: 5, hiddenCount: 3, weightScale: 0.5, using: &generator)
        let data = (0..<7).map { _ in (0..<5).map { _ in generator.uniformDouble() < 0.5 ? 1.0 : 0.0 } }
        var trainer = RBMTrainer(start, rule: .exact, learningRate: 0.1, batchSize: 7, weightDecay: 0.01, using: &generator)
        trainer.update(on: data, using: &generator)
        let gradient = start.exactGradient(data)
        for index in start.weights.indices {
            #expect(abs(trainer.machine.weights[index] - (start.weights[index] + 0.1 * (gradient.weights[index] - 0.01 * start.weights[index]))) < 1e-14)
        }
        for index in start.visibleBiases.indices {
            #expect(abs(trainer.machine.visibleBiases[index] - (start.visibleBiases[index] + 0.1 * gradient.visibleBiases[index])) < 1e-14)
        }
    }

    /// Exact-gradient ascent on bars and stripes must climb most of the way from independent pixels
    /// (−12 log 2 = −8.32 nats) towards the best possible −log 22 = −3.09 nats.
    @Test func exactGradientAscentLearnsBarsAndStripes() {
        var generator = RandomGenerator(seed: 2)
        let data = BarsAndStripes.patterns(rows: 3, columns: 4)
        var trainer = RBMTrainer(RestrictedBoltzmannMachine(visibleCount: 12, hiddenCount: 6, weightScale: 0.1, using: &generator),
                                 rule: .exact, learningRate: 0.1, batchSize: 22, momentum: 0.9, using: &generator)
        for _ in 0..<600 { trainer.epoch(data, using: &generator) }
        let logLikelihood = trainer.machine.exactLogLikelihood(data, logPartition: trainer.machine.logPartitionThroughFreeEnergy)
        #expect(logLikelihood > -4.5 && logLikelihood <= -log(22.0) + 1e-9, "\(logLikelihood)")
    }

    /// PCD keeps one persistent chain per fantasy particle, and they move.
    @Test func persistentChainsPersistAndMove() {
        var generator = RandomGenerator(seed: 3)
        let machine = RestrictedBoltzmannMachine(visibleCount: 6, hiddenCount: 4, weightScale: 1, using: &generator)
        var trainer = RBMTrainer(machine, rule: .persistent(chains: 9, steps: 1), learningRate: 0.01, batchSize: 4, using: &generator)
        let before = trainer.fantasyParticles
        trainer.update(on: [[1, 0, 1, 0, 1, 0]], using: &generator)
        #expect(trainer.fantasyParticles.count == 9 && trainer.fantasyParticles != before)
    }

    /// Chains from noise on a 6 × 3 RBM, 30 steps each: the visited states follow the exact p(v)
    /// (Pearson's χ² below its 10⁻⁴ critical value), and snapshots come back in step order.
    @Test func gibbsSamplesFollowTheExactLaw() {
        var generator = RandomGenerator(seed: 4)
        var machine = RestrictedBoltzmannMachine(visibleCount: 6, hiddenCount: 3, weightScale: 1.5, using: &generator)
        machine.visibleBiases = (0..<6).map { _ in generator.normalDouble() }
        let draws = machine.gibbsSamples(6_000, steps: 30, using: &generator)
        var counts = [Double](repeating: 0, count: 64)
        for v in draws { counts[v.enumerated().reduce(0) { $0 + (Int($1.element) << $1.offset) }] += 1 }
        let logZ = machine.logPartitionThroughFreeEnergy
        let expected = (0..<64).map { 6_000 * exp(-machine.freeEnergy(RestrictedBoltzmannMachine.binaryState($0, count: 6)) - logZ) }
        let test = PearsonChiSquare(observed: counts, expected: expected)
        #expect(test.statistic < PearsonChiSquare.criticalValue(degreesOfFreedom: test.degreesOfFreedom), "χ² = \(test.statistic) on \(test.degreesOfFreedom) degrees of freedom")
        let chain = machine.gibbsChain(from: machine.noiseState(using: &generator), snapshots: [0, 1, 5], using: &generator)
        #expect(chain.count == 3)
    }
}
