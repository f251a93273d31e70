import Foundation
import Testing
import TensorCore
@testable import Autodiff

/// Second derivatives of elementwise functions through a recorded backward
/// pass, against their closed forms (computed in double precision).
struct SecondDerivativeTests {
    /// Checks f′ (the recorded gradient's value) and f″ (its gradient) at `input`.
    func check(
        _ input: Tensor, _ function: (Variable) -> Variable,
        first: (Double) -> Double, second: (Double) -> Double,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let tape = Tape()
        let x = tape.variable(input)
        let slope = tape.differentiableGradients(of: function(x).sum(), withRespectTo: [x])[0]
        let curvature = tape.gradients(of: slope.sum(), withRespectTo: [x])[0]
        for (index, point) in input.doubles.enumerated() {
            for (computed, exact, order) in [(slope.value.scalars[index], first(point), "f′"),
                                             (curvature.scalars[index], second(point), "f″")] {
                #expect(Swift.abs(Double(computed) - exact) <= 1e-4 + 1e-3 * Swift.abs(exact),
                        "\(order)(\(point)): computed \(computed), exact \(exact)", sourceLocation: sourceLocation)
            }
        }
    }

    static let shape = [3, 4]
    static func logistic(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    @Test func exp() { check(TestInputs.normal(Self.shape, seed: 1), { $0.exp() }, first: Foundation.exp, second: Foundation.exp) }
    @Test func log() {
        check(TestInputs.uniform(Self.shape, 0.5, 3, seed: 2), { $0.log() }, first: { 1 / $0 }, second: { -1 / ($0 * $0) })
    }
    @Test func log1p() {
        check(TestInputs.uniform(Self.shape, -0.5, 3, seed: 3), { $0.log1p() },
              first: { 1 / (1 + $0) }, second: { -1 / ((1 + $0) * (1 + $0)) })
    }
    @Test func sqrt() {
        check(TestInputs.uniform(Self.shape, 0.5, 3, seed: 4), { $0.sqrt() },
              first: { 0.5 / $0.squareRoot() }, second: { -0.25 / ($0 * $0.squareRoot()) })
    }
    @Test func squared() { check(TestInputs.normal(Self.shape, seed: 5), { $0.squared() }, first: { 2 * $0 }, second: { _ in 2 }) }
    @Test func abs() {
        check(TestInputs.awayFromZero(Self.shape, seed: 6), { $0.abs() }, first: { $0 > 0 ? 1 : -1 }, second: { _ in 0 })
    }
    @Test func pow() {
        check(TestInputs.uniform(Self.shape, 0.5, 2, seed: 7), { $0.pow(2.5) },
              first: { 2.5 * Foundation.pow($0, 1.5) }, second: { 3.75 * Foundation.pow($0, 0.5) })
    }
    @Test func tanh() {
        // tanh″ = −2 tanh (1 − tanh²).
        check(TestInputs.normal(Self.shape, scale: 1.5, seed: 8), { $0.tanh() },
              first: { 1 - Foundation.tanh($0) * Foundation.tanh($0) },
              second: { -2 * Foundation.tanh($0) * (1 - Foundation.tanh($0) * Foundation.tanh($0)) })
    }
    @Test func sigmoid() {
        // σ″ = σ(1 − σ)(1 − 2σ).
        check(TestInputs.normal(Self.shape, scale: 2, seed: 9), { $0.sigmoid() },
              first: { Self.logistic($0) * (1 - Self.logistic($0)) },
              second: { Self.logistic($0) * (1 - Self.logistic($0)) * (1 - 2 * Self.logistic($0)) })
    }
    @Test func softplus() {
        check(TestInputs.normal(Self.shape, scale: 2, seed: 10), { $0.softplus() },
              first: Self.logistic, second: { Self.logistic($0) * (1 - Self.logistic($0)) })
    }
    @Test func silu() {
        // (xσ)″ = σ(1 − σ)(2 + x(1 − 2σ)).
        check(TestInputs.normal(Self.shape, scale: 2, seed: 11), { $0.silu() },
              first: { Self.logistic($0) * (1 + $0 * (1 - Self.logistic($0))) },
              second: { x in let s = Self.logistic(x); return s * (1 - s) * (2 + x * (1 - 2 * s)) })
    }
    @Test func relu() {
        check(TestInputs.awayFromZero(Self.shape, seed: 12), { $0.relu() }, first: { $0 > 0 ? 1 : 0 }, second: { _ in 0 })
    }
    @Test func leakyRelu() {
        check(TestInputs.awayFromZero(Self.shape, seed: 13), { $0.leakyRelu(slope: 0.1) },
              first: { $0 > 0 ? 1 : 0.1 }, second: { _ in 0 })
    }
    @Test func reciprocal() {
        check(TestInputs.uniform(Self.shape, 0.5, 2, seed: 14), { 3 / $0 },
              first: { -3 / ($0 * $0) }, second: { 6 / ($0 * $0 * $0) })
    }
    @Test func negationAndScalarArithmetic() {
        // f = −(2x + 1 − 3)² / 4 − x: f′ = −(2x − 2) − 1, f″ = −2.
        check(TestInputs.normal(Self.shape, seed: 15), { x in -((x * 2 + 1 - 3).squared()) / 4 - x },
              first: { -(2 * $0 - 2) - 1 }, second: { _ in -2 })
    }

    @Test func stopGradientHoldsItsValueFixedInTheRecordedBackwardPass() {
        // f = Σ c·x² with c = stopGradient(x): the recorded gradient is 2c·x and
        // its derivative 2c, with c held at x's value.
        let input = TestInputs.normal(Self.shape, seed: 16)
        let tape = Tape()
        let x = tape.variable(input)
        let slope = tape.differentiableGradients(of: (x.stopGradient * x.squared()).sum(), withRespectTo: [x])[0]
        #expect(slope.value == input * input * 2)
        #expect(tape.gradients(of: slope.sum(), withRespectTo: [x])[0] == input * 2)
    }

    @Test func straightThroughBehavesAsIdentityPlusAStoppedCorrection() {
        // s = x + stopGradient(c − x) has value c and derivative 1. For f = Σ s·x²
        // the recorded gradient is x² + 2x·s, whose derivative is 2x + 2s + 2x = 4x + 2c
        // (s moves with x to first order: the estimator's own definition, so
        // central differences of the forward function cannot check this).
        let input = TestInputs.normal(Self.shape, seed: 17)
        let forwardValue = TestInputs.normal(Self.shape, seed: 18)
        let tape = Tape()
        let x = tape.variable(input)
        let passed = x.straightThrough(forwardValue: forwardValue)
        let slope = tape.differentiableGradients(of: (passed * x.squared()).sum(), withRespectTo: [x])[0]
        #expect((slope.value - (input * input + input * forwardValue * 2)).abs().max() < 1e-5)
        let curvature = tape.gradients(of: slope.sum(), withRespectTo: [x])[0]
        #expect((curvature - (input * 4 + forwardValue * 2)).abs().max() < 1e-5)
    }
}
