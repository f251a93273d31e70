import Foundation
import Testing
import Metrics
import TensorCore

@Suite struct PairedDeLongTests {
    private func scores(seed: UInt64) -> (positives: [Double], negatives: [Double]) {
        var generator = RandomGenerator(seed: seed)
        return ((0..<60).map { _ in 1 + generator.normalDouble() }, (0..<90).map { _ in generator.normalDouble() })
    }

    /// A strictly increasing transform of a score ranks every pair alike: difference 0 and SE 0.
    @Test func aMonotoneTransformIsNoDifference() {
        let (p, n) = scores(seed: 11)
        let result = AreaUnderROC.deLongPairedDifference(positiveScores: p, p.map { exp($0) }, negativeScores: n, n.map { exp($0) })
        #expect(abs(result.difference) < 1e-15 && result.standardError < 1e-12)
    }

    /// The negated score has area 1 − A and structural components 1 − V, so C = −V and the
    /// paired SE is 2·SE(A), against DeLong's unpaired SE computed separately.
    @Test func theNegatedScoreHasTwiceTheStandardError() {
        let (p, n) = scores(seed: 12)
        let result = AreaUnderROC.deLongPairedDifference(positiveScores: p, p.map { -$0 }, negativeScores: n, n.map { -$0 })
        let area = AreaUnderROC.byCountingPairs(positiveScores: p, negativeScores: n)
        let single = AreaUnderROC.deLongStandardError(positiveScores: p, negativeScores: n)
        #expect(abs(result.difference - (2 * area - 1)) < 1e-12)
        #expect(abs(result.standardError - 2 * single) < 1e-12)
    }

    /// For two independent scores the covariance term is small: the paired variance is close
    /// to V₁ + V₂ (within a few times its own sampling spread), and above what a positive
    /// correlation would leave.
    @Test func independentScoresAddTheirVariances() {
        let (p, n) = scores(seed: 13), (q, r) = scores(seed: 14)
        let result = AreaUnderROC.deLongPairedDifference(positiveScores: p, q, negativeScores: n, r)
        let v1 = pow(AreaUnderROC.deLongStandardError(positiveScores: p, negativeScores: n), 2)
        let v2 = pow(AreaUnderROC.deLongStandardError(positiveScores: q, negativeScores: r), 2)
        #expect(abs(result.standardError * result.standardError / (v1 + v2) - 1) < 0.5)
        #expect(abs(result.difference - (AreaUnderROC.byCountingPairs(positiveScores: p, negativeScores: n) - AreaUnderROC.byCountingPairs(positiveScores: q, negativeScores: r))) < 1e-12)
    }
}

@Suite struct PairedComparisonTests {
    /// Differences worse − better = [1, 2, 2]: mean 5/3, sample SD 1/√3, SE 1/3, so 5 SE.
    @Test func aSmallExampleByHand() {
        let result = PairedComparison.advantage([1, 2, 3], over: [2, 4, 5])
        #expect(abs(result.difference - 5.0 / 3) < 1e-12 && abs(result.standardError - 1.0 / 3) < 1e-12 && abs(result.inStandardErrors - 5) < 1e-9)
    }
}
