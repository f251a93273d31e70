import FastSampling
import Foundation
import Metrics
import Notebook
import Statistics
import TensorCore

/// A trained consistency model and its samples at 1, 2 and 4 evaluations.
struct ConsistencyRun {
    let name: String, model: PreconditionedNetwork, trainingSteps: Int
    /// (network evaluations, quality), for 1, 2 and 4 evaluations.
    let ladder: [(nfe: Int, quality: MixtureSampleQuality)]
}

/// The intermediate levels of multistep consistency sampling, fixed before any run: none, then 0.8, then 2, 0.8 and 0.2
/// (for data of standard deviation 0.5, re-noising to 0.8 keeps the coarse layout and redraws the detail).
let consistencyLevels: [[Double]] = [[], [0.8], [2, 0.8, 0.2]]

/// Section 3: consistency distillation from the teacher, and consistency training from scratch.
func consistencySection(teacher: PreconditionedNetwork, yardstick: Yardstick) throws -> [ConsistencyRun] {
    let levels = NoiseLevels(), levelCount = 18, steps = quick ? 400 : 3_000
    chapter.prose("""
    Distillation keeps a schedule; a *consistency model* (Song, Dhariwal, Chen & Sutskever, 2023) drops it. Every point \
    of one probability-flow trajectory has the same end, so a network f(x, σ) that returns that end for every point on \
    the trajectory samples in one evaluation, f(σ_max·z, σ_max). Two things make it learnable. The boundary condition \
    f(x, σ_min) = x is built in: with σ_min = \(levels.minimum) and σ_data = 0.5,
    """)
    chapter.equation(#"f(x, \sigma) = c_{\mathrm{skip}}(\sigma)\,x + c_{\mathrm{out}}(\sigma)\,F(x, \sigma), \qquad c_{\mathrm{skip}} = \frac{\sigma_{\mathrm{data}}^2}{(\sigma - \sigma_{\min})^2 + \sigma_{\mathrm{data}}^2}, \qquad c_{\mathrm{out}} = \frac{(\sigma - \sigma_{\min})\,\sigma_{\mathrm{data}}}{\sqrt{\sigma^2 + \sigma_{\mathrm{data}}^2}},"#,
                     plain: "f = c_skip(σ)x + c_out(σ)F(x, σ),  c_skip = σ_data²/((σ − σ_min)² + σ_data²),  c_out = (σ − σ_min)σ_data/√(σ² + σ_data²)")
    chapter.prose("""
    so c_skip(σ_min) = 1 and c_out(σ_min) = 0 whatever F computes. And training asks only that f agree with itself between \
    neighbouring levels σ_n < σ_{n+1} of a Karras schedule of \(levelCount) levels: f at x₀ + σ_{n+1}z must match a slowly moving \
    copy of f (an average of its weights, decay 0.95, no gradient) at a point x̂ one level down, where x̂ is one Heun step \
    of the teacher's ODE (*consistency distillation*) or simply x₀ + σ_n z with the same z (*consistency training*, no \
    teacher at all). Both train for \(steps) steps; the distilled one starts from the teacher's weights.
    """)
    chapter.listing("consistency-model", fromLibraryFile: "Sources/FastSampling/ConsistencyModel.swift")
    var stream = RandomGenerator(seed: chapter.seed, stream: "consistency models")
    let data = mixture.sample(20_000, using: &stream)
    var runs: [ConsistencyRun] = []
    for (name, distilled) in [("consistency distillation", true), ("consistency training", false)] {
        let model = PreconditionedNetwork(preconditioning: Preconditioning(dataStandardDeviation: 0.5, consistencyBoundary: levels.minimum), using: &stream)
        if distilled { for (target, source) in zip(model.parameters, teacher.parameters) { target.value = source.value } }
        let trainer = ConsistencyTrainer(label: name, model: model, mode: distilled ? .distillation(teacher: teacher) : .training,
                                         levels: levels, levelCount: levelCount, steps: steps,
                                         curriculum: nil)
        try chapter.train(name, steps: steps) { step in try trainer.step(step, batch: data.randomRows(256, using: &stream), using: &stream) }
        let ladder = consistencyLevels.map { taus in
            (1 + taus.count, quality(repeats: taus.isEmpty ? oneStepRepeats : repeats) { model.consistencySample(evaluationCount, dimension: 2, maximum: levels.maximum, levels: taus, using: &$0) })
        }
        runs.append(ConsistencyRun(name: name, model: model, trainingSteps: steps, ladder: ladder))
    }
    chapter.table(qualityHeaders, runs.flatMap { run in run.ladder.map { qualityRow(run.name, "\($0.nfe)", $0.quality, floor: yardstick.floor) } },
                  caption: "Multistep sampling re-noises to the levels \(consistencyLevels.map { $0.isEmpty ? "—" : $0.map { formatNumber($0, digits: 2) }.joined(separator: ", ") }.joined(separator: " / ")) between evaluations; \(evaluationCount) samples per repeat, \(repeatsPhrase).")
    let cd = runs[0].ladder.map { $0.quality.slicedWasserstein.mean }
    chapter.prose("""
    Consistency distillation scores SW₂ \(formatNumber(cd[0], digits: 3)) with one evaluation, \(formatNumber(cd[1], digits: 3)) with two and \
    \(formatNumber(cd[2], digits: 3)) with four: \(comparedWithOneStep(runs[0].ladder)). \
    Consistency training, with no teacher and the same budget, reaches \(formatNumber(runs[1].ladder[0].quality.slicedWasserstein.mean, digits: 3)) at one \
    evaluation, with mode width \(formatNumber(runs[1].ladder[0].quality.modeWidth.mean, digits: 3)) against the data's \
    \(formatNumber(yardstick.floor.modeWidth.mean, digits: 3)) and \(formatNumber(yardstick.modeless.modeWidth.mean, digits: 3)) for a ring with \
    no modes: \(runs[1].ladder[0].quality.modeWidth.mean > yardstick.modeless.modeWidth.mean ? "at this budget it has not learnt the modes at all" : "it resolves the modes only partly"). \
    Song et al. trained it for hundreds of thousands of steps. Its target point x₀ + σ_n z, given x_{n+1}, is one Euler \
    step of the exact ODE with the one-sample score −(x_{n+1} − x₀)/σ_{n+1}² in place of the true one, an unbiased but \
    noisy estimate of that step; the two objectives agree only to first order in the level spacing (Song et al., 2023, \
    theorem 2), and the chapter trains it with \(levelCount) levels and μ = 0.95, the paper's distillation settings (for consistency \
    training the paper grows the levels from 2 to 150 during the run).
    """)
    consistencyAlongTrajectories(runs[0].model, teacher: teacher, using: &stream)
    // The boundary condition, exactly: it holds for any weights, so this checks the parameterisation, not the training.
    let points = Tensor.normal([1_000, 2], using: &stream)
    let boundaryMiss = runs.map { Double(($0.model.denoise(points, sigma: levels.minimum) - points).abs().max()) }.max()!
    chapter.demonstration("largest |f(x, σ_min) − x| over 1,000 points, both trained consistency models (it holds for any weights: the parameterisation, not the training; the denoiser form's c_skip(σ_min) = \(formatNumber(Preconditioning(dataStandardDeviation: 0.5).skip(levels.minimum), digits: 8)) would not give 0)",
                          lhs: boundaryMiss, rhs: 0)
    let distilled = runs[0].ladder[0].quality
    let oneTeacherStep = quality { solve(.euler, levels: [levels.maximum, 0], denoiser: teacher, using: &$0) }
    let gain = WelchT(oneTeacherStep.slicedWasserstein.values, distilled.slicedWasserstein.values)
    chapter.check("SW₂ at 1 NFE: the teacher's single Euler step minus consistency distillation, Welch t over the repeats",
                  measured: gain.t, atLeast: gain.bound,
                  why: "the exact one-sided Student quantile at 10⁻³ for Welch's ν = \(formatNumber(gain.degreesOfFreedom, digits: 4)) (itself an approximation); SW₂ \(formatNumber(oneTeacherStep.slicedWasserstein.mean, digits: 3)) ± \(formatNumber(oneTeacherStep.slicedWasserstein.spread, digits: 2)) for the teacher's single step, \(formatNumber(distilled.slicedWasserstein.mean, digits: 3)) ± \(formatNumber(distilled.slicedWasserstein.spread, digits: 2)) for consistency distillation (mean ± SD over the repeats)")
    if !quick {
        let measured = runs[0].ladder[0].quality
        yardstick.closerThanLargerRing(measured, name: "consistency distillation at 1 NFE (\(oneStepRepeats) repeats)")
        yardstick.sharperThanTooWide(measured, name: "consistency distillation at 1 NFE (\(oneStepRepeats) repeats)")
    }
    return runs
}

/// The property consistency distillation is after: f(x_σ, σ) should be the end of the teacher's trajectory through x_σ,
/// whatever σ. Trajectories of the teacher's midpoint solver (32 steps) from σ_max; at several of their levels f is compared
/// with the trajectory's own end and, as the baseline an f that ignored its input would match, with another trajectory's end.
func consistencyAlongTrajectories(_ f: PreconditionedNetwork, teacher: PreconditionedNetwork, using generator: inout RandomGenerator) {
    // The 32-step ladder with the two-step sampler's re-noising level 0.8 added, so that f is also measured there.
    let count = quick ? 200 : 500, levels = (ladderLevels(steps: 32) + consistencyLevels[1]).sorted(by: >)
    var x = Tensor.normal([count, 2], using: &generator) * Float(levels[0])
    var visited: [(sigma: Double, points: Tensor)] = []
    for index in 0..<(levels.count - 1) {
        if index % 8 == 0 || consistencyLevels[1].contains(levels[index]) { visited.append((levels[index], x)) }   // σ_max, every eighth level, and 0.8
        x = ProbabilityFlowSolver.midpoint.step(x, from: levels[index], to: levels[index + 1], denoiser: teacher)
    }
    let ends = x
    let shifted = Tensor.concatenate([ends.slice(1..<count), ends.slice(0..<1)], alongAxis: 0)   // another trajectory's end
    var rows: [[any TableCell]] = [], gaps: [Double] = []
    for (index, visit) in visited.enumerated() {
        let mapped = f.denoise(visit.points, sigma: visit.sigma)
        let own = (mapped - ends).squared().sum(alongAxis: 1).sqrt().doubles, other = (mapped - shifted).squared().sum(alongAxis: 1).sqrt().doubles
        // The baseline f must beat: the teacher's own one-step answer from x_σ, its denoiser D(x_σ, σ).
        let denoised = (teacher.denoise(visit.points, sigma: visit.sigma) - ends).squared().sum(alongAxis: 1).sqrt().doubles
        rows.append([formatNumber(visit.sigma, digits: 3), own.mean, denoised.mean, other.mean])
        if index == 0 { gaps = zip(denoised, own).map { $0 - $1 } }
    }
    chapter.table(["σ on the trajectory", "mean ‖f(x_σ, σ) − its trajectory's end‖", "mean ‖D(x_σ, σ) − the end‖, the teacher's one step", "mean ‖f(x_σ, σ) − another trajectory's end‖"], rows,
                  caption: "\(count) trajectories of the teacher's midpoint solver (\(levels.count - 1) steps, \(ProbabilityFlowSolver.midpoint.evaluations(levels: levels.count, endsAtZero: true)) NFE: the 32-step ladder with σ = \(formatNumber(consistencyLevels[1][0], digits: 3)) added) from σ_max; the end is the teacher's sample.")
    let errors = rows.map { ($0[0] as! String, $0[1] as! Double) }
    let worst = errors.max { $0.1 < $1.1 }!
    let renoise = formatNumber(consistencyLevels[1][0], digits: 3), atRenoise = errors.first { $0.0 == renoise }?.1 ?? .nan
    let worstSentence = worst.0 == renoise
        ? "It strays furthest at σ = \(renoise), the level two-step sampling re-noises to, by \(formatNumber(worst.1, digits: 3))."
        : "It strays furthest at σ = \(worst.0), by \(formatNumber(worst.1, digits: 3)); at σ = \(renoise), the level two-step sampling re-noises to, by \(formatNumber(atRenoise, digits: 3))."
    chapter.prose("""
    f maps points of a trajectory to within \(formatNumber(errors[0].1, digits: 3)) of its end at σ_max, where the teacher's \
    own one-step answer D(x_σ, σ) is \(formatNumber(rows[0][2] as! Double, digits: 3)) away and another trajectory's end about \
    \(formatNumber(rows.map { $0[3] as! Double }.mean, digits: 3)). \(worstSentence)
    """)
    let t = gaps.mean / gaps.standardErrorOfMean, bound = studentTQuantile(upperTail: 1e-3, degreesOfFreedom: Double(count - 1))
    chapter.check("consistency distillation at σ_max: distance to the trajectory's end of the teacher's one step D(x, σ_max) minus that of f(x, σ_max), paired over \(count) trajectories, in SE",
                  measured: t, atLeast: bound,
                  why: "the one-sided t quantile at 10⁻³ with \(count - 1) degrees of freedom; f is trained to reach in one evaluation what the teacher reaches in many, so it must land closer to the end than the teacher's own single step does")
}

/// "with two evaluations it is worse than with one (Welch t = …), with four …": each multistep row against the one-step row,
/// by Welch's t over the repeats at the exact Student quantile at 10⁻³ (two-sided), so that no verdict rests on raw means.
func comparedWithOneStep(_ ladder: [(nfe: Int, quality: MixtureSampleQuality)]) -> String {
    let one = ladder[0].quality.slicedWasserstein.values
    return ladder.dropFirst().map { row in
        let test = WelchTest(row.quality.slicedWasserstein.values, one), bound = test.oneSidedBound(rate: 5e-4)
        let verdict = test.t >= bound ? "worse than with one" : test.t <= -bound ? "better than with one" : "not distinguishable from one"
        return "with \(row.nfe) evaluations it is \(verdict) (Welch t = \(formatNumber(test.t, digits: 3)), two-sided bound \(formatNumber(bound, digits: 3)))"
    }.joined(separator: "; ")
}
