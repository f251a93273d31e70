import Testing
import TensorCore
@testable import Autodiff

/// `GradientCheck.compare(parameters:)`: passes a correct gradient, fails one the tape
/// gets wrong, and leaves the parameters as it found them.
struct ParameterGradientCheckTests {
    @Test func passesACorrectGradientAndRestoresTheValues() {
        let weight = Parameter(Tensor(shape: [3], scalars: [0.5, -1.2, 2.0]), name: "w")
        let before = weight.value.scalars
        let report = GradientCheck.compare(parameters: [weight]) { tape in (tape.parameter(weight).squared() * 0.5).sum() }
        #expect(report.passed, "\(report)")
        #expect(weight.value.scalars == before)
    }

    /// A loss that reads the parameter once through the tape and once as a constant: the tape
    /// sees half of the true gradient w, central differences all of it, so the check must fail.
    @Test func failsWhenTheTapeMissesAPath() {
        let weight = Parameter(Tensor(shape: [3], scalars: [0.5, -1.2, 2.0]), name: "w")
        let report = GradientCheck.compare(parameters: [weight]) { tape in
            (tape.parameter(weight) * tape.constant(weight.value) * 0.5).sum()
        }
        #expect(!report.passed, "\(report)")
    }
}
