import Autodiff
import Datasets
import NeuralLayers
import TensorCore

/// A small classifier of the 8×8 digits whose penultimate layer is this book's feature
/// space for judging generated digits — the role the Inception network plays for FID.
///
/// A multilayer perceptron 64 → 128 → 64 → 10. Why these choices:
///
/// - The pixels themselves are a poor space for comparing image sets: a one-pixel shift
///   of every stroke moves each image far in pixel distance yet changes nothing a reader
///   sees. A network trained to tell digits apart has learnt which differences matter.
/// - The 64 features sit just before the class scores, so they carry what the network
///   uses to decide the class, but are not yet collapsed to ten numbers: two sets of
///   images with the same class balance but different stroke quality still differ there.
/// - 64 dimensions keep the Fréchet distance's 64×64 covariance estimable from a few
///   hundred images; a 2,048-dimensional Inception layer would need thousands.
public final class DigitClassifier: Layer {
    /// The number of classes.
    public static let classCount = 10
    /// The dimension of `features(_:)`.
    public static let featureCount = 64

    /// The three dense layers: 64 → 128, 128 → 64 (the features), 64 → 10 (the logits).
    public let network: MLP

    /// A classifier with fresh Glorot-initialised weights.
    ///
    /// - Parameter activation: between layers. SiLU by default: with ReLU some of the 64
    ///   feature units die (output 0 for every digit — about one in five in our runs), so
    ///   the features span fewer than 64 directions and their covariance is singular;
    ///   SiLU units cannot die. Both reach the same held-out accuracy (about 97–98%), and
    ///   SiLU features separated blurred and noisy digits from the data floor a little more.
    public init(activation: Activation = .silu, using generator: inout RandomGenerator) {
        network = MLP(sizes: [Digits.pixelCount, 128, Self.featureCount, Self.classCount], activation: activation,
                      name: "digit-classifier", using: &generator)
    }

    public var parameters: [Parameter] { network.parameters }

    /// The class scores `[n, 10]` of `[n, 64]` images with pixels in [0, 1].
    public func logits(_ images: Tensor) -> Tensor {
        checkImages(images)
        return network(images)
    }

    /// The penultimate activations `[n, 64]`: the features the Fréchet digit distance,
    /// precision and recall compare.
    public func features(_ images: Tensor) -> Tensor {
        checkImages(images)
        let hidden = network.layers[0](images, then: network.activation)
        return network.layers[1](hidden, then: network.activation)
    }

    /// The most likely digit of each image.
    public func predict(_ images: Tensor) -> [Int] {
        logits(images).argmax(alongAxis: 1)
    }

    /// The fraction of images whose predicted digit is the label.
    public func accuracy(images: Tensor, labels: [Int]) -> Double {
        require(labels.count == images.rowCount, "Accuracy needs one label per image, got \(labels.count) for \(images.rowCount).")
        let correct = zip(predict(images), labels).filter { $0.0 == $0.1 }.count
        return Double(correct) / Double(labels.count)
    }

    /// The mean softmax cross-entropy of the labels under the class scores, recorded on
    /// `tape` for training.
    public func loss(images: Tensor, labels: [Int], on tape: Tape) -> Variable {
        checkImages(images)
        return Variable.softmaxCrossEntropy(logits: network(tape.constant(images)), labels: labels)
    }

    private func checkImages(_ images: Tensor) {
        require(images.rank == 2 && images.columnCount == Digits.pixelCount,
                "The digit classifier needs [n, 64] images, got shape \(images.shape).")
    }
}

