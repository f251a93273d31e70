import NeuralLayers
import TensorCore
import Training

/// How the digit classifier is trained: Adam on labelled minibatches drawn with
/// replacement, the learning rate decaying by cosine.
public struct DigitClassifierSettings: Sendable {
    public var steps: Int
    public var batchSize: Int
    public var learningRate: Float
    /// The learning rate decays by cosine to this fraction of its start.
    public var finalLearningRateFraction: Double
    /// AdamW's decoupled weight decay.
    public var weightDecay: Float

    public init(steps: Int = 1_500, batchSize: Int = 64, learningRate: Float = 2e-3, finalLearningRateFraction: Double = 0.02,
                weightDecay: Float = 1e-4) {
        require(steps > 0 && batchSize > 0, "Training the digit classifier needs positive steps and batch size, got \(steps) and \(batchSize).")
        self.steps = steps
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.finalLearningRateFraction = finalLearningRateFraction
        self.weightDecay = weightDecay
    }
}

// listing: digit-classifier-trainer
/// Trains a `DigitClassifier`; the chapter drives the steps (and shows progress).
public final class DigitClassifierTrainer {
    public let classifier: DigitClassifier
    public let images: Tensor
    public let labels: [Int]
    public let settings: DigitClassifierSettings
    public let trainer: Trainer

    public init(_ classifier: DigitClassifier, images: Tensor, labels: [Int], settings: DigitClassifierSettings = DigitClassifierSettings()) {
        require(labels.count == images.rowCount && labels.allSatisfy { (0..<DigitClassifier.classCount).contains($0) },
                "Training the digit classifier needs one label in 0...9 per image, got \(labels.count) labels for \(images.rowCount) images.")
        self.classifier = classifier
        self.images = images
        self.labels = labels
        self.settings = settings
        trainer = Trainer(label: "digit classifier", parameters: classifier.parameters, steps: settings.steps,
                          optimizer: Adam(parameters: classifier.parameters, learningRate: settings.learningRate, weightDecay: settings.weightDecay),
                          schedule: .cosine(floor: settings.finalLearningRateFraction))
    }

    /// One cross-entropy step on a fresh labelled minibatch; returns the loss before the update.
    @discardableResult
    public func step(_ step: Int, using generator: inout RandomGenerator) throws -> Float {
        let batch = images.randomRows(settings.batchSize, labels: labels, using: &generator)
        return try trainer.step(step) { tape in classifier.loss(images: batch.rows, labels: batch.labels, on: tape) }
    }
}
// end listing

extension DigitClassifier {
    /// A classifier trained from scratch on labelled images: what a later chapter calls to
    /// get its feature space in one line.
    ///
    /// - Parameters:
    ///   - images: `[n, 64]` training images, pixels in [0, 1] (the training split — keep
    ///     the held-out split for measuring the accuracy).
    ///   - steps: gradient steps of `batchSize` images each.
    ///   - progress: called after each step with its index (0-based), e.g. to draw a progress bar.
    public static func trained(on images: Tensor, labels: [Int], steps: Int = 1_500, batchSize: Int = 64,
                               using generator: inout RandomGenerator,
                               progress: ((Int) throws -> Void)? = nil) throws -> DigitClassifier {
        let classifier = DigitClassifier(using: &generator)
        let trainer = DigitClassifierTrainer(classifier, images: images, labels: labels,
                                             settings: DigitClassifierSettings(steps: steps, batchSize: batchSize))
        for step in 0..<steps {
            try trainer.step(step, using: &generator)
            try progress?(step)
        }
        return classifier
    }
}
