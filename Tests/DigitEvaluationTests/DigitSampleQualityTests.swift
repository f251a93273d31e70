import Foundation
import Testing
import Datasets
import DigitEvaluation
import Metrics
import Statistics
import TensorCore

@Suite struct DigitSampleQualityTests {
    /// Real training digits against the held-out ones set the floor; images of uniform
    /// pixel noise are tens of floors away, off the data manifold (precision and recall
    /// near 0) and read as a few digits only.
    @Test func uniformNoiseIsFarAboveTheDataFloor() throws {
        let fixture = TrainedDigitClassifier.shared
        var generator = RandomGenerator(seed: 6)
        let n = 200
        let floor = try DigitSampleQuality.dataFloor(real: fixture.train.images, reference: fixture.heldOut.images,
                                                     sampleCount: n, repeats: 8, classifier: fixture.classifier, using: &generator)
        let noise = try DigitSampleQuality(sampleCount: n, repeats: 8, reference: fixture.heldOut.images, classifier: fixture.classifier,
                                           using: &generator) { Tensor.uniform([n, 64], using: &$0) }
        let ratio = noise.frechetRatio(over: floor)
        #expect(ratio.value - 4 * ratio.standardError > 5, "uniform noise at \(ratio.value) ± \(ratio.standardError) floors")
        #expect(floor.precision.mean > 0.8 && floor.recall.mean > 0.8, "floor \(floor.precision.mean), \(floor.recall.mean)")
        #expect(noise.precision.mean < 0.5 && noise.recall.mean < 0.3, "noise \(noise.precision.mean), \(noise.recall.mean)")
        #expect(floor.fewestClassesCovered == 10 && noise.effectiveClassCount.mean < floor.effectiveClassCount.mean - 2)
        #expect(floor.frechetDistance.values.count == 8 && floor.classCounts.reduce(0, +) == 8 * n)
        #expect(floor.kernelBandwidth == noise.kernelBandwidth, "one reference set, one kernel")
        #expect(noise.kernelDistance.mean > 10 * floor.kernelDistance.spread)
    }

    /// Two disjoint halves of one pool are exchangeable, so the unbiased MMD² averages 0
    /// (within 4 SE), while d² is a positive bias that falls as n grows. Its mean term has
    /// a closed form: for disjoint subsets of n drawn without replacement from N points
    /// with covariance S (divisor N − 1), Var(x̄₁) = (S/n)(1 − n/N) and Cov(x̄₁, x̄₂) = −S/N,
    /// so E‖x̄₁ − x̄₂‖² = 2 tr S / n exactly.
    @Test func theFloorIsABiasThatFallsWithTheSampleSize() throws {
        let fixture = TrainedDigitClassifier.shared
        var generator = RandomGenerator(seed: 7)
        let pool = fixture.digits.images
        let poolTrace = GaussianMoments(fitting: fixture.classifier.features(pool)).covariance.trace
        let floors = try [200, 450].map {
            try DigitSampleQuality.dataFloor(splitting: pool, sampleCount: $0, repeats: 20, classifier: fixture.classifier, using: &generator)
        }
        for floor in floors {
            let meanTerm = floor.frechetMeanTerm, expected = 2 * poolTrace / Double(floor.sampleCount)
            #expect(abs(meanTerm.mean - expected) < 4 * meanTerm.standardError, "n = \(floor.sampleCount): \(meanTerm.mean) ± \(meanTerm.standardError) vs \(expected)")
            #expect(abs(floor.kernelDistance.mean) < 4 * floor.kernelDistance.standardError, "MMD² \(floor.kernelDistance.values)")
        }
        let (small, large) = (floors[0].frechetDistance, floors[1].frechetDistance)
        let combinedError = (small.standardError * small.standardError + large.standardError * large.standardError).squareRoot()
        #expect(small.mean - large.mean > 4 * combinedError, "n = 200: \(small.mean) ± \(small.standardError), n = 450: \(large.mean) ± \(large.standardError)")
    }

    /// Only the digits 0–4: realistic (precision at the floor's level) but half the data
    /// missing (recall far below), five classes covered.
    @Test func halfTheDigitsIsPreciseButMissesRecall() throws {
        let fixture = TrainedDigitClassifier.shared
        var generator = RandomGenerator(seed: 8)
        let low = fixture.train.filter { $0 < 5 }.images
        let floor = try DigitSampleQuality.dataFloor(real: fixture.train.images, reference: fixture.heldOut.images,
                                                     sampleCount: 200, repeats: 4, classifier: fixture.classifier, using: &generator)
        let half = try DigitSampleQuality(sampleCount: 200, repeats: 4, reference: fixture.heldOut.images, classifier: fixture.classifier,
                                          using: &generator) { generator in
            low.gatherRows(Array(generator.permutation(low.rowCount).prefix(200)))
        }
        #expect(half.precision.mean > floor.precision.mean - 0.05, "\(half.precision.mean) vs \(floor.precision.mean)")
        #expect(half.recall.mean < floor.recall.mean - 0.3, "\(half.recall.mean) vs \(floor.recall.mean)")
        #expect(half.fewestClassesCovered == 5 && abs(half.effectiveClassCount.mean - 5) < 0.3)
    }
}
