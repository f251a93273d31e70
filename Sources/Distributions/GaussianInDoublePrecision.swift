import Foundation
import TensorCore

// The Gaussian at single points held as doubles, and the KL divergence between two
// Gaussians. A latent-variable model with an exact likelihood (the linear-Gaussian model
// of chapter 2) checks bounds to a few nats' hundredths, so its densities are evaluated
// at double-precision points rather than at rows of a Float32 tensor.

extension Gaussian {
    /// log det Σ = 2 Σᵢ log Lᵢᵢ, from the Cholesky factor.
    public var logDeterminant: Double {
        (0..<dimension).reduce(0) { $0 + 2 * Foundation.log(choleskyFactor[$1, $1]) }
    }

    /// ‖L⁻¹v‖² = vᵀΣ⁻¹v, by forward substitution (no inverse is formed).
    func whitenedSquaredNorm(_ centred: [Double]) -> Double {
        var whitened = [Double](repeating: 0, count: dimension)
        var squaredNorm = 0.0
        for i in 0..<dimension {
            var sum = centred[i]
            for k in 0..<i { sum -= choleskyFactor[i, k] * whitened[k] }
            whitened[i] = sum / choleskyFactor[i, i]
            squaredNorm += whitened[i] * whitened[i]
        }
        return squaredNorm
    }

    /// log p(x) at one point: −½‖L⁻¹(x − μ)‖² − ½(d·log 2π + log det Σ).
    public func logDensity(at point: [Double]) -> Double {
        require(point.count == dimension, "A \(dimension)-dimensional Gaussian needs a point of length \(dimension), got \(point.count).")
        return logNormaliser - 0.5 * whitenedSquaredNorm(zip(point, mean).map { $0 - $1 })
    }

    /// One exact sample μ + Lε, ε ~ N(0, I), in double precision.
    public func sample(using generator: inout RandomGenerator) -> [Double] {
        let noise = (0..<dimension).map { _ in generator.normalDouble() }
        return (0..<dimension).map { i in (0...i).reduce(mean[i]) { $0 + choleskyFactor[i, $1] * noise[$1] } }
    }

    /// KL(self ‖ other) for self = N(μ₁, Σ₁) and other = N(μ₂, Σ₂):
    ///
    ///   ½[tr(Σ₂⁻¹Σ₁) + (μ₂ − μ₁)ᵀΣ₂⁻¹(μ₂ − μ₁) − d + log det Σ₂ − log det Σ₁],
    ///
    /// zero exactly when the two laws are equal, positive otherwise.
    public func klDivergence(to other: Gaussian) -> Double {
        require(other.dimension == dimension, "KL between Gaussians of dimensions \(dimension) and \(other.dimension).")
        // tr(Σ₂⁻¹Σ₁) = Σᵢⱼ (Σ₂⁻¹)ᵢⱼ(Σ₁)ⱼᵢ: both symmetric, so an elementwise product.
        let trace = zip(other.precision.elements, covariance.elements).reduce(0) { $0 + $1.0 * $1.1 }
        let meanTerm = other.whitenedSquaredNorm(zip(other.mean, mean).map { $0 - $1 })
        return 0.5 * (trace + meanTerm - Double(dimension) + other.logDeterminant - logDeterminant)
    }
}
