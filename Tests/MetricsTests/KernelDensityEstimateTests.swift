import Foundation
import Testing
import Distributions
import TensorCore
@testable import Metrics

/// The Gaussian KDE: its formula, its mass, and how its bandwidth is chosen.
@Suite struct KernelDensityEstimateTests {
    /// log p̂ at a point equals the mean of the kernels' densities written out, and a point
    /// 40 bandwidths from every centre (where each kernel underflows) stays finite.
    @Test func logDensityIsTheMeanOfTheKernels() {
        let centres = Tensor(rows: [[0, 0], [1, 0.5], [-0.3, 2]])
        let h = 0.7
        let kde = KernelDensityEstimate(points: centres, bandwidth: h)
        let query = Tensor(rows: [[0.2, 0.4], [28, -3]])
        let values = kde.logDensity(query)
        var direct = 0.0
        for i in 0..<3 {
            let squared = pow(0.2 - Double(centres[i, 0]), 2) + pow(Double(Float(0.4)) - Double(centres[i, 1]), 2)
            direct += exp(-squared / (2 * h * h)) / (2 * Double.pi * h * h) / 3
        }
        #expect(abs(values[0] - log(direct)) < 1e-6)
        #expect(values[1].isFinite && values[1] < -700)
    }

    /// The KDE integrates to 1 in two dimensions (product grid) and in one (Gauss–Legendre).
    @Test func integratesToOne() {
        var generator = RandomGenerator(seed: 1)
        let points = Tensor.normal([60, 2], using: &generator)
        let kde = KernelDensityEstimate(points: points, bandwidth: 0.3)
        let grid = GridQuadrature2D.gaussLegendre(first: -7...7, second: -7...7, panelWidth: 0.3)
        #expect(abs(grid.mass(logDensity: kde.logDensity) - 1) < 1e-6)
        let line = Tensor.normal([40, 1], using: &generator)
        let rule = QuadratureRule.gaussLegendre(from: -8, to: 8, panelWidth: 0.2)
        let nodes = Tensor(shape: [rule.count, 1], scalars: rule.nodes.map(Float.init))
        let mass = rule.integrate(KernelDensityEstimate(points: line, bandwidth: 0.15).logDensity(nodes).map(exp))
        #expect(abs(mass - 1) < 1e-6)
    }

    /// Scott's rule is σ̄·m^{−1/(d+4)}; on Gaussian data the validation-chosen bandwidth is
    /// within a factor 1.6 of it, while on the thin moons it is less than half of it, and the
    /// chosen bandwidth beats Scott's on held-out points there.
    @Test func bandwidthChosenOnValidationDataAdaptsToTheData() {
        var generator = RandomGenerator(seed: 2)
        let gaussian = Tensor.normal([800, 2], using: &generator) * 2
        let scott = KernelDensityEstimate.scottBandwidth(gaussian)
        #expect(abs(scott / (2 * pow(800, -1.0 / 6)) - 1) < 0.06)
        let candidates = KernelDensityEstimate.logSpacedBandwidths(from: 0.05, to: 3, count: 30)
        let chosen = KernelDensityEstimate(points: gaussian, validation: Tensor.normal([800, 2], using: &generator) * 2, candidates: candidates)
        #expect(chosen.bandwidth > scott / 1.6 && chosen.bandwidth < scott * 1.6, "chosen \(chosen.bandwidth), Scott \(scott)")

        let moons = TwoMoons()
        let (train, validation, test) = (moons.sample(800, using: &generator), moons.sample(800, using: &generator), moons.sample(800, using: &generator))
        let fitted = KernelDensityEstimate(points: train, validation: validation, candidates: candidates)
        let rule = KernelDensityEstimate(points: train, bandwidth: KernelDensityEstimate.scottBandwidth(train))
        #expect(fitted.bandwidth < 0.5 * rule.bandwidth, "moons: chosen \(fitted.bandwidth), Scott \(rule.bandwidth)")
        #expect(fitted.logDensity(test).reduce(0, +) > rule.logDensity(test).reduce(0, +))
        // The scores the choice was made from: the best is the chosen bandwidth's.
        let scores = KernelDensityEstimate.validationLogLikelihoods(points: train, validation: validation, bandwidths: candidates)
        #expect(candidates[scores.indices.max { scores[$0] < scores[$1] }!] == fitted.bandwidth)
    }
}
