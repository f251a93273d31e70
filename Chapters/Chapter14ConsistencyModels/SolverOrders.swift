import FastSampling
import Foundation
import TensorCore

/// Global errors of each solver against the exact flow, from σ_max to σ_min through N levels, and the observed orders
/// log₂(e_N / e_2N) between successive doublings of the number of steps.
struct SolverOrders {
    let steps: [Int]
    let errors: [ProbabilityFlowSolver: [Double]]

    init(levels: NoiseLevels, steps: [Int], start: Tensor, denoiser: GaussianDenoiser) {
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
