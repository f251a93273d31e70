import Foundation
import TensorCore

// listing: probability-flow-solvers
/// Deterministic solvers of the probability-flow ODE dx/dσ = (x − D(x, σ))/σ from σ₀ down a
/// list of noise levels, reusing a trained denoiser without retraining (chapter 14, section 1).
///
/// - `euler`: one step x' = D + (σ'/σ)(x − D), D = D(x, σ); Euler's method in σ, which is
///   deterministic DDIM (Song, Meng & Ermon 2021) written for x_σ = x₀ + σz. First order.
/// - `heun`: Euler's step, then the average of the slopes at both ends (Karras et al. 2022,
///   algorithm 1). Second order; two evaluations per step.
/// - `midpoint`: the second-order singlestep solver DPM-Solver++(2S) of Lu et al. (2022b) in
///   data prediction, with its intermediate level at the geometric mean: along the exact solution
///   x/σ changes by −∫D(τ)/τ² dτ, so if D were constant the step would be exact,
///   x' = D + (σ'/σ)(x − D). Taking D once at the midpoint σ_m = √(σσ') in log σ, reached by
///   that same step, makes the integral second-order accurate. Two evaluations per step.
///
/// A step to σ' = 0 is always Euler's, x' = D(x, σ): the slope (x − D)/σ' does not exist there.
public enum ProbabilityFlowSolver: String, CaseIterable, Sendable {
    case euler, heun, midpoint

    /// One step from σ to σ' < σ.
    public func step(_ x: Tensor, from sigma: Double, to next: Double, denoiser: some Denoiser) -> Tensor {
        let denoised = denoiser.denoise(x, sigma: sigma)
        let eulerStep = denoised + (x - denoised) * Float(next / sigma)
        guard next > 0 else { return denoised }
        switch self {
        case .euler:
            return eulerStep
        case .heun:
            let slope = (x - denoised) * Float(1 / sigma)
            let slopeAtEnd = (eulerStep - denoiser.denoise(eulerStep, sigma: next)) * Float(1 / next)
            return x + (slope + slopeAtEnd) * Float((next - sigma) / 2)
        case .midpoint:
            let middle = (sigma * next).squareRoot()
            let atMiddle = denoised + (x - denoised) * Float(middle / sigma)
            let denoisedAtMiddle = denoiser.denoise(atMiddle, sigma: middle)
            return denoisedAtMiddle + (x - denoisedAtMiddle) * Float(next / sigma)
        }
    }

    /// Solves from `sigmas[0]` through every level in turn; returns the end point.
    public func solve(_ x: Tensor, sigmas: [Double], denoiser: some Denoiser) -> Tensor {
        require(sigmas.count >= 2 && zip(sigmas, sigmas.dropFirst()).allSatisfy { $0 > $1 && $1 >= 0 },
                "A solve needs at least two decreasing, non-negative noise levels, got \(sigmas).")
        var state = x
        for (sigma, next) in zip(sigmas, sigmas.dropFirst()) { state = step(state, from: sigma, to: next, denoiser: denoiser) }
        return state
    }

    /// Denoiser evaluations for a solve through `levels` noise levels: one per Euler step, two per
    /// higher-order step except a last step to σ = 0.
    public func evaluations(levels: Int, endsAtZero: Bool) -> Int {
        let steps = levels - 1
        switch self {
        case .euler: return steps
        case .heun, .midpoint: return 2 * steps - (endsAtZero ? 1 : 0)
        }
    }
}
// end listing
