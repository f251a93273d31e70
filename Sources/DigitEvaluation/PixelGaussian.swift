import Distributions
import Foundation
import Metrics
import TensorCore

/// The trivial baseline every digit generator is set against: the Gaussian with the training
/// pixels' mean and covariance, its draws clamped to [0, 1]. It has the data's first two moments
/// and nothing else, so a generator that does not beat it has learnt no shape.
public struct PixelGaussian: Sendable {
    public let gaussian: Gaussian

    /// Fitted to `images` (`[n, 64]`, pixels in [0, 1]); 10⁻⁴ on the diagonal keeps the covariance
    /// positive definite where a border pixel never varies.
    public init(fittedTo images: Tensor) {
        gaussian = Gaussian(fittedTo: images, jitter: 1e-4)
    }

    /// `count` draws, clamped to [0, 1].
    public func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        gaussian.sample(count, using: &generator).clamped(0, 1)
    }
}
