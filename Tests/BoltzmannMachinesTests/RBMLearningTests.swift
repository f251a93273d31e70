import Foundation
import Testing
import TensorCore
@testable import BoltzmannMachines

private func machine(visible: Int, hidden: Int, seed: UInt64, scale: Double = 1) -> RestrictedBoltzmannMachine {
    var generator = RandomGenerator(seed: seed)
    var machine = RestrictedBoltzmannMachine(visibleCount: visible, hiddenCount: hidden, weightScale: scale, using: &generator)
    machine.visibleBiases = (0..<visible).map { _ in 0.5 * generator.normalDouble() }
    machine.hiddenBiases = (0..<hidden).map { _ in 0.5 * generator.normalDouble() }
    return machine
}

private func randomRows(_ count: Int, width: Int, seed: UInt64) -> [[Double]] {
    var generator = RandomGenerator(seed: seed)
    return (0..<count).map { _ in (0..<width).map { _ in generator.uniformDouble() < 0.4 ? 1 : 0 } }
}

@Suite struct RBMLearningTests {
    /// The model phase summed over the visible states and over the hidden states agree, on a machine wider on each side.
    @Test func theTwoEnumerationsOfTheModelPhaseAgree() {
        for (visible, hidden) in [(7, 3), (3, 6)] {
            let candidate = machine(visible: visible, hidden: hidden, seed: 11)
            let (a, b) = (candidate.modelPhaseThroughVisibleStates(), candidate.modelPhaseThroughHiddenStates())
            for (x, y) in zip(a.weights + a.visibleBiases + a.hiddenBiases, b.weights + b.visibleBiases + b.hiddenBiases) { #expect(abs(x - y) < 1e-13) }
        }
    }

    /// The exact gradient against central differences of the exact mean log-likelihood
    /// (log Z re-enumerated for every perturbed parameter).
    @Test func theExactGradientMatchesFiniteDifferencesOfTheLogLikelihood() {
        let base = machine(visible: 6, hidden: 3, seed: 1), data = randomRows(20, width: 6, seed: 2)
        let gradient = base.exactGradient(data)
        func logLikelihood(_ m: RestrictedBoltzmannMachine) -> Double { m.exactLogLikelihood(data, logPartition: m.logPartitionThroughFreeEnergy) }
        let h = 1e-5
        for index in [0, 4, 9, 17] {
            var up = base, down = base
            up.weights[index] += h; down.weights[index] -= h
            #expect(abs((logLikelihood(up) - logLikelihood(down)) / (2 * h) - gradient.weights[index]) < 1e-7)
        }
        for index in 0..<6 {
            var up = base, down = base
            up.visibleBiases[index] += h; down.visibleBiases[index] -= h
            #expect(abs((logLikelihood(up) - logLikelihood(down)) / (2 * h) - gradient.visibleBiases[index]) < 1e-7)
        }
        for index in 0..<3 {
            var up = base, down = base
            up.hiddenBiases[index] += h; down.hiddenBiases[index] -= h
            #expect(abs((logLikelihood(up) - logLikelihood(down)) / (2 * h) - gradient.hiddenBiases[index]) < 1e-7)
        }
        // A small step along it raises the likelihood.
        var stepped = base
        stepped.ascend(gradient, learningRate: 1e-3)
        #expect(logLikelihood(stepped) > logLikelihood(base))
    }

    /// With chains long enough to forget their start, CD-k's model phase is an unbiased estimate of
    /// the model expectation: averaged over repeats, every component is within 5 SE of the exact gradient.
    @Test func longChainContrastiveDivergenceIsUnbiased() {
        let base = machine(visible: 4, hidden: 3, seed: 3), data = randomRows(50, width: 4, seed: 4)
        let exact = base.exactGradient(data)
        var generator = RandomGenerator(seed: 5)
        let repeats = 40
        let estimates = (0..<repeats).map { _ in base.contrastiveDivergenceGradient(data, steps: 100, using: &generator) }
        for index in exact.weights.indices {
            let values = estimates.map { $0.weights[index] }, mean = values.reduce(0, +) / Double(repeats)
            let standardError = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(repeats - 1) / Double(repeats)).squareRoot()
            #expect(abs(mean - exact.weights[index]) < 5 * standardError + 1e-12, "W[\(index)]: \(mean) vs \(exact.weights[index]) ± \(standardError)")
        }
    }

    /// AIS against the exact log Z of a 10 × 5 RBM: within 4 of its own standard errors, and the error small.
    @Test func annealedImportanceSamplingRecoversTheExactPartitionFunction() {
        let target = machine(visible: 10, hidden: 5, seed: 6)
        let exact = target.logPartitionThroughFreeEnergy
        let ais = AnnealedImportanceSampling(temperatures: AnnealedImportanceSampling.schedule(count: 1_000),
                                             baseVisibleBiases: AnnealedImportanceSampling.baseRateBiases(randomRows(100, width: 10, seed: 7)))
        var generator = RandomGenerator(seed: 8)
        let estimate = ais.estimate(target, runs: 100, using: &generator)
        #expect(abs(estimate.logPartition - exact) < 4 * estimate.standardError + 1e-3, "\(estimate.logPartition) vs \(exact) ± \(estimate.standardError)")
        #expect(estimate.standardError < 0.05)
        // The schedule runs from 0 to 1 in increasing steps, and the base model alone is exact at β = 0.
        let schedule = AnnealedImportanceSampling.schedule(count: 100)
        #expect(schedule.first == 0 && schedule.last == 1 && schedule.count == 101)
    }
}
