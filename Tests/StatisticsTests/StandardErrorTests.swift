import Foundation
import Testing
import Statistics
import TensorCore

@Suite struct VarianceStandardErrorTests {
    /// σ² = 2, n = 9: 2·√(2/8) = 1.
    @Test func normalFormulaMatchesHandValue() {
        #expect(abs(normalVarianceStandardError(variance: 2, count: 9) - 1) < 1e-15)
    }

    /// [0, 0, 2, 2]: μ₄ = 1, s² = 4/3, n = 4, so Var(s²) = 1/4 − (16/9)(1/12) = 11/108.
    @Test func fourthMomentFormulaMatchesHandValue() {
        #expect(abs(varianceStandardError([0, 0, 2, 2]) - (11.0 / 108).squareRoot()) < 1e-14)
    }

    /// For uniform data (μ₄ = 1/80, σ² = 1/12, far from normal, μ₄/σ⁴ = 1.8) the
    /// exact population formula predicts the spread of s² across repeats, and the
    /// plug-in estimate from one large sample agrees with it.
    @Test func fourthMomentFormulaPredictsTheSpreadOfVariances() {
        var generator = SplitMix(seed: 7)
        let n = 50.0
        let exact = (1.0 / 80 / n - (1.0 / 144) * (n - 3) / (n * (n - 1))).squareRoot()
        let variances = (0..<4_000).map { _ in (0..<50).map { _ in generator.uniform() }.unbiasedVariance }
        #expect(abs(variances.standardDeviation / exact - 1) < 0.05)
        // The normal-theory formula overstates it by a factor ≈ 1.56: uniform tails are light (μ₄/σ⁴ = 1.8 < 3).
        #expect(abs(normalVarianceStandardError(variance: 1.0 / 12, count: 50) / exact - 1) > 0.3)
        let large = (0..<200_000).map { _ in generator.uniform() }
        let count = 200_000.0
        let fourthMomentTerm: Double = 1.0 / 80 / count
        let varianceTerm: Double = (1.0 / 144) * (count - 3) / (count * (count - 1))
        let predicted = (fourthMomentTerm - varianceTerm).squareRoot()
        #expect(abs(varianceStandardError(large) / predicted - 1) < 0.02)
    }
}

@Suite struct BivariateMomentsTests {
    /// Rows (0, 0), (1, 2), (2, 1), (3, 3): mean (1.5, 1.5), Sxx = Syy = 5, Sxy = 4, divided by n − 1 = 3.
    @Test func momentsMatchHandComputedValues() {
        let moments = BivariateMoments(Tensor(shape: [4, 2], scalars: [0, 0, 1, 2, 2, 1, 3, 3]))
        #expect(moments.count == 4 && moments.mean == SIMD2(1.5, 1.5))
        #expect(abs(moments.covariance.a - 5.0 / 3) < 1e-14 && abs(moments.covariance.b - 4.0 / 3) < 1e-14
                && abs(moments.covariance.c - 5.0 / 3) < 1e-14)
    }

    /// Σ = [[1, 0.5], [0.5, 2]]: across repeats the covariance estimate scatters by
    /// √((Σ₁₁Σ₂₂ + Σ₁₂²)/(n − 1)) = √(2.25/39) for n = 40.
    @Test func covarianceStandardErrorPredictsTheSpreadOfEstimates() {
        var generator = SplitMix(seed: 11)
        // x = z₁, y = 0.5z₁ + √1.75·z₂ has Var x = 1, Cov = 0.5, Var y = 0.25 + 1.75 = 2.
        let estimates = (0..<4_000).map { _ -> Double in
            let scalars = (0..<40).flatMap { _ -> [Float] in
                let z1 = generator.normal(), z2 = generator.normal()
                return [Float(z1), Float(0.5 * z1 + 1.75.squareRoot() * z2)]
            }
            return BivariateMoments(Tensor(shape: [40, 2], scalars: scalars)).covariance.b
        }
        let predicted = normalCovarianceStandardError(varianceI: 1, varianceJ: 2, covariance: 0.5, count: 40)
        #expect(abs(predicted - (2.25 / 39).squareRoot()) < 1e-15)
        #expect(abs(estimates.standardDeviation / predicted - 1) < 0.05)
        #expect(abs(estimates.mean - 0.5) < 5 * predicted / 4_000.0.squareRoot())
    }

    @Test func columnSummariesOfAnNByDTensor() {
        let points = Tensor(shape: [3, 2], scalars: [1, 2, 3, 6, 5, 10])
        #expect(columnMeans(of: points) == [3, 6])
        #expect(columnVariances(of: points) == [4, 16])
        #expect(columnSummaries(of: points).map(\.count) == [3, 3])
    }
}
