import Foundation
import Testing
import ScoreBasedModels
import TensorCore

/// Hutchinson's estimator is unbiased: over many points, one probe each, the mean of
/// (estimate − exact divergence) must be within 4 standard errors of zero — for several seeds.
@Suite struct HutchinsonBiasTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func oneProbePerPointIsUnbiased(seed: UInt64) {
        var generator = RandomGenerator(seed: seed)
        let sde = VariancePreservingSDE()
        let network = NoisePredictionNetwork(sde: sde, hidden: 32, hiddenLayers: 2, gaussianPartSecondMoment: 2, using: &generator)
        let points = Tensor.normal([4_000, 2], using: &generator)
        let exact = network.scoreAndDivergence(points, at: 0.3).divergence
        let estimate = network.hutchinsonDivergence(points, at: 0.3, probes: 1, using: &generator)
        let differences = zip(estimate, exact).map { $0 - $1 }
        let mean = differences.reduce(0, +) / Double(differences.count)
        let spread = (differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(differences.count - 1)).squareRoot()
        #expect(abs(mean) < 4 * spread / Double(differences.count).squareRoot())
    }
}
