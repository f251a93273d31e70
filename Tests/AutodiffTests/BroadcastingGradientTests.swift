import Testing
import TensorCore
@testable import Autodiff

/// Binary operations, including the broadcast cases whose gradient must be
/// summed back over the stretched axes.
struct BroadcastingGradientTests {
    func check(_ a: Tensor, _ b: Tensor, _ function: @escaping (Variable, Variable) -> Variable,
               sourceLocation: SourceLocation = #_sourceLocation) {
        let report = GradientCheck.compare(at: [a, b]) { _, v in function(v[0], v[1]) }
        #expect(report.passed, "\(report)", sourceLocation: sourceLocation)
    }

    static let cases: [(String, [Int], [Int])] = [
        ("same shape", [3, 4], [3, 4]),
        ("row vector", [3, 4], [4]),
        ("row matrix", [3, 4], [1, 4]),
        ("column", [3, 4], [3, 1]),
        ("scalar tensor", [3, 4], []),
        ("outer product shapes", [3, 1], [1, 4]),
        ("rank 3 with middle axis", [2, 3, 4], [3, 1]),
    ]

    @Test(arguments: 0..<cases.count) func additionGradient(_ index: Int) {
        let (_, a, b) = Self.cases[index]
        check(TestInputs.normal(a, seed: 1), TestInputs.normal(b, seed: 2)) { $0 + $1 }
        check(TestInputs.normal(b, seed: 3), TestInputs.normal(a, seed: 4)) { $0 + $1 }
    }

    @Test(arguments: 0..<cases.count) func subtractionGradient(_ index: Int) {
        let (_, a, b) = Self.cases[index]
        check(TestInputs.normal(a, seed: 5), TestInputs.normal(b, seed: 6)) { $0 - $1 }
        check(TestInputs.normal(b, seed: 7), TestInputs.normal(a, seed: 8)) { $0 - $1 }
    }

    @Test(arguments: 0..<cases.count) func multiplicationGradient(_ index: Int) {
        let (_, a, b) = Self.cases[index]
        check(TestInputs.normal(a, seed: 9), TestInputs.normal(b, seed: 10)) { $0 * $1 }
    }

    @Test(arguments: 0..<cases.count) func divisionGradient(_ index: Int) {
        let (_, a, b) = Self.cases[index]
        check(TestInputs.normal(a, seed: 11), TestInputs.awayFromZero(b, seed: 12)) { $0 / $1 }
        check(TestInputs.normal(b, seed: 13), TestInputs.awayFromZero(a, seed: 14)) { $0 / $1 }
    }

    @Test func constantTensorOperandsGradient() {
        let constant = TestInputs.normal([4], seed: 15)
        let report = GradientCheck.compare(at: [TestInputs.normal([3, 4], seed: 16)]) { _, v in
            (v[0] + constant) * constant - constant + constant * v[0] + constant + v[0]
        }
        #expect(report.passed, "\(report)")
    }

    @Test func constantTensorDivisorAndMinuendGradient() {
        let constant = TestInputs.awayFromZero([4], seed: 17)
        let report = GradientCheck.compare(at: [TestInputs.normal([3, 4], seed: 18)]) { _, v in
            (v[0] / constant).exp() + (constant - v[0]).squared()
        }
        #expect(report.passed, "\(report)")
    }

    @Test(arguments: 0..<cases.count) func broadcastedAndSummedToShapeGradients(_ index: Int) {
        let (_, large, small) = Self.cases[index]
        let target = Broadcasting.shape(large, small)
        for (shape, seed) in [(large, UInt64(19)), (small, 20)] {
            let report = GradientCheck.compare(at: [TestInputs.normal(shape, seed: seed)]) { _, v in
                v[0].broadcasted(toShape: target).squared()
            }
            #expect(report.passed, "\(report)")
        }
        let summed = GradientCheck.compare(at: [TestInputs.normal(target, seed: 21)]) { _, v in
            v[0].squared().summed(toShape: small)
        }
        #expect(summed.passed, "\(summed)")
    }
}
