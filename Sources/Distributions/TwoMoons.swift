import Foundation
import TensorCore

/// Two interleaved half-circles (the "two moons" of scikit-learn's `make_moons`),
/// blurred by isotropic Gaussian noise: with t ~ U[0, π], each point lies with
/// probability ½ on the upper moon (cos t, sin t) or on the lower moon
/// (1 − cos t, ½ − sin t), then N(0, noise²I) is added.
///
/// Its density is a convolution of arc-length measures with a Gaussian and has
/// no elementary closed form: `TwoMoons+Density.swift` computes it by a one-dimensional quadrature.
public struct TwoMoons: Distribution {
    /// The standard deviation of the Gaussian blur.
    public let noiseStandardDeviation: Double

    /// Two moons blurred by noise of standard deviation `noiseStandardDeviation` (0.1 by default).
    public init(noiseStandardDeviation: Double = 0.1) {
        require(noiseStandardDeviation >= 0, "The moons' noise must be non-negative, got \(noiseStandardDeviation).")
        self.noiseStandardDeviation = noiseStandardDeviation
    }

    /// Points lie in the plane: d = 2.
    public var dimension: Int { 2 }

    /// `count` exact samples, `[count, 2]`.
    public func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        Tensor(shape: [count, 2]) { output in
            for row in 0..<count {
                let t = Double.pi * generator.uniformDouble()
                let upper = generator.bernoulli(0.5)
                let x = upper ? Foundation.cos(t) : 1 - Foundation.cos(t)
                let y = upper ? Foundation.sin(t) : 0.5 - Foundation.sin(t)
                output[2 * row] = Float(x + noiseStandardDeviation * generator.normalDouble())
                output[2 * row + 1] = Float(y + noiseStandardDeviation * generator.normalDouble())
            }
        }
    }
}
