import Foundation
import Testing
import TensorCore
import Autodiff
import NeuralLayers
@testable import AdversarialNetworks

/// The R1 option of the original game: (γ/2)·E_data ‖∇ₓ a(x)‖² added to the discriminator's loss.
@Suite struct RealGradientPenaltyTests {
    private func batch(_ discriminator: MLP, real: Tensor, fake: Tensor, on tape: Tape) -> DiscriminatorBatch {
        let realVariable = tape.constant(real), fakeVariable = tape.constant(fake)
        return DiscriminatorBatch(tape: tape, real: realVariable, fake: fakeVariable, realOutputs: discriminator(realVariable),
                                  fakeOutputs: discriminator(fakeVariable), discriminator: { discriminator($0) })
    }

    /// The penalised loss minus the plain one is (γ/2) times the mean squared input slope at the
    /// real points, the slopes taken here by central differences of the logit (never by the tape).
    @Test func thePenaltyIsHalfGammaTimesTheMeanSquaredSlopeAtRealPoints() {
        var generator = RandomGenerator(seed: 3)
        let discriminator = MLP(sizes: [2, 8, 1], activation: .tanh, name: "D", using: &generator)
        let real = Tensor.normal([6, 2], using: &generator), fake = Tensor.normal([6, 2], mean: 2, using: &generator)
        var unused = RandomGenerator(seed: 4)
        let plain = StandardAdversarialObjective().discriminatorLoss(batch(discriminator, real: real, fake: fake, on: Tape()), using: &unused).value.scalar
        let penalised = StandardAdversarialObjective(realGradientPenalty: 2).discriminatorLoss(batch(discriminator, real: real, fake: fake, on: Tape()),
                                                                                              using: &unused).value.scalar
        var squaredSlopes = 0.0
        let h: Float = 1e-2
        for row in 0..<6 { for column in 0..<2 {
            var up = real, down = real
            up.scalars[row * 2 + column] += h; down.scalars[row * 2 + column] -= h
            let slope = (Double(discriminator(up).scalars[row]) - Double(discriminator(down).scalars[row])) / Double(2 * h)
            squaredSlopes += slope * slope
        } }
        let expected = 2.0 / 2 * squaredSlopes / 6
        #expect(abs(Double(penalised - plain) - expected) < 2e-3 * max(expected, 1), "\(penalised - plain) vs \(expected)")
        #expect(expected > 0.05)   // a penalty that vanished would fail the comparison above
    }

    /// The penalised loss's parameter gradient (a second derivative, through the slopes) against central differences.
    @Test func thePenalisedLossGradientMatchesFiniteDifferences() {
        var generator = RandomGenerator(seed: 5)
        let discriminator = MLP(sizes: [2, 6, 1], activation: .tanh, name: "D", using: &generator)
        let real = Tensor.normal([5, 2], using: &generator), fake = Tensor.normal([5, 2], mean: 1.5, using: &generator)
        let report = GradientCheck.compare(parameters: discriminator.parameters) { tape in
            var unused = RandomGenerator(seed: 6)
            return StandardAdversarialObjective(realGradientPenalty: 5).discriminatorLoss(batch(discriminator, real: real, fake: fake, on: tape), using: &unused)
        }
        #expect(report.passed, "\(report)")
    }
}
