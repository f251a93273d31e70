import Foundation
import Testing
import Distributions
import TensorCore
@testable import FastSampling

/// Solver orders and evaluation counts against the exact flow of Gaussian data N(0, s²I) (`GaussianDenoiser`).
struct SolverOrderTests {
    let denoiser = GaussianDenoiser(variance: 0.25)
    let start: Tensor = {
        var generator = RandomGenerator(seed: 14)
        return Tensor.normal([64, 2], using: &generator) * 2
    }()

    /// The largest error at σ_min after solving from σ_max through `count` levels.
    func error(_ solver: ProbabilityFlowSolver, levels count: Int) -> Double {
        let sigmas = NoiseLevels(minimum: 0.02, maximum: 2).levels(count)
        let solved = solver.solve(start, sigmas: sigmas, denoiser: denoiser)
        let exact = denoiser.flow(start, from: sigmas[0], to: sigmas.last!)
        return Double((solved - exact).abs().max())
    }

    /// The least-squares slope of log error against log steps.
    func slope(_ solver: ProbabilityFlowSolver) -> Double {
        let steps = [8, 16, 32, 64]
        let xs = steps.map { log(Double($0)) }, ys = steps.map { log(error(solver, levels: $0 + 1)) }
        let (mx, my) = (xs.reduce(0, +) / 4, ys.reduce(0, +) / 4)
        return zip(xs, ys).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / xs.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
    }

    @Test func eulerIsFirstOrderAndTheTwoEvaluationSolversSecondOrder() {
        #expect(abs(slope(.euler) + 1) < 0.15, "Euler slope \(slope(.euler))")
        #expect(abs(slope(.heun) + 2) < 0.2, "Heun slope \(slope(.heun))")
        #expect(abs(slope(.midpoint) + 2) < 0.2, "midpoint slope \(slope(.midpoint))")
    }

    @Test func aStepToZeroReturnsTheDenoisedPoint() {
        for solver in ProbabilityFlowSolver.allCases {
            #expect(solver.step(start, from: 0.5, to: 0, denoiser: denoiser) == denoiser.denoise(start, sigma: 0.5))
        }
    }

    @Test func tweediesFormulaGivesTheGaussianDenoiser() {
        let gaussian = Gaussian(mean: [0, 0], covariance: Matrix(rows: [[0.25, 0], [0, 0.25]]))
        let exact = ExactDenoiser(data: gaussian)
        for sigma in [0.01, 0.3, 5] {
            let difference = (exact.denoise(start, sigma: sigma) - denoiser.denoise(start, sigma: sigma)).abs().max()
            #expect(difference < 1e-5, "σ = \(sigma): \(difference)")
        }
    }

    @Test func evaluationCountsCountDenoiserCalls() {
        for solver in ProbabilityFlowSolver.allCases {
            for endsAtZero in [false, true] {
                let counting = CountingDenoiser(denoiser)
                let sigmas = NoiseLevels(minimum: 0.02, maximum: 2).levels(6) + (endsAtZero ? [0] : [])
                _ = solver.solve(start, sigmas: sigmas, denoiser: counting)
                #expect(counting.calls == solver.evaluations(levels: sigmas.count, endsAtZero: endsAtZero))
            }
        }
    }

    @Test func karrasLevelsAreEvenInSigmaToTheOneOverRho() {
        let levels = NoiseLevels(minimum: 0.002, maximum: 80, rho: 7).levels(18)
        #expect(levels.first == 80 && levels.last == 0.002)
        let roots = levels.map { pow($0, 1.0 / 7) }
        let gaps = zip(roots, roots.dropFirst()).map { $0 - $1 }
        #expect(gaps.allSatisfy { abs($0 - gaps[0]) < 1e-12 })
    }

    @Test func theConsistencyPreconditioningIsTheIdentityAtTheBoundary() {
        let form = Preconditioning(dataStandardDeviation: 0.5, consistencyBoundary: 0.002)
        #expect(form.skip(0.002) == 1 && form.output(0.002) == 0)
        let plain = Preconditioning(dataStandardDeviation: 0.5)
        // Unit variance of the training target (x₀ − c_skip·x)/c_out for x = x₀ + σε, Var x₀ = σ_data².
        for sigma in [0.01, 0.5, 3.0] {
            let (s, o) = (plain.skip(sigma), plain.output(sigma))
            let targetVariance = ((1 - s) * (1 - s) * 0.25 + s * s * sigma * sigma) / (o * o)
            #expect(abs(targetVariance - 1) < 1e-12)
        }
    }
}
