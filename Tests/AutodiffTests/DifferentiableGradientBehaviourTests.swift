import Testing
import TensorCore
@testable import Autodiff

/// The recorded backward pass as a whole: its values, its bookkeeping, and
/// the checker that guards every differentiable pullback.
struct DifferentiableGradientBehaviourTests {
    /// A two-layer network with inputs x, W₁, b₁, W₂, b₂.
    static func network(_ v: [Variable]) -> Variable {
        Variable.affine(Variable.affine(v[0], weight: v[1], bias: v[2]).silu(), weight: v[3], bias: v[4])
    }
    static let networkInputs = [TestInputs.normal([4, 3], seed: 1), TestInputs.normal([3, 5], seed: 2),
                                TestInputs.normal([5], seed: 3), TestInputs.normal([5, 2], seed: 4), TestInputs.normal([2], seed: 5)]

    @Test func recordedGradientsEqualTheFirstOrderGradients() {
        let tape = Tape()
        let variables = Self.networkInputs.map { tape.variable($0) }
        let output = Self.network(variables)
        let seed = TestInputs.normal(output.shape, seed: 6)
        let fast = tape.gradients(of: output, seed: seed, withRespectTo: variables)
        let recorded = tape.differentiableGradients(of: output, seed: seed, withRespectTo: variables)
        for (first, second) in zip(fast, recorded) {
            #expect((first - second.value).abs().max() <= 1e-5 * (1 + first.abs().max()))
        }
    }

    @Test func anUnusedInputGetsAConstantZeroGradient() {
        let tape = Tape()
        let used = tape.variable(Tensor([1, 2]))
        let unused = tape.variable(Tensor([3, 4, 5]))
        let gradients = tape.differentiableGradients(of: used.squared().sum(), withRespectTo: [used, unused])
        #expect(gradients[0].value == Tensor([2, 4]))
        #expect(gradients[1].value == Tensor.zeros([3]))
    }

    @Test func gradientWithRespectToAnInputOnlyRecordsItsOwnPath() {
        // ∇ₓ of a network needs no weight gradients; recording them would
        // waste time now and again when the result is differentiated.
        let tape = Tape()
        let variables = Self.networkInputs.map { tape.variable($0) }
        let output = Self.network(variables).sum()
        let before = tape.count
        _ = tape.differentiableGradients(of: output, withRespectTo: [variables[0]])
        let withInputOnly = tape.count - before
        _ = tape.differentiableGradients(of: output, withRespectTo: variables)
        #expect(withInputOnly < tape.count - before - withInputOnly)
    }

    @Test func tapeIsFreedAfterASecondOrderPass() {
        weak var weakTape: Tape?
        do {
            let tape = Tape()
            weakTape = tape
            let variables = Self.networkInputs.map { tape.variable($0) }
            let gradient = tape.differentiableGradients(of: Self.network(variables).sum(), withRespectTo: [variables[0]])[0]
            _ = tape.gradients(of: gradient.squared().sum(), withRespectTo: variables)
        }
        #expect(weakTape == nil)
    }

    /// y = x³ with the correct fast pullback 3x²·g and the given differentiable one.
    static func cube(_ x: Variable, differentiablePullback: @escaping Tape.DifferentiablePullback) -> Variable {
        let input = x.value
        return x.tape.record(input.pow(3), inputs: [x], pullback: { gradient, _ in [gradient * input.squared() * 3] },
                             differentiablePullback: differentiablePullback)
    }

    @Test func secondOrderCheckCatchesAWrongDifferentiableFormula() {
        let report = GradientCheck.compareSecondDerivatives(at: [Tensor([0.5, 1.0, 1.5])]) { _, v in
            Self.cube(v[0]) { gradient, operation in [gradient * operation.inputs[0] * 2] }  // 2x, not 3x²
        }
        #expect(!report.passed)
    }

    @Test func secondOrderCheckCatchesARightValueWithoutItsDerivative() {
        // The right value 3x², but computed from a constant: its derivative is lost.
        let report = GradientCheck.compareSecondDerivatives(at: [Tensor([0.5, 1.0, 1.5])]) { _, v in
            Self.cube(v[0]) { gradient, operation in [gradient * (operation.inputs[0].value.squared() * 3)] }
        }
        #expect(!report.passed)
    }

    @Test func secondOrderCheckPassesTheRightDifferentiableFormula() {
        let report = GradientCheck.compareSecondDerivatives(at: [Tensor([0.5, 1.0, 1.5])]) { _, v in
            Self.cube(v[0]) { gradient, operation in [gradient * operation.inputs[0].squared() * 3] }
        }
        #expect(report.passed, "\(report)")
    }

    @Test func convolutionStopsADifferentiableBackwardPass() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let tape = Tape()
            let input = tape.variable(Tensor.zeros([1, 1, 3, 3]))
            let weight = tape.variable(Tensor.zeros([1, 1, 2, 2]))
            let output = Variable.convolution2D(input, weight: weight, bias: tape.variable(Tensor.zeros([1]))).sum()
            _ = tape.differentiableGradients(of: output, withRespectTo: [input])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("differentiableGradients reached convolution2D"), "\(message)")
    }
}
