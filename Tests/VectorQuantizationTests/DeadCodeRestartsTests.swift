import Testing
import TensorCore
import VectorQuantization

/// Restarts every `interval` steps of the codes chosen fewer than `threshold` times.
struct DeadCodeRestartsTests {
    static let codebook = Tensor(rows: [[0, 0], [1, 0], [0, 1], [1, 1], [2, 2]])
    static let vectors = Tensor(rows: [[0.25, 0.5], [7, -3], [-1.5, 4], [0.125, 9], [3, 3], [-2, -2]])

    /// The index of the row of `vectors` equal to `row`, if any.
    static func matchingRow(_ row: [Double]) -> Int? { TestData.rows(vectors).firstIndex(of: row) }

    @Test func aCodeNeverChosenOverAnIntervalIsMovedOntoABatchVector() {
        let quantizer = VectorQuantizer(codebook: Self.codebook)
        let restarts = DeadCodeRestarts(codeCount: 5, interval: 3, threshold: 1)
        var generator = RandomGenerator(seed: 51)
        // Code 3 is chosen only at the first step of the interval, code 4 never.
        #expect(restarts.record(step: 0, codes: [0, 1, 3, 1], vectors: Self.vectors, quantizer: quantizer, using: &generator) == [])
        #expect(restarts.record(step: 1, codes: [0, 2, 2, 1], vectors: Self.vectors, quantizer: quantizer, using: &generator) == [])
        #expect(restarts.countsSinceCheck == [2, 3, 2, 1, 0])
        #expect(quantizer.codebook.value == Self.codebook)
        #expect(restarts.restartsPerCheck == [])
        let restarted = restarts.record(step: 2, codes: [0, 1, 2, 0, 1, 2], vectors: Self.vectors, quantizer: quantizer, using: &generator)
        #expect(restarted == [4])
        let rows = TestData.rows(quantizer.codebook.value), old = TestData.rows(Self.codebook)
        #expect(Self.matchingRow(rows[4]) != nil, "code 4 moved to \(rows[4]), not onto a batch vector")
        #expect(Array(rows[0..<4]) == Array(old[0..<4]))
        #expect(restarts.countsSinceCheck == [0, 0, 0, 0, 0])
        #expect(restarts.restartsPerCheck == [1])
    }

    @Test func countsResetAfterACheck() {
        let quantizer = VectorQuantizer(codebook: Self.codebook)
        let restarts = DeadCodeRestarts(codeCount: 5, interval: 3, threshold: 1)
        var generator = RandomGenerator(seed: 52)
        for step in 0..<3 { restarts.record(step: step, codes: [0, 1, 2, 3, 4], vectors: Self.vectors, quantizer: quantizer, using: &generator) }
        #expect(restarts.restartsPerCheck == [0])
        #expect(quantizer.codebook.value == Self.codebook)
        // Second interval: codes 0 and 1 only. Had the counts of the first interval been kept,
        // nothing would be restarted now.
        var restarted: [Int] = []
        for step in 3..<6 {
            restarted = restarts.record(step: step, codes: [0, 1, 1], vectors: Self.vectors, quantizer: quantizer, using: &generator)
            if step < 5 { #expect(restarted == []) }
        }
        #expect(restarted == [2, 3, 4])
        #expect(restarts.restartsPerCheck == [0, 3])
        let rows = TestData.rows(quantizer.codebook.value)
        for code in [2, 3, 4] { #expect(Self.matchingRow(rows[code]) != nil, "code \(code) at \(rows[code])") }
        #expect(Array(rows[0..<2]) == Array(TestData.rows(Self.codebook)[0..<2]))
    }

    @Test func theThresholdCountsChoicesOverTheWholeInterval() {
        let quantizer = VectorQuantizer(codebook: Self.codebook)
        let restarts = DeadCodeRestarts(codeCount: 5, interval: 2, threshold: 3)
        var generator = RandomGenerator(seed: 53)
        // Over two steps: code 0 ×4, code 1 ×3, code 2 ×2, code 3 ×1, code 4 ×0; below 3: codes 2, 3, 4.
        restarts.record(step: 0, codes: [0, 0, 1, 2, 3], vectors: Self.vectors, quantizer: quantizer, using: &generator)
        let restarted = restarts.record(step: 1, codes: [0, 0, 1, 1, 2], vectors: Self.vectors, quantizer: quantizer, using: &generator)
        #expect(restarted == [2, 3, 4])
    }

    @Test func aRestartTellsTheMovingAverages() {
        let quantizer = VectorQuantizer(codebook: Self.codebook)
        let averages = CodebookMovingAverages(for: quantizer, decay: 0.5)
        let restarts = DeadCodeRestarts(codeCount: 5, interval: 3, threshold: 1)
        var generator = RandomGenerator(seed: 54)
        for step in 0..<3 {
            let codes = [0, 1, 2, 0, 1, 2]
            averages.update(quantizer, vectors: Self.vectors, codes: codes)
            let restarted = restarts.record(step: step, codes: codes, vectors: Self.vectors, quantizer: quantizer,
                                            averages: averages, using: &generator)
            #expect(restarted == (step == 2 ? [3, 4] : []))
        }
        let rows = TestData.rows(quantizer.codebook.value)
        for code in [3, 4] {
            #expect(Self.matchingRow(rows[code]) != nil, "code \(code) at \(rows[code])")
            #expect(averages.counts[code] == 1)
            #expect(averages.sums[code] == rows[code])
        }
        // The used codes keep their averaged counts, 1·γ³ + (1 − γ³)·2 with γ = ½.
        for code in 0..<3 { #expect(abs(averages.counts[code] - (0.125 + 0.875 * 2)) < 1e-12) }
    }
}
