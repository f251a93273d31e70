import Distributions
import Statistics
import TensorCore

/// A sampler's quality on a known 2-D Gaussian mixture, measured the way noisy metrics
/// must be: on fresh samples and fresh reference data in each of several repeats, with
/// the spread across repeats kept.
///
/// Three views, because each misses something: the sliced Wasserstein distance to the
/// data (global shape and placement), mode coverage (collapse), and the mean squared
/// distance to the nearest mode (mode width, which SW₂ on a few thousand points barely
/// resolves).
public struct MixtureSampleQuality: Sendable {
    /// SW₂ between the samples and `referenceCount` fresh data points, per repeat.
    public let slicedWasserstein: RepeatedMeasurement
    /// Mean squared distance to the nearest mode centre, per repeat.
    public let modeWidth: RepeatedMeasurement
    /// The fewest modes covered in any repeat.
    public let fewestModesCovered: Int
    /// The fraction of samples within `radius` of a mode, averaged over repeats.
    public let nearFraction: Double

    /// - Parameters:
    ///   - sample: draws one set of samples (called once per repeat).
    ///   - radius: a sample belongs to a mode within this distance (e.g. 3 standard deviations).
    public init(of mixture: GaussianMixture2D, repeats: Int, referenceCount: Int, radius: Double,
                using generator: inout RandomGenerator, sample: (inout RandomGenerator) -> Tensor) {
        let centres = mixture.components.map { [$0.mean.x, $0.mean.y] }
        let weights = mixture.components.map(\.weight)
        var distances: [Double] = [], widths: [Double] = [], covered: [Int] = [], near: [Double] = []
        for _ in 0..<repeats {
            let samples = sample(&generator)
            let coverage = ModeCoverage(samples: samples, centres: centres, weights: weights, radius: radius)
            distances.append(SlicedWasserstein.distance(samples, mixture.sample(referenceCount, using: &generator)))
            widths.append(coverage.modeWidth)
            covered.append(coverage.covered)
            near.append(coverage.highQualityFraction)
        }
        slicedWasserstein = RepeatedMeasurement(values: distances)
        modeWidth = RepeatedMeasurement(values: widths)
        fewestModesCovered = covered.min() ?? 0
        nearFraction = near.mean
    }
}

extension MixtureSampleQuality {
    /// The columns a chapter prints for a sampler: name, network evaluations, SW₂ (mean and spread over repeats), SW₂
    /// in units of the floor's mean (with its delta-method SE), mode width, the fewest modes covered and, optionally, the
    /// share of samples near a mode; numbers written by `format(value, significant digits)` (the chapter runtime's
    /// `formatNumber`).
    public func tableRow(name: String, cost: String, floor: MixtureSampleQuality, modeCount: Int, includeNearFraction: Bool,
                         format: (Double, Int) -> String) -> [String] {
        let ratio = RatioOfMeans(slicedWasserstein, over: floor.slicedWasserstein)
        let row = [name, cost, format(slicedWasserstein.mean, 4), format(slicedWasserstein.spread, 4),
                   "\(format(ratio.value, 3)) ± \(format(ratio.standardError, 2))", format(modeWidth.mean, 4), "\(fewestModesCovered) / \(modeCount)"]
        return includeNearFraction ? row + [format(nearFraction * 100, 4) + "%"] : row
    }
}
