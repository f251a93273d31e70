import Foundation
import Testing
import TensorCore
import Datasets
import Statistics
@testable import AutoregressiveModels

/// The binarised digits, and a short MADE run on them against the independent baseline.
@Suite struct BinaryDigitTests {
    static let digits: Digits = try! Digits.load()  // shipped with the package

    @Test func binarisationThresholdsTheCounts() {
        let binary = Self.digits.binarized()
        #expect(binary.labels == Self.digits.labels && binary.images.shape == Self.digits.images.shape)
        for (pixel, intensity) in zip(binary.images.scalars, Self.digits.images.scalars) {
            #expect(pixel == (intensity * 16 >= 8 ? 1 : 0))
        }
        // A count of exactly 8 becomes 1, 7 becomes 0.
        let boundary = Self.digits.images.scalars.indices.filter { [7, 8].contains(Self.digits.images.scalars[$0] * 16) }
        #expect(!boundary.isEmpty && boundary.allSatisfy { binary.images.scalars[$0] == (Self.digits.images.scalars[$0] * 16 == 8 ? 1 : 0) })
        let onFraction = Double(binary.images.sum().scalar) / Double(binary.images.count)
        #expect(onFraction > 0.2 && onFraction < 0.6, "fraction of pixels on: \(onFraction)")
        #expect(Self.digits.binarized(threshold: 1).images.sum().scalar > binary.images.sum().scalar)
    }

    /// The trainer's record is the batch's mean negative log-likelihood before the update,
    /// and the update lowers it on that batch.
    @Test func trainerRecordsTheBatchNegativeLogLikelihood() throws {
        var generator = RandomGenerator(seed: 22)
        let made = MADE(dimension: 64, hiddenSizes: [32], using: &generator)
        let batch = Self.digits.binarized().images.slice(0..<32)
        let before = -made.logLikelihood(batch).mean
        let trainer = MADETrainer(model: made, steps: 1, learningRate: 1e-3)
        let recorded = try trainer.step(0, batch: batch)
        #expect(abs(recorded - before) < 1e-4 * before && trainer.history == [recorded])
        #expect(-made.logLikelihood(batch).mean < before)
    }

    /// Under a second of training takes MADE's held-out negative log-likelihood below that of
    /// independent pixels (by several nats per image), and the training loss falls.
    @Test func shortTrainingBeatsIndependentPixelsOnHeldOutDigits() throws {
        var generator = RandomGenerator(seed: 21)
        let (train, test) = Self.digits.binarized().split(testFraction: 0.2, using: &generator)
        let made = MADE(dimension: 64, hiddenSizes: [128], using: &generator)
        let trainer = MADETrainer(model: made, steps: 400, learningRate: 3e-3)
        for step in 0..<trainer.steps { try trainer.step(step, batch: train.images.randomRows(64, using: &generator)) }
        let madeNLL = -made.logLikelihood(test.images).mean
        let baselineNLL = -IndependentBernoulli(fitting: train.images).logLikelihood(test.images).mean
        #expect(madeNLL < baselineNLL - 3, "MADE \(madeNLL) nats, independent pixels \(baselineNLL) nats")
        #expect(Array(trainer.history.suffix(50)).mean < Array(trainer.history.prefix(50)).mean - 5)
        let samples = made.sample(10, using: &generator)
        #expect(samples.shape == [10, 64] && samples.scalars.allSatisfy { $0 == 0 || $0 == 1 })
    }
}
