import Foundation

// Double-precision scalar functions the likelihood code of several modules needs (exact
// enumeration, mixtures, closed-form loss values), written once so that each is stable
// for every finite argument.

/// σ(x) = 1/(1 + e^{−x}), computed without overflow for either sign.
@inlinable public func logistic(_ x: Double) -> Double {
    x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
}

/// softplus(x) = log(1 + eˣ) = max(x, 0) + log1p(e^{−|x|}): never overflows, and accurate
/// for large negative x, where it is about eˣ.
@inlinable public func softplus(_ x: Double) -> Double {
    Swift.max(x, 0) + log1p(exp(-Swift.abs(x)))
}

/// log Σ exp(values), shifted by the largest term so that nothing overflows; −∞ for no
/// values or when every value is −∞.
public func logSumExp(_ values: [Double]) -> Double {
    guard let largest = values.max(), largest.isFinite else { return values.max() ?? -.infinity }
    return largest + log(values.reduce(0) { $0 + exp($1 - largest) })
}
