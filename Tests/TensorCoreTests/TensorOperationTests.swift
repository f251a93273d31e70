import Foundation
import Testing
@testable import TensorCore

/// Forward results checked against hand-computed values or brute force.
struct TensorOperationTests {
    func normal(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return Tensor.normal(shape, using: &generator)
    }

    @Test func broadcastingAddsRowsColumnsAndScalars() {
        let m = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(m + Tensor([10, 20, 30]) == Tensor(rows: [[11, 22, 33], [14, 25, 36]]))
        #expect(m * Tensor(shape: [2, 1], scalars: [2, 3]) == Tensor(rows: [[2, 4, 6], [12, 15, 18]]))
        #expect(m - Tensor(1) == Tensor(rows: [[0, 1, 2], [3, 4, 5]]))
        #expect(Tensor(shape: [2, 1], scalars: [1, 2]) + Tensor(shape: [1, 3], scalars: [10, 20, 30])
                == Tensor(rows: [[11, 21, 31], [12, 22, 32]]))
        #expect(Broadcasting.shape([2, 1, 4], [3, 1]) == [2, 3, 4])
    }

    @Test func broadcastingAgreesWithAnExplicitLoopOnRank3() {
        let a = normal([2, 3, 4], seed: 1), b = normal([3, 1], seed: 2)
        let sum = a + b
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { #expect(sum[i, j, k] == a[i, j, k] + b[j, 0]) } } }
    }

    @Test func reductionsAlongAxes() {
        let m = Tensor(rows: [[1, 5, 3], [4, 2, 6]])
        #expect(m.sum() == Tensor(21))
        #expect(m.sum(alongAxis: 0) == Tensor([5, 7, 9]))
        #expect(m.sum(alongAxis: 1, keepingDimension: true) == Tensor(shape: [2, 1], scalars: [9, 12]))
        #expect(m.mean(alongAxis: 1) == Tensor([3, 4]))
        #expect(m.max(alongAxis: 1) == Tensor([5, 6]))
        #expect(m.argmax(alongAxis: 1) == [1, 2])
        #expect(m.argmin(alongAxis: 0) == [0, 1, 0])
        #expect(m.argmax() == 5 && m.argmin() == 0 && m.max() == 6 && m.min() == 1)
        #expect(m.variance(alongAxis: 1) == Tensor([8.0 / 3, 8.0 / 3]))
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func matmulMatchesTripleLoop(transposes: (Bool, Bool)) {
        let (ta, tb) = transposes
        let a = normal(ta ? [5, 3] : [3, 5], seed: 3), b = normal(tb ? [4, 5] : [5, 4], seed: 4)
        let product = Tensor.matmul(a, b, transposeA: ta, transposeB: tb)
        #expect(product.shape == [3, 4])
        for i in 0..<3 {
            for j in 0..<4 {
                var exact = 0.0
                for k in 0..<5 { exact += Double(ta ? a[k, i] : a[i, k]) * Double(tb ? b[j, k] : b[k, j]) }
                #expect(abs(exact - Double(product[i, j])) < 1e-5)
            }
        }
    }

    @Test func affineAddsTheBiasToEveryRow() {
        let x = normal([6, 3], seed: 5), w = normal([3, 2], seed: 6), b = Tensor([1, -1])
        let expected = Tensor.matmul(x, w) + b
        #expect((Tensor.affine(x, weight: w, bias: b) - expected).abs().max() < 1e-6)
        let activated = Tensor.affine(x, weight: w, bias: b, activation: .silu)
        #expect((activated - expected.silu()).abs().max() < 1e-6)
    }

    @Test func logSumExpIsStableForLargeInputs() {
        let x = Tensor(rows: [[1000, 1000], [-1000, -1000]])
        let result = x.logSumExp(alongAxis: 1)
        #expect(abs(result[0] - (1000 + Float(log(2.0)))) < 1e-3)
        #expect(abs(result[1] - (-1000 + Float(log(2.0)))) < 1e-3)
    }

    @Test func softmaxRowsArePositiveAndSumToOne() {
        let probabilities = (normal([4, 7], seed: 7) * 10).softmax(alongAxis: 1)
        #expect(probabilities.scalars.allSatisfy { $0 >= 0 })
        #expect((probabilities.sum(alongAxis: 1) - 1).abs().max() < 1e-6)
    }

    @Test func pairwiseSquaredDistancesMatchBruteForce() {
        let a = normal([5, 3], seed: 8), b = normal([4, 3], seed: 9)
        let distances = Tensor.pairwiseSquaredDistances(a, b)
        for i in 0..<5 {
            for j in 0..<4 {
                let exact = (0..<3).reduce(0.0) { $0 + pow(Double(a[i, $1]) - Double(b[j, $1]), 2) }
                #expect(abs(Double(distances[i, j]) - exact) < 1e-5)
            }
        }
        #expect(Tensor.pairwiseSquaredDistances(a, a).scalars.allSatisfy { $0 >= 0 })
    }

    @Test func concatenateAndSliceRoundTrip() {
        let a = normal([2, 3], seed: 10), b = normal([2, 4], seed: 11)
        let joined = Tensor.concatenate([a, b], alongAxis: 1)
        #expect(joined.slice(0..<3, alongAxis: 1) == a && joined.slice(3..<7, alongAxis: 1) == b)
        let stacked = Tensor.concatenate([a, a, a], alongAxis: 0)
        #expect(stacked.shape == [6, 3] && stacked.slice(2..<4) == a)
    }

    @Test func gatherAndScatterAddAreAdjoint() {
        // ⟨gather(x), y⟩ = ⟨x, scatterAdd(y)⟩ for any x, y: the definition of an adjoint.
        let x = normal([5, 3], seed: 12), y = normal([6, 3], seed: 13)
        let indices = [4, 0, 4, 2, 2, 4]
        let left = Double(x.gatherRows(indices).dot(y))
        let right = Double(x.dot(y.scatterAddRows(indices, rowCount: 5)))
        #expect(abs(left - right) < 1e-4)
        #expect(x.gatherRows([1]).scalars == x.row(1).scalars)
    }

    @Test func oneHotAndPickColumns() {
        let labels = [2, 0, 1]
        let encoded = Tensor.oneHot(labels, classCount: 3)
        #expect(encoded == Tensor(rows: [[0, 0, 1], [1, 0, 0], [0, 1, 0]]))
        #expect(encoded.pickColumns(labels) == Tensor([1, 1, 1]))
    }

    @Test func convolutionMatchesADirectLoop() {
        let input = normal([2, 2, 6, 5], seed: 14), weight = normal([3, 2, 3, 3], seed: 15), bias = Tensor([0.5, -1, 2])
        for (stride, padding) in [(1, 0), (1, 1), (2, 1)] {
            let output = Tensor.convolution2D(input, weight: weight, bias: bias, stride: stride, padding: padding)
            let (oh, ow) = ((6 + 2 * padding - 3) / stride + 1, (5 + 2 * padding - 3) / stride + 1)
            #expect(output.shape == [2, 3, oh, ow])
            for n in 0..<2 { for o in 0..<3 { for y in 0..<oh { for x in 0..<ow {
                var sum = Double(bias[o])
                for c in 0..<2 { for ky in 0..<3 { for kx in 0..<3 {
                    let (iy, ix) = (y * stride - padding + ky, x * stride - padding + kx)
                    if iy >= 0 && iy < 6 && ix >= 0 && ix < 5 { sum += Double(input[n, c, iy, ix]) * Double(weight[o, c, ky, kx]) }
                } } }
                #expect(abs(sum - Double(output[n, o, y, x])) < 1e-4)
            } } } }
        }
    }

    @Test func transposedConvolutionIsTheAdjointOfConvolution() {
        // ⟨conv(x), y⟩ = ⟨x, convᵀ(y)⟩ with zero bias and the same weight.
        let weight = normal([3, 2, 3, 3], seed: 16)
        for (stride, padding) in [(1, 0), (2, 1), (2, 0)] {
            let x = normal([2, 2, 7, 7], seed: 17)
            let convolved = Tensor.convolution2D(x, weight: weight, bias: Tensor.zeros([3]), stride: stride, padding: padding)
            let y = normal(convolved.shape, seed: 18)
            let back = Tensor.transposedConvolution2D(y, weight: weight, bias: Tensor.zeros([2]), stride: stride, padding: padding)
            #expect(back.shape == x.shape)
            let left = Double(convolved.dot(y)), right = Double(x.dot(back))
            #expect(abs(left - right) < 1e-3 * max(1, abs(left)))
        }
    }

    @Test func creationHelpers() {
        #expect(Tensor.linspace(0, 1, count: 5) == Tensor([0, 0.25, 0.5, 0.75, 1]))
        #expect(Tensor.arange(0, 1, step: 0.25) == Tensor([0, 0.25, 0.5, 0.75]))
        #expect(Tensor.identity(2) == Tensor(rows: [[1, 0], [0, 1]]))
        #expect(Tensor.full([2], 3) == Tensor([3, 3]))
        #expect(Tensor.zeros([2, 3]).reshaped([3, -1]).shape == [3, 2])
    }

    @Test func checkFiniteNamesTheQuantityAndStep() {
        let bad = Tensor([1, .nan, 3])
        do {
            try bad.checkFinite("loss", step: 17)
            Issue.record("checkFinite did not throw")
        } catch let error as NonFiniteValueError {
            #expect(error.description.contains("loss") && error.description.contains("17"))
        } catch { Issue.record("unexpected error \(error)") }
        #expect(throws: Never.self) { try Tensor([1, 2]).checkFinite("loss") }
    }
}

@Test func rowNormsAreTheEuclideanLengthOfEachRow() {
    let norms = Tensor(rows: [[3, 4], [0, 0], [-1, 0]]).rowNorms()
    #expect(norms.shape == [3] && norms.scalars == [5, 0, 1])
}
