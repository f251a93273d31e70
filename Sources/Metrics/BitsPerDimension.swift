import Foundation

/// Bits per dimension: a negative log-likelihood in nats per data point,
/// divided by the dimension and converted to bits, so models of data of
/// different sizes can be compared. For continuous 2-D toy data it is a
/// differential quantity and may be negative.
public func bitsPerDimension(negativeLogLikelihood nats: Double, dimension: Int) -> Double {
    nats / (Double(dimension) * Foundation.log(2))
}
