import Foundation
import TensorCore

/// A noisy ring: a uniform angle θ and a radius r ~ N(R, s²), the point r(cos θ, sin θ).
/// With R = 1 and s = 0.05 it is the data of the benchmark's score-model workload.
///
/// Its density is known in closed form. A negative draw r lands at radius |r| on
/// the opposite side, still at a uniform angle, so the distance ρ = ‖x‖ from the
/// centre has density f(ρ) = N(ρ; R, s²) + N(−ρ; R, s²) on ρ > 0, and spreading it
/// uniformly over the circle of length 2πρ gives
///
///   p(x) = f(‖x‖)/(2π‖x‖).
///
/// Writing ℓ(ρ) = log f(ρ), the score is radial, ∇ log p = (ℓ′(ρ) − 1/ρ)·x/ρ, and its
/// divergence in the plane is ∇·(g(ρ)x/ρ) = g′ + g/ρ = ℓ″(ρ) + ℓ′(ρ)/ρ. All three are
/// singular at the centre, where the density has an integrable 1/ρ pole (negligible
/// mass when s ≪ R).
public struct Ring: DensityModel {
    /// The ring's radius R.
    public let radius: Double
    /// The standard deviation s of the radial noise.
    public let radialStandardDeviation: Double

    /// A ring of radius `radius` with radial Gaussian noise of standard deviation `radialStandardDeviation`.
    public init(radius: Double = 1, radialStandardDeviation: Double = 0.05) {
        require(radius > 0 && radialStandardDeviation > 0, "A ring needs a positive radius and noise, got \(radius) and \(radialStandardDeviation).")
        self.radius = radius
        self.radialStandardDeviation = radialStandardDeviation
    }

    /// Points lie in the plane: d = 2.
    public var dimension: Int { 2 }

    /// `count` exact samples, `[count, 2]`. The draws (a uniform angle, then a normal radius,
    /// in single precision) are those of the benchmark workload, so a seed gives the same points.
    public func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        let centre = Float(radius), noise = Float(radialStandardDeviation)
        return Tensor(shape: [count, 2]) { output in
            for row in 0..<count {
                let angle = 2 * Float.pi * generator.uniformFloat()
                let r = centre + noise * generator.normalFloat()
                output[2 * row] = r * Foundation.cos(angle)
                output[2 * row + 1] = r * Foundation.sin(angle)
            }
        }
    }

    /// ℓ(ρ) = log f(ρ) and its first two derivatives. With uᵢ = −(ρ ∓ R)/s² the slopes of
    /// the two Gaussian exponents and wᵢ their softmax weights: ℓ′ = Σwᵢuᵢ and
    /// ℓ″ = −1/s² + Σwᵢuᵢ² − ℓ′².
    func radialLogDensity(_ rho: Double) -> (value: Double, slope: Double, curvature: Double) {
        let s2 = radialStandardDeviation * radialStandardDeviation
        let exponents = [-(rho - radius) * (rho - radius) / (2 * s2), -(rho + radius) * (rho + radius) / (2 * s2)]
        let slopes = [-(rho - radius) / s2, -(rho + radius) / s2]
        let top = exponents.max()!
        let weights = exponents.map { Foundation.exp($0 - top) }
        let total = weights[0] + weights[1]
        let value = top + Foundation.log(total) - 0.5 * Foundation.log(2 * Double.pi * s2)
        let slope = (weights[0] * slopes[0] + weights[1] * slopes[1]) / total
        let meanSquare = (weights[0] * slopes[0] * slopes[0] + weights[1] * slopes[1] * slopes[1]) / total
        return (value, slope, -1 / s2 + meanSquare - slope * slope)
    }

    func rows(_ points: Tensor) -> [SIMD2<Double>] {
        require(points.rank == 2 && points.columnCount == 2, "A ring needs [n, 2] points, got \(points.shape).")
        return (0..<points.rowCount).map { SIMD2(Double(points.scalars[2 * $0]), Double(points.scalars[2 * $0 + 1])) }
    }

    /// log p(x) = ℓ(‖x‖) − log(2π‖x‖) for every row.
    public func logDensity(_ points: Tensor) -> [Double] {
        rows(points).map { x in
            let rho = (x * x).sum().squareRoot()
            return radialLogDensity(rho).value - Foundation.log(2 * Double.pi * rho)
        }
    }

    /// (ℓ′(ρ) − 1/ρ)·x/ρ for every row.
    public func score(_ points: Tensor) -> Tensor {
        let scores = rows(points).flatMap { x -> [Float] in
            let rho = (x * x).sum().squareRoot()
            let radial = (radialLogDensity(rho).slope - 1 / rho) / rho
            return [Float(radial * x.x), Float(radial * x.y)]
        }
        return Tensor(shape: points.shape, scalars: scores)
    }

    /// ℓ″(ρ) + ℓ′(ρ)/ρ for every row.
    public func scoreDivergence(_ points: Tensor) -> [Double] {
        rows(points).map { x in
            let rho = (x * x).sum().squareRoot()
            let radial = radialLogDensity(rho)
            return radial.curvature + radial.slope / rho
        }
    }
}
