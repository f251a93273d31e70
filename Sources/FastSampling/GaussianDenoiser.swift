import Foundation
import TensorCore

/// The exact denoiser of zero-mean isotropic Gaussian data N(0, s²I) in closed form, D(x, σ) = s²x/(s² + σ²), with the
/// exact solution of its probability-flow ODE. It is the one law for which a solver's error can be measured without a
/// reference solve, so chapter 14's solver orders and the library's tests measure against it. (`ExactDenoiser` gives the
/// same D through Tweedie's formula for any Gaussian, but not the flow.) D is linear in x, so every solver step multiplies
/// x by a scalar gain, which makes one step's error a number that can be checked against its Taylor expansion.
public struct GaussianDenoiser: Denoiser, Sendable, Equatable {
    /// s², the data's variance per coordinate.
    public let variance: Double

    public init(variance: Double) {
        require(variance > 0, "Gaussian data needs a positive variance, got \(variance).")
        self.variance = variance
    }

    public func denoise(_ x: Tensor, sigma: Double) -> Tensor { x * Float(variance / (variance + sigma * sigma)) }

    /// The exact probability-flow solution from σ to σ′: x/√(s² + σ²) is constant along the ODE, so
    /// x(σ′) = x·√((s² + σ′²)/(s² + σ²)).
    public func flow(_ x: Tensor, from sigma: Double, to next: Double) -> Tensor {
        x * Float(((variance + next * next) / (variance + sigma * sigma)).squareRoot())
    }
}

/// A denoiser that counts its evaluations. The number of network evaluations (NFE) on every axis of chapter 14 comes
/// from `ProbabilityFlowSolver.evaluations`; a counter around the denoiser is the independent check that the solvers
/// really make that many calls (a second-order step to σ = 0 must cost one, not two).
public final class CountingDenoiser: Denoiser {
    public let inner: any Denoiser
    /// Evaluations so far; reset it between runs.
    public var calls = 0

    public init(_ inner: any Denoiser) { self.inner = inner }

    public func denoise(_ x: Tensor, sigma: Double) -> Tensor {
        calls += 1
        return inner.denoise(x, sigma: sigma)
    }
}
