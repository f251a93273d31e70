import Testing
import TensorCore
@testable import Autodiff

/// The differentiable pullbacks of structural and binary operations: the
/// derivative of a recorded backward pass against central differences of
/// the first-order gradients (`GradientCheck.compareSecondDerivatives`).
/// Each operation is followed by a non-linearity, so its Hessian is not zero.
struct StructuralSecondDerivativeTests {
    func check(_ inputs: [Tensor], sourceLocation: SourceLocation = #_sourceLocation,
               _ function: @escaping ([Variable]) -> Variable) {
        let report = GradientCheck.compareSecondDerivatives(at: inputs) { _, v in function(v) }
        #expect(report.passed, "\(report)", sourceLocation: sourceLocation)
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func matmul(transposes: (Bool, Bool)) {
        let (ta, tb) = transposes
        let a = TestInputs.normal(ta ? [4, 3] : [3, 4], scale: 0.5, seed: 1)
        let b = TestInputs.normal(tb ? [5, 4] : [4, 5], scale: 0.5, seed: 2)
        check([a, b]) { Variable.matmul($0[0], $0[1], transposeA: ta, transposeB: tb).tanh() }
    }

    @Test func affine() {
        let inputs = [TestInputs.normal([3, 4], seed: 3), TestInputs.normal([4, 2], scale: 0.5, seed: 4), TestInputs.normal([2], seed: 5)]
        check(inputs) { Variable.affine($0[0], weight: $0[1], bias: $0[2]).softplus() }
    }

    @Test func transposeAndReshape() {
        check([TestInputs.normal([3, 4], seed: 6)]) { $0[0].transposed.reshaped([2, 6]).sigmoid() * $0[0].reshaped([2, 6]) }
    }

    @Test(arguments: [([3, 4], [3, 4]), ([3, 4], [4]), ([3, 4], [3, 1]), ([3, 4], [1, 4]), ([3, 4], []),
                      ([3, 1], [1, 4]), ([2, 3, 4], [3, 1]), ([4], [3, 4])])
    func broadcastingArithmetic(shapes: ([Int], [Int])) {
        let a = TestInputs.normal(shapes.0, seed: 7)
        let b = TestInputs.uniform(shapes.1, 0.5, 2, seed: 8)
        check([a, b]) { v in (v[0] + v[1]).tanh() + (v[0] - v[1]).sigmoid() + v[0] * v[1] * v[0] + (v[0] / v[1]).silu() }
    }

    @Test func arithmeticWithConstants() {
        let noise = TestInputs.normal([3, 4], seed: 9)
        let scale = TestInputs.uniform([4], 0.5, 2, seed: 10)
        check([TestInputs.normal([3, 4], seed: 11)]) { v in
            let x = v[0]
            return ((x + noise) * scale - noise).tanh() + (noise - x / scale).squared() + (scale + x).exp() * 0.1
        }
    }

    @Test func sumsAndMeans() {
        check([TestInputs.normal([3, 4], seed: 12)]) { v in
            let x = v[0].tanh()
            return x.sum(alongAxis: 0).squared() + x.mean(alongAxis: 1, keepingDimension: true).exp().sum()
                + x.sum().squared() * x.mean()
        }
    }

    @Test func maximumAlongAxis() {
        check([TestInputs.normal([3, 4], seed: 13)]) { $0[0].squared().max(alongAxis: 1).squared() }
    }

    @Test func logSumExpAndSoftmax() {
        check([TestInputs.normal([3, 4], seed: 14)]) { v in
            v[0].logSumExp(alongAxis: 1).squared() + v[0].softmax(alongAxis: 0).squared().sum(alongAxis: 1)
        }
    }

    @Test func concatenateAndSlice() {
        check([TestInputs.normal([3, 2], seed: 15), TestInputs.normal([3, 3], seed: 16)]) { v in
            let joined = Variable.concatenate([v[0], v[1].tanh()], alongAxis: 1)
            return (joined.slice(1..<4, alongAxis: 1) * joined.slice(0..<3, alongAxis: 1)).sigmoid()
        }
    }

    @Test func gatherAndScatterRows() {
        check([TestInputs.normal([4, 3], seed: 17)]) { v in
            v[0].gatherRows([2, 0, 2, 3]).tanh().scatterAddRows([1, 1, 0, 2], rowCount: 3).squared()
        }
    }

    @Test func pickColumns() {
        check([TestInputs.normal([4, 3], seed: 18)]) { v in v[0].softplus().pickColumns([2, 0, 1, 2]).squared() }
    }

    @Test func broadcastAndSumToShape() {
        check([TestInputs.normal([1, 4], seed: 19)]) { v in v[0].broadcasted(toShape: [3, 4]).tanh().summed(toShape: [4]).squared() }
    }

    @Test func pairwiseSquaredDistances() {
        check([TestInputs.normal([3, 2], seed: 20), TestInputs.normal([4, 2], seed: 21)]) { v in
            Variable.pairwiseSquaredDistances(v[0], v[1]).sqrt()
        }
    }

    /// f(x) = MLP(x) summed, with inputs x and every weight and bias checked,
    /// so this is the full Hessian–vector product of a small network.
    @Test(arguments: ["silu", "tanh", "softplus", "sigmoid"])
    func multilayerPerceptronHessianVectorProduct(activationName: String) {
        let activation: (Variable) -> Variable = switch activationName {
        case "silu": { $0.silu() }
        case "tanh": { $0.tanh() }
        case "softplus": { $0.softplus() }
        default: { $0.sigmoid() }
        }
        let inputs = [TestInputs.normal([3, 2], seed: 23),
                      TestInputs.normal([2, 5], scale: 0.7, seed: 24), TestInputs.normal([5], scale: 0.3, seed: 25),
                      TestInputs.normal([5, 4], scale: 0.5, seed: 26), TestInputs.normal([4], scale: 0.3, seed: 27),
                      TestInputs.normal([4, 1], scale: 0.5, seed: 28), TestInputs.normal([1], scale: 0.3, seed: 29)]
        check(inputs) { v in
            let hidden = activation(Variable.affine(v[0], weight: v[1], bias: v[2]))
            let deeper = activation(Variable.affine(hidden, weight: v[3], bias: v[4]))
            return Variable.affine(deeper, weight: v[5], bias: v[6]).sum()
        }
    }
}
