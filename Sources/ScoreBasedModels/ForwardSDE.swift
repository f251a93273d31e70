import Foundation
import TensorCore

/// A forward noising SDE with a linear drift, dx = a(t)·x dt + g(t) dW on
/// t ∈ [0, 1]. Both families of the chapter have this form, and then the
/// transition from x₀ is Gaussian in closed form:
///
///   x_t = α(t)·x₀ + σ(t)·z,   z ~ N(0, I),
///   α(t) = exp(∫₀ᵗ a),   σ(t)² = ∫₀ᵗ g(s)² α(t)²/α(s)² ds.
public protocol ForwardSDE: Sendable {
    /// A short name for tables ("VP", "VE").
    var name: String { get }
    /// The drift's rate a(t): f(x, t) = a(t)·x.
    func driftRate(_ t: Double) -> Double
    /// The diffusion coefficient g(t).
    func diffusion(_ t: Double) -> Double
    /// α(t), the factor on x₀ in x_t.
    func meanScale(_ t: Double) -> Double
    /// σ(t), the standard deviation of the noise in x_t.
    func noiseStandardDeviation(_ t: Double) -> Double
    /// The standard deviation of the prior N(0, s²I) that sampling starts from at t = 1.
    var priorStandardDeviation: Double { get }
}

extension ForwardSDE {
    /// Samples of the prior, `[count, dimension]`.
    public func samplePrior(_ count: Int, dimension: Int = 2, using generator: inout RandomGenerator) -> Tensor {
        Tensor.normal([count, dimension], using: &generator) * Float(priorStandardDeviation)
    }

    /// log N(x; 0, s²I) of each row.
    public func priorLogDensity(_ points: Tensor) -> [Double] {
        let s = priorStandardDeviation, d = Double(points.columnCount)
        let squaredNorms = points.squared().sum(alongAxis: 1).doubles
        return squaredNorms.map { -0.5 * $0 / (s * s) - 0.5 * d * Foundation.log(2 * Double.pi * s * s) }
    }

    /// x_t = α(t)x₀ + σ(t)z for one time per row (`times` is `[n, 1]`).
    public func perturb(_ clean: Tensor, times: Tensor, noise: Tensor) -> Tensor {
        let alpha = times.map { Float(meanScale(Double($0))) }
        let sigma = times.map { Float(noiseStandardDeviation(Double($0))) }
        return clean * alpha + noise * sigma
    }
}

/// The variance-preserving SDE (the continuous limit of DDPM):
/// dx = −½β(t)x dt + √β(t) dW with β(t) = β₀ + t(β₁ − β₀).
/// Then α(t) = exp(−¼t²(β₁ − β₀) − ½tβ₀) and σ(t)² = 1 − α(t)²: the marginal
/// variance of unit-variance data stays 1, hence the name.
public struct VariancePreservingSDE: ForwardSDE {
    public let betaMin: Double
    public let betaMax: Double
    public var name: String { "VP" }

    public init(betaMin: Double = 0.1, betaMax: Double = 20) {
        require(betaMin > 0 && betaMax >= betaMin, "The VP SDE needs 0 < β_min ≤ β_max, got \(betaMin), \(betaMax).")
        self.betaMin = betaMin
        self.betaMax = betaMax
    }

    public func beta(_ t: Double) -> Double { betaMin + t * (betaMax - betaMin) }
    public func driftRate(_ t: Double) -> Double { -0.5 * beta(t) }
    public func diffusion(_ t: Double) -> Double { beta(t).squareRoot() }
    public func meanScale(_ t: Double) -> Double { Foundation.exp(-0.25 * t * t * (betaMax - betaMin) - 0.5 * t * betaMin) }
    public func noiseStandardDeviation(_ t: Double) -> Double {
        // 1 − α² = −expm1(2 log α) keeps precision at small t, where α² is within ulps of 1.
        (-Foundation.expm1(-0.5 * t * t * (betaMax - betaMin) - t * betaMin)).squareRoot()
    }
    public var priorStandardDeviation: Double { 1 }
}

/// The variance-exploding SDE (the continuous limit of noise-conditional
/// score networks): dx = g(t) dW with σ_noise(t) = σ_min(σ_max/σ_min)ᵗ and
/// g(t) = σ_noise(t)·√(2 ln(σ_max/σ_min)), so that d[σ_noise²]/dt = g².
/// No drift: α = 1, and the variance grows from 0 to σ_max² − σ_min².
public struct VarianceExplodingSDE: ForwardSDE {
    public let sigmaMin: Double
    public let sigmaMax: Double
    public var name: String { "VE" }

    public init(sigmaMin: Double = 0.01, sigmaMax: Double) {
        require(sigmaMin > 0 && sigmaMax > sigmaMin, "The VE SDE needs 0 < σ_min < σ_max, got \(sigmaMin), \(sigmaMax).")
        self.sigmaMin = sigmaMin
        self.sigmaMax = sigmaMax
    }

    /// The noise scale σ_min(σ_max/σ_min)ᵗ of the geometric schedule.
    public func noiseScale(_ t: Double) -> Double { sigmaMin * Foundation.pow(sigmaMax / sigmaMin, t) }
    public func driftRate(_ t: Double) -> Double { 0 }
    public func diffusion(_ t: Double) -> Double { noiseScale(t) * (2 * Foundation.log(sigmaMax / sigmaMin)).squareRoot() }
    public func meanScale(_ t: Double) -> Double { 1 }
    /// √(σ_noise(t)² − σ_min²): the variance accumulated since t = 0.
    public func noiseStandardDeviation(_ t: Double) -> Double {
        let scale = noiseScale(t)
        return Swift.max(scale * scale - sigmaMin * sigmaMin, 0).squareRoot()
    }
    public var priorStandardDeviation: Double { sigmaMax }
}
