import FastSampling
import Foundation
import Metrics
import Notebook
import Statistics
import TensorCore

/// For noise z ~ N(0, a²I) and data x ~ N(0, b²I) joined independently by x_t = (1 − t)z + tx, the flow-matching optimum
/// E[x − z | x_t = y] = y·(tb² − (1 − t)a²)/((1 − t)²a² + t²b²): its paths are rays y(t) = y₀·r(t) with
/// r(t) = √((1 − t)²a² + t²b²)/a, straight in space but not travelled at constant speed.
struct GaussianFlow: VelocityField {
    let a: Double, b: Double
    func velocity(_ x: Tensor, time t: Double) -> Tensor {
        x * Float((t * b * b - (1 - t) * a * a) / ((1 - t) * (1 - t) * a * a + t * t * b * b))
    }
    func r(_ t: Double) -> Double { ((1 - t) * (1 - t) * a * a + t * t * b * b).squareRoot() / a }
    func rPrime(_ t: Double) -> Double { (t * b * b - (1 - t) * a * a) / (a * a * r(t)) }
    /// ∫₀¹ (r(1) − 1 − r′(t))² dt by Simpson's rule on 20,000 intervals: a path from y₀ has straightness ‖y₀‖² times this.
    var straightnessFactor: Double {
        let n = 20_000, h = 1.0 / Double(n)
        let f = { (t: Double) -> Double in let d = self.r(1) - 1 - self.rPrime(t); return d * d }
        return (0...n).reduce(0.0) { total, i in total + f(Double(i) * h) * (i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2)) } * h / 3
    }
}

struct FlowRun {
    let name: String, field: VelocityNetwork, straightness: [Double], ladder: [(nfe: Int, quality: MixtureSampleQuality)]
    /// Forward passes of the network spent in training, including making reflow's pairs.
    let trainingPasses: Int
}

/// Section 4: flow matching with straight paths, and reflow.
func flowSection(yardstick: Yardstick) throws -> [FlowRun] {
    // 8,000 steps, chosen after seeing numbers: with 4,000 the first flow's 100-step samples had no modes (width 0.034 at
    // seed 2026, as a ring without modes), so reflow, which copies them, could not have any either; 8,000 give 0.021.
    let noiseScale: Float = 0.5, steps = quick ? 800 : 8_000, pairCount = quick ? 2_000 : 20_000, pairSteps = quick ? 50 : 100, probeCount = quick ? 500 : 2_000
    chapter.prose("""
    The last family changes the path instead of the solver. *Flow matching* (Lipman, Chen, Ben-Hamu, Nickel & Le, 2023) \
    regresses a velocity field on a chosen path between noise and data; with the straight path x_t = (1 − t)z + tx of \
    *rectified flow* (Liu, Gong & Liu, 2023) the target is simply x − z, and the ODE dy/dt = v(y, t) from t = 0 to 1 turns \
    noise into data. (In this section x is a data point and z a noise point, and t runs from noise at t = 0 to data at \
    t = 1, the reverse of chapter 12's time.) If every path of that ODE were a straight line travelled at constant speed, one Euler step would be \
    exact. Liu et al. measure how far they are from it by the *straightness* S = E∫₀¹‖(y₁ − y₀) − v(y_t, t)‖²dt, zero for \
    perfectly straight flows.
    """)
    chapter.listing("rectified-flow", fromLibraryFile: "Sources/FastSampling/RectifiedFlow.swift")
    // The exact check: Gaussian noise and data, where paths and straightness are known in closed form.
    let gaussian = GaussianFlow(a: 0.5, b: 0.25)
    var stream = RandomGenerator(seed: chapter.seed, stream: "rectified flow")
    let starts = Tensor.normal([100, 2], using: &stream) * Float(gaussian.a)
    let norms: [Double] = starts.squared().sum(alongAxis: 1).doubles
    let factor = gaussian.straightnessFactor
    // Relative errors of each path's straightness against the closed form. The flow is linear, and so is Euler's path, so
    // in exact arithmetic every path's S/‖y₀‖² would be the same number: the spread across paths is Float rounding alone.
    let relativeErrors = { (steps: Int) -> [Double] in
        zip(gaussian.straightness(starts, steps: steps), norms).map { $0 / ($1 * factor) - 1 }
    }
    let fine = relativeErrors(1_000), coarse = relativeErrors(500)
    let largest = { (errors: [Double]) in errors.map(abs).max()! }, spread = { (errors: [Double]) in errors.max()! - errors.min()! }
    let change = abs(largest(coarse) - largest(fine))
    let turn = gaussian.a * gaussian.a / (gaussian.a * gaussian.a + gaussian.b * gaussian.b)
    chapter.prose("""
    Straightness can be computed exactly in one case. For noise N(0, a²I) and data N(0, b²I) paired independently, the \
    optimal velocity is E[x − z | x_t = y] = y(tb² − (1 − t)a²)/((1 − t)²a² + t²b²), whose paths are rays from the origin, \
    y(t) = y₀√((1 − t)²a² + t²b²)/a. They are straight in space but not travelled straight through: with b < a the point \
    runs towards the origin, stops at t = a²/(a² + b²) = \(formatNumber(turn, digits: 3)) at \(formatNumber(gaussian.r(turn), digits: 3)) of its start, \
    and turns back out to b/a = \(formatNumber(gaussian.b / gaussian.a, digits: 3)): it overshoots and reverses along its ray, \
    and that reversal is what makes S > 0. With a = \(gaussian.a) and b = \(gaussian.b) a path from y₀ has straightness \
    ‖y₀‖² × \(formatNumber(factor, digits: 5)) (Simpson's rule on the closed form); the library follows the paths by Euler \
    steps and sums on the way.
    """)
    chapter.check("straightness of the exact Gaussian flow from \(norms.count) starts, library with 1,000 Euler steps vs the closed form, largest relative error",
                  measured: largest(fine), atMost: 2 * (change + spread(fine) + spread(coarse)) + spread(fine),
                  why: "Euler's path and its Riemann sum both err by O(1/M), so the error at 1,000 steps is about its change from 500 steps (\(formatNumber(largest(coarse), digits: 3)) → \(formatNumber(largest(fine), digits: 3))); the flow is linear, so every path's S/‖y₀‖² would agree in exact arithmetic and their spread is Float rounding (\(formatNumber(spread(coarse), digits: 2)) and \(formatNumber(spread(fine), digits: 2))): twice the change plus both spreads, plus the spread at 1,000 steps")
    flowMatchingOptimumCheck(gaussian)

    // Rectified flow on the ring, then reflow.
    let data = mixture.sample(20_000, using: &stream)
    let flow = VelocityNetwork(using: &stream)
    let first = RectifiedFlowTrainer(label: "rectified flow", model: flow, steps: steps)
    try chapter.train("rectified flow", steps: steps) { step in
        try first.step(step, noise: Tensor.normal([256, 2], using: &stream) * noiseScale, data: data.randomRows(256, using: &stream), using: &stream)
    }
    let noise = Tensor.normal([pairCount, 2], using: &stream) * noiseScale
    let coupled = flow.transport(noise, steps: pairSteps).end
    var initial = RandomGenerator(seed: chapter.seed, stream: "reflow weights")
    let reflowed = VelocityNetwork(using: &initial)
    for (target, source) in zip(reflowed.parameters, flow.parameters) { target.value = source.value }
    let second = RectifiedFlowTrainer(label: "reflow", model: reflowed, steps: steps)
    try chapter.train("reflow", steps: steps) { step in
        let rows = (0..<256).map { _ in stream.integer(below: pairCount) }
        try second.step(step, noise: noise.gatherRows(rows), data: coupled.gatherRows(rows), using: &stream)
    }
    // What reflow copies: the first flow's samples after `pairSteps` Euler steps, measured like every sampler.
    let targets = quality { flow.transport(Tensor.normal([evaluationCount, 2], using: &$0) * noiseScale, steps: pairSteps).end }
    let probe = Tensor.normal([probeCount, 2], using: &stream) * noiseScale
    let passes = [steps * 256, pairCount * pairSteps + steps * 256]
    var runs: [FlowRun] = []
    for (index, (name, field)) in [("rectified flow", flow), ("reflow (2-rectified)", reflowed)].enumerated() {
        let ladder: [(nfe: Int, quality: MixtureSampleQuality)] = [1, 2, 4, 8].map { n in
            (n, quality(repeats: n == 1 ? oneStepRepeats : repeats) { field.transport(Tensor.normal([evaluationCount, 2], using: &$0) * noiseScale, steps: n).end })
        }
        runs.append(FlowRun(name: name, field: field, straightness: field.straightness(probe, steps: 100), ladder: ladder, trainingPasses: passes[index]))
    }
    chapter.prose("""
    The first flow trains for \(steps) steps on fresh pairs; reflow starts from its weights and trains as long on \(pairCount) \
    fixed pairs (z, y₁), y₁ the first flow's end point from z after \(pairSteps) Euler steps. Straightness is measured on \
    \(probeCount) paths from new noise with 100 Euler steps.
    """)
    chapter.table(["flow", "straightness S ± SE"] + [1, 2, 4, 8].map { "SW₂ (mode width) at \($0) NFE" } + ["modes at 1 NFE"],
                  runs.map { run -> [any TableCell] in
                      ["\(run.name)", "\(formatNumber(run.straightness.mean, digits: 3)) ± \(formatNumber(run.straightness.standardErrorOfMean, digits: 2))"]
                          + run.ladder.map { "\(formatNumber($0.quality.slicedWasserstein.mean, digits: 3)) (\(formatNumber($0.quality.modeWidth.mean, digits: 3)))" as any TableCell }
                          + ["\(run.ladder[0].quality.fewestModesCovered) / 8"]
                  } + [["first flow, \(pairSteps) steps (reflow's targets)", "—", "—", "—", "—",
                        "\(formatNumber(targets.slicedWasserstein.mean, digits: 3)) (\(formatNumber(targets.modeWidth.mean, digits: 3))) at \(pairSteps) NFE", "\(targets.fewestModesCovered) / 8"]],
                  caption: "\(repeatsPhrase.prefix(1).uppercased() + repeatsPhrase.dropFirst()). Data floor SW₂ \(formatNumber(yardstick.floor.slicedWasserstein.mean, digits: 3)) and mode width \(formatNumber(yardstick.floor.modeWidth.mean, digits: 3)); the bounds of the earlier sections are \(formatNumber(yardstick.distanceBound, digits: 3)) and \(formatNumber(yardstick.widthBand.lowerBound, digits: 3))–\(formatNumber(yardstick.widthBand.upperBound, digits: 3)).")
    let straighter = WelchT(runs[0].straightness, runs[1].straightness)
    chapter.check("straightness, rectified flow minus reflow, Welch t over \(probeCount) paths each", measured: straighter.t, atLeast: straighter.bound,
                  why: "the exact one-sided Student quantile at 10⁻³ (ν = \(formatNumber(straighter.degreesOfFreedom, digits: 4))); S falls from \(formatNumber(runs[0].straightness.mean, digits: 3)) to \(formatNumber(runs[1].straightness.mean, digits: 3))")
    let oneStepGain = WelchT(runs[0].ladder[0].quality.slicedWasserstein.values, runs[1].ladder[0].quality.slicedWasserstein.values)
    chapter.check("SW₂ at 1 NFE, rectified flow minus reflow, Welch t over the repeats", measured: oneStepGain.t, atLeast: oneStepGain.bound,
                  why: "the exact one-sided Student quantile at 10⁻³ (ν = \(formatNumber(oneStepGain.degreesOfFreedom, digits: 4))): straighter paths must make the single Euler step better (\(formatNumber(runs[0].ladder[0].quality.slicedWasserstein.mean, digits: 3)) → \(formatNumber(runs[1].ladder[0].quality.slicedWasserstein.mean, digits: 3)))")
    if !quick {   // 800 quick steps leave the first flow, and so reflow, without modes
        yardstick.closerThanLargerRing(runs[1].ladder[0].quality, name: "reflow at 1 NFE (\(oneStepRepeats) repeats)")
        yardstick.sharperThanTooWide(runs[1].ladder[0].quality, name: "reflow at 1 NFE (\(oneStepRepeats) repeats)")
    }
    let reflowWidth = runs[1].ladder[0].quality.modeWidth.mean
    let sharper = WelchTest(yardstick.modeless.modeWidth.values, runs[1].ladder[0].quality.modeWidth.values)
    let sharperBound = sharper.oneSidedBound(rate: 1e-3)
    chapter.prose("""
    \(sharper.t >= sharperBound ? "Straight paths also sharpen the samples here." : "Straight paths are not the same as sharp samples.") Reflow's single step has mode width \(formatNumber(reflowWidth, digits: 3)), against the \
    data's \(formatNumber(yardstick.floor.modeWidth.mean, digits: 3)) and \(formatNumber(yardstick.modeless.modeWidth.mean, digits: 3)) for a ring \
    with no modes at all (Welch t = \(formatNumber(sharper.t, digits: 3)) for "sharper than the mode-less ring", against \
    \(formatNumber(sharperBound, digits: 3))), and with \(runs[1].ladder.last!.nfe) steps \
    \(formatNumber(runs[1].ladder.last!.quality.modeWidth.mean, digits: 3)). Reflow copies the first flow's \(pairSteps)-step samples, \
    whose modes have width \(formatNumber(targets.modeWidth.mean, digits: 3)) (SW₂ \(formatNumber(targets.slicedWasserstein.mean, digits: 3))): \
    \(yardstick.widthBand.contains(targets.modeWidth.mean) ? "the targets are sharp, within the data's width band, so whatever blur reflow shows comes from the regression onto them, not from what it copies." : "the targets are themselves outside the data's width band, and reflow cannot be sharper than what it copies.")
    """)
    return runs
}

/// The flow-matching optimum by a second route: the least-squares slope of the target x − z on x_t over many independent
/// Gaussian pairs, per coordinate, against the closed form (tb² − (1 − t)a²)/((1 − t)²a² + t²b²) the section uses.
func flowMatchingOptimumCheck(_ gaussian: GaussianFlow) {
    var stream = RandomGenerator(seed: chapter.seed, stream: "flow-matching optimum")
    let pairs = quick ? 50_000 : 200_000, times = [0.2, 0.5, 0.8]
    var rows: [[any TableCell]] = [], scores: [Double] = [], wrongScores: [Double] = []
    for t in times {
        var (sxy, sxx) = (0.0, 0.0), points: [(Double, Double)] = []
        points.reserveCapacity(pairs)
        for _ in 0..<pairs {
            let z = gaussian.a * stream.normalDouble(), x = gaussian.b * stream.normalDouble()
            let point = (1 - t) * z + t * x, target = x - z
            (sxy, sxx) = (sxy + point * target, sxx + point * point)
            points.append((point, target))
        }
        let slope = sxy / sxx
        let residual = points.reduce(0.0) { $0 + ($1.1 - slope * $1.0) * ($1.1 - slope * $1.0) } / Double(pairs - 1)
        let standardError = (residual / sxx).squareRoot()
        let variance = (1 - t) * (1 - t) * gaussian.a * gaussian.a + t * t * gaussian.b * gaussian.b
        let exact = (t * gaussian.b * gaussian.b - (1 - t) * gaussian.a * gaussian.a) / variance
        // A plausible slip: the two variances swapped in the denominator ((1 − t)²b² + t²a²).
        let wrong = (t * gaussian.b * gaussian.b - (1 - t) * gaussian.a * gaussian.a) / ((1 - t) * (1 - t) * gaussian.b * gaussian.b + t * t * gaussian.a * gaussian.a)
        scores.append(abs(slope - exact) / standardError)
        wrongScores.append(abs(slope - wrong) / standardError)
        // The numerator tb² − (1 − t)a² vanishes at t = a²/(a² + b²) = 0.8; print 0 there, not the rounding.
        let shown = { (value: Double) in abs(value) < 1e-12 ? 0 : value }
        rows.append([formatNumber(t, digits: 2), slope, standardError, shown(exact), shown(wrong)])
    }
    chapter.table(["t", "least-squares slope of x − z on x_t", "its SE", "closed form", "variances swapped"], rows,
                  caption: "\(pairs) independent pairs z ~ N(0, \(gaussian.a)²), x ~ N(0, \(gaussian.b)²) per time, one coordinate (the optimum acts on each alike).")
    let bound = standardNormalQuantile(upperTail: 1e-3 / (2 * Double(times.count)))
    chapter.check("flow-matching optimum for Gaussian noise and data: largest |regression slope − closed form| over t = 0.2, 0.5, 0.8, in SE",
                  measured: scores.max()!, atMost: bound,
                  why: "the two-sided normal quantile at 10⁻³ shared by the three times (Bonferroni); the slope's SE is the residual spread over √(Σx_t²). The closed form with the two variances swapped in the denominator (it agrees with the right one at t = 0.5, where the two variances are weighted alike, and at 0.8, where the numerator vanishes, so t = 0.2 tells them apart) scores \(wrongScores.max()! >= 100 ? "\(Int(wrongScores.max()!.rounded()))" : formatNumber(wrongScores.max()!, digits: 3)) SE")
}
