import Foundation
import Testing
import Metrics
import TensorCore

@Suite struct SlicedWassersteinTests {
    @Test func identicalSamplesAreAtDistanceZero() {
        var generator = RandomGenerator(seed: 1)
        let sample = Tensor.normal([500, 2], using: &generator)
        #expect(SlicedWasserstein.distance(sample, sample) == 0)
    }

    /// Translating a cloud by m moves every projection by θ·m, so SW₂² = E[(θ·m)²] = ‖m‖²/d.
    @Test func aTranslationGivesTheNormOverRootD() {
        var generator = RandomGenerator(seed: 2)
        for d in [2, 5] {
            let sample = Tensor.normal([400, d], using: &generator)
            let shift = Tensor((0..<d).map { Float($0 + 1) * 0.3 })
            let norm = (0..<d).reduce(0.0) { $0 + pow(Double($1 + 1) * 0.3, 2) }.squareRoot()
            let measured = SlicedWasserstein.distance(sample, sample + shift, directions: d == 2 ? 512 : 4_000)
            #expect(abs(measured - norm / Double(d).squareRoot()) < (d == 2 ? 1e-3 : 0.03) * norm, "d = \(d)")
        }
    }

    @Test func unequalSampleSizesAreComparedByQuantiles() {
        var generator = RandomGenerator(seed: 3)
        let big = Tensor.normal([3_000, 2], using: &generator)
        let small = big.slice(0..<1_000)
        // Same distribution: far below the shift test's scale.
        #expect(SlicedWasserstein.distance(big, small) < 0.08)
        #expect(SlicedWasserstein.distance(big, small + Tensor([1, 0])) > 0.6)
    }
}

@Suite struct MaximumMeanDiscrepancyTests {
    @Test func samePopulationGivesNearZeroAndAShiftDoesNot() {
        var generator = RandomGenerator(seed: 4)
        let a = Tensor.normal([600, 2], using: &generator)
        let b = Tensor.normal([600, 2], using: &generator)
        let bandwidth = MaximumMeanDiscrepancy.medianHeuristic(a)
        #expect(abs(bandwidth - 1.665) < 0.15)   // x − y ~ N(0, 2I₂), so ‖x − y‖² is 2·χ²₂ with median 4 ln 2: √(4 ln 2) = 1.665
        let same = MaximumMeanDiscrepancy.squared(a, b, bandwidth: bandwidth)
        let shifted = MaximumMeanDiscrepancy.squared(a, b + Tensor([0.5, 0]), bandwidth: bandwidth)
        #expect(abs(same) < 0.005)
        #expect(shifted > 10 * abs(same) && shifted > 0.02)
    }

    /// For two point masses the unbiased estimator reduces to 2 − 2k(x, y).
    @Test func closedFormForRepeatedPoints() {
        let a = Tensor(rows: [[0, 0], [0, 0], [0, 0]])
        let b = Tensor(rows: [[1, 0], [1, 0]])
        #expect(abs(MaximumMeanDiscrepancy.squared(a, b, bandwidth: 1) - (2 - 2 * exp(-0.5))) < 1e-6)
    }
}

@Suite struct ModeCoverageTests {
    @Test func countsModesAndNearbySamples() {
        let centres = [[0.0, 0.0], [5.0, 0.0], [0.0, 5.0]]
        var rows: [[Float]] = Array(repeating: [0.1, 0], count: 50) + Array(repeating: [5, 0.2], count: 45)
        rows += Array(repeating: [0, 4.9], count: 2) + Array(repeating: [2.5, 2.5], count: 3)
        let coverage = ModeCoverage(samples: Tensor(rows: rows), centres: centres, weights: [1, 1, 1], radius: 1)
        #expect(coverage.counts == [50, 45, 2])
        #expect(coverage.covered == 2)              // 2 samples are far below a quarter of the expected 33
        #expect(abs(coverage.highQualityFraction - 0.97) < 1e-12)
        #expect(coverage.presentAmongNear == 2)     // among the 97 near samples the third mode's 2 are still under a quarter of 32
    }

    @Test func modesArePresentAmongNearSamplesEvenWhenMostSamplesAreStranded() {
        // 90 of 117 samples sit between the modes; the other 27 split 9/9/9 over three modes.
        let centres = [[0.0, 0.0], [5.0, 0.0], [0.0, 5.0]]
        var rows: [[Float]] = Array(repeating: [2.5, 2.5], count: 90)
        rows += Array(repeating: [0, 0], count: 9) + Array(repeating: [5, 0], count: 9) + Array(repeating: [0, 5], count: 9)
        let coverage = ModeCoverage(samples: Tensor(rows: rows), centres: centres, weights: [1, 1, 1], radius: 1)
        #expect(coverage.covered == 0)              // 9 < a quarter of the 39 each mode expects among all 117
        #expect(coverage.presentAmongNear == 3)     // 9 ≥ a quarter of the 9 expected among the 27 near ones
    }

    @Test func bitsPerDimensionConvertsNatsToBits() {
        #expect(abs(bitsPerDimension(negativeLogLikelihood: 2 * log(2), dimension: 2) - 1) < 1e-12)
    }
}
