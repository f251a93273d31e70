import Testing
import TensorCore
@testable import Autodiff

struct TapeBehaviourTests {
    @Test func inputGradientOfQuadraticEnergyIsTheInput() {
        // E(x) = ½‖x‖², so ∇ₓE = x: the gradient chapters use for scores.
        let x = TestInputs.normal([5, 2], seed: 1)
        let tape = Tape()
        let variable = tape.variable(x)
        let energy = variable.squared().sum() * 0.5
        #expect(tape.gradients(of: energy, withRespectTo: [variable])[0] == x)
    }

    @Test func stopGradientBlocksTheGradient() {
        let tape = Tape()
        let x = tape.variable(Tensor([1, 2, 3]))
        let y = (x.stopGradient * x).sum()  // d/dx of c·x with c = x held fixed is c
        #expect(tape.gradients(of: y, withRespectTo: [x])[0] == Tensor([1, 2, 3]))
        let blocked = x.stopGradient.squared().sum()
        #expect(tape.gradients(of: blocked, withRespectTo: [x])[0] == Tensor.zeros([3]))
    }

    @Test func straightThroughPassesTheGradientUnchanged() {
        let tape = Tape()
        let x = tape.variable(Tensor([0.2, 0.7, -1.4]))
        let rounded = x.straightThrough(forwardValue: x.value.map { $0.rounded() })
        #expect(rounded.value == Tensor([0, 1, -1]))
        let weights = Tensor([2, -3, 5])
        let loss = (rounded * weights).sum()
        // The identity pass: the gradient reaching x is exactly ∂L/∂(rounded).
        #expect(tape.gradients(of: loss, withRespectTo: [x])[0] == weights)
    }

    @Test func parameterUsedTwiceAccumulatesAndUnusedGetsZero() {
        let used = Parameter(Tensor([3]), name: "used")
        let unused = Parameter(Tensor([1, 2]), name: "unused")
        let tape = Tape()
        let a = tape.parameter(used)
        let b = tape.parameter(used)
        #expect(a.index == b.index)
        let loss = (a * b).sum()  // p², derivative 2p = 6
        let gradients = tape.gradients(of: loss, for: [used, unused])
        #expect(gradients[0] == Tensor([6]))
        #expect(gradients[1] == Tensor.zeros([2]))
    }

    @Test func tapeIsFreedAfterUse() {
        // Regression test: pullbacks once captured variables, which hold their
        // tape, so every tape (and all its activations) leaked.
        weak var weakTape: Tape?
        do {
            let tape = Tape()
            weakTape = tape
            let x = tape.variable(TestInputs.normal([4, 3], seed: 2))
            let w = tape.variable(TestInputs.normal([3, 2], seed: 3))
            let y = Variable.matmul(x, w).silu().sum() + (x * x).mean()
            _ = tape.gradients(of: y, withRespectTo: [x, w])
        }
        #expect(weakTape == nil)
    }

    @Test func constantsGetNoPullback() {
        let tape = Tape()
        let data = tape.constant(Tensor([1, 2]))
        let product = data * data
        #expect(tape.entries[product.index].pullback == nil)
    }

    @Test func gradientCheckDetectsAWrongPullback() {
        // The checker itself must be able to fail: a deliberately wrong
        // derivative (2x instead of 3x²) is caught.
        let report = GradientCheck.compare(at: [Tensor([0.5, 1.0, 1.5])]) { tape, v in
            let x = v[0]
            return tape.record(x.value.pow(3), inputs: [x]) { gradient, _ in [gradient * x.value * 2] }
        }
        #expect(!report.passed)
    }
}
