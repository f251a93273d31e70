import Foundation
import TensorCore

/// A smooth, strictly increasing map g of the real line onto itself, x = g(z): the
/// one-dimensional flow. Because g is a bijection with g′ > 0 it can carry a density
/// across exactly (`ChangeOfVariables1D`), which needs three things — the map, its
/// derivative and its inverse — and so does every flow in higher dimensions.
///
/// Convention: z is the base variable (standard normal), x the data; g runs base → data.
public protocol MonotoneMap1D: Sendable {
    /// x = g(z).
    func value(_ z: Double) -> Double
    /// g′(z) > 0.
    func derivative(_ z: Double) -> Double
    /// z = g⁻¹(x).
    func inverse(_ x: Double) -> Double
    /// log g′(z), which implementations may compute without overflow where g′ is huge.
    func logDerivative(_ z: Double) -> Double
}

extension MonotoneMap1D {
    /// log g′(z) as the logarithm of `derivative(_:)`.
    public func logDerivative(_ z: Double) -> Double { Foundation.log(derivative(z)) }

    /// d g⁻¹/dx at x, by the inverse function theorem: 1/g′(g⁻¹(x)).
    public func inverseDerivative(_ x: Double) -> Double { 1 / derivative(inverse(x)) }
}

/// x = shift + scale·z: the map that turns N(0, 1) into N(shift, scale²), the case whose
/// pushed-forward density is known independently.
public struct AffineMap1D: MonotoneMap1D {
    /// The location μ.
    public let shift: Double
    /// The positive scale σ.
    public let scale: Double

    public init(shift: Double, scale: Double) {
        require(scale > 0, "An increasing affine map needs a positive scale, got \(scale).")
        self.shift = shift
        self.scale = scale
    }

    public func value(_ z: Double) -> Double { shift + scale * z }
    public func derivative(_ z: Double) -> Double { scale }
    public func inverse(_ x: Double) -> Double { (x - shift) / scale }
}

/// The sinh–arcsinh map of Jones & Pewsey (2009),
///
///   x = g(z) = shift + scale·sinh((asinh z + ε)/δ),   g⁻¹(x) = sinh(δ·asinh((x − shift)/scale) − ε),
///
/// whose push-forward of N(0, 1) is a skewed, heavy- or light-tailed law: ε moves mass to
/// one side (skewness), δ < 1 fattens the tails and δ > 1 thins them; ε = 0, δ = 1 is
/// `AffineMap1D`. Map, derivative and inverse are all in closed form, so the change of
/// variables can be checked exactly. With w = (asinh z + ε)/δ,
///
///   g′(z) = scale·cosh(w) / (δ·√(1 + z²)).
public struct SinhArcsinhMap: MonotoneMap1D {
    /// ε, the skewness parameter.
    public let skewness: Double
    /// δ > 0, the tail-weight parameter.
    public let tailWeight: Double
    /// The positive scale applied after the sinh.
    public let scale: Double
    /// The shift applied last.
    public let shift: Double

    public init(skewness: Double, tailWeight: Double, scale: Double = 1, shift: Double = 0) {
        require(tailWeight > 0 && scale > 0, "The sinh–arcsinh map needs positive tail weight and scale, got \(tailWeight) and \(scale).")
        self.skewness = skewness
        self.tailWeight = tailWeight
        self.scale = scale
        self.shift = shift
    }

    /// w = (asinh z + ε)/δ, the argument of the outer sinh.
    func innerArgument(_ z: Double) -> Double { (Foundation.asinh(z) + skewness) / tailWeight }

    public func value(_ z: Double) -> Double { shift + scale * Foundation.sinh(innerArgument(z)) }

    public func derivative(_ z: Double) -> Double {
        scale * Foundation.cosh(innerArgument(z)) / (tailWeight * (1 + z * z).squareRoot())
    }

    public func inverse(_ x: Double) -> Double {
        Foundation.sinh(tailWeight * Foundation.asinh((x - shift) / scale) - skewness)
    }

    /// log scale + log cosh w − log δ − ½ log(1 + z²), with log cosh w = |w| + log1p(e^{−2|w|}) − log 2
    /// so that it stays finite where cosh w overflows.
    public func logDerivative(_ z: Double) -> Double {
        let w = Swift.abs(innerArgument(z))
        let logCosh = w + Foundation.log1p(Foundation.exp(-2 * w)) - Foundation.log(2.0)
        return Foundation.log(scale) + logCosh - Foundation.log(tailWeight) - 0.5 * Foundation.log1p(z * z)
    }
}
