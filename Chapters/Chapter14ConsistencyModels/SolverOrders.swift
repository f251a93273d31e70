import FastSampling
import Foundation
import TensorCore

/// The closed form for Gaussian data N(0, s²I): D(x, σ) = s²/(s² + σ²)·x, and along the probability-flow ODE
/// x/√(s² + σ²) is constant, so x(σ') = x·√((s² + σ'²)/(s² + σ²)).
struct GaussianDataDenoiser: Denoiser {
    let variance: Double
    func denoise(_ x: Tensor, sigma: Double) -> Tensor { x * Float(variance / (variance + sigma * sigma)) }
    func flow(_ x: Tensor, from sigma: Double, to next: Double) -> Tensor {
        x * Float(((variance + next * next) / (variance + sigma * sigma)).squareRoot())
    }
}

/// Global errors of each solver against the exact flow, from σ_max to σ_min through N levels, and the observed orders
/// log₂(e_N / e_2N) between successive doublings of the number of steps.
struct SolverOrders {
    let steps: [Int]
    let errors: [ProbabilityFlowSolver: [Double]]

    init(levels: NoiseLevels, steps: [Int], start: Tensor, denoiser: GaussianDataDenoiser) {
        self.steps = steps
        var errors: [ProbabilityFlowSolver: [Double]] = [:]
        for solver in ProbabilityFlowSolver.allCases {
            errors[solver] = steps.map { n in
                let sigmas = levels.levels(n + 1)
                let solved = solver.solve(start, sigmas: sigmas, denoiser: denoiser)
                let exact = denoiser.flow(start, from: sigmas[0], to: sigmas.last!)
                return Double((solved - exact).abs().max()) / Double(exact.abs().max())
            }
        }
        self.errors = errors
    }

    /// log₂(e_N/e_2N) for each doubling.
    func observedOrders(_ solver: ProbabilityFlowSolver) -> [Double] {
        let e = errors[solver]!
        return zip(e, e.dropFirst()).map { log2($0 / $1) }
    }
}

/// A denoiser that counts its calls.
final class CountingDenoiser: Denoiser {
    let inner: GaussianDataDenoiser
    var calls = 0
    init(_ inner: GaussianDataDenoiser) { self.inner = inner }
    func denoise(_ x: Tensor, sigma: Double) -> Tensor {
        calls += 1
        return inner.denoise(x, sigma: sigma)
    }
}
