import Foundation
import Testing
import TensorCore
import Autodiff
import NeuralLayers
@testable import AdversarialNetworks

private func logits(_ count: Int, low: Float, high: Float, seed: UInt64) -> Tensor {
    var generator = RandomGenerator(seed: seed)
    return Tensor.uniform([count, 1], low: low, high: high, using: &generator)
}

private func sigmoid(_ a: Double) -> Double { 1 / (1 + Foundation.exp(-a)) }

/// The GAN losses against their definitions with probabilities, their logit gradients
/// against the closed forms −D and −(1 − D) and against finite differences.
@Suite struct AdversarialLossTests {
    /// At moderate logits log D and log(1 − D) can be evaluated directly in double
    /// precision; the softplus forms must agree with them.
    @Test func lossesMatchTheirDefinitionsWithProbabilities() {
        let real = logits(16, low: -4, high: 4, seed: 1), fake = logits(12, low: -4, high: 4, seed: 2)
        let tape = Tape()
        let discriminator = Variable.discriminatorLoss(realLogits: tape.constant(real), fakeLogits: tape.constant(fake)).value.scalar
        let expectedDiscriminator = -real.doubles.map { Foundation.log(sigmoid($0)) }.reduce(0, +) / 16
            - fake.doubles.map { Foundation.log(1 - sigmoid($0)) }.reduce(0, +) / 12
        #expect(abs(Double(discriminator) - expectedDiscriminator) < 1e-5)

        let saturating = GeneratorLoss.saturating(fakeLogits: tape.constant(fake)).value.scalar
        let nonSaturating = GeneratorLoss.nonSaturating(fakeLogits: tape.constant(fake)).value.scalar
        #expect(abs(Double(saturating) - fake.doubles.map { Foundation.log(1 - sigmoid($0)) }.reduce(0, +) / 12) < 1e-5)
        #expect(abs(Double(nonSaturating) + fake.doubles.map { Foundation.log(sigmoid($0)) }.reduce(0, +) / 12) < 1e-5)
        for a in fake.doubles {
            #expect(abs(GeneratorLoss.saturating.value(atLogit: a) - Foundation.log(1 - sigmoid(a))) < 1e-12)
            #expect(abs(GeneratorLoss.nonSaturating.value(atLogit: a) + Foundation.log(sigmoid(a))) < 1e-12)
        }
    }

    /// With D(x) = ½ on every sample the discriminator loss is log 4 and the
    /// non-saturating generator loss log 2: the values at the game's equilibrium.
    @Test func equilibriumValues() {
        let tape = Tape(), zeros = tape.constant(Tensor.zeros([8, 1]))
        #expect(abs(Double(Variable.discriminatorLoss(realLogits: zeros, fakeLogits: zeros).value.scalar) - Foundation.log(4)) < 1e-6)
        #expect(abs(Double(GeneratorLoss.nonSaturating(fakeLogits: zeros).value.scalar) - Foundation.log(2)) < 1e-6)
        #expect(abs(Double(GeneratorLoss.saturating(fakeLogits: zeros).value.scalar) + Foundation.log(2)) < 1e-6)
    }

    /// A discriminator that is certain (|a| = 200, where σ(a) rounds to 0 or 1 in single
    /// precision) still gives finite losses and finite gradients.
    @Test func lossesAndGradientsStayFiniteForConfidentDiscriminators() {
        let extremes = Tensor(shape: [4, 1], scalars: [-200, -50, 50, 200])
        let tape = Tape(), a = tape.variable(extremes)
        let losses = [Variable.discriminatorLoss(realLogits: a, fakeLogits: a), GeneratorLoss.saturating(fakeLogits: a),
                      GeneratorLoss.nonSaturating(fakeLogits: a)]
        for loss in losses {
            #expect(loss.value.isFinite)
            #expect(tape.gradients(of: loss, withRespectTo: [a])[0].isFinite)
        }
        // The non-saturating loss of a rejected sample grows linearly, −log σ(−200) = 200.
        #expect(abs(GeneratorLoss.nonSaturating(fakeLogits: tape.constant(Tensor(shape: [1, 1], scalars: [-200]))).value.scalar - 200) < 1e-3)
    }

    /// The tape's derivative of each sample's loss with respect to its logit equals the
    /// closed forms −D (saturating) and −(1 − D) (non-saturating), over logits from a
    /// confident rejection (a = −12) to a confident acceptance (a = 12).
    @Test func logitGradientsMatchTheClosedForms() {
        let grid = Tensor(shape: [25, 1], scalars: (0..<25).map { Float($0) - 12 })
        for loss in GeneratorLoss.allCases {
            let tape = Tape(), a = tape.variable(grid)
            // The batch loss is a mean, so each sample's derivative is n times its share.
            let gradient = tape.gradients(of: loss(fakeLogits: a), withRespectTo: [a])[0] * 25
            for (computed, logit) in zip(gradient.doubles, grid.doubles) {
                let discriminator = sigmoid(logit)
                let closedForm = loss == .saturating ? -discriminator : -(1 - discriminator)
                #expect(abs(computed - closedForm) < 1e-6, "\(loss) at a = \(logit)")
                #expect(abs(loss.derivative(atLogit: logit) - closedForm) < 1e-15)
            }
        }
        // Where D confidently rejects (a = −12, D ≈ 6e-6) the saturating gradient has vanished
        // and the non-saturating one is near its largest magnitude, 1.
        #expect(abs(GeneratorLoss.saturating.derivative(atLogit: -12)) < 1e-5)
        #expect(abs(GeneratorLoss.nonSaturating.derivative(atLogit: -12) + 1) < 1e-5)
    }

    /// The same gradients against central differences of the losses (first and second order:
    /// a gradient penalty differentiates through them again).
    @Test func lossGradientsMatchFiniteDifferences() {
        let real = logits(6, low: -3, high: 3, seed: 3), fake = logits(5, low: -3, high: 3, seed: 4)
        let discriminator = GradientCheck.compare(at: [real, fake]) { _, v in Variable.discriminatorLoss(realLogits: v[0], fakeLogits: v[1]) }
        #expect(discriminator.passed, "\(discriminator)")
        for loss in GeneratorLoss.allCases {
            let first = GradientCheck.compare(at: [fake]) { _, v in loss(fakeLogits: v[0]) }
            #expect(first.passed, "\(loss): \(first)")
            let second = GradientCheck.compareSecondDerivatives(at: [fake]) { _, v in loss(fakeLogits: v[0]) }
            #expect(second.passed, "\(loss): \(second)")
        }
        for logit in stride(from: -6.0, through: 6.0, by: 0.5) {
            for loss in GeneratorLoss.allCases {
                let h = 1e-5
                let numeric = (loss.value(atLogit: logit + h) - loss.value(atLogit: logit - h)) / (2 * h)
                #expect(abs(numeric - loss.derivative(atLogit: logit)) < 1e-8)
            }
        }
    }
}
