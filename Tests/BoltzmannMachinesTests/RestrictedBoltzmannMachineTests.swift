import Foundation
import Testing
import TensorCore
@testable import BoltzmannMachines

/// A small RBM with weights of order one, so that every term of the energy matters.
private func smallMachine(visible: Int = 8, hidden: Int = 4, seed: UInt64 = 7) -> RestrictedBoltzmannMachine {
    var generator = RandomGenerator(seed: seed)
    var machine = RestrictedBoltzmannMachine(visibleCount: visible, hiddenCount: hidden, weightScale: 1, using: &generator)
    machine.visibleBiases = (0..<visible).map { _ in 0.5 * generator.normalDouble() }
    machine.hiddenBiases = (0..<hidden).map { _ in 0.5 * generator.normalDouble() }
    return machine
}

@Suite struct RestrictedBoltzmannMachineTests {
    /// log Z three ways: every joint state through the energy, the visible states through the
    /// free energy, and the hidden states with the visible units summed out.
    @Test func thePartitionFunctionAgreesAcrossThreeEnumerations() {
        let machine = smallMachine()
        let joint = machine.logPartitionByJointEnumeration
        #expect(abs(machine.logPartitionThroughFreeEnergy - joint) < 1e-12 * abs(joint))
        #expect(abs(machine.logPartitionThroughHiddenStates - joint) < 1e-12 * abs(joint))
        // With every parameter zero each of the 2^(n+m) states has energy 0.
        let blank = RestrictedBoltzmannMachine(weights: Array(repeating: 0, count: 12), visibleBiases: [0, 0, 0], hiddenBiases: [0, 0, 0, 0])
        #expect(abs(blank.logPartitionByJointEnumeration - 7 * log(2)) < 1e-12)
        #expect(abs(blank.exactLogLikelihood([[1, 0, 1]], logPartition: blank.logPartitionThroughFreeEnergy) + 3 * log(2)) < 1e-12)
    }

    /// F(v) = −log Σ_h e^{−E(v, h)} for every visible state.
    @Test func theFreeEnergySumsOutTheHiddenUnits() {
        let machine = smallMachine(visible: 5, hidden: 4)
        for index in 0..<32 {
            let v = RestrictedBoltzmannMachine.binaryState(index, count: 5)
            let bruteForce = -logSumExp((0..<16).map { -machine.energy(visible: v, hidden: RestrictedBoltzmannMachine.binaryState($0, count: 4)) })
            #expect(abs(machine.freeEnergy(v) - bruteForce) < 1e-12 * max(1, abs(bruteForce)))
        }
    }

    /// p(h | v), computed from the joint by brute force, is the product of the per-unit
    /// logistic conditionals, and likewise p(v | h).
    @Test func theConditionalsFactorise() {
        let machine = smallMachine(visible: 4, hidden: 3)
        for vIndex in 0..<16 {
            let v = RestrictedBoltzmannMachine.binaryState(vIndex, count: 4)
            let logWeights = (0..<8).map { -machine.energy(visible: v, hidden: RestrictedBoltzmannMachine.binaryState($0, count: 3)) }
            let normaliser = logSumExp(logWeights), probabilities = machine.hiddenProbabilities(v)
            for hIndex in 0..<8 {
                let h = RestrictedBoltzmannMachine.binaryState(hIndex, count: 3)
                let product = (0..<3).reduce(1.0) { $0 * (h[$1] == 1 ? probabilities[$1] : 1 - probabilities[$1]) }
                #expect(abs(exp(logWeights[hIndex] - normaliser) - product) < 1e-12)
            }
        }
        for hIndex in 0..<8 {
            let h = RestrictedBoltzmannMachine.binaryState(hIndex, count: 3)
            let logWeights = (0..<16).map { -machine.energy(visible: RestrictedBoltzmannMachine.binaryState($0, count: 4), hidden: h) }
            let normaliser = logSumExp(logWeights), probabilities = machine.visibleProbabilities(h)
            for vIndex in 0..<16 {
                let v = RestrictedBoltzmannMachine.binaryState(vIndex, count: 4)
                let product = (0..<4).reduce(1.0) { $0 * (v[$1] == 1 ? probabilities[$1] : 1 - probabilities[$1]) }
                #expect(abs(exp(logWeights[vIndex] - normaliser) - product) < 1e-12)
            }
        }
    }

    /// A long block-Gibbs chain visits each visible state about as often as p(v) = e^{−F(v)}/Z
    /// says: every state's frequency within 5 standard errors, the SE inflated by the chain's
    /// autocorrelation (estimated from batch means of 50 batches).
    @Test func gibbsSamplingHasTheBoltzmannDistributionAsItsStationaryLaw() {
        let machine = smallMachine(visible: 3, hidden: 2, seed: 11)
        let logZ = machine.logPartitionThroughFreeEnergy
        var generator = RandomGenerator(seed: 12)
        var v = [0.0, 0.0, 0.0]
        for _ in 0..<1_000 { v = machine.gibbsStep(from: v, using: &generator).visible }
        let batches = 50, perBatch = 4_000
        var counts = Array(repeating: Array(repeating: 0, count: 8), count: batches)
        for batch in 0..<batches {
            for _ in 0..<perBatch {
                v = machine.gibbsStep(from: v, using: &generator).visible
                counts[batch][Int(v[0] + 2 * v[1] + 4 * v[2])] += 1
            }
        }
        for state in 0..<8 {
            let exact = exp(-machine.freeEnergy(RestrictedBoltzmannMachine.binaryState(state, count: 3)) - logZ)
            let shares = counts.map { Double($0[state]) / Double(perBatch) }
            let mean = shares.reduce(0, +) / Double(batches)
            let standardError = (shares.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(batches - 1) / Double(batches)).squareRoot()
            #expect(abs(mean - exact) < 5 * standardError, "state \(state): \(mean) vs \(exact) ± \(standardError)")
        }
    }
}
