import Foundation
import Testing
import Metrics
import Statistics
import TensorCore

/// The small-sample bias of the Fréchet distance, on two samples of one Gaussian, where
/// it is known: with x̄₁, x̄₂ the means of two independent size-n samples of N(0, I_d),
/// x̄₁ − x̄₂ ~ N(0, (2/n) I_d), so E‖x̄₁ − x̄₂‖² = 2d/n exactly; and near Σ = I the
/// covariance term is ¼‖Σ̂₁ − Σ̂₂‖²_F to second order, whose expectation is
/// d(d + 1)/(2(n − 1)) (each diagonal entry of Σ̂ has variance 2/(n − 1), each
/// off-diagonal one 1/(n − 1)). So E[d²ₙ] ≈ c/n with c ≈ 2d + d(d + 1)/2.
@Suite struct FrechetSampleSizeBiasTests {
    static let dimension = 4

    static func distanceOfTwoSamples(_ n: Int, shift: Float = 0, using generator: inout RandomGenerator) throws -> FrechetDistance.Terms {
        try FrechetDistance.terms(Tensor.normal([n, dimension], using: &generator),
                                  Tensor.normal([n, dimension], mean: shift, using: &generator))
    }

    @Test func theMeanTermAveragesTwoDOverN() throws {
        var generator = RandomGenerator(seed: 21)
        let n = 50
        let meanTerms = try RepeatedMeasurement(repeats: 400) { _ in try Self.distanceOfTwoSamples(n, using: &generator).meanTerm }
        let expected = 2 * Double(Self.dimension) / Double(n)
        #expect(abs(meanTerms.mean - expected) < 4 * meanTerms.standardError, "\(meanTerms.mean) vs \(expected) ± \(meanTerms.standardError)")
    }

    /// Quadrupling n divides E[d²ₙ] by 4 (4.02 with the n − 1 above): a bias falling like
    /// 1/√n would divide it by 2, a constant one by 1, both far outside the band.
    @Test func theExpectedDistanceFallsLikeOneOverN() throws {
        var generator = RandomGenerator(seed: 22)
        let small = try RepeatedMeasurement(repeats: 200) { _ in try Self.distanceOfTwoSamples(100, using: &generator).squaredDistance }
        let large = try RepeatedMeasurement(repeats: 200) { _ in try Self.distanceOfTwoSamples(400, using: &generator).squaredDistance }
        let ratio = RatioOfMeans(small, over: large)
        #expect(abs(ratio.value - 4) < 4 * ratio.standardError, "\(ratio.value) ± \(ratio.standardError)")
        #expect(4 * ratio.standardError < 1, "the band must exclude a 1/√n law (ratio 2)")
    }

    /// The extrapolation removes the bias: the intercept is within 4 SE of the true d²
    /// (0 for one law, ‖m‖² for a shifted one), while d²ₙ at the smallest n is many of
    /// those SEs away from it; the slope is near c = 2d + d(d + 1)/2.
    @Test func extrapolationRecoversTheDistanceOfTheLaws() throws {
        var generator = RandomGenerator(seed: 23)
        let d = Double(Self.dimension)
        for shift: Float in [0, 0.25] {
            let truth = d * Double(shift * shift)
            let fit = try FrechetDistance.extrapolatedToInfiniteSamples(sampleSizes: [100, 133, 200, 400], repeats: 100) { n in
                try Self.distanceOfTwoSamples(n, shift: shift, using: &generator).squaredDistance
            }
            let standardError = fit.infiniteSampleStandardError
            #expect(abs(fit.infiniteSampleDistance - truth) < 4 * standardError, "shift \(shift): \(fit.infiniteSampleDistance) ± \(standardError) vs \(truth)")
            #expect(fit.expectedDistance(sampleSize: 100) - truth > 10 * standardError, "the bias at n = 100 must be resolvable")
            let predictedSlope = 2 * d + d * (d + 1) / 2
            #expect(abs(fit.biasCoefficient - predictedSlope) < 4 * fit.biasCoefficientStandardError,
                    "slope \(fit.biasCoefficient) ± \(fit.biasCoefficientStandardError) vs \(predictedSlope)")
            #expect(fit.sampleSizes.count == 400 && fit.distances.count == 400)
        }
    }
}
