import FastSampling
import Foundation
import TensorCore

// Float rounding in the order study, measured rather than guessed. For Gaussian data D(x, σ) is a multiple of x, so every
// solver's end point is a multiple g·x of its start, the same g for every coordinate of every start: scatter of the end
// points around the least-squares g·x is rounding alone.

extension SolverOrders {
    /// For each solver and number of steps: the largest |x_end − g·x_start| over all coordinates, with g fitted by least
    /// squares, relative to the largest |g·x_start| (the same normalisation as the errors).
    static func rounding(levels: NoiseLevels, steps: [Int], start: Tensor, denoiser: some Denoiser) -> [ProbabilityFlowSolver: [Double]] {
        var result: [ProbabilityFlowSolver: [Double]] = [:]
        let starts = start.doubles
        for solver in ProbabilityFlowSolver.allCases {
            result[solver] = steps.map { n in
                let ends = solver.solve(start, sigmas: levels.levels(n + 1), denoiser: denoiser).doubles
                let gain = zip(ends, starts).reduce(0) { $0 + $1.0 * $1.1 } / starts.reduce(0) { $0 + $1 * $1 }
                let scatter = zip(ends, starts).map { abs($0 - gain * $1) }.max()!
                return scatter / (abs(gain) * starts.map(abs).max()!)
            }
        }
        return result
    }

    /// How far rounding can move the observed order log₂(e_N/e_2N) at doubling `index`: (r_N/e_N + r_2N/e_2N)/ln 2.
    func orderUncertainty(_ solver: ProbabilityFlowSolver, rounding: [ProbabilityFlowSolver: [Double]], doubling index: Int) -> Double {
        let (e, r) = (errors[solver]!, rounding[solver]!)
        return (r[index] / e[index] + r[index + 1] / e[index + 1]) / log(2)
    }
}
