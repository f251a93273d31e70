import Foundation
import TensorCore

/// Several digit samplers measured with one yardstick, next to the data floor: the table a
/// chapter prints when it compares generators (chapter 2's VAE against chapter 1's
/// autoencoder, chapter 6's MADE against its baselines, ...).
///
/// Every sampler and the floor are measured against the same held-out images with the same
/// classifier, the same number of images and the same number of repeats, so their rows can
/// be compared and divided by the floor.
public struct DigitQualityComparison: Sendable {
    /// Real training images against the held-out ones: what a perfect generator would score.
    public let floor: DigitSampleQuality
    /// The floor first (under `floorName`), then each sampler in the order given.
    public let rows: [(name: String, quality: DigitSampleQuality)]

    /// - Parameters:
    ///   - real: training images, the floor's draws.
    ///   - heldOut: the reference images every row is compared with.
    ///   - samplers: a name and a function drawing n images `[n, 64]` for each generator.
    public init(sampleCount: Int, repeats: Int, real: Tensor, heldOut: Tensor, classifier: DigitClassifier,
                floorName: String = "real training digits (the floor)",
                samplers: [(name: String, sample: (Int, inout RandomGenerator) -> Tensor)],
                using generator: inout RandomGenerator) throws {
        let floor = try DigitSampleQuality.dataFloor(real: real, reference: heldOut, sampleCount: sampleCount, repeats: repeats,
                                                     classifier: classifier, using: &generator)
        var rows: [(name: String, quality: DigitSampleQuality)] = [(floorName, floor)]
        for sampler in samplers {
            rows.append((sampler.name, try DigitSampleQuality(sampleCount: sampleCount, repeats: repeats, reference: heldOut,
                                                              classifier: classifier, using: &generator) { sampler.sample(sampleCount, &$0) }))
        }
        self.floor = floor
        self.rows = rows
    }
}

extension DigitQualityComparison {
    /// The comparison as table rows — name, FDD ± spread, FDD ÷ floor (± its delta-method SE;
    /// "1 (reference)" on the floor's own row), precision, recall, effective classes — with numbers
    /// written by `format(value, significant digits)` (the chapter runtime's `formatNumber`).
    public func tableRows(format: (Double, Int) -> String) -> [[String]] {
        rows.enumerated().map { index, row in
            let q = row.quality, ratio = q.frechetRatio(over: floor)
            return [row.name, "\(format(q.frechetDistance.mean, 3)) ± \(format(q.frechetDistance.spread, 2))",
                    index == 0 ? "1 (reference)" : "\(format(ratio.value, 3)) ± \(format(ratio.standardError, 2))",
                    format(q.precision.mean, 4), format(q.recall.mean, 4), format(q.effectiveClassCount.mean, 4)]
        }
    }

    /// The headers that go with `tableRows`.
    public func tableHeaders() -> [String] {
        ["\(floor.sampleCount) images", "FDD ± spread", "FDD ÷ floor", "precision", "recall", "effective classes"]
    }
}
