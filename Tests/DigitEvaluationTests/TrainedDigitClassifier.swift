import Datasets
import DigitEvaluation
import TensorCore

/// The digits, their 75/25 split and one classifier trained on the training part, shared
/// by every test of the target: training takes under a second, but once is enough.
struct TrainedDigitClassifier {
    let digits: Digits
    let train: Digits
    let heldOut: Digits
    let classifier: DigitClassifier

    static let shared: TrainedDigitClassifier = {
        do {
            let digits = try Digits.load()
            var splitter = RandomGenerator(seed: 2026, stream: "split")
            let (train, heldOut) = digits.split(testFraction: 0.25, using: &splitter)
            var generator = RandomGenerator(seed: 2026, stream: "classifier")
            let classifier = try DigitClassifier.trained(on: train.images, labels: train.labels, using: &generator)
            return TrainedDigitClassifier(digits: digits, train: train, heldOut: heldOut, classifier: classifier)
        } catch {
            fatalError("The digit classifier fixture could not be built: \(error)")
        }
    }()
}
