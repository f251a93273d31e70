import Distributions
import FastSampling
import Foundation
import Metrics
import Notebook
import TensorCore

/// Section 1: the probability-flow ODE in σ, three solvers, their orders against the exact flow of Gaussian data, and what
/// they do with few steps on the ring, with the exact denoiser and with a trained one (the teacher of the later sections).
func solverSection(yardstick: Yardstick) throws -> (TeacherResults, SolverOrders) {
    chapter.prose("""
    Every model of chapters 5 and 12 pays for its samples in network evaluations (NFE): hundreds of steps, each a pass \
    through the network. This chapter is about that number. Write the noising as x_σ = x₀ + σz, z ~ N(0, I), with a \
    noise level σ instead of a time (Karras, Aittala, Aila & Laine, 2022): chapter 12's variance-exploding SDE with t \
    replaced by σ. If D(x, σ) = E[x₀ | x_σ = x] is the *denoiser*, the score is (D − x)/σ² (Tweedie's formula; Efron, \
    2011) and chapter 12's probability-flow ODE becomes
    """)
    chapter.equation(#"\frac{\mathrm{d}x}{\mathrm{d}\sigma} = \frac{x - D(x, \sigma)}{\sigma},"#, plain: "dx/dσ = (x − D(x, σ))/σ")
    chapter.prose("""
    run from σ_max, where x_σ is nearly N(0, σ_max²I), down to σ = 0. A solver of this ODE turns any denoiser into a \
    sampler, and the first thing to try, with no training at all, is a better solver. Three are compared, each stepping down the noise \
    levels of Karras et al. (σ_max = 80, σ_min = 0.002, ρ = 7, for data of standard deviation σ_data = 0.5 per \
    coordinate, which the ring of this chapter has):
    """)
    chapter.listing("karras-noise-levels", fromLibraryFile: "Sources/FastSampling/NoiseLevels.swift")
    chapter.prose("""
    With D = D(x, σ), Euler's step from σ to σ′ < σ is x′ = x + (σ′ − σ)(x − D)/σ, which rearranges to the deterministic \
    DDIM update (Song, Meng & Ermon, 2021) written for x_σ = x₀ + σz. Heun's step (Karras et al., 2022, algorithm 1) \
    evaluates the slope again at Euler's end point x̃ and averages the two. The midpoint step starts from the exact \
    relation d(x/σ)/dσ = −D/σ², whose solution x(σ′)/σ′ = x/σ − ∫ D(τ)/τ² dτ (from σ to σ′) is exactly the DDIM form when D \
    is constant over the step; taking that D at the geometric midpoint σ_m = √(σσ′), reached by one DDIM step, makes the \
    step second order (DPM-Solver++(2S), Lu et al., 2022):
    """)
    chapter.equation(#"x'_{\mathrm{Euler}} = D + \frac{\sigma'}{\sigma}(x - D), \qquad x'_{\mathrm{Heun}} = x + \frac{\sigma' - \sigma}{2}\Big(\frac{x - D}{\sigma} + \frac{\tilde x - D(\tilde x, \sigma')}{\sigma'}\Big), \qquad x'_{\mathrm{mid}} = D_m + \frac{\sigma'}{\sigma}(x - D_m),\ D_m = D\big(D + \tfrac{\sigma_m}{\sigma}(x - D),\, \sigma_m\big)."#,
                     plain: "Euler (= DDIM): x′ = D + (σ′/σ)(x − D);  Heun: x′ = x + (σ′ − σ)/2 · [(x − D)/σ + (x̃ − D(x̃, σ′))/σ′], x̃ Euler's end;  midpoint: x′ = D_m + (σ′/σ)(x − D_m), D_m = D(D + (σ_m/σ)(x − D), σ_m), σ_m = √(σσ′)")
    chapter.listing("probability-flow-solvers", fromLibraryFile: "Sources/FastSampling/ProbabilityFlowSolvers.swift")
    var stream = RandomGenerator(seed: chapter.seed, stream: "solver probes")
    // Network evaluations as the solvers report them against a counter wrapped around the denoiser.
    let counted = CountingDenoiser(GaussianDenoiser(variance: 0.25))
    var miscounts = 0
    for solver in ProbabilityFlowSolver.allCases {
        for (steps, toZero) in [(1, true), (5, true), (5, false), (12, true)] {
            let sigmas = steps == 1 ? [NoiseLevels().maximum, 0] : NoiseLevels().levels(steps + (toZero ? 0 : 1)) + (toZero ? [0] : [])
            counted.calls = 0
            _ = solver.solve(Tensor.normal([4, 2], using: &stream), sigmas: sigmas, denoiser: counted)
            if counted.calls != solver.evaluations(levels: sigmas.count, endsAtZero: toZero) { miscounts += 1 }
        }
    }
    chapter.check("solver runs whose reported network evaluations differ from a counter around the denoiser (3 solvers × 4 schedules)",
                  measured: Double(miscounts), atMost: 0,
                  why: "the NFE axis of every table and of the speed ladder comes from the reported count; a second-order step to σ = 0 costs one evaluation, not two")

    // Orders against the exact flow of Gaussian data.
    let variance = 0.25, gaussian = GaussianDenoiser(variance: variance)
    let steps = quick ? [16, 32, 64, 128] : [8, 16, 32, 64, 128, 256]
    let orderStart = Tensor.normal([256, 2], using: &stream) * 80
    let orders = SolverOrders(levels: NoiseLevels(), steps: steps, start: orderStart, denoiser: gaussian)
    let rounding = SolverOrders.rounding(levels: NoiseLevels(), steps: steps, start: orderStart, denoiser: gaussian)
    chapter.prose("""
    For Gaussian data N(0, σ_d²I) everything is known: D(x, σ) = σ_d²x/(σ_d² + σ²), and along the ODE x/√(σ_d² + σ²) stays \
    constant. Each solver is run from σ_max to σ_min with N steps (N + 1 Karras levels) on 256 starting points (σ_d² = \(variance)), and its \
    largest error relative to the exact end point is recorded. A method of order p has global error C·N⁻ᵖ(1 + O(1/N)), \
    so the observed order log₂(e_N/e_{2N}) tends to p, and its distance from p at the last doubling is about its change \
    from the doubling before (a Richardson argument). Float rounding moves each error too, and here it can be measured: \
    D is a multiple of x, so every exact end point is the same multiple g of its start, and the scatter of the computed end \
    points around the fitted g·x is rounding alone (r_N, in the units of e_N); it moves the observed order by at most \
    δ = (r_N/e_N + r_{2N}/e_{2N})/ln 2. The checks, at the doubling 64 → 128, allow twice the change plus both δ, plus the \
    last δ. (The coefficients of each step, σ′/σ and the denoiser's σ_d²/(σ_d² + σ²), are rounded too, alike for every point, \
    so the scatter does not see them; that is why the checks stop before the midpoint's error at 256 steps, about 10⁻⁴, \
    approaches the accumulated rounding of 512 such coefficients.)
    """)
    chapter.table(["N steps"] + ProbabilityFlowSolver.allCases.map { "\($0.name): relative error" } + ProbabilityFlowSolver.allCases.map { "\($0.name): log₂(e_N/e_2N)" },
                  steps.indices.map { i -> [any TableCell] in
                      [steps[i]] + ProbabilityFlowSolver.allCases.map { orders.errors[$0]![i] as any TableCell }
                          + ProbabilityFlowSolver.allCases.map { i + 1 < steps.count ? orders.observedOrders($0)[i] as any TableCell : "—" as any TableCell }
                  },
                  caption: "Global error against the exact flow of Gaussian data, from σ_max = 80 to σ_min = 0.002 on Karras levels.")
    // Tweedie's formula through the library's Gaussian law against the closed form.
    let tweedie = ExactDenoiser(data: Gaussian(mean: [0, 0], covariance: Matrix(rows: [[variance, 0], [0, variance]])))
    let probe = Tensor.normal([500, 2], using: &stream) * 3
    let tweedieMiss = [0.01, 0.3, 5, 80].map { sigma in Double((tweedie.denoise(probe, sigma: sigma) - gaussian.denoise(probe, sigma: sigma)).abs().max()) / Double(probe.abs().max()) }.max()!
    // The wrong answer named below: σ·∇log p_σ in place of σ²·∇log p_σ.
    let gaussianNoised = Gaussian(mean: [0, 0], covariance: Matrix(rows: [[variance, 0], [0, variance]]))
    let wrongMiss = [0.01, 0.3, 5, 80].map { sigma -> Double in
        let wrong = probe + gaussianNoised.noised(noiseStandardDeviation: sigma).score(probe) * Float(sigma)
        return Double((wrong - gaussian.denoise(probe, sigma: sigma)).abs().max()) / Double(probe.abs().max())
    }.max()!
    chapter.check("exact denoiser by Tweedie's formula (x + σ²∇log p_σ, the library's Gaussian) vs σ_d²x/(σ_d² + σ²), largest error relative to max|x|, σ = 0.01 … 80",
                  measured: tweedieMiss, atMost: 16 * Double(Float.ulpOfOne),
                  why: "two routes to E[x₀ | x]: the score of N(0, (σ_d² + σ²)I) scaled by σ², against the posterior mean in closed form; a handful of Float roundings, 16·2⁻²³ allowed. With σ in place of σ² the error is \(formatNumber(wrongMiss, digits: 3))")
    let wrongHeun = SolverOrders.wrongHeunOrder(levels: NoiseLevels(), steps: [64, 128], denoiser: gaussian, using: &stream)
    for (solver, order) in [(ProbabilityFlowSolver.euler, 1.0), (.heun, 2), (.midpoint, 2)] {
        let observed = orders.observedOrders(solver)
        // The doubling 64 → 128 in both runs: at 256 steps the midpoint's error (about 10⁻⁴ of the end point) comes close
        // enough to Float rounding that the rounding of the steps' coefficients, which the scatter below does not see, matters.
        let checked = steps.firstIndex(of: 64)!
        let (last, previous) = (observed[checked], observed[checked - 1])
        let (deltaLast, deltaPrevious) = (orders.orderUncertainty(solver, rounding: rounding, doubling: checked),
                                          orders.orderUncertainty(solver, rounding: rounding, doubling: checked - 1))
        chapter.check("observed order of \(solver.name) at N = 64 → 128 against \(Int(order))",
                      measured: last, expected: order, tolerance: .absolute(2 * (abs(last - previous) + deltaLast + deltaPrevious) + deltaLast),
                      why: "the change from the previous doubling \(formatNumber(previous, digits: 4)) → \(formatNumber(last, digits: 4)), rounding's δ \(formatNumber(deltaPrevious, digits: 2)) and \(formatNumber(deltaLast, digits: 2))" + (solver == .euler ? "; the checks tell order 1 from order 2: Heun with its two slopes weighted ¼ and ¾ instead of ½ and ½ shows order \(formatNumber(wrongHeun, digits: 3))" : ""))
    }
    return (try teacherSection(yardstick: yardstick), orders)
}

extension SolverOrders {
    /// The observed order of a wrong Heun step (slopes weighted ¼ and ¾), at the last doubling of `steps`.
    static func wrongHeunOrder(levels: NoiseLevels, steps: [Int], denoiser: GaussianDenoiser, using generator: inout RandomGenerator) -> Double {
        let start = Tensor.normal([64, 2], using: &generator) * 80
        let errors = steps.map { n -> Double in
            let sigmas = levels.levels(n + 1)
            var x = start
            for (sigma, next) in zip(sigmas, sigmas.dropFirst()) {
                let slope = (x - denoiser.denoise(x, sigma: sigma)) * Float(1 / sigma)
                let euler = x + slope * Float(next - sigma)
                let slopeAtEnd = (euler - denoiser.denoise(euler, sigma: next)) * Float(1 / next)
                x = x + (slope * 0.25 + slopeAtEnd * 0.75) * Float(next - sigma)
            }
            let exact = denoiser.flow(start, from: sigmas[0], to: sigmas.last!)
            return Double((x - exact).abs().max()) / Double(exact.abs().max())
        }
        return log2(errors[0] / errors[1])
    }
}
