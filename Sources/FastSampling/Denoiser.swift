import Foundation
import Distributions
import TensorCore

/// A denoiser D(x, σ) ≈ E[x₀ | x₀ + σz = x] for one law of x₀: everything the samplers of
/// chapter 14 need, since the probability-flow ODE of x_σ = x₀ + σz is dx/dσ = (x − D(x, σ))/σ.
public protocol Denoiser {
    /// D(x, σ) for an `[n, d]` batch at one noise level.
    func denoise(_ x: Tensor, sigma: Double) -> Tensor
}

/// The exact denoiser of a law that stays in its family under Gaussian noise (a Gaussian, a
/// Gaussian mixture), by Tweedie's formula D(x, σ) = x + σ²∇ log p_σ(x), p_σ the law of x₀ + σz
/// (Efron 2011). The ground truth that solvers and distilled samplers are measured against.
public struct ExactDenoiser<Data: ClosedUnderGaussianNoise>: Denoiser {
    public let data: Data

    public init(data: Data) { self.data = data }

    public func denoise(_ x: Tensor, sigma: Double) -> Tensor {
        x + data.noised(noiseStandardDeviation: sigma).score(x) * Float(sigma * sigma)
    }
}
