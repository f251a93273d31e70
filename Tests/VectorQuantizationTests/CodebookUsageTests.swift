import Foundation
import Testing
import TensorCore
import VectorQuantization

/// Counts, dead codes and perplexity, against values worked out by hand.
struct CodebookUsageTests {
    @Test(arguments: [2, 5, 16])
    func uniformUseOfKCodesHasPerplexityK(codeCount: Int) {
        let usage = CodebookUsage(codes: (0..<(3 * codeCount)).map { $0 % codeCount }, codeCount: codeCount)
        #expect(usage.counts == [Int](repeating: 3, count: codeCount))
        #expect(abs(usage.entropy - log(Double(codeCount))) < 1e-12)
        #expect(abs(usage.perplexity - Double(codeCount)) < 1e-9)
        #expect(usage.usedCodes == codeCount && usage.deadCodes.isEmpty)
    }

    @Test func oneCodeHasPerplexityOne() {
        let usage = CodebookUsage(codes: [Int](repeating: 2, count: 7), codeCount: 4)
        #expect(usage.counts == [0, 0, 7, 0])
        #expect(usage.entropy == 0)
        #expect(usage.perplexity == 1)
        #expect(usage.usedCodes == 1)
        #expect(usage.deadCodes == [0, 1, 3])
    }

    @Test func sharesOfThreeQuartersAndOneQuarter() {
        let usage = CodebookUsage(codes: [1, 3, 1, 1], codeCount: 5)
        #expect(usage.total == 4)
        #expect(usage.shares == [0, 0.75, 0, 0.25, 0])
        // exp(H) = ∏ pₖ^(−pₖ) = (4/3)^(3/4)·4^(1/4) = 4 / 3^(3/4) ≈ 1.7548.
        let expected = 4 / pow(3, 0.75)
        #expect(abs(usage.perplexity - expected) < 1e-12, "\(usage.perplexity) vs \(expected)")
        #expect(abs(usage.perplexity - 1.754765350603) < 1e-9)
        #expect(usage.usedCodes == 2)
        #expect(usage.deadCodes == [0, 2, 4])
    }

    @Test func unusedCodesDoNotChangeTheEntropy() {
        // 0 log 0 = 0: adding never-chosen codes to the codebook changes nothing but the dead list.
        let codes = [0, 1, 1, 2, 2, 2]
        let small = CodebookUsage(codes: codes, codeCount: 3), large = CodebookUsage(codes: codes, codeCount: 40)
        #expect(small.entropy.isFinite && large.entropy.isFinite)
        #expect(small.entropy == large.entropy)
        // −(1/6 log 1/6 + 2/6 log 2/6 + 3/6 log 3/6), worked out.
        let expected = log(6.0) - (2 * log(2.0) + 3 * log(3.0)) / 6
        #expect(abs(large.entropy - expected) < 1e-12)
        #expect(large.usedCodes == 3 && large.deadCodes == Array(3..<40))
    }

    @Test func perplexityLiesBetweenOneAndTheNumberOfUsedCodes() {
        var generator = RandomGenerator(seed: 31)
        for _ in 0..<20 {
            let codes = (0..<50).map { _ in generator.integer(below: 3) * generator.integer(below: 4) }  // 0…6, uneven
            let usage = CodebookUsage(codes: codes, codeCount: 8)
            #expect(usage.perplexity >= 1 && usage.perplexity <= Double(usage.usedCodes) + 1e-12)
            #expect(usage.usedCodes + usage.deadCodes.count == 8)
            #expect(usage.total == 50)
        }
    }
}
