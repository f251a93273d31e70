import Foundation
import Distributions
import NeuralLayers

extension RealNVP {
    /// The flow's mass on the box of a 2-D quadrature grid, ∫∫_B p_θ, and the tail outside
    /// it, P(X ∉ B), as the fraction of `tailSamples` exact samples f⁻¹(z) that fall outside.
    ///
    /// A correct log-determinant makes `total` 1 to within the Float32 floor plus a few
    /// standard errors of the tail. The floor is about 10⁻⁶: each layer multiplies by a
    /// rounded exp(s) while its log-determinant counts s exactly (measured 7·10⁻⁷ on a
    /// random 6-coupling flow, independent of the grid once it resolves the density; the
    /// Float32 nodes add 10⁻⁸, see `GridQuadrature2D.points`). A wrong log-determinant (a
    /// sign, a missing layer) moves `inside` by far more. The two halves are independent:
    /// the density never sees the samples.
    public func mass(on grid: GridQuadrature2D, tailSamples: Int, using generator: inout RandomGenerator) -> BoxMass {
        require(dimension == 2, "A grid quadrature needs a 2-D flow, this one has D = \(dimension).")
        require(tailSamples > 0, "The tail estimate needs at least one sample, got \(tailSamples).")
        return grid.mass(logDensity: { self.logDensity($0) }, tailSamples: sample(tailSamples, using: &generator))
    }
}
