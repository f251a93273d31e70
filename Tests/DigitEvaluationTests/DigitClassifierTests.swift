import Foundation
import Testing
import Autodiff
import Datasets
import DigitEvaluation
import TensorCore

@Suite struct DigitClassifierTests {
    /// The acceptance bar: at least 95% of the held-out quarter classified correctly
    /// (449 images, so one binomial SE at 97% is 0.8 points).
    @Test func heldOutAccuracyIsAtLeastNinetyFivePercent() {
        let fixture = TrainedDigitClassifier.shared
        let accuracy = fixture.classifier.accuracy(images: fixture.heldOut.images, labels: fixture.heldOut.labels)
        #expect(accuracy >= 0.95, "held-out accuracy \(accuracy)")
    }

    /// The features are the input of the last layer: feeding them to it gives the logits,
    /// and the predictions are their arg-max.
    @Test func featuresAreWhatTheLastLayerReads() {
        let classifier = TrainedDigitClassifier.shared.classifier
        let images = TrainedDigitClassifier.shared.heldOut.images.slice(0..<50)
        let features = classifier.features(images)
        #expect(features.shape == [50, DigitClassifier.featureCount])
        let logits = classifier.logits(images)
        let fromFeatures = classifier.network.layers[2](features)
        #expect(zip(logits.scalars, fromFeatures.scalars).allSatisfy { abs($0 - $1) < 1e-4 })
        #expect(classifier.predict(images) == logits.argmax(alongAxis: 1))
    }

    /// The convenience trainer reports every step once, in order, and leaves a classifier
    /// whose loss on the training data is below the untrained log 10.
    @Test func trainedReportsEachStepAndLowersTheLoss() throws {
        let train = TrainedDigitClassifier.shared.train
        var generator = RandomGenerator(seed: 5)
        var reported: [Int] = []
        let classifier = try DigitClassifier.trained(on: train.images, labels: train.labels, steps: 60, using: &generator) { reported.append($0) }
        #expect(reported == Array(0..<60))
        let loss = classifier.loss(images: train.images, labels: train.labels, on: Tape()).value.scalar
        #expect(loss < 0.8 * Float(log(10.0)), "loss after 60 steps \(loss)")
    }
}
