import Foundation
import TensorCore

// listing: karras-noise-levels
/// The noise levels of Karras et al. (2022), used by every sampler of chapter 14: L levels from
/// σ_max down to σ_min (L − 1 steps between them), evenly spaced in σ^{1/ρ},
///
///   σᵢ = (σ_max^{1/ρ} + i/(L − 1)·(σ_min^{1/ρ} − σ_max^{1/ρ}))^ρ,   i = 0 … L − 1,
///
/// with ρ = 7: the levels crowd towards σ_min, where the probability-flow ODE bends most.
/// ρ = 1 gives even spacing in σ and ρ → ∞ even spacing in log σ.
public struct NoiseLevels: Sendable, Equatable {
    public let minimum: Double, maximum: Double, rho: Double

    public init(minimum: Double = 0.002, maximum: Double = 80, rho: Double = 7) {
        require(minimum > 0 && maximum > minimum && rho > 0, "Noise levels need 0 < σ_min < σ_max and ρ > 0, got \(minimum), \(maximum), \(rho).")
        self.minimum = minimum
        self.maximum = maximum
        self.rho = rho
    }

    /// σ₀ = σ_max > σ₁ > … > σ_{L−1} = σ_min, L = `count`.
    public func levels(_ count: Int) -> [Double] {
        require(count >= 2, "A schedule needs at least two noise levels, got \(count).")
        let (high, low) = (pow(maximum, 1 / rho), pow(minimum, 1 / rho))
        let spacing: Double = (low - high) / Double(count - 1)
        return (0..<count).map { (i: Int) -> Double in
            // The ends exactly, so that a schedule starts at σ_max and stops at σ_min without rounding.
            if i == 0 { return maximum }
            if i == count - 1 { return minimum }
            return pow(high + Double(i) * spacing, rho)
        }
    }
}
// end listing

// listing: edm-preconditioning
/// The scalings that make a network's job the same size at every noise level (Karras et al. 2022,
/// table 1), for data of standard deviation σ_data: the denoiser is
///
///   D(x, σ) = c_skip(σ)·x + c_out(σ)·F(c_in(σ)·x, c_noise(σ)),
///
/// c_skip = σ_data²/(σ² + σ_data²), c_out = σ·σ_data/√(σ² + σ_data²), c_in = 1/√(σ² + σ_data²),
/// c_noise = ¼ log σ. With these, the network's input and its training target both have unit
/// variance whatever σ is. The consistency-model variant (Song et al. 2023, appendix C) shifts
/// σ by σ_min so that f(x, σ_min) = x holds exactly, whatever the network outputs:
///
///   c_skip = σ_data²/((σ − σ_min)² + σ_data²),   c_out = (σ − σ_min)·σ_data/√(σ² + σ_data²).
public struct Preconditioning: Sendable, Equatable {
    public let dataStandardDeviation: Double
    /// σ_min for the consistency form, nil for the denoiser form.
    public let boundary: Double?

    /// - Parameter boundary: σ_min for the consistency form. Networks see σ in single precision, so σ_min is kept as the
    ///   Float nearest to it and σ is rounded the same way before the shift: at σ = σ_min the shift is then exactly 0.
    public init(dataStandardDeviation: Double, consistencyBoundary boundary: Double? = nil) {
        require(dataStandardDeviation > 0, "σ_data must be positive, got \(dataStandardDeviation).")
        self.dataStandardDeviation = dataStandardDeviation
        self.boundary = boundary.map { Double(Float($0)) }
    }

    /// σ − σ_min for the consistency form (σ rounded to Float first), σ for the denoiser form.
    func shifted(_ sigma: Double) -> Double { boundary.map { Double(Float(sigma)) - $0 } ?? sigma }

    public func skip(_ sigma: Double) -> Double {
        let s2 = dataStandardDeviation * dataStandardDeviation, shift = shifted(sigma)
        return s2 / (shift * shift + s2)
    }

    public func output(_ sigma: Double) -> Double {
        shifted(sigma) * dataStandardDeviation / (sigma * sigma + dataStandardDeviation * dataStandardDeviation).squareRoot()
    }

    public func input(_ sigma: Double) -> Double { 1 / (sigma * sigma + dataStandardDeviation * dataStandardDeviation).squareRoot() }

    public func noise(_ sigma: Double) -> Double { 0.25 * log(sigma) }
}
// end listing
