import Foundation
import TensorCore

/// A path between two latent codes, for interpolation strips.
///
/// Under a standard normal prior in k dimensions almost all mass lies near the sphere of
/// radius √k, and the straight line between two typical codes passes well inside it (its
/// midpoint has norm ≈ √(k/2) for independent codes), where the decoder has seen few codes.
/// The spherical path (White 2016) interpolates the norm linearly and the direction along a
/// great circle, so every point stays at a typical radius.
public enum LatentInterpolation: Sendable, Equatable, CaseIterable {
    /// (1 − t)·z₀ + t·z₁.
    case linear
    /// sin((1 − t)θ)/sin θ · z₀ + sin(tθ)/sin θ · z₁ on the unit directions, θ the angle
    /// between z₀ and z₁, scaled by (1 − t)‖z₀‖ + t‖z₁‖.
    case spherical

    /// `count` points from `start` to `end` (both included), at t = 0, 1/(count − 1), …, 1,
    /// as the rows of a `[count, k]` tensor.
    public func path(from start: [Double], to end: [Double], count: Int) -> Tensor {
        require(start.count == end.count && !start.isEmpty, "Interpolation needs two codes of one length, got \(start.count) and \(end.count).")
        require(count >= 2, "An interpolation path needs at least its two end points, got count \(count).")
        let points = (0..<count).map { index -> [Double] in
            let t = Double(index) / Double(count - 1)
            switch self {
            case .linear:
                return zip(start, end).map { (1 - t) * $0 + t * $1 }
            case .spherical:
                return Self.sphericalPoint(start, end, t)
            }
        }
        return Tensor(shape: [count, start.count], scalars: points.flatMap { $0.map(Float.init) })
    }

    static func sphericalPoint(_ start: [Double], _ end: [Double], _ t: Double) -> [Double] {
        func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        let (startNorm, endNorm) = (norm(start), norm(end))
        // A zero code has no direction: fall back to the straight line.
        guard startNorm > 0, endNorm > 0 else { return zip(start, end).map { (1 - t) * $0 + t * $1 } }
        let cosine = Swift.min(1, Swift.max(-1, zip(start, end).reduce(0) { $0 + $1.0 * $1.1 } / (startNorm * endNorm)))
        let angle = Foundation.acos(cosine)
        // Parallel or opposite directions (sin θ ≈ 0) fix no great circle: take the line.
        guard Foundation.sin(angle) > 1e-6 else { return zip(start, end).map { (1 - t) * $0 + t * $1 } }
        let radius = (1 - t) * startNorm + t * endNorm
        let a = Foundation.sin((1 - t) * angle) / Foundation.sin(angle), b = Foundation.sin(t * angle) / Foundation.sin(angle)
        return zip(start, end).map { radius * (a * $0 / startNorm + b * $1 / endNorm) }
    }
}

extension VariationalAutoencoder {
    /// The decoded images along a path between the posterior means of two data points
    /// (rows `[1, d]` or `[d]`-sized tensors), `[count, d]`, in data units.
    public func interpolate(from first: Tensor, to second: Tensor, count: Int, along path: LatentInterpolation = .linear) -> Tensor {
        let codes = encode(Tensor.concatenate([first.reshaped([1, dataSize]), second.reshaped([1, dataSize])], alongAxis: 0)).mean
        let k = latentSize
        return decode(path.path(from: Array(codes.doubles[0..<k]), to: Array(codes.doubles[k..<(2 * k)]), count: count))
    }
}
