import Foundation
import TensorCore

// listing: optimal-discriminator
/// The discriminator that wins the GAN game against a fixed generator, in one dimension,
/// on a quadrature grid.
///
/// For a fixed generator with density q = p_g, the value function
///
///   V(D) = ∫ p_data(x) log D(x) dx + ∫ q(x) log(1 − D(x)) dx
///
/// can be maximised point by point: t ↦ p log t + q log(1 − t) is concave on (0, 1) with
/// its maximum at t = p/(p + q). Hence D*(x) = p_data(x)/(p_data(x) + q(x)), and
/// substituting it back gives V(D*) = −log 4 + 2·JSD(p_data ‖ q) (Goodfellow et al. 2014,
/// Theorem 1): the generator that minimises V(D*) minimises the Jensen–Shannon divergence.
///
/// Where a density is zero its term contributes nothing (0·log 0 = 0 by continuity of
/// t log t), and where both are zero D* is undefined; we set it to ½ there, which changes
/// no integral.
public struct OptimalDiscriminator: Sendable {
    public let grid: SimpsonGrid
    /// p_data at the grid's nodes.
    public let dataDensity: [Double]
    /// p_g at the grid's nodes.
    public let generatorDensity: [Double]
    /// D*(x) = p_data/(p_data + p_g) at the grid's nodes.
    public let values: [Double]

    public init(dataDensity: (Double) -> Double, generatorDensity: (Double) -> Double, on grid: SimpsonGrid) {
        self.grid = grid
        self.dataDensity = grid.points.map(dataDensity)
        self.generatorDensity = grid.points.map(generatorDensity)
        require(self.dataDensity.allSatisfy { $0 >= 0 && $0.isFinite } && self.generatorDensity.allSatisfy { $0 >= 0 && $0.isFinite },
                "Densities must be finite and non-negative on the grid.")
        values = zip(self.dataDensity, self.generatorDensity).map { p, q in p + q > 0 ? p / (p + q) : 0.5 }
    }

    /// V(D) for a discriminator given by its values at the grid's nodes, by Simpson's rule.
    /// A D of 0 where p_data > 0 (or 1 where p_g > 0) gives −∞, as it should.
    public func gameValue(of discriminator: [Double]) -> Double {
        require(discriminator.count == grid.points.count, "A discriminator on this grid needs \(grid.points.count) values, got \(discriminator.count).")
        let integrand = discriminator.indices.map { index in
            Self.weightedLog(dataDensity[index], discriminator[index]) + Self.weightedLog(generatorDensity[index], 1 - discriminator[index])
        }
        return grid.integrate(integrand)
    }

    /// V(D) for a discriminator given as a function.
    public func gameValue(of discriminator: (Double) -> Double) -> Double {
        gameValue(of: grid.points.map(discriminator))
    }

    /// V(D*), the value the generator faces against the best discriminator. Its logs are
    /// taken from the densities, log D* = log(p_data/(p_data + p_g)) and log(1 − D*) =
    /// log(p_g/(p_data + p_g)), because 1 − D* rounds to 0 wherever p_g ≪ p_data.
    public var optimalGameValue: Double {
        let integrand = dataDensity.indices.map { index -> Double in
            let p = dataDensity[index], q = generatorDensity[index]
            return Self.weightedLog(p, p / (p + q)) + Self.weightedLog(q, q / (p + q))
        }
        return grid.integrate(integrand)
    }

    /// JSD(p_data ‖ p_g) = ½ KL(p_data ‖ m) + ½ KL(p_g ‖ m) with m = ½(p_data + p_g), from
    /// its definition by the same quadrature — not through V(D*). Between 0 and log 2.
    public var jensenShannonDivergence: Double {
        let integrand = dataDensity.indices.map { index -> Double in
            let p = dataDensity[index], q = generatorDensity[index], m = 0.5 * (p + q)
            return 0.5 * Self.weightedLog(p, p / m) + 0.5 * Self.weightedLog(q, q / m)
        }
        return grid.integrate(integrand)
    }

    /// w·log t with the convention 0·log t = 0 (for any t, even t = 0 or a 0/0).
    static func weightedLog(_ weight: Double, _ t: Double) -> Double {
        weight == 0 ? 0 : weight * Foundation.log(t)
    }
}
// end listing
