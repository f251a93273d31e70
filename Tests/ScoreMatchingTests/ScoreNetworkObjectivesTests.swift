import Autodiff
import Foundation
import NeuralLayers
import ScoreMatching
import Statistics
import Testing
import TensorCore

@Suite struct ScoreNetworkObjectivesTests {
    /// A one-layer network s(x) = xW + b, whose divergence is tr W: every objective has a closed form.
    func linearNetwork(seed: UInt64) -> MLP {
        var random = RandomGenerator(seed: seed)
        let network = MLP(sizes: [2, 2], using: &random)
        network.layers[0].bias.value = Tensor(shape: [2], scalars: [0.3, -0.2])
        return network
    }

    func points(_ n: Int, seed: UInt64) -> Tensor {
        var random = RandomGenerator(seed: seed)
        return Tensor.normal([n, 2], using: &random)
    }

    /// mean ½‖xW + b‖² + tr W, in double precision from the network's own weights.
    func implicitByHand(_ network: MLP, _ x: Tensor) -> Double {
        let w = network.layers[0].weight.value.scalars.map(Double.init), b = network.layers[0].bias.value.scalars.map(Double.init)
        let rows = x.rowCount
        var total = 0.0
        for row in 0..<rows {
            let (x0, x1) = (Double(x.scalars[2 * row]), Double(x.scalars[2 * row + 1]))
            let s0 = x0 * w[0] + x1 * w[2] + b[0], s1 = x0 * w[1] + x1 * w[3] + b[1]
            total += 0.5 * (s0 * s0 + s1 * s1)
        }
        return total / Double(rows) + w[0] + w[3]
    }

    @Test func theImplicitObjectiveOfALinearScoreIsItsClosedForm() {
        let network = linearNetwork(seed: 1), x = points(64, seed: 2)
        var random = RandomGenerator(seed: 3)
        let loss = ScoreMatchingObjective.implicit.loss(network, batch: x, on: Tape(), using: &random)
        // Float arithmetic on O(1) numbers: a few ulps of 1.2e-7 each, summed over 64 rows.
        #expect(abs(Double(loss.value.scalars[0]) - implicitByHand(network, x)) < 1e-5)
    }

    @Test func theImplicitObjectivesParameterGradientGoesThroughTheDivergence() {
        // ∂J/∂W₁₁ includes 1 from tr W, which only a differentiable divergence supplies: compare with differences of J.
        let network = linearNetwork(seed: 4), x = points(32, seed: 5)
        var random = RandomGenerator(seed: 6)
        let tape = Tape()
        let loss = ScoreMatchingObjective.implicit.loss(network, batch: x, on: tape, using: &random)
        let gradient = tape.gradients(of: loss, for: [network.layers[0].weight])[0]
        for index in 0..<4 {
            let h: Float = 1e-2, original = network.layers[0].weight.value.scalars[index]
            network.layers[0].weight.value.scalars[index] = original + h
            let up = implicitByHand(network, x)
            network.layers[0].weight.value.scalars[index] = original - h
            let down = implicitByHand(network, x)
            network.layers[0].weight.value.scalars[index] = original
            // J is quadratic in W, so central differences are exact up to rounding of the Float step.
            #expect(abs(Double(gradient.scalars[index]) - (up - down) / (2 * Double(h))) < 1e-4, "W[\(index)]")
        }
    }

    @Test func slicedMatchesImplicitInExpectation() {
        let network = linearNetwork(seed: 7), x = points(16, seed: 8)
        var random = RandomGenerator(seed: 9)
        let draws = (0..<400).map { _ in Double(ScoreMatchingObjective.sliced(probes: 1).loss(network, batch: x, on: Tape(), using: &random).value.scalars[0]) }
        let summary = SampleSummary(draws), exact = implicitByHand(network, x)
        #expect(abs(summary.mean - exact) < 4 * summary.standardError, "sliced \(summary.mean) ± \(summary.standardError) against \(exact)")
        // Power: without the Jacobian term the sliced loss would sit tr W away.
        let trace = Double(network.layers[0].weight.value.scalars[0] + network.layers[0].weight.value.scalars[3])
        #expect(abs(trace) > 8 * summary.standardError)
    }

    @Test func denoisingRegressesOnMinusNoiseOverSigma() {
        let network = linearNetwork(seed: 10), x = points(32, seed: 11), sigma = 0.5
        var random = RandomGenerator(seed: 12), replay = random
        let loss = Double(ScoreMatchingObjective.denoising(sigma: sigma).loss(network, batch: x, on: Tape(), using: &random).value.scalars[0])
        let noise = Tensor.normal([32, 2], using: &replay)
        let scores = network(x + noise * Float(sigma))
        let direct = zip(scores.scalars, noise.scalars).reduce(0.0) { $0 + 0.5 * pow(Double($1.0) + Double($1.1) / sigma, 2) } / 32
        #expect(abs(loss - direct) < 1e-5)
    }
}
