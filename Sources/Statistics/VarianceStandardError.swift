import Foundation

// How precisely a sample variance is known. A check "the chain's variance is
// 1/(1 − ε/4)" needs the standard error of s², not of x̄.

/// The standard error of the unbiased variance estimate s² from `count`
/// independent draws of a *normal* law with variance `variance`:
/// SE(s²) = σ²·√(2/(n − 1)), exact because (n − 1)s²/σ² ~ χ²ₙ₋₁, whose variance is 2(n − 1).
public func normalVarianceStandardError(variance: Double, count: Int) -> Double {
    precondition(count >= 2, "A variance estimate needs at least two values, got \(count).")
    return variance * (2 / Double(count - 1)).squareRoot()
}

/// The standard error of the unbiased variance estimate s² for any law with a
/// finite fourth moment, estimated from the sample itself:
///
///   Var(s²) = μ₄/n − σ⁴(n − 3)/(n(n − 1)),
///
/// with the fourth central moment μ₄ and σ² replaced by their sample estimates
/// (Cramér 1946, §27.4). For normal data μ₄ = 3σ⁴ and the formula reduces to
/// 2σ⁴/(n − 1), the normal-theory value of ``normalVarianceStandardError(variance:count:)``;
/// heavy tails (μ₄ > 3σ⁴) make it larger.
public func varianceStandardError(_ values: [Double]) -> Double {
    let n = Double(values.count)
    precondition(values.count >= 4, "The fourth-moment formula needs at least four values, got \(values.count).")
    let fourth = values.centralMoment(4)
    let variance = values.unbiasedVariance
    let varianceOfEstimate = fourth / n - variance * variance * (n - 3) / (n * (n - 1))
    // A tiny sample can make the plug-in estimate negative; the standard error is then 0.
    return Swift.max(varianceOfEstimate, 0).squareRoot()
}
