import Foundation
import TensorCore

/// The corruption of a denoising autoencoder: Gaussian noise of standard deviation τ
/// added to each pixel, the result clamped back to [0, 1].
///
/// Clamping makes the corruption smaller than τ²: a white pixel (0) cannot go below 0,
/// so half of its noise is cut off, and a pixel at p loses the tails beyond −p and 1 − p.
public struct PixelNoise: Sendable {
    public let standardDeviation: Double

    public init(standardDeviation: Double) {
        precondition(standardDeviation > 0, "Pixel noise needs a positive standard deviation.")
        self.standardDeviation = standardDeviation
    }

    /// clamp(x + τξ, 0, 1) with ξ ~ N(0, I) and τ the standard deviation.
    public func apply(to clean: Tensor, using generator: inout RandomGenerator) -> Tensor {
        (clean + Tensor.normal(clean.shape, standardDeviation: Float(standardDeviation), using: &generator)).clamped(0, 1)
    }

    /// E[(clamp(p + τξ, 0, 1) − p)²] for a pixel of value p in [0, 1], in closed form:
    /// with a = −p/τ and b = (1 − p)/τ the clamping points in units of τ,
    ///
    ///   p²Φ(a) + (1 − p)²(1 − Φ(b)) + τ²[Φ(b) − Φ(a) − bφ(b) + aφ(a)],
    ///
    /// the last term being E[τ²ξ²; a < ξ < b] (integrate ξ²φ(ξ) by parts).
    public func expectedSquaredError(pixel p: Double) -> Double {
        let sigma = standardDeviation
        let a = -p / sigma, b = (1 - p) / sigma
        func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
        func density(_ x: Double) -> Double { Foundation.exp(-x * x / 2) / (2 * Double.pi).squareRoot() }
        let inside = cdf(b) - cdf(a) - b * density(b) + a * density(a)
        return p * p * cdf(a) + (1 - p) * (1 - p) * (1 - cdf(b)) + sigma * sigma * inside
    }
}
