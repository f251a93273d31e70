import Foundation

/// A scalar function f: ℝᵏ → ℝ with its gradient: the integrand whose expectation under
/// q = N(μ, diag σ²) the gradient estimators differentiate.
public protocol ScalarTestFunction: Sendable {
    /// f(z).
    func value(_ z: [Double]) -> Double
    /// ∇f(z).
    func gradient(_ z: [Double]) -> [Double]
}

/// Test functions whose Gaussian expectation is known in closed form, so that the exact
/// gradient ∂/∂(μ, log σ) E_q[f(z)] is available to compare the estimators with.
///
/// The gradient is ordered as the estimators' samples: the k derivatives with respect to
/// μ, then the k with respect to log σ.
public enum GradientTestFunction: ScalarTestFunction, Equatable {
    /// f(z) = Σⱼ aⱼ(zⱼ − cⱼ)², with E_q f = Σⱼ aⱼ[(μⱼ − cⱼ)² + σⱼ²].
    case quadratic(weights: [Double], centre: [Double])
    /// f(z) = Σⱼ cos(ωⱼzⱼ), with E_q f = Σⱼ cos(ωⱼμⱼ) exp(−ωⱼ²σⱼ²/2) (the real part of the
    /// characteristic function). Bounded and not polynomial: no estimator is exact for it.
    case cosine(frequencies: [Double])

    /// k.
    public var dimension: Int {
        switch self {
        case .quadratic(let weights, _): return weights.count
        case .cosine(let frequencies): return frequencies.count
        }
    }

    public func value(_ z: [Double]) -> Double {
        switch self {
        case .quadratic(let a, let c): return z.indices.reduce(0) { $0 + a[$1] * (z[$1] - c[$1]) * (z[$1] - c[$1]) }
        case .cosine(let omega): return z.indices.reduce(0) { $0 + Foundation.cos(omega[$1] * z[$1]) }
        }
    }

    public func gradient(_ z: [Double]) -> [Double] {
        switch self {
        case .quadratic(let a, let c): return z.indices.map { 2 * a[$0] * (z[$0] - c[$0]) }
        case .cosine(let omega): return z.indices.map { -omega[$0] * Foundation.sin(omega[$0] * z[$0]) }
        }
    }

    /// E_q[f(z)] for q = N(μ, diag σ²), in closed form.
    public func expectation(mean: [Double], logStandardDeviation: [Double]) -> Double {
        switch self {
        case .quadratic(let a, let c):
            return mean.indices.reduce(0) { total, j in
                total + a[j] * ((mean[j] - c[j]) * (mean[j] - c[j]) + Foundation.exp(2 * logStandardDeviation[j]))
            }
        case .cosine(let omega):
            return mean.indices.reduce(0) { total, j in
                let variance = Foundation.exp(2 * logStandardDeviation[j])
                return total + Foundation.cos(omega[j] * mean[j]) * Foundation.exp(-0.5 * omega[j] * omega[j] * variance)
            }
        }
    }

    /// The exact gradient [∂/∂μ, ∂/∂log σ] of `expectation`, differentiated by hand:
    /// quadratic 2aⱼ(μⱼ − cⱼ) and 2aⱼσⱼ²; cosine −ωⱼ sin(ωⱼμⱼ)·e and −ωⱼ²σⱼ² cos(ωⱼμⱼ)·e with
    /// e = exp(−ωⱼ²σⱼ²/2) (∂σ²/∂log σ = 2σ²).
    public func expectationGradient(mean: [Double], logStandardDeviation: [Double]) -> [Double] {
        let variances = logStandardDeviation.map { Foundation.exp(2 * $0) }
        switch self {
        case .quadratic(let a, let c):
            return mean.indices.map { 2 * a[$0] * (mean[$0] - c[$0]) } + mean.indices.map { 2 * a[$0] * variances[$0] }
        case .cosine(let omega):
            let damping = mean.indices.map { Foundation.exp(-0.5 * omega[$0] * omega[$0] * variances[$0]) }
            return mean.indices.map { -omega[$0] * Foundation.sin(omega[$0] * mean[$0]) * damping[$0] }
                + mean.indices.map { -omega[$0] * omega[$0] * variances[$0] * Foundation.cos(omega[$0] * mean[$0]) * damping[$0] }
        }
    }
}
