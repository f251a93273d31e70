import Testing
import TensorCore
@testable import Autodiff

/// Matrix products, reductions, reshaping and indexing.
struct StructuralGradientTests {
    func check(_ inputs: [Tensor], sourceLocation: SourceLocation = #_sourceLocation,
               _ function: @escaping ([Variable]) -> Variable) {
        let report = GradientCheck.compare(at: inputs) { _, v in function(v) }
        #expect(report.passed, "\(report)", sourceLocation: sourceLocation)
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func matmulGradient(transposes: (Bool, Bool)) {
        let (ta, tb) = transposes
        let a = TestInputs.normal(ta ? [4, 3] : [3, 4], seed: 1)
        let b = TestInputs.normal(tb ? [5, 4] : [4, 5], seed: 2)
        check([a, b]) { Variable.matmul($0[0], $0[1], transposeA: ta, transposeB: tb) }
    }

    @Test func affineGradient() {
        check([TestInputs.normal([4, 3], seed: 3), TestInputs.normal([3, 5], seed: 4), TestInputs.normal([5], seed: 5)]) {
            Variable.affine($0[0], weight: $0[1], bias: $0[2])
        }
    }

    @Test func transposeAndReshapeGradients() {
        check([TestInputs.normal([3, 4], seed: 6)]) { $0[0].transposed.reshaped([2, 6]).exp() }
    }

    @Test func sumAndMeanGradients() {
        let x = TestInputs.normal([3, 4], seed: 7)
        check([x]) { ($0[0] * $0[0]).sum() }
        check([x]) { ($0[0] * $0[0]).mean() }
    }

    @Test(arguments: [0, 1, -1, 2])
    func axisReductionGradients(axis: Int) {
        let x = TestInputs.normal([2, 3, 4], seed: 8)
        for keep in [false, true] {
            check([x]) { $0[0].squared().sum(alongAxis: axis, keepingDimension: keep) }
            check([x]) { $0[0].squared().mean(alongAxis: axis, keepingDimension: keep) }
            check([x]) { $0[0].logSumExp(alongAxis: axis, keepingDimension: keep) }
        }
    }

    @Test func maxAlongAxisGradientWithDistinctValues() {
        // A permutation of well-separated values: the maximiser is unique and
        // stays the same under a ±h perturbation.
        var generator = RandomGenerator(seed: 9)
        let values = generator.permutation(12).map { Float($0) * 0.5 }
        let x = Tensor(shape: [3, 4], scalars: values)
        check([x]) { $0[0].max(alongAxis: 1) }
        check([x]) { $0[0].max(alongAxis: 0, keepingDimension: true) }
    }

    @Test func softmaxFamilyGradients() {
        let x = TestInputs.normal([3, 5], scale: 2, seed: 10)
        check([x]) { $0[0].softmax(alongAxis: 1) }
        check([x]) { $0[0].logSoftmax(alongAxis: 1) }
        check([x]) { $0[0].softmax(alongAxis: 0) }
    }

    @Test func concatenateGradientAlongEachAxis() {
        let a = TestInputs.normal([2, 3], seed: 11)
        check([a, TestInputs.normal([2, 2], seed: 12)]) { Variable.concatenate([$0[0], $0[1]], alongAxis: 1).squared() }
        check([a, TestInputs.normal([4, 3], seed: 13)]) { Variable.concatenate([$0[0], $0[1], $0[0]], alongAxis: 0).squared() }
    }

    @Test func sliceGradient() {
        let x = TestInputs.normal([4, 5], seed: 14)
        check([x]) { $0[0].slice(1..<3, alongAxis: 0).exp() }
        check([x]) { $0[0].slice(2..<5, alongAxis: 1).exp() }
    }

    @Test func gatherRowsGradientWithRepeatedIndices() {
        check([TestInputs.normal([4, 3], seed: 15)]) { $0[0].gatherRows([2, 0, 2, 3, 2]).squared() }
    }

    @Test func scatterAddRowsGradientWithRepeatedIndices() {
        check([TestInputs.normal([5, 3], seed: 25)]) { $0[0].squared().scatterAddRows([1, 3, 1, 0, 1], rowCount: 4) }
    }

    @Test func pickColumnsGradient() {
        check([TestInputs.normal([4, 3], seed: 16)]) { $0[0].logSoftmax(alongAxis: 1).pickColumns([0, 2, 1, 2]) }
    }

    @Test func pairwiseSquaredDistancesGradient() {
        check([TestInputs.normal([4, 3], seed: 17), TestInputs.normal([5, 3], seed: 18)]) {
            Variable.pairwiseSquaredDistances($0[0], $0[1])
        }
    }

    @Test(arguments: [(1, 0), (1, 1), (2, 1), (2, 0)])
    func convolutionGradient(strideAndPadding: (Int, Int)) {
        let (stride, padding) = strideAndPadding
        let input = TestInputs.normal([2, 2, 5, 5], seed: 19)
        let weight = TestInputs.normal([3, 2, 3, 3], scale: 0.5, seed: 20)
        let bias = TestInputs.normal([3], seed: 21)
        check([input, weight, bias]) { Variable.convolution2D($0[0], weight: $0[1], bias: $0[2], stride: stride, padding: padding) }
    }

    @Test(arguments: [(1, 0), (1, 1), (2, 1), (2, 0)])
    func transposedConvolutionGradient(strideAndPadding: (Int, Int)) {
        let (stride, padding) = strideAndPadding
        let input = TestInputs.normal([2, 3, 3, 3], seed: 22)
        let weight = TestInputs.normal([3, 2, 3, 3], scale: 0.5, seed: 23)
        let bias = TestInputs.normal([2], seed: 24)
        check([input, weight, bias]) {
            Variable.transposedConvolution2D($0[0], weight: $0[1], bias: $0[2], stride: stride, padding: padding)
        }
    }
}

/// Reordering axes: the values land where the index arithmetic says, and the gradient goes back.
struct PermutationTests {
    @Test func permutedMovesEachElementToItsPermutedIndex() {
        let x = TestInputs.normal([2, 3, 4, 5], seed: 31)
        let axes = [0, 2, 3, 1], y = x.permuted(axes)
        #expect(y.shape == [2, 4, 5, 3])
        for n in 0..<2 { for c in 0..<3 { for h in 0..<4 { for w in 0..<5 {
            #expect(y.scalars[((n * 4 + h) * 5 + w) * 3 + c] == x.scalars[((n * 3 + c) * 4 + h) * 5 + w])
        } } } }
        #expect(y.permuted(Tensor.inversePermutation(axes)) == x)
        #expect(x.permuted([0, 1, 2, 3]) == x)
        #expect(Tensor(rows: [[1, 2, 3], [4, 5, 6]]).permuted([1, 0]) == Tensor(rows: [[1, 4], [2, 5], [3, 6]]))
    }

    @Test func permutedGradientMatchesFiniteDifferences() {
        let weights = TestInputs.normal([3, 2, 4], seed: 32)
        let report = GradientCheck.compare(at: [TestInputs.normal([2, 4, 3], seed: 33)]) { _, v in
            (v[0].permuted([2, 0, 1]).exp() * weights).sum()
        }
        #expect(report.passed, "\(report)")
    }
}
