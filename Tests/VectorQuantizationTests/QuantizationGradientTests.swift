import Testing
import TensorCore
import Autodiff
import VectorQuantization

/// The quantiser on a tape: the straight-through forward value and gradient, and the two
/// loss terms with their stop-gradients, against sums written out by hand in Double.
struct QuantizationGradientTests {
    static let (vectorCount, codeCount, dimension) = (20, 6, 3)
    /// Five codes spread out and a sixth far away that no vector chooses.
    static let codebook: Tensor = {
        var rows = TestData.rows(TestData.normal([codeCount, dimension], scale: 2, seed: 21)).map { $0.map(Float.init) }
        rows[5] = [10, 10, 10]
        return Tensor(rows: rows)
    }()
    /// Each vector is a code plus noise of scale 0.3, cycling through codes 0…4.
    static let z: Tensor = {
        let noise = TestData.normal([vectorCount, dimension], scale: 0.3, seed: 22)
        return codebook.gatherRows((0..<vectorCount).map { $0 % 5 }) + noise
    }()

    /// k(i) from the brute-force loop, with every vector far from a tie.
    static var codes: [Int] {
        let codebook = TestData.rows(Self.codebook)
        return TestData.rows(z).map { row in
            let n = TestData.nearest(row, codebook: codebook)
            precondition(n.second - n.best > 0.5, "test data too close to a tie")
            return n.code
        }
    }

    @Test func forwardValuesAreTheChosenRowsAndTheSquaredDistances() {
        let quantizer = VectorQuantizer(codebook: Self.codebook)
        let tape = Tape()
        let q = quantizer(tape.variable(Self.z))
        let codes = Self.codes, codebook = TestData.rows(Self.codebook), zRows = TestData.rows(Self.z)
        #expect(q.codes == codes)
        #expect(!codes.contains(5))
        #expect(TestData.rows(q.quantized.value) == codes.map { codebook[$0] })
        let reference = zip(zRows, codes).reduce(0.0) { $0 + TestData.squaredDistance($1.0, codebook[$1.1]) }
        for loss in [q.codebookLoss, q.commitmentLoss] {
            #expect(loss.shape.reduce(1, *) == 1)
            #expect(abs(Double(loss.value.scalars[0]) - reference) <= 1e-5 * reference, "\(loss.value.scalars[0]) vs \(reference)")
        }
    }

    @Test func straightThroughPassesTheGradientToZAndNoneToTheCodebook() {
        let quantizer = VectorQuantizer(codebook: Self.codebook)
        let tape = Tape()
        let z = tape.variable(Self.z)
        let q = quantizer(z)
        let w = TestData.normal([Self.vectorCount, Self.dimension], seed: 23)
        let g = tape.gradients(of: (q.quantized * w).sum(), withRespectTo: [z, tape.parameter(quantizer.codebook)])
        #expect(g[0] == w)
        #expect(g[1] == Tensor.zeros([Self.codeCount, Self.dimension]))
    }

    @Test func codebookLossMovesEachChosenCodeTowardsItsVectorsAndLeavesZAlone() {
        let quantizer = VectorQuantizer(codebook: Self.codebook)
        let tape = Tape()
        let z = tape.variable(Self.z)
        let q = quantizer(z)
        let g = tape.gradients(of: q.codebookLoss, withRespectTo: [z, tape.parameter(quantizer.codebook)])
        #expect(g[0] == Tensor.zeros(Self.z.shape))
        // Row j: 2 Σ_{i: k(i) = j} (e_j − zᵢ), summed in Double.
        let codes = Self.codes, codebook = TestData.rows(Self.codebook), zRows = TestData.rows(Self.z)
        var expected = [[Double]](repeating: [Double](repeating: 0, count: Self.dimension), count: Self.codeCount)
        for (i, code) in codes.enumerated() {
            for d in 0..<Self.dimension { expected[code][d] += 2 * (codebook[code][d] - zRows[i][d]) }
        }
        let gradient = TestData.rows(g[1])
        for j in 0..<Self.codeCount {
            for d in 0..<Self.dimension {
                if !codes.contains(j) { #expect(gradient[j][d] == 0) }
                #expect(abs(gradient[j][d] - expected[j][d]) <= 1e-5 * (1 + abs(expected[j][d])), "row \(j), column \(d)")
            }
        }
    }

    @Test func commitmentLossMovesZTowardsItsCodeAndLeavesTheCodebookAlone() {
        let quantizer = VectorQuantizer(codebook: Self.codebook)
        let tape = Tape()
        let z = tape.variable(Self.z)
        let q = quantizer(z)
        let g = tape.gradients(of: q.commitmentLoss, withRespectTo: [z, tape.parameter(quantizer.codebook)])
        #expect(g[1] == Tensor.zeros([Self.codeCount, Self.dimension]))
        let codes = Self.codes, codebook = TestData.rows(Self.codebook), zRows = TestData.rows(Self.z)
        let gradient = TestData.rows(g[0])
        for i in 0..<Self.vectorCount {
            for d in 0..<Self.dimension {
                let expected = 2 * (zRows[i][d] - codebook[codes[i]][d])
                #expect(abs(gradient[i][d] - expected) <= 1e-5 * (1 + abs(expected)), "row \(i), column \(d)")
            }
        }
    }

    @Test func codebookLossGradientMatchesFiniteDifferencesInDouble() {
        // L(E) = Σᵢ ‖zᵢ − E_{k(i)}‖² with the assignments k fixed, differentiated by central
        // differences in Double; h is small enough that no assignment changes (checked).
        let quantizer = VectorQuantizer(codebook: Self.codebook)
        let tape = Tape()
        let gradient = TestData.rows(tape.gradients(of: quantizer(tape.variable(Self.z)).codebookLoss, for: [quantizer.codebook])[0])
        let codes = Self.codes, zRows = TestData.rows(Self.z), codebook = TestData.rows(Self.codebook)
        func loss(_ e: [[Double]]) -> Double { zip(zRows, codes).reduce(0) { $0 + TestData.squaredDistance($1.0, e[$1.1]) } }
        let h = 1e-3
        for j in 0..<Self.codeCount {
            for d in 0..<Self.dimension {
                var plus = codebook, minus = codebook
                plus[j][d] += h
                minus[j][d] -= h
                for perturbed in [plus, minus] {
                    let moved = VectorQuantizer(codebook: Tensor(rows: perturbed.map { $0.map(Float.init) }))
                    #expect(moved.nearestCodes(Self.z) == codes)
                }
                let numeric = (loss(plus) - loss(minus)) / (2 * h)
                #expect(abs(gradient[j][d] - numeric) <= 1e-4 * (1 + abs(numeric)), "row \(j), column \(d): \(gradient[j][d]) vs \(numeric)")
            }
        }
    }

    @Test func codebookLossPassesTheLibraryGradientCheck() {
        // The same with the library's own loss re-evaluated (assignments recomputed each time,
        // which the margin of the data keeps fixed for the check's step 1e-2).
        let quantizer = VectorQuantizer(codebook: Self.codebook)
        let report = GradientCheck.compare(parameters: [quantizer.codebook]) { tape in quantizer(tape.constant(Self.z)).codebookLoss }
        #expect(report.passed, "\(report)")
        #expect(quantizer.codebook.value == Self.codebook)
    }
}
