import Foundation
import Testing
import Distributions
import Metrics
import TensorCore

@Suite struct MixtureSampleQualityTests {
    /// Data against data: every mode covered, the width 2s² of isotropic well-separated modes
    /// within 5 SE; a law with modes 40% too wide (width × 1.96) is far outside that.
    @Test func modeWidthIsTwiceTheVarianceAndSeesWideModes() {
        let mixture = GaussianMixture2D.ring(modes: 8, radius: 2, spread: 0.25)
        var generator = RandomGenerator(seed: 41)
        let samples = mixture.sample(20_000, using: &generator)
        let centres = mixture.components.map { [$0.mean.x, $0.mean.y] }
        let coverage = ModeCoverage(samples: samples, centres: centres, weights: [Double](repeating: 1, count: 8), radius: 0.75)
        #expect(coverage.covered == 8)
        // Nearest-centre assignment trims the far tails slightly: the width is 2s² up to ~0.1%.
        #expect(abs(coverage.modeWidth - 0.125) < 5 * coverage.modeWidthStandardError + 2e-4, "\(coverage.modeWidth)")
        let wide = GaussianMixture2D.ring(modes: 8, radius: 2, spread: 0.35).sample(20_000, using: &generator)
        let wideWidth = ModeCoverage(samples: wide, centres: centres, weights: [Double](repeating: 1, count: 8), radius: 0.75).modeWidth
        #expect(abs(wideWidth / coverage.modeWidth - 1.96) < 0.1)
    }

    @Test func repeatedQualitySeparatesTheDataFromALargerRing() {
        let mixture = GaussianMixture2D.ring(modes: 8, radius: 2, spread: 0.25)
        var generator = RandomGenerator(seed: 42)
        let data = MixtureSampleQuality(of: mixture, repeats: 3, referenceCount: 4_000, radius: 0.75, using: &generator) {
            mixture.sample(2_000, using: &$0)
        }
        let larger = MixtureSampleQuality(of: mixture, repeats: 3, referenceCount: 4_000, radius: 0.75, using: &generator) {
            GaussianMixture2D.ring(modes: 8, radius: 2.4, spread: 0.25).sample(2_000, using: &$0)
        }
        #expect(data.slicedWasserstein.values.count == 3 && data.fewestModesCovered == 8)
        #expect(larger.slicedWasserstein.mean > data.slicedWasserstein.mean + 4 * (data.slicedWasserstein.spread + larger.slicedWasserstein.spread))
    }
}

@Suite struct LogLikelihoodComparisonTests {
    @Test func summariesOfAKnownSetOfErrors() {
        let truth = [-1.0, -2, -3, -4, -5], model = [-1.5, -2, -2.5, -4, -15]   // errors −0.5, 0, +0.5, 0, −10
        let comparison = LogLikelihoodComparison(model: model, truth: truth)
        #expect(abs(comparison.gap.mean - 2) < 1e-12)
        #expect(comparison.medianAbsoluteError == 0.5 && comparison.worstIndex == 4)
        #expect(abs(comparison.meanAbsoluteError - 2.2) < 1e-12)
        #expect(abs(comparison.trimmedMeanAbsoluteError(keeping: 0.8) - 0.25) < 1e-12)
        #expect(abs(comparison.worstShare - 10 / 11) < 1e-12)
    }
}
