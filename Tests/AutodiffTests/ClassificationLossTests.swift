import Foundation
import Testing
import TensorCore
@testable import Autodiff

/// Cross-entropies from logits: values against double-precision formulas,
/// gradients (first and second order) against central differences, and
/// finiteness at extreme logits.
struct ClassificationLossTests {
    static let labels = [2, 0, 1, 2, 3]

    @Test func softmaxCrossEntropyValueMatchesTheDefinition() {
        let logits = TestInputs.normal([5, 4], scale: 2, seed: 1)
        let loss = Variable.softmaxCrossEntropy(logits: Tape().constant(logits), labels: Self.labels).value.scalar
        var expected = 0.0
        for (row, label) in Self.labels.enumerated() {
            let values = (0..<4).map { Double(logits[row, $0]) }
            expected += Foundation.log(values.map(Foundation.exp).reduce(0, +)) - values[label]
        }
        #expect(Swift.abs(Double(loss) - expected / 5) < 1e-5)
    }

    @Test func softmaxCrossEntropyGradients() {
        let logits = TestInputs.normal([5, 4], scale: 2, seed: 2)
        let first = GradientCheck.compare(at: [logits]) { _, v in Variable.softmaxCrossEntropy(logits: v[0], labels: Self.labels) }
        #expect(first.passed, "\(first)")
        let second = GradientCheck.compareSecondDerivatives(at: [logits]) { _, v in
            Variable.softmaxCrossEntropy(logits: v[0], labels: Self.labels)
        }
        #expect(second.passed, "\(second)")
    }

    @Test func binaryCrossEntropyValueMatchesTheDefinition() {
        let logits = TestInputs.normal([3, 4], scale: 2, seed: 3)
        let targets = TestInputs.uniform([3, 4], 0, 1, seed: 4)
        let loss = Variable.binaryCrossEntropy(logits: Tape().constant(logits), targets: targets).value.scalar
        let expected = zip(logits.doubles, targets.doubles).reduce(0.0) { total, pair in
            let probability = 1 / (1 + Foundation.exp(-pair.0))
            return total - (pair.1 * Foundation.log(probability) + (1 - pair.1) * Foundation.log(1 - probability))
        } / 3
        #expect(Swift.abs(Double(loss) - expected) < 1e-5 * Swift.max(1, expected))
    }

    @Test func binaryCrossEntropyGradients() {
        let logits = TestInputs.normal([3, 4], scale: 2, seed: 5)
        let targets = TestInputs.uniform([3, 4], 0, 1, seed: 6)
        let first = GradientCheck.compare(at: [logits]) { _, v in Variable.binaryCrossEntropy(logits: v[0], targets: targets) }
        #expect(first.passed, "\(first)")
        let second = GradientCheck.compareSecondDerivatives(at: [logits]) { _, v in
            Variable.binaryCrossEntropy(logits: v[0], targets: targets)
        }
        #expect(second.passed, "\(second)")
    }

    @Test func logSigmoidValueAndGradients() {
        let input = TestInputs.normal([3, 4], scale: 3, seed: 7)
        let value = Tape().constant(input).logSigmoid().value
        for (computed, x) in zip(value.doubles, input.doubles) {
            #expect(Swift.abs(computed - Foundation.log(1 / (1 + Foundation.exp(-x)))) < 1e-5)
        }
        #expect(input.logSigmoid() == value)
        let first = GradientCheck.compare(at: [input]) { _, v in v[0].logSigmoid() }
        #expect(first.passed, "\(first)")
        let second = GradientCheck.compareSecondDerivatives(at: [input]) { _, v in v[0].logSigmoid() }
        #expect(second.passed, "\(second)")
    }

    @Test func softplusFamilyIsFiniteAndAccurateUpToMagnitudeOneHundred() {
        let extremes = Tensor([-100, -60, -20, -1e-3, 0, 1e-3, 20, 60, 100])
        let tape = Tape()
        let x = tape.variable(extremes)
        let softplus = x.softplus()
        let slope = tape.differentiableGradients(of: softplus.sum(), withRespectTo: [x])[0]
        let curvature = tape.gradients(of: slope.sum(), withRespectTo: [x])[0]
        for (index, point) in extremes.doubles.enumerated() {
            let exactSoftplus = Swift.max(point, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(point)))
            let logistic = 1 / (1 + Foundation.exp(-point))
            #expect(Swift.abs(Double(softplus.value.scalars[index]) - exactSoftplus) <= 1e-6 * Swift.max(1, exactSoftplus))
            #expect(Swift.abs(Double(slope.value.scalars[index]) - logistic) <= 1e-6)
            #expect(Swift.abs(Double(curvature.scalars[index]) - logistic * (1 - logistic)) <= 1e-6)
        }
        #expect(x.logSigmoid().value.isFinite)
        let loss = Variable.binaryCrossEntropy(logits: x.reshaped([9, 1]), targets: Tensor(shape: [9, 1], scalars: [Float](repeating: 1, count: 9)))
        #expect(loss.value.isFinite)
        #expect(tape.gradients(of: loss, withRespectTo: [x])[0].isFinite)
        let crossEntropy = Variable.softmaxCrossEntropy(logits: x.reshaped([3, 3]), labels: [0, 1, 2])
        #expect(crossEntropy.value.isFinite && tape.gradients(of: crossEntropy, withRespectTo: [x])[0].isFinite)
    }
}
