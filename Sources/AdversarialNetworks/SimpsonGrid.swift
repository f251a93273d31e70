import Distributions

/// A uniform grid on [a, b] with the weights of composite Simpson quadrature,
///
///   ∫ₐᵇ f ≈ (h/3)·[f₀ + 4f₁ + 2f₂ + 4f₃ + … + 4f_{N−1} + f_N],  h = (b − a)/N, N even,
///
/// on which chapter 3 integrates the GAN game's value: the Distributions module's
/// `QuadratureRule.simpson`, under the names the GAN code uses. For a smooth integrand the
/// error is O(h⁴); for one with a jump (a uniform density's edge) it falls to O(h), at most
/// about h times the jump per discontinuity.
public typealias SimpsonGrid = QuadratureRule

extension QuadratureRule {
    /// Composite Simpson on `count` uniform nodes, odd and at least 3.
    public init(from lower: Double, to upper: Double, points count: Int) {
        self = .simpson(from: lower, to: upper, points: count)
    }

    /// The nodes a, a + h, …, b of a uniform rule.
    public var points: [Double] { nodes }

    /// The spacing h between the nodes of a uniform rule (Simpson's).
    public var spacing: Double { nodes[1] - nodes[0] }
}
