import Foundation
import Testing
import TensorCore
import Autodiff
import NeuralLayers
import Distributions
@testable import NormalizingFlows

/// u₃₂ = 2⁻²⁴, the unit roundoff of Float32.
private let unitRoundoff = 0x1p-24

/// An untrained flow with random last layers (N(0, 0.3²)), far from the identity: its
/// log-determinants range over about ±2 nats on N(0, 2²I) points.
private func randomFlow(couplings: Int = 6, hidden: [Int] = [32, 32], seed: UInt64 = 1) -> RealNVP {
    var generator = RandomGenerator(seed: seed)
    let flow = RealNVP(dimension: 2, couplings: couplings, hidden: hidden, using: &generator)
    flow.initializeNormalization(from: Tensor.normal([200, 2], using: &generator) * Tensor([1.5, 0.7]) + Tensor([0.3, -0.2]))
    flow.randomizeOutputLayers(standardDeviation: 0.3, using: &generator)
    return flow
}

/// The RealNVP stack: inverse, log-determinant against two Jacobians, mass 1, gradients.
@Suite struct RealNVPTests {
    /// f⁻¹(f(x)) = x and f(f⁻¹(z)) = z to within 32 rounding units of the largest
    /// coordinate met on the way, for data-like points and for the flow's own samples.
    @Test func inverseUndoesTheFlowToFloatRounding() {
        let flow = randomFlow()
        var generator = RandomGenerator(seed: 2)
        let x = Tensor.normal([2_000, 2], using: &generator) * 2
        let z = flow.forward(x).z
        let scale = Double(max(x.abs().max(), z.abs().max()))
        #expect(flow.invertibilityError(x) < 32 * unitRoundoff * scale, "error \(flow.invertibilityError(x)), scale \(scale)")
        let base = Tensor.normal([2_000, 2], using: &generator)
        let samples = flow.inverse(base)
        let roundTrip = flow.forward(samples).z
        let baseError = zip(roundTrip.scalars, base.scalars).reduce(0.0) { max($0, Double(abs($1.0 - $1.1))) }
        #expect(baseError < 32 * unitRoundoff * Double(max(samples.abs().max(), base.abs().max())))
        #expect(flow.forward(x).logDeterminant.contains { abs($0) > 1.5 }, "the random flow should be far from the identity")
    }

    /// The layers' Σ log-determinants equals log|det J| of the tape's full Jacobian to Float32
    /// precision (10⁻⁵) and of central differences with h = 10⁻² to their O(h²) + O(u₃₂/h)
    /// error (10⁻³); a flow whose log-determinant had the wrong sign would miss by 2|log det|.
    @Test func logDeterminantMatchesTapeAndFiniteDifferenceJacobians() {
        let flow = randomFlow()
        for point in [[0.3, -0.5], [1.5, 2.0], [-3.0, 0.2], [0, 0]] {
            let layers = flow.logDeterminant(at: point)
            let tape = flow.jacobianByTape(at: point)
            let numeric = flow.jacobianByFiniteDifferences(at: point, step: 1e-2)
            #expect(abs(logAbsoluteDeterminant(tape) - layers) < 1e-5, "\(point): layers \(layers), tape \(logAbsoluteDeterminant(tape))")
            #expect(abs(logAbsoluteDeterminant(numeric) - layers) < 1e-3, "\(point): layers \(layers), differences \(logAbsoluteDeterminant(numeric))")
            for i in 0..<2 { for j in 0..<2 { #expect(abs(tape[i][j] - numeric[i][j]) < 2e-3 * max(1, abs(tape[i][j]))) } }
        }
        #expect(abs(logAbsoluteDeterminant([[2, 1, 0], [1, 3, 1], [0, 1, 4]]) - log(18)) < 1e-14)
        #expect(logAbsoluteDeterminant([[1, 2], [2, 4]]) == -Double.infinity)
    }

    /// ∫∫ p_θ = 1 for a random flow: Gauss–Legendre on [−10, 10]² plus the fraction of 20,000
    /// flow samples outside, within 10⁻⁵ (the Float32 floor: each exp(s) is rounded while the
    /// log-determinant counts s exactly) and 4 standard errors of the tail. The same integral
    /// with the log-determinant's sign flipped is far from 1.
    @Test func densityIntegratesToOne() {
        let flow = randomFlow()
        var generator = RandomGenerator(seed: 3)
        let grid = GridQuadrature2D.gaussLegendre(first: -10...10, second: -10...10, panelWidth: 0.5)
        let mass = flow.mass(on: grid, tailSamples: 20_000, using: &generator)
        #expect(abs(mass.total - 1) < 1e-5 + 4 * mass.outsideStandardError, "\(mass)")
        let flipped = grid.mass { x in
            let (z, logDeterminant) = flow.forward(x)
            return zip(StandardNormalBase.logDensity(z), logDeterminant).map { $0 - $1 }
        }
        #expect(abs(flipped - 1) > 0.1, "flipped sign: \(flipped)")
    }

    /// ∂(mean log p)/∂θ from the tape against central differences on every parameter of a
    /// small random flow (actnorm and learned scales included).
    @Test func parameterGradientsMatchFiniteDifferences() {
        let flow = randomFlow(couplings: 3, hidden: [5], seed: 4)
        var generator = RandomGenerator(seed: 5)
        let x = Tensor.normal([6, 2], using: &generator)
        let report = GradientCheck.compare(parameters: flow.parameters) { tape in flow.logDensity(x, on: tape).mean() }
        #expect(report.passed, "\(report)")
        let tapeValues = flow.logDensity(x, on: Tape()).value.doubles
        for (a, b) in zip(tapeValues, flow.logDensity(x)) { #expect(abs(a - b) < 1e-5) }
    }

    /// The intermediate clouds run from z to x (one per layer plus the start), the data-side
    /// ones retrace them, and sampling is fixed by the seed.
    @Test func intermediatesAndSamplesFollowTheLayers() {
        let flow = randomFlow(couplings: 4)
        var generator = RandomGenerator(seed: 6)
        let z = Tensor.normal([100, 2], using: &generator)
        let fromBase = flow.intermediates(fromBase: z)
        #expect(fromBase.count == flow.layers.count + 1 && fromBase[0] == z && fromBase.last! == flow.inverse(z))
        let fromData = flow.intermediates(fromData: fromBase.last!)
        #expect(fromData.count == fromBase.count)
        for (forward, backward) in zip(fromData, fromBase.reversed()) {
            #expect(zip(forward.scalars, backward.scalars).allSatisfy { abs($0 - $1) < 1e-4 })
        }
        var first = RandomGenerator(seed: 7), second = RandomGenerator(seed: 7)
        #expect(flow.sample(50, using: &first) == flow.sample(50, using: &second))
        #expect(RealNVP(dimension: 5, couplings: 2, hidden: [4], using: &generator).couplings[1].mask == Tensor([0, 1, 0, 1, 0]))
    }
}
