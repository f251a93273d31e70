import Testing
import TensorCore
import VectorQuantization

/// `nearestCodes` and `squaredDistances` (which use ‖z‖² − 2z·e + ‖e‖² and a matrix
/// product) against loops over explicit difference vectors in double precision.
struct NearestCodeTests {
    static let (vectorCount, codeCount, dimension) = (500, 16, 5)
    static let z = TestData.normal([vectorCount, dimension], seed: 1)
    static let codebook = TestData.normal([codeCount, dimension], seed: 2)

    @Test func nearestCodesAgreeWithABruteForceLoop() {
        let quantizer = VectorQuantizer(codebook: Self.codebook)
        let codes = quantizer.nearestCodes(Self.z)
        let zRows = TestData.rows(Self.z), codebook = TestData.rows(Self.codebook)
        #expect(codes.count == Self.vectorCount)
        var compared = 0
        for (i, row) in zRows.enumerated() {
            let reference = TestData.nearest(row, codebook: codebook)
            if reference.second - reference.best < 1e-4 { continue }  // a near-tie: Float rounding may decide it
            compared += 1
            #expect(codes[i] == reference.code, "vector \(i): \(codes[i]) vs brute force \(reference.code)")
        }
        #expect(compared >= 490, "only \(compared) vectors without a near-tie")
    }

    @Test func squaredDistancesAgreeWithDifferenceVectors() {
        let quantizer = VectorQuantizer(codebook: Self.codebook)
        let distances = quantizer.squaredDistances(Self.z)
        #expect(distances.shape == [Self.vectorCount, Self.codeCount])
        let zRows = TestData.rows(Self.z), codebook = TestData.rows(Self.codebook)
        var worst = 0.0
        for i in 0..<Self.vectorCount {
            for j in 0..<Self.codeCount {
                let reference = TestData.squaredDistance(zRows[i], codebook[j])
                let value = Double(distances.scalars[i * Self.codeCount + j])
                worst = max(worst, abs(value - reference) / reference)
            }
        }
        #expect(worst < 1e-4, "worst relative error \(worst)")
    }

    @Test func anExactTieGoesToTheLowestIndex() {
        // z = (½, 0) is at squared distance ¼ from both (0, 0) and (1, 0), exactly in Float
        // (¼ + 1 − 2·½ = ¼ with no rounding), whichever order they come in.
        let z = Tensor(rows: [[0.5, 0], [0.5, 0]])
        let codebook = Tensor(rows: [[5, 5], [1, 0], [-3, 2], [0, 0], [4, -4]])
        let quantizer = VectorQuantizer(codebook: codebook)
        #expect(quantizer.squaredDistances(z).scalars[1] == quantizer.squaredDistances(z).scalars[3])
        #expect(quantizer.nearestCodes(z) == [1, 1])
        // The origin is at distance 1 from ±e₁, ±e₂ and 4 from 2e₁: of the four ties, code 1.
        let ring = VectorQuantizer(codebook: Tensor(rows: [[2, 0], [0, -1], [1, 0], [0, 1], [-1, 0]]))
        #expect(ring.nearestCodes(Tensor(rows: [[0, 0]])) == [1])
        #expect(ring.quantize(Tensor(rows: [[0, 0]])) == Tensor(rows: [[0, -1]]))
    }

    @Test func aDotProductRuleWithoutTheNormTermWouldBeCaught() {
        // argmax z·e forgets ‖e‖²: long codes win too often. It must disagree with the
        // nearest code often enough that the brute-force comparison above has power.
        let zRows = TestData.rows(Self.z), codebook = TestData.rows(Self.codebook)
        let codes = VectorQuantizer(codebook: Self.codebook).nearestCodes(Self.z)
        let disagreements = zRows.indices.filter { i in
            let dots = codebook.map { code in zip(zRows[i], code).reduce(0) { $0 + $1.0 * $1.1 } }
            return dots.indices.max { dots[$0] < dots[$1] }! != codes[i]
        }.count
        #expect(disagreements > 100, "the dot-product rule disagrees on only \(disagreements) of \(Self.vectorCount)")
    }

    @Test func quantizeAndVectorsGatherTheChosenRows() {
        let quantizer = VectorQuantizer(codebook: Self.codebook)
        let codes = quantizer.nearestCodes(Self.z)
        let quantized = quantizer.quantize(Self.z), codebook = TestData.rows(Self.codebook)
        #expect(quantized.shape == [Self.vectorCount, Self.dimension])
        #expect(TestData.rows(quantized) == codes.map { codebook[$0] })
        #expect(quantizer.vectors(of: [3, 0, 15, 3]) == Tensor(rows: [3, 0, 15, 3].map { codebook[$0].map(Float.init) }))
    }
}
