import FastSampling
import Foundation
import Notebook
import Plotting
import TensorCore

/// Paths of the first flow and of reflow from the same 40 noise points, 100 Euler steps each.
func trajectoryFigure(_ flows: [FlowRun]) {
    var random = RandomGenerator(seed: chapter.seed, stream: "trajectory figure")
    let starts = Tensor.normal([40, 2], using: &random) * 0.5
    var figure = Figure(rows: 1, columns: 2, width: 940, height: 470, title: "Paths from noise to data: curved, then straightened")
    for (column, run) in flows.enumerated() {
        var x = starts, snapshots = [starts]
        for k in 0..<100 {
            x = x + run.field.velocity(x, time: Double(k) / 100) * 0.01
            snapshots.append(x)
        }
        figure[0, column].trajectories(snapshots, colors: (0..<40).map { _ in (column == 0 ? MethodColor.rectifiedFlow : MethodColor.reflow).withAlpha(0.7) })
        figure[0, column].scatter(points: mixture.sample(600, using: &random), color: .lightGray, size: 2)
        figure[0, column].title = "\(run.name): S = \(formatNumber(run.straightness.mean, digits: 3))"
        figure[0, column].equalAspect = true
    }
    chapter.figure(figure, name: "trajectories", caption: "ODE paths dy/dt = v(y, t) from t = 0 (noise N(0, 0.25 I)) to t = 1, for the first rectified flow and after reflow, from the same 40 starting points (hollow circles: starts; filled squares: ends); grey: data. S is the straightness of section 4 (0 for straight paths at constant speed).")
}

/// One-evaluation samples of every method that has one, beside the data.
func oneStepFigure(teacher: PreconditionedNetwork, stages: [DistilledStage], consistency: [ConsistencyRun], flows: [FlowRun]) {
    var random = RandomGenerator(seed: chapter.seed, stream: "one-step figure")
    let count = 1_000
    let noise = { (scale: Float) in Tensor.normal([count, 2], using: &random) * scale }
    var panels: [(String, Color, Tensor)] = [("data", .gray, mixture.sample(count, using: &random))]
    panels.append(("teacher, one Euler step", MethodColor.teacherEuler, ProbabilityFlowSolver.euler.solve(noise(80), sigmas: [80, 0], denoiser: teacher)))
    if let one = stages.last {
        panels.append(("progressive distillation", MethodColor.distillation, ProbabilityFlowSolver.euler.solve(noise(80), sigmas: one.levels, denoiser: one.network)))
    }
    for (run, color) in zip(consistency, [MethodColor.consistencyDistillation, MethodColor.consistencyTraining]) {
        panels.append((run.name, color, run.model.consistencySample(count, dimension: 2, maximum: 80, using: &random)))
    }
    for (run, color) in zip(flows, [MethodColor.rectifiedFlow, MethodColor.reflow]) { panels.append((run.name, color, run.field.transport(noise(0.5), steps: 1).end)) }
    panels.append(("for reference: teacher, midpoint, 63 NFE", MethodColor.teacherMidpoint,
                   ProbabilityFlowSolver.midpoint.solve(noise(80), sigmas: ladderLevels(steps: 32), denoiser: teacher)))
    var figure = Figure(rows: 2, columns: 4, width: 1_120, height: 580, title: "One network evaluation per sample")
    for (index, (name, color, points)) in panels.enumerated() where index < 8 {
        figure.panels[index].scatter(points: points, color: color, size: 2, alpha: 0.5)
        figure.panels[index].title = name
        figure.panels[index].xLimits = -1.2...1.2
        figure.panels[index].yLimits = -1.2...1.2
        figure.panels[index].equalAspect = true
    }
    chapter.figure(figure, name: "one_step_samples", caption: "\(count) samples of each method at one network evaluation (the first panel is data, the last the teacher with 63 evaluations); section 5's tables give their quality.")
}
