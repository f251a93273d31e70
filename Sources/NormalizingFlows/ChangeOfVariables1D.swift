import Foundation
import TensorCore

/// The law of x = g(z), z ~ N(0, 1), for an increasing bijection g (`MonotoneMap1D`).
///
/// Probability is conserved interval by interval: P(x ≤ X ≤ x + dx) = P(z ≤ Z ≤ z + dz)
/// with z = g⁻¹(x), so p_X(x)·dx = φ(z)·dz and
///
///   p_X(x) = φ(g⁻¹(x)) · |d g⁻¹/dx| = φ(z) / g′(z),
///   log p_X(x) = log φ(z) − log g′(z).                                  (change of variables)
///
/// The Jacobian factor is the *inverse* map's derivative: where g stretches the line
/// (g′ > 1) the same probability spreads thinner. Multiplying by g′(z) instead is the
/// classic mistake; the result no longer integrates to 1, which the tests check.
public enum ChangeOfVariables1D {
    /// log φ(z) = −z²/2 − ½ log 2π, the standard normal log-density.
    public static func standardNormalLogDensity(_ z: Double) -> Double {
        -0.5 * z * z - 0.5 * Foundation.log(2 * Double.pi)
    }

    /// Φ(z) = ½ erfc(−z/√2), accurate in both tails.
    public static func standardNormalDistribution(_ z: Double) -> Double {
        0.5 * Foundation.erfc(-z / 2.0.squareRoot())
    }

    // listing: change-of-variables-1d
    /// log p_X(x) = log φ(g⁻¹(x)) − log g′(g⁻¹(x)) for x = g(z), z ~ N(0, 1).
    public static func logDensity(at x: Double, through map: some MonotoneMap1D) -> Double {
        let z = map.inverse(x)
        return standardNormalLogDensity(z) - map.logDerivative(z)
    }
    // end listing

    /// p_X(x) = φ(g⁻¹(x))·|d g⁻¹/dx|.
    public static func density(at x: Double, through map: some MonotoneMap1D) -> Double {
        Foundation.exp(logDensity(at: x, through: map))
    }

    /// P(X ≤ x) = Φ(g⁻¹(x)): g is increasing, so X ≤ x exactly when Z ≤ g⁻¹(x). An
    /// independent route to the mass of an interval, which needs no derivative at all.
    public static func distribution(at x: Double, through map: some MonotoneMap1D) -> Double {
        standardNormalDistribution(map.inverse(x))
    }

    /// `count` draws x = g(z) with z ~ N(0, 1): sampling a flow is just running the map.
    public static func samples(_ count: Int, through map: some MonotoneMap1D, using generator: inout RandomGenerator) -> [Double] {
        require(count >= 0, "Asked for \(count) samples.")
        return (0..<count).map { _ in map.value(generator.normalDouble()) }
    }
}
