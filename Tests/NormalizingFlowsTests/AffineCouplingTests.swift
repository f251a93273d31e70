import Foundation
import Testing
import TensorCore
import Autodiff
import NeuralLayers
@testable import NormalizingFlows

/// A 3-D coupling that passes coordinates 0 and 2, with a random (non-zero) last layer.
private func randomCoupling(scale: CouplingScale = .learned(initial: 1), outputStandardDeviation: Float = 0.5,
                            seed: UInt64 = 1) -> AffineCoupling {
    var generator = RandomGenerator(seed: seed)
    let coupling = AffineCoupling(mask: [true, false, true], hidden: [8, 8], scale: scale, using: &generator)
    coupling.randomizeOutputLayer(standardDeviation: outputStandardDeviation, using: &generator)
    return coupling
}

/// The affine coupling layer: identity at the start, the masked structure, the bound on s,
/// and the tape against plain tensors.
@Suite struct AffineCouplingTests {
    /// With the conditioner's last layer at zero, s = t = 0: the output is the input bit for
    /// bit and the log-determinant is 0; a fresh flow is its first layer's standardisation.
    @Test func freshCouplingIsTheIdentity() {
        var generator = RandomGenerator(seed: 2)
        let coupling = AffineCoupling(mask: [false, true], hidden: [16], using: &generator)
        let x = Tensor.normal([50, 2], using: &generator) * 3
        let (y, logDeterminant) = coupling.forward(x)
        #expect(y == x && logDeterminant.scalars.allSatisfy { $0 == 0 })
        #expect(coupling.inverse(x) == x)

        let flow = RealNVP(dimension: 2, couplings: 4, hidden: [16], using: &generator)
        let data = Tensor.normal([400, 2], using: &generator) * Tensor([2, 0.5]) + Tensor([1, -1])
        flow.initializeNormalization(from: data)
        let location = flow.normalization!.location.value, logScale = flow.normalization!.logScale.value
        let standardised = (x - location) * (-logScale).exp()
        let expected = zip(StandardNormalBase.logDensity(standardised), [Double](repeating: -Double(logScale.sum().scalar), count: 50)).map { $0 + $1 }
        for (value, exact) in zip(flow.logDensity(x), expected) { #expect(abs(value - exact) < 1e-5) }
    }

    /// Passed coordinates come out unchanged; the log-determinant is Σ s over the others,
    /// equal to log of the product of their stretches ∂yⱼ/∂xⱼ measured by the tape; and the
    /// tape and tensor forwards agree.
    @Test func maskedStructureAndLogDeterminant() {
        let coupling = randomCoupling()
        var generator = RandomGenerator(seed: 3)
        let x = Tensor.normal([20, 3], using: &generator)
        let (y, logDeterminant) = coupling.forward(x)
        for row in 0..<20 {
            #expect(y[row, 0] == x[row, 0] && y[row, 2] == x[row, 2])
            #expect(y[row, 1] != x[row, 1])
        }
        let tape = Tape()
        let input = tape.variable(x)
        let (tapeOutput, tapeLogDeterminant) = coupling.forward(input)
        #expect(zip(tapeOutput.value.scalars, y.scalars).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(zip(tapeLogDeterminant.value.scalars, logDeterminant.scalars).allSatisfy { abs($0 - $1) < 1e-6 })
        // ∂y₁/∂x₁ = exp(s₁) row by row (the seed picks column 1; x₁ does not feed s or t).
        var seed = Tensor.zeros([20, 3])
        for row in 0..<20 { seed[row, 1] = 1 }
        let stretch = tape.gradients(of: tapeOutput, seed: seed, withRespectTo: [input])[0]
        for row in 0..<20 { #expect(abs(log(Double(stretch[row, 1])) - Double(logDeterminant[row])) < 1e-5) }
    }

    /// The inverse undoes the forward map to Float32 rounding.
    @Test func inverseUndoesTheForwardMap() {
        let coupling = randomCoupling(outputStandardDeviation: 1)
        var generator = RandomGenerator(seed: 4)
        let x = Tensor.normal([500, 3], using: &generator) * 2
        let back = coupling.inverse(coupling.forward(x).output)
        #expect(zip(back.scalars, x.scalars).allSatisfy { abs($0 - $1) < 1e-5 * max(1, abs($1)) })
    }

    /// s = c·tanh(raw) keeps |log det| ≤ c per transformed coordinate however large the
    /// conditioner's outputs (here N(0, 100²) last-layer weights).
    @Test func fixedScaleBoundsTheLogDeterminant() {
        let coupling = randomCoupling(scale: .fixed(1.5), outputStandardDeviation: 100)
        var generator = RandomGenerator(seed: 5)
        let logDeterminant = coupling.forward(Tensor.normal([1_000, 3], using: &generator) * 5).logDeterminant
        #expect(logDeterminant.scalars.allSatisfy { abs($0) <= 1.5 })
        #expect(logDeterminant.scalars.contains { abs($0) > 1.4 })
        #expect(coupling.parameters.count == coupling.conditioner.parameters.count)
        #expect(randomCoupling().parameters.count == coupling.conditioner.parameters.count + 1)
    }

    /// The tape's gradients of the output and log-determinant with respect to the input and
    /// to every parameter (the learned scale included) against central differences.
    @Test func gradientsMatchFiniteDifferences() {
        let coupling = randomCoupling(seed: 6)
        var generator = RandomGenerator(seed: 7)
        let x = Tensor.normal([4, 3], using: &generator)
        let inputReport = GradientCheck.compare(at: [x]) { _, inputs in
            let (y, logDeterminant) = coupling.forward(inputs[0])
            return y.sum(alongAxis: 1) + logDeterminant
        }
        #expect(inputReport.passed, "\(inputReport)")
        let parameterReport = GradientCheck.compare(parameters: coupling.parameters) { tape in
            let (y, logDeterminant) = coupling.forward(tape.constant(x))
            return (y.squared().sum(alongAxis: 1) + logDeterminant).mean()
        }
        #expect(parameterReport.passed, "\(parameterReport)")
    }
}
