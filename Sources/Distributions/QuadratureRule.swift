import Foundation
import TensorCore

/// A one-dimensional quadrature rule on [lower, upper]: nodes xᵢ and weights wᵢ with
///
///   ∫ₐᵇ f(x) dx ≈ Σᵢ wᵢ f(xᵢ).
///
/// Two families, both composite (the interval is cut into panels and a fixed rule is used
/// on each, so the error falls with the panel width whatever the integrand's scale):
///
/// - `simpson`: uniform nodes (a grid that also suits heatmaps), error O(h⁴) for smooth f;
///   chapter 3's `SimpsonGrid` is this rule.
/// - `gaussLegendre`: k Gauss–Legendre nodes per panel, exact for polynomials of degree
///   2k − 1 on each panel. For a panel of width w the error is (Davis & Rabinowitz, 2.7.12)
///
///     E = w^{2k+1} (k!)⁴ / ((2k + 1)((2k)!)³) · f⁽²ᵏ⁾(ξ),
///
///   so for a Gaussian feature of width σ, panels of width ≈ σ with k = 8 already err by
///   less than 10⁻⁸ of its mass.
public struct QuadratureRule: Sendable {
    /// The left end a of the interval.
    public let lower: Double
    /// The right end b of the interval.
    public let upper: Double
    /// The nodes xᵢ, increasing.
    public let nodes: [Double]
    /// The weight wᵢ of each node; they sum to b − a.
    public let weights: [Double]

    /// A rule from explicit nodes and weights (e.g. one read from a table).
    public init(lower: Double, upper: Double, nodes: [Double], weights: [Double]) {
        require(upper > lower, "A quadrature rule needs lower < upper, got [\(lower), \(upper)].")
        require(nodes.count == weights.count && !nodes.isEmpty, "A quadrature rule needs one weight per node, got \(nodes.count) nodes and \(weights.count) weights.")
        self.lower = lower
        self.upper = upper
        self.nodes = nodes
        self.weights = weights
    }

    /// Composite Simpson on `points` uniform nodes a, a + h, …, b (an odd number ≥ 3):
    /// weights (h/3)·[1, 4, 2, 4, …, 4, 1].
    public static func simpson(from lower: Double, to upper: Double, points count: Int) -> QuadratureRule {
        require(count >= 3 && count % 2 == 1, "Simpson's rule needs an odd number of at least 3 nodes, got \(count).")
        let h = (upper - lower) / Double(count - 1)
        let nodes = (0..<count).map { lower + Double($0) * h }
        let weights = (0..<count).map { index -> Double in
            let multiplier: Double = index == 0 || index == count - 1 ? 1 : (index % 2 == 1 ? 4 : 2)
            return multiplier * h / 3
        }
        return QuadratureRule(lower: lower, upper: upper, nodes: nodes, weights: weights)
    }

    /// Composite Gauss–Legendre: [a, b] cut into `panels` equal panels, each with the
    /// `nodesPerPanel`-point Gauss–Legendre rule mapped onto it.
    public static func gaussLegendre(from lower: Double, to upper: Double, panels: Int, nodesPerPanel: Int = 8) -> QuadratureRule {
        require(panels >= 1, "A composite rule needs at least one panel, got \(panels).")
        let reference = GaussLegendre.rule(nodes: nodesPerPanel)
        let width = (upper - lower) / Double(panels)
        var nodes: [Double] = [], weights: [Double] = []
        nodes.reserveCapacity(panels * nodesPerPanel)
        weights.reserveCapacity(panels * nodesPerPanel)
        for panel in 0..<panels {
            // x = centre + (w/2)·ξ maps [−1, 1] onto the panel, with Jacobian w/2.
            let centre = lower + (Double(panel) + 0.5) * width
            for (node, weight) in zip(reference.nodes, reference.weights) {
                nodes.append(centre + 0.5 * width * node)
                weights.append(0.5 * width * weight)
            }
        }
        return QuadratureRule(lower: lower, upper: upper, nodes: nodes, weights: weights)
    }

    /// Composite Gauss–Legendre with panels no wider than `panelWidth`.
    public static func gaussLegendre(from lower: Double, to upper: Double, panelWidth: Double, nodesPerPanel: Int = 8) -> QuadratureRule {
        require(panelWidth > 0, "A panel width must be positive, got \(panelWidth).")
        let panels = Swift.max(1, Int(((upper - lower) / panelWidth).rounded(.up)))
        return gaussLegendre(from: lower, to: upper, panels: panels, nodesPerPanel: nodesPerPanel)
    }

    /// The number of nodes.
    public var count: Int { nodes.count }

    /// Σᵢ wᵢ·valuesᵢ for values at the nodes, accumulated in order.
    public func integrate(_ values: [Double]) -> Double {
        require(values.count == nodes.count, "Integrating \(values.count) values with a rule of \(nodes.count) nodes.")
        var total = 0.0
        for (weight, value) in zip(weights, values) { total += weight * value }
        return total
    }

    /// ∫ f by the rule.
    public func integrate(_ function: (Double) -> Double) -> Double {
        integrate(nodes.map(function))
    }
}

/// The Gauss–Legendre rule on [−1, 1]: the k nodes are the roots of the Legendre
/// polynomial Pₖ, and the weights 2/((1 − ξ²)Pₖ′(ξ)²) make the rule exact for every
/// polynomial of degree ≤ 2k − 1.
public enum GaussLegendre {
    /// The k-point rule, nodes increasing. Each root is found by Newton's method on Pₖ
    /// (evaluated by the three-term recurrence (n + 1)Pₙ₊₁ = (2n + 1)ξPₙ − nPₙ₋₁) from
    /// the asymptotic guess cos(π(i − ¼)/(k + ½)); it converges to full double precision
    /// in a handful of steps.
    public static func rule(nodes count: Int) -> (nodes: [Double], weights: [Double]) {
        require(count >= 1 && count <= 200, "Gauss–Legendre rules are built for 1 to 200 nodes, got \(count).")
        var nodes = [Double](repeating: 0, count: count), weights = [Double](repeating: 0, count: count)
        for i in 0..<((count + 1) / 2) {
            var x = Foundation.cos(Double.pi * (Double(i) + 0.75) / (Double(count) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                let (value, slope) = legendre(count, at: x)
                derivative = slope
                let step = value / slope
                x -= step
                if Swift.abs(step) < 1e-16 { break }
            }
            derivative = legendre(count, at: x).derivative
            let weight = 2 / ((1 - x * x) * derivative * derivative)
            // Roots come in ± pairs; the guess above finds them from the right.
            nodes[count - 1 - i] = x
            nodes[i] = -x
            weights[count - 1 - i] = weight
            weights[i] = weight
        }
        return (nodes, weights)
    }

    /// Pₙ(x) and Pₙ′(x), the latter from (1 − x²)Pₙ′ = n(Pₙ₋₁ − xPₙ).
    static func legendre(_ degree: Int, at x: Double) -> (value: Double, derivative: Double) {
        var previous = 1.0, current = x
        if degree == 0 { return (1, 0) }
        for n in 1..<degree {
            let next = ((2 * Double(n) + 1) * x * current - Double(n) * previous) / Double(n + 1)
            previous = current
            current = next
        }
        return (current, Double(degree) * (previous - x * current) / (1 - x * x))
    }
}
