import Foundation
import Testing
import TensorCore
@testable import BoltzmannMachines

@Suite struct ExactGibbsKernelTests {
    static func machine() -> RestrictedBoltzmannMachine {
        var generator = RandomGenerator(seed: 21)
        var machine = RestrictedBoltzmannMachine(visibleCount: 6, hiddenCount: 4, weightScale: 1, using: &generator)
        machine.visibleBiases = (0..<6).map { _ in 0.5 * generator.normalDouble() }
        return machine
    }
    static let data: [[Double]] = [[1, 1, 0, 0, 1, 0], [0, 1, 1, 0, 0, 0], [1, 1, 1, 1, 0, 0], [0, 0, 0, 1, 1, 1], [1, 0, 1, 0, 1, 0]]

    /// The model law is left alone by a step, laws stay normalised, and many steps from the data reach it.
    @Test func theModelLawIsStationaryAndChainsConvergeToIt() {
        let kernel = ExactGibbsKernel(Self.machine()), model = kernel.modelLaw
        #expect(ExactGibbsKernel.totalVariation(kernel.step(model), model) < 1e-13)
        var law = ExactGibbsKernel.empiricalLaw(Self.data, visibleCount: 6)
        for _ in 0..<300 { law = kernel.step(law) }
        #expect(abs(law.reduce(0, +) - 1) < 1e-12)
        #expect(ExactGibbsKernel.totalVariation(law, model) < 1e-8)
    }

    /// The expected CD-1 gradient against the mean of 4,000 sampled CD-1 gradients, within 5 SE per component;
    /// and with many steps it is the exact gradient.
    @Test func expectedContrastiveDivergenceMatchesSamplesAndTheLimit() {
        let machine = Self.machine(), kernel = ExactGibbsKernel(machine)
        let expected = kernel.expectedContrastiveDivergence(Self.data, steps: 1)
        var generator = RandomGenerator(seed: 22)
        let samples = (0..<4_000).map { _ in machine.contrastiveDivergenceGradient(Self.data, steps: 1, using: &generator).weights }
        for index in expected.weights.indices {
            let values = samples.map { $0[index] }, mean = values.reduce(0, +) / 4_000
            let standardError = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 3_999 / 4_000).squareRoot()
            #expect(abs(mean - expected.weights[index]) < 5 * standardError + 1e-12)
        }
        let limit = kernel.expectedContrastiveDivergence(Self.data, steps: 300), exact = machine.exactGradient(Self.data)
        for (a, b) in zip(limit.weights, exact.weights) { #expect(abs(a - b) < 1e-8) }
    }
}
