import Foundation
import Testing
import Datasets
import DigitEvaluation
import Metrics
import Statistics
import TensorCore

/// The Fréchet digit distance ranks corrupted digits the way a reader would. Ladders are
/// measured with common random numbers: in each repeat the same 449 training images and
/// the same noise draw ξ are used at every level, so the steps between levels are not
/// buried under the noise of drawing new images for each level.
@Suite struct FrechetDigitDistanceTests {
    static let imageCount = 449

    /// `count` distinct training images.
    static func trainingImages(using generator: inout RandomGenerator) -> Tensor {
        let train = TrainedDigitClassifier.shared.train.images
        return train.gatherRows(Array(generator.permutation(train.rowCount).prefix(imageCount)))
    }

    static func distanceToHeldOut(_ images: Tensor) throws -> Double {
        let fixture = TrainedDigitClassifier.shared
        return try FrechetDigitDistance.between(images, fixture.heldOut.images, classifier: fixture.classifier)
    }

    @Test func realDigitsAreFarCloserThanNoisyOnes() throws {
        var generator = RandomGenerator(seed: 1)
        let real = Self.trainingImages(using: &generator)
        let noisy = DigitCorruptions.addingNoise(to: real, standardDeviation: 0.4, using: &generator)
        let (realDistance, noisyDistance) = (try Self.distanceToHeldOut(real), try Self.distanceToHeldOut(noisy))
        #expect(noisyDistance > 4 * realDistance, "real \(realDistance), noisy \(noisyDistance)")
    }

    /// σ = 0.05, 0.1, 0.2, 0.4 (clamped to [0, 1]): in every repeat the distance rises at
    /// each level, and each step's mean over repeats is more than 4 of its SEs above 0.
    @Test func theDistanceGrowsWithPixelNoise() throws {
        var generator = RandomGenerator(seed: 2)
        let ladders = try (0..<5).map { _ in
            let images = Self.trainingImages(using: &generator)
            let noise = Tensor.normal(images.shape, using: &generator)
            return try [0.05, 0.1, 0.2, 0.4].map { try Self.distanceToHeldOut((images + noise * Float($0)).clamped(0, 1)) }
        }
        try Self.expectIncreasing(ladders)
    }

    /// Blur strengths 0, ¼, ½, ¾, 1 of the 3×3 box blur.
    @Test func theDistanceGrowsWithBlur() throws {
        var generator = RandomGenerator(seed: 3)
        let ladders = try (0..<3).map { _ in
            let images = Self.trainingImages(using: &generator)
            return try [0, 0.25, 0.5, 0.75, 1].map { try Self.distanceToHeldOut(DigitCorruptions.blurred(images, strength: $0)) }
        }
        try Self.expectIncreasing(ladders)
    }

    static func expectIncreasing(_ ladders: [[Double]]) throws {
        for ladder in ladders { #expect(zip(ladder, ladder.dropFirst()).allSatisfy { $0.0 < $0.1 }, "\(ladder)") }
        for level in 1..<ladders[0].count {
            let steps = RepeatedMeasurement(values: ladders.map { $0[level] - $0[level - 1] })
            #expect(steps.mean > 4 * steps.standardError, "step \(level): \(steps.mean) ± \(steps.standardError)")
        }
    }

    /// The classifier sees a set of ones as one digit: one class covered, the coverage
    /// numbers at their single-class values up to a few misread images.
    @Test func onlyOnesCoverOneClass() {
        let fixture = TrainedDigitClassifier.shared
        let ones = fixture.digits.filter { $0 == 1 }
        let coverage = ClassCoverage(labels: fixture.classifier.predict(ones.images), classCount: 10)
        #expect(coverage.classesCovered == 1 && coverage.counts.firstIndex(of: coverage.counts.max()!) == 1)
        #expect(coverage.effectiveClassCount < 1.3 && coverage.totalVariationFromUniform > 0.85, "\(coverage.counts)")
    }
}

@Suite struct DigitCorruptionsTests {
    /// A bright corner pixel under the full blur: the corner averages its 4 in-image
    /// pixels (1/4), an edge neighbour its 6 (1/6), the diagonal neighbour its 9 (1/9).
    @Test func theBoxBlurAveragesTheNeighboursInsideTheImage() {
        var scalars = [Float](repeating: 0, count: 64)
        scalars[0] = 1
        let blurred = DigitCorruptions.blurred(Tensor(shape: [1, 64], scalars: scalars), strength: 1).scalars
        #expect(abs(blurred[0] - 1 / 4) < 1e-6 && abs(blurred[1] - 1 / 6) < 1e-6 && abs(blurred[8] - 1 / 6) < 1e-6)
        #expect(abs(blurred[9] - 1 / 9) < 1e-6 && blurred[2] == 0 && blurred[16] == 0)
        let half = DigitCorruptions.blurred(Tensor(shape: [1, 64], scalars: scalars), strength: 0.5).scalars
        #expect(abs(half[0] - (0.5 + 0.5 / 4)) < 1e-6)
    }

    @Test func zeroCorruptionLeavesImagesAloneAndNoiseStaysInRange() {
        var generator = RandomGenerator(seed: 4)
        let images = TrainedDigitClassifier.shared.heldOut.images.slice(0..<20)
        #expect(DigitCorruptions.blurred(images, strength: 0) == images)
        #expect(DigitCorruptions.blurred(Tensor.full([3, 64], 0.7), strength: 1).scalars.allSatisfy { abs($0 - 0.7) < 1e-6 })
        #expect(DigitCorruptions.addingNoise(to: images, standardDeviation: 0, using: &generator) == images)
        let noisy = DigitCorruptions.addingNoise(to: images, standardDeviation: 0.5, using: &generator)
        #expect(noisy.scalars.allSatisfy { (0...1).contains($0) } && noisy != images)
    }
}
