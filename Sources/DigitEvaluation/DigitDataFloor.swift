import Metrics
import TensorCore

extension DigitSampleQuality {
    /// The data floor: the same report for real images against real images, at the same
    /// n — how a perfect generator, one that draws new digits from the data's own law,
    /// would score. A model's numbers mean something only next to these.
    ///
    /// Each repeat draws `sampleCount` images from `real` in place of generated ones,
    /// and `sampleCount` images from `reference` exactly as the model's report does, so
    /// the floor and the model differ only in where the first set comes from. Pass the
    /// same `reference` (and `sampleCount`) as for the model: typically `real` is the
    /// training split the generator learnt from and `reference` the held-out split. The
    /// two must not share images — a shared image is a perfect match that no generator
    /// could be expected to reproduce.
    ///
    /// The classifier was trained on the training split, so its features of training
    /// images are slightly cleaner than of new ones; this floor therefore includes the
    /// classifier's own train/held-out difference, as a generator's fresh samples would.
    public static func dataFloor(real: Tensor, reference: Tensor, sampleCount: Int, repeats: Int, classifier: DigitClassifier,
                                 kernelBandwidth: Double? = nil, using generator: inout RandomGenerator) throws -> DigitSampleQuality {
        require(sampleCount <= real.rowCount, "The data floor draws \(sampleCount) real images but has only \(real.rowCount).")
        return try DigitSampleQuality(sampleCount: sampleCount, repeats: repeats, reference: reference, classifier: classifier,
                                      kernelBandwidth: kernelBandwidth, using: &generator) { real.randomSubset(sampleCount, using: &$0) }
    }

    /// The data floor from one pool of real images: each repeat splits a fresh random
    /// permutation of `pool` into two disjoint sets of `sampleCount` images and compares
    /// them. For sample sizes the held-out split is too small for (2n ≤ the pool's size),
    /// or to see how the floor itself falls with n.
    ///
    /// - Parameter kernelBandwidth: by default the median heuristic on the whole pool's features.
    public static func dataFloor(splitting pool: Tensor, sampleCount: Int, repeats: Int, classifier: DigitClassifier,
                                 kernelBandwidth: Double? = nil, using generator: inout RandomGenerator) throws -> DigitSampleQuality {
        require(2 * sampleCount <= pool.rowCount,
                "Splitting a pool of \(pool.rowCount) images into two disjoint sets of \(sampleCount) needs at least \(2 * sampleCount).")
        let bandwidth = kernelBandwidth ?? MaximumMeanDiscrepancy.medianHeuristic(classifier.features(pool))
        return try DigitSampleQuality(sampleCount: sampleCount, repeats: repeats, classifier: classifier, kernelBandwidth: bandwidth,
                                      using: &generator) { generator in
            let order = generator.permutation(pool.rowCount)
            return (pool.gatherRows(Array(order[..<sampleCount])), pool.gatherRows(Array(order[sampleCount..<(2 * sampleCount)])))
        }
    }
}
