import Metrics
import TensorCore

/// This book's FID: the Fréchet distance between two sets of digit images, measured on
/// the 64 penultimate features of a `DigitClassifier` instead of on pixels.
///
/// Like FID it is d² of the Gaussians fitted to the two feature clouds, so it is 0 only
/// when their means and covariances agree, and it is biased upwards by about c/n for n
/// images per set: compare values only at equal n, next to the real-versus-real floor at
/// that n (`DigitSampleQuality.dataFloor`). It is not comparable with published FIDs,
/// which use another network, image size and n.
public enum FrechetDigitDistance {
    /// d² between the classifier features of two `[n, 64]` and `[m, 64]` image sets.
    public static func between(_ first: Tensor, _ second: Tensor, classifier: DigitClassifier) throws -> Double {
        try FrechetDistance.between(classifier.features(first), classifier.features(second))
    }

    /// The mean (location) and covariance (spread) terms of that d².
    public static func terms(_ first: Tensor, _ second: Tensor, classifier: DigitClassifier) throws -> FrechetDistance.Terms {
        try FrechetDistance.terms(classifier.features(first), classifier.features(second))
    }
}
