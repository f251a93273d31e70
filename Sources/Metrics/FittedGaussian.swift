import Distributions
import Foundation
import TensorCore

extension Gaussian {
    /// The Gaussian with the sample mean and covariance of the rows of `points` (the trivial
    /// baseline every generative model of continuous data is set against: it has the data's
    /// first two moments and nothing else). `jitter` is added to the covariance's diagonal
    /// for coordinates that never vary.
    public init(fittedTo points: Tensor, jitter: Double = 0) {
        let moments = GaussianMoments(fitting: points)
        self.init(mean: moments.mean, covariance: moments.covariance + jitter * Matrix.identity(points.columnCount))
    }
}
