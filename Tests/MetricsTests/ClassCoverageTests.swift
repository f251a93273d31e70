import Foundation
import Testing
import Metrics

@Suite struct ClassCoverageTests {
    @Test func uniformLabelsCoverEveryClass() {
        let coverage = ClassCoverage(labels: (0..<50).map { $0 % 10 }, classCount: 10)
        #expect(coverage.counts == [Int](repeating: 5, count: 10))
        #expect(coverage.classesCovered == 10 && coverage.totalVariationFromUniform < 1e-15)
        #expect(abs(coverage.klFromUniform) < 1e-12 && abs(coverage.effectiveClassCount - 10) < 1e-12)
    }

    /// All samples in one of K classes: TV = ½((1 − 1/K) + (K − 1)/K) = (K − 1)/K, KL = log K.
    @Test func oneClassOnly() {
        let coverage = ClassCoverage(labels: [Int](repeating: 3, count: 40), classCount: 10)
        #expect(coverage.classesCovered == 1)
        #expect(abs(coverage.totalVariationFromUniform - 0.9) < 1e-12)
        #expect(abs(coverage.klFromUniform - log(10)) < 1e-12)
        #expect(abs(coverage.effectiveClassCount - 1) < 1e-12 && coverage.entropy == 0)
    }

    /// Counts 5, 3, 2, 0 of K = 4: frequencies ½, 0.3, 0.2, 0, so
    /// TV = ½(0.25 + 0.05 + 0.05 + 0.25) = 0.3, and exp H = Πₖ p̂ₖ^(−p̂ₖ).
    /// The expected count is 2.5: with share 0.25 three classes are covered, with 0.9 two.
    @Test func aHandComputedCase() {
        let labels = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2]
        let coverage = ClassCoverage(labels: labels, classCount: 4)
        #expect(coverage.counts == [5, 3, 2, 0])
        #expect(abs(coverage.totalVariationFromUniform - 0.3) < 1e-12)
        let effective = pow(0.5, -0.5) * pow(0.3, -0.3) * pow(0.2, -0.2)
        #expect(abs(coverage.effectiveClassCount - effective) < 1e-12)
        #expect(abs(coverage.klFromUniform - (0.5 * log(2.0) + 0.3 * log(1.2) + 0.2 * log(0.8))) < 1e-12)
        #expect(coverage.classesCovered == 3)
        #expect(ClassCoverage(labels: labels, classCount: 4, minimumShare: 0.9).classesCovered == 2)
    }

    @Test func countsGiveTheSameMeasurementsAsTheLabelsTheyCount() {
        let labels = [0, 0, 0, 1, 2, 2, 4, 4, 4, 4]
        let fromLabels = ClassCoverage(labels: labels, classCount: 5), fromCounts = ClassCoverage(counts: [3, 1, 2, 0, 4])
        #expect(fromLabels == fromCounts)
        #expect(abs(fromCounts.effectiveClassCount - exp(-(0.3 * log(0.3) + 0.1 * log(0.1) + 0.2 * log(0.2) + 0.4 * log(0.4)))) < 1e-12)
    }
}
