import Foundation
import TensorCore

/// The mass of a 2-D density on a box, ∫∫_B p(x, y) dx dy, by a tensor-product rule:
/// node (xᵢ, yⱼ) has weight wᵢ·vⱼ, and the error is the sum of the two 1-D rules'
/// errors (each as in `QuadratureRule`).
///
/// A density on the whole plane has mass 1 − P(X ∉ B) on the box, so a check that a
/// model's density "integrates to 1" must account for the tail outside the box. When
/// the model can be sampled exactly (a flow pushes Gaussian draws through its inverse;
/// the toy laws sample directly), the tail is estimated independently of the density by
/// the fraction of samples outside the box, with its binomial standard error:
/// `mass(logDensity:tailSamples:)` reports the two separately.
public struct GridQuadrature2D: Sendable {
    /// The rule along the first coordinate.
    public let first: QuadratureRule
    /// The rule along the second coordinate.
    public let second: QuadratureRule

    /// The product of two 1-D rules.
    public init(first: QuadratureRule, second: QuadratureRule) {
        self.first = first
        self.second = second
    }

    /// Composite Gauss–Legendre on the box `first` × `second`, with square panels no
    /// wider than `panelWidth` and `nodesPerPanel` nodes per panel along each axis.
    /// Panels about as wide as the narrowest feature of the density suffice (error
    /// below 10⁻⁸ of the mass for Gaussian features with 8 nodes).
    public static func gaussLegendre(first: ClosedRange<Double>, second: ClosedRange<Double>, panelWidth: Double,
                                     nodesPerPanel: Int = 8) -> GridQuadrature2D {
        GridQuadrature2D(
            first: .gaussLegendre(from: first.lowerBound, to: first.upperBound, panelWidth: panelWidth, nodesPerPanel: nodesPerPanel),
            second: .gaussLegendre(from: second.lowerBound, to: second.upperBound, panelWidth: panelWidth, nodesPerPanel: nodesPerPanel))
    }

    /// The number of nodes, n₁·n₂.
    public var count: Int { first.count * second.count }

    /// The nodes in double precision, the first coordinate varying fastest (node
    /// k = j·n₁ + i is (xᵢ, yⱼ)).
    public var nodes: [SIMD2<Double>] {
        second.nodes.flatMap { y in first.nodes.map { SIMD2($0, y) } }
    }

    /// The nodes as an `[n₁·n₂, 2]` tensor in the order of `nodes`, for Float32 models.
    /// Rounding moves each node by up to 6·10⁻⁸ of its size while its weight stays, which
    /// biases the mass by about 10⁻⁸ (measured on the moons with σ = 0.1; the same grid in
    /// double precision errs by 10⁻¹⁴): the floor of any check through this path.
    public var points: Tensor {
        let (xs, ys) = (first.nodes, second.nodes)
        return Tensor(shape: [count, 2]) { buffer in
            for j in ys.indices {
                for i in xs.indices {
                    buffer[2 * (j * xs.count + i)] = Float(xs[i])
                    buffer[2 * (j * xs.count + i) + 1] = Float(ys[j])
                }
            }
        }
    }

    /// The weight of every node, in the order of `points`.
    public var weights: [Double] {
        second.weights.flatMap { v in first.weights.map { $0 * v } }
    }

    /// Σₖ Wₖ·valuesₖ for values at `points`.
    public func integrate(_ values: [Double]) -> Double {
        require(values.count == count, "Integrating \(values.count) values on a grid of \(count) nodes.")
        var total = 0.0
        for (weight, value) in zip(weights, values) { total += weight * value }
        return total
    }

    /// ∫∫_B p from log p, evaluated on the nodes in chunks of `chunkSize` rows (so a network
    /// never holds activations for the whole grid at once).
    public func mass(chunkSize: Int = 65_536, logDensity: (Tensor) -> [Double]) -> Double {
        let all = points
        var total = 0.0
        let weights = self.weights
        for start in stride(from: 0, to: count, by: chunkSize) {
            let end = Swift.min(count, start + chunkSize)
            let values = logDensity(all.slice(start..<end))
            require(values.count == end - start, "A log-density returned \(values.count) values for \(end - start) points.")
            for (offset, logValue) in values.enumerated() { total += weights[start + offset] * Foundation.exp(logValue) }
        }
        return total
    }

    /// ∫∫_B p for a density evaluated at double-precision nodes.
    public func mass(logDensityAt logDensity: (SIMD2<Double>) -> Double) -> Double {
        var total = 0.0
        for (weight, node) in zip(weights, nodes) { total += weight * Foundation.exp(logDensity(node)) }
        return total
    }

    /// Whether (x, y) lies in the closed box.
    public func contains(_ x: Double, _ y: Double) -> Bool {
        x >= first.lower && x <= first.upper && y >= second.lower && y <= second.upper
    }

    /// The fraction of the rows of `samples` (`[n, 2]`) outside the box, with its binomial
    /// standard error √(q(1 − q)/n): an estimate of the tail mass P(X ∉ B).
    public func fractionOutside(_ samples: Tensor) -> (fraction: Double, standardError: Double) {
        require(samples.rank == 2 && samples.columnCount == 2 && samples.rowCount > 0, "Tail samples must be [n, 2], got \(samples.shape).")
        let n = samples.rowCount
        let outside = (0..<n).filter { !contains(Double(samples.scalars[2 * $0]), Double(samples.scalars[2 * $0 + 1])) }.count
        let fraction = Double(outside) / Double(n)
        return (fraction, (fraction * (1 - fraction) / Double(n)).squareRoot())
    }

    /// The mass on the box by quadrature, and the tail outside it from exact samples.
    public func mass(logDensity: (Tensor) -> [Double], tailSamples: Tensor) -> BoxMass {
        let tail = fractionOutside(tailSamples)
        return BoxMass(inside: mass(logDensity: logDensity), outside: tail.fraction, outsideStandardError: tail.standardError)
    }
}

/// A density's mass split at a box: ∫∫_B p by quadrature, and P(X ∉ B) estimated from
/// exact samples. For a normalised density `total` is 1 within the quadrature error plus
/// a few `outsideStandardError`s.
public struct BoxMass: Sendable, Equatable {
    /// ∫∫_B p, by quadrature.
    public let inside: Double
    /// The fraction of exact samples outside B.
    public let outside: Double
    /// The binomial standard error of `outside`.
    public let outsideStandardError: Double

    /// The two halves of the mass, as measured.
    public init(inside: Double, outside: Double, outsideStandardError: Double) {
        self.inside = inside
        self.outside = outside
        self.outsideStandardError = outsideStandardError
    }

    /// inside + outside.
    public var total: Double { inside + outside }
}
