import Foundation
import Testing
import Statistics

@Suite struct SampleSummaryTests {
    /// [2, 4, 4, 4, 5, 5, 7, 9]: mean 5, Σ(x − x̄)² = 32, so s² = 32/7.
    @Test func momentsMatchHandComputedValues() {
        let values: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]
        #expect(values.mean == 5)
        #expect(abs(values.unbiasedVariance - 32.0 / 7) < 1e-14)
        #expect(abs(values.standardDeviation - (32.0 / 7).squareRoot()) < 1e-14)
        #expect(abs(values.standardErrorOfMean - (32.0 / 7 / 8).squareRoot()) < 1e-14)
        let summary = SampleSummary(values)
        #expect(summary.count == 8 && summary.mean == 5 && abs(summary.variance - 32.0 / 7) < 1e-14)
        #expect(abs(summary.standardError - values.standardErrorOfMean) < 1e-15)
    }

    /// Sorted [1, 1, 3, 4, 5]: h = q·4, so q = 0.25 → x₍₁₎ = 1 and q = 0.9 → x₍₃₎ + 0.6(x₍₄₎ − x₍₃₎) = 4.6.
    @Test func quantilesInterpolateBetweenOrderStatistics() {
        let values: [Double] = [3, 1, 4, 1, 5]
        #expect(values.median == 3)
        #expect(values.quantile(0.25) == 1)
        #expect(abs(values.quantile(0.9) - 4.6) < 1e-14)
        #expect(values.quantiles([0, 1]) == [1, 5])
        #expect([1.0, 2, 3, 4].median == 2.5)
    }

    @Test func meanAbsoluteErrorAveragesTheAbsoluteDifferences() {
        #expect(meanAbsoluteError([1, 2, 3], [2, 2, 1]) == 1)
    }

    /// Over many independent samples, the spread of x̄ is what the standard error predicts.
    @Test func standardErrorOfMeanPredictsTheSpreadOfMeans() {
        var generator = SplitMix(seed: 3)
        let means = (0..<4_000).map { _ in (0..<25).map { _ in generator.uniform() }.mean }
        // Uniform on [0, 1): σ² = 1/12, so SD(x̄) = √(1/(12·25)); the sample SD of 4,000
        // means has a relative standard error of about 1/√(2·3,999) ≈ 1.1%.
        #expect(abs(means.standardDeviation / (1.0 / 300).squareRoot() - 1) < 0.05)
    }
}

/// A tiny seedable generator so these tests depend on nothing but the module under test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
    /// Box–Muller.
    mutating func normal() -> Double {
        (-2 * log(1 - uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }
}
