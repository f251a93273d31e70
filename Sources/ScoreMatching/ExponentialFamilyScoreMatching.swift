import Foundation
import TensorCore

// listing: exponential-family-score-matching
/// Hyvärinen's (2005) score matching for an exponential family
///
///   log p̃_θ(x) = b(x) + θᵀφ(x),   s_θ(x) = ∇b(x) + G(x)θ,   G = [∇φ₁ … ∇φ_K] (d × K),
///
/// whose implicit objective J(θ) = 𝔼[½‖s_θ‖² + ∇·s_θ] is a quadratic in θ:
///
///   J(θ) = 𝔼[½‖∇b‖² + Δb] + cᵀθ + ½ θᵀAθ,   A = 𝔼[GᵀG],   c = 𝔼[Gᵀ∇b + Δφ],
///
/// so the estimate is a linear solve, θ̂ = −(A + λI)⁻¹c, with a ridge λ ≥ 0 where A is ill-conditioned
/// (Hyvärinen 2007 noted the closed form). The base b is a fixed Gaussian N(0, τ²I) (∇b = −x/τ², Δb = −d/τ²),
/// which keeps p̃ integrable when the features are bounded, or absent.
public struct ExponentialFamilyScoreMatching<Features: ScoreMatchingFeatures>: Sendable {
    public let features: Features
    /// τ², the variance of the Gaussian base measure; nil for none.
    public let baseVariance: Double?

    public init(features: Features, baseVariance: Double?) {
        precondition(baseVariance.map { $0 > 0 } ?? true, "The base measure's variance must be positive.")
        (self.features, self.baseVariance) = (features, baseVariance)
    }

    func baseGradient(_ x: [Double]) -> [Double] { baseVariance.map { v in x.map { -$0 / v } } ?? x.map { _ in 0 } }
    func baseLaplacian(_ x: [Double]) -> Double { baseVariance.map { -Double(x.count) / $0 } ?? 0 }

    /// The sample moments A, c and the θ-free constant 𝔼[½‖∇b‖² + Δb] over the rows of `points`.
    public func moments(_ points: [[Double]]) -> (a: Matrix, c: [Double], constant: Double) {
        let k = features.count, n = Double(points.count)
        var a = [Double](repeating: 0, count: k * k), c = [Double](repeating: 0, count: k), constant = 0.0
        for x in points {
            let (_, g, laplacians) = features.evaluate(x), base = baseGradient(x)
            for i in 0..<k {
                c[i] += (zip(g[i], base).reduce(0) { $0 + $1.0 * $1.1 } + laplacians[i]) / n
                for j in i..<k { a[i * k + j] += zip(g[i], g[j]).reduce(0) { $0 + $1.0 * $1.1 } / n }
            }
            constant += (0.5 * base.reduce(0) { $0 + $1 * $1 } + baseLaplacian(x)) / n
        }
        for i in 0..<k { for j in 0..<i { a[i * k + j] = a[j * k + i] } }
        return (Matrix(rows: k, columns: k, elements: a), c, constant)
    }

    /// θ̂ = −(A + λI)⁻¹c from the rows of `points`.
    public func fit(_ points: [[Double]], ridge: Double = 0) throws -> ExponentialFamilyFit<Features> {
        let (a, c, constant) = moments(points)
        var regularised = a
        for i in 0..<features.count { regularised.elements[i * features.count + i] += ridge }
        let theta = try regularised.solve(c.map { -$0 })
        return ExponentialFamilyFit(family: self, parameters: theta, a: a, c: c, constant: constant)
    }
}
// end listing

/// A fitted exponential family: its parameters, its unnormalised log-density and score, and the sample objective.
public struct ExponentialFamilyFit<Features: ScoreMatchingFeatures>: Sendable {
    public let family: ExponentialFamilyScoreMatching<Features>
    public let parameters: [Double]
    /// The moments the fit was solved from.
    public let a: Matrix, c: [Double], constant: Double

    /// The same family and moments at other parameters θ: to evaluate the score or the objective away from θ̂.
    public func withParameters(_ theta: [Double]) -> ExponentialFamilyFit {
        precondition(theta.count == parameters.count, "\(theta.count) parameters for a family of \(parameters.count).")
        return ExponentialFamilyFit(family: family, parameters: theta, a: a, c: c, constant: constant)
    }

    /// J(θ) on the fitting sample, for any θ (the quadratic form, constant included).
    public func objective(_ theta: [Double]) -> Double {
        let k = theta.count
        var quadratic = 0.0
        for i in 0..<k { for j in 0..<k { quadratic += theta[i] * a.elements[i * k + j] * theta[j] } }
        return constant + zip(c, theta).reduce(0) { $0 + $1.0 * $1.1 } + 0.5 * quadratic
    }

    /// log p̃_θ̂(x) = b(x) + θ̂ᵀφ(x), without the normaliser.
    public func logUnnormalisedDensity(_ x: [Double]) -> Double {
        let base = family.baseVariance.map { v in -x.reduce(0) { $0 + $1 * $1 } / (2 * v) } ?? 0
        return base + zip(parameters, family.features.evaluate(x).values).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// s_θ̂(x) = ∇b(x) + G(x)θ̂.
    public func score(_ x: [Double]) -> [Double] {
        let g = family.features.evaluate(x).gradients
        var s = family.baseGradient(x)
        for (j, theta) in parameters.enumerated() { for k in s.indices { s[k] += theta * g[j][k] } }
        return s
    }
}
