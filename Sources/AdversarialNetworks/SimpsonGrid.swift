import TensorCore

/// A uniform grid on [a, b] with the weights of composite Simpson quadrature:
///
///   ∫ₐᵇ f ≈ (h/3)·[f₀ + 4f₁ + 2f₂ + 4f₃ + … + 4f_{N−1} + f_N],  h = (b − a)/N, N even.
///
/// For a smooth integrand the error is O(h⁴); for one with a jump (a uniform density's
/// edge) it falls to O(h), at most about h times the jump per discontinuity.
public struct SimpsonGrid: Sendable {
    public let lower: Double
    public let upper: Double
    /// The nodes a, a + h, …, b.
    public let points: [Double]
    /// The quadrature weight of each node.
    public let weights: [Double]

    /// - Parameter count: the number of nodes, odd and at least 3 (an even number of intervals).
    public init(from lower: Double, to upper: Double, points count: Int) {
        require(upper > lower, "A quadrature grid needs lower < upper, got [\(lower), \(upper)].")
        require(count >= 3 && count % 2 == 1, "Simpson's rule needs an odd number of at least 3 nodes, got \(count).")
        self.lower = lower
        self.upper = upper
        let h = (upper - lower) / Double(count - 1)
        points = (0..<count).map { lower + Double($0) * h }
        weights = (0..<count).map { index in
            let multiplier: Double = index == 0 || index == count - 1 ? 1 : (index % 2 == 1 ? 4 : 2)
            return multiplier * h / 3
        }
    }

    /// The spacing h between nodes.
    public var spacing: Double { points[1] - points[0] }

    /// Σᵢ wᵢ·valuesᵢ for values at the nodes.
    public func integrate(_ values: [Double]) -> Double {
        require(values.count == points.count, "Integrating \(values.count) values on a grid of \(points.count) nodes.")
        var total = 0.0
        for (weight, value) in zip(weights, values) { total += weight * value }
        return total
    }

    /// ∫ f by the rule.
    public func integrate(_ function: (Double) -> Double) -> Double {
        integrate(points.map(function))
    }
}
