import Foundation
import TensorCore

/// The 2-D Swiss roll: a spiral t·(cos t, sin t) with t ~ U[1.5π, 4.5π] (the
/// parametrisation of scikit-learn's `make_swiss_roll`, keeping two coordinates),
/// scaled by `scale` and blurred by N(0, noise²I). The default scale ⅕ puts it
/// inside [−3, 3]².
///
/// Uniform t is not uniform along the curve (the outer turns are sparser per unit
/// length), and the blurred density has no closed form: samples only.
public struct SwissRoll: Distribution {
    /// The factor applied to the spiral t·(cos t, sin t).
    public let scale: Double
    /// The standard deviation of the Gaussian blur, added after scaling.
    public let noiseStandardDeviation: Double

    /// A Swiss roll scaled by `scale` and blurred with noise of standard deviation `noiseStandardDeviation`.
    public init(scale: Double = 0.2, noiseStandardDeviation: Double = 0.1) {
        require(scale > 0 && noiseStandardDeviation >= 0, "A Swiss roll needs a positive scale and non-negative noise, got \(scale) and \(noiseStandardDeviation).")
        self.scale = scale
        self.noiseStandardDeviation = noiseStandardDeviation
    }

    /// Points lie in the plane: d = 2.
    public var dimension: Int { 2 }

    /// The range of the spiral's parameter t.
    public static let parameterRange = (1.5 * Double.pi)...(4.5 * Double.pi)

    /// `count` exact samples, `[count, 2]`.
    public func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        let range = Self.parameterRange
        return Tensor(shape: [count, 2]) { output in
            for row in 0..<count {
                let t = range.lowerBound + (range.upperBound - range.lowerBound) * generator.uniformDouble()
                output[2 * row] = Float(scale * t * Foundation.cos(t) + noiseStandardDeviation * generator.normalDouble())
                output[2 * row + 1] = Float(scale * t * Foundation.sin(t) + noiseStandardDeviation * generator.normalDouble())
            }
        }
    }
}
