import Testing
import TensorCore
@testable import Autodiff

/// Every elementwise function's pullback against central differences.
struct ElementwiseGradientTests {
    static let shape = [3, 5]

    func check(_ input: Tensor, _ function: @escaping (Variable) -> Variable, sourceLocation: SourceLocation = #_sourceLocation) {
        let report = GradientCheck.compare(at: [input]) { _, variables in function(variables[0]) }
        #expect(report.passed, "\(report)", sourceLocation: sourceLocation)
    }

    @Test func expGradient() { check(TestInputs.normal(Self.shape, seed: 1)) { $0.exp() } }
    @Test func logGradient() { check(TestInputs.uniform(Self.shape, 0.5, 3, seed: 2)) { $0.log() } }
    @Test func log1pGradient() { check(TestInputs.uniform(Self.shape, -0.5, 3, seed: 3)) { $0.log1p() } }
    @Test func sqrtGradient() { check(TestInputs.uniform(Self.shape, 0.5, 3, seed: 4)) { $0.sqrt() } }
    @Test func squaredGradient() { check(TestInputs.normal(Self.shape, seed: 5)) { $0.squared() } }
    @Test func absGradientAwayFromZero() { check(TestInputs.awayFromZero(Self.shape, seed: 6)) { $0.abs() } }
    @Test func powGradient() { check(TestInputs.uniform(Self.shape, 0.5, 2, seed: 7)) { $0.pow(2.5) } }
    @Test func tanhGradient() { check(TestInputs.normal(Self.shape, scale: 1.5, seed: 8)) { $0.tanh() } }
    @Test func sigmoidGradient() { check(TestInputs.normal(Self.shape, scale: 2, seed: 9)) { $0.sigmoid() } }
    @Test func softplusGradient() { check(TestInputs.normal(Self.shape, scale: 2, seed: 10)) { $0.softplus() } }
    @Test func siluGradient() { check(TestInputs.normal(Self.shape, scale: 2, seed: 11)) { $0.silu() } }
    @Test func reluGradientAwayFromTheKink() { check(TestInputs.awayFromZero(Self.shape, seed: 12)) { $0.relu() } }
    @Test func leakyReluGradientAwayFromTheKink() {
        check(TestInputs.awayFromZero(Self.shape, seed: 13)) { $0.leakyRelu(slope: 0.1) }
    }
    @Test func negationGradient() { check(TestInputs.normal(Self.shape, seed: 14)) { -$0 } }
    @Test func scalarArithmeticGradients() {
        check(TestInputs.uniform(Self.shape, 0.5, 2, seed: 15)) { x in ((x * 3 + 1) - 2) / 4 + 2 / x - (1 - x) + (2 * x) }
    }
}
