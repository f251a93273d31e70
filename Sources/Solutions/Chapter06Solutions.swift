import Foundation

/// Reference solutions of chapter 6's exercises.
public enum Chapter06Solutions {
    /// log σ(a) = −log(1 + e^{−a}) = min(a, 0) − log1p(e^{−|a|}): the exponent is never positive, so nothing overflows,
    /// and log1p keeps the digits of log σ(a) ≈ −e^{−a} when a is large.
    static func logSigmoid(_ a: Double) -> Double {
        Swift.min(a, 0) - Foundation.log1p(Foundation.exp(-Swift.abs(a)))
    }

    /// 6.1: since 1 − σ(ℓ) = σ(−ℓ), log p(x_d | x_<d) = log σ(ℓ_d) for x_d = 1 and log σ(−ℓ_d) for x_d = 0, with
    /// ℓ_d the logit for the prefix x_<d = x[0..<d]; sum these over d with the stable log-sigmoid above.
    public static func autoregressiveLogLikelihood(x: [Int], conditionalLogit: ([Int]) -> Double) throws -> Double {
        x.indices.reduce(0) { total, d in
            let logit = conditionalLogit(Array(x[0..<d]))
            return total + logSigmoid(x[d] == 1 ? logit : -logit)
        }
    }

    /// 6.2: probability is conserved, p_X(x) dx = φ(z) dz with z = g⁻¹(x), so
    /// log p_X(x) = log φ(g⁻¹(x)) + log |(g⁻¹)′(x)|, and log φ(z) = −z²/2 − ½ log 2π.
    public static func flowLogDensity(x: Double, inverse: (Double) -> Double,
                                      inverseDerivative: (Double) -> Double) throws -> Double {
        let z = inverse(x)
        return -0.5 * z * z - 0.5 * Foundation.log(2 * Double.pi) + Foundation.log(Swift.abs(inverseDerivative(x)))
    }

    /// x with the coordinates that the mask does not pass through set to 0.
    static func masked(_ v: [Double], _ mask: [Bool]) -> [Double] {
        zip(v, mask).map { $1 ? $0 : 0 }
    }

    /// 6.3, forward: s and t are evaluated once on x_b. Ordering the passed coordinates first, ∂y/∂x is block
    /// triangular with the identity on the passed block and diag(exp sⱼ) on the other (s and t do not depend on those
    /// coordinates), so log|det| = Σ over the unmasked j of sⱼ.
    public static func couplingForward(x: [Double], mask: [Bool], scale: ([Double]) -> [Double],
                                       shift: ([Double]) -> [Double]) throws -> (y: [Double], logDeterminant: Double) {
        let input = masked(x, mask)
        let s = scale(input), t = shift(input)
        var y = x, logDeterminant = 0.0
        for j in x.indices where !mask[j] {
            y[j] = x[j] * Foundation.exp(s[j]) + t[j]
            logDeterminant += s[j]
        }
        return (y, logDeterminant)
    }

    /// 6.3, inverse: the passed coordinates are unchanged, so y_b = x_b and s(y_b), t(y_b) are the very s and t the
    /// forward used; then each other coordinate solves yⱼ = xⱼ·exp(sⱼ) + tⱼ, xⱼ = (yⱼ − tⱼ)·exp(−sⱼ).
    public static func couplingInverse(y: [Double], mask: [Bool], scale: ([Double]) -> [Double],
                                       shift: ([Double]) -> [Double]) throws -> [Double] {
        let input = masked(y, mask)
        let s = scale(input), t = shift(input)
        var x = y
        for j in y.indices where !mask[j] { x[j] = (y[j] - t[j]) * Foundation.exp(-s[j]) }
        return x
    }
}
