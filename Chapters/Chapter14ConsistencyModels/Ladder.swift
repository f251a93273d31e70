import FastSampling
import Foundation
import Metrics
import Notebook
import Plotting
import TensorCore

/// Section 5: every method on one plot of quality against network evaluations, with what its training cost.
func ladderSection(teacher: TeacherResults, stages: [DistilledStage], consistency: [ConsistencyRun], flows: [FlowRun], yardstick: Yardstick) {
    typealias Point = (nfe: Int, quality: MixtureSampleQuality)
    let teacherSeries = { (solver: ProbabilityFlowSolver) -> (name: String, points: [Point]) in
        ("teacher, \(solver.name)", teacher.runs.filter { $0.solver == solver }.map { ($0.nfe, $0.quality) })
    }
    // Each method keeps its colour (`MethodColor.ladderOrder`, in this order) in every figure of the chapter.
    let series: [(name: String, points: [Point])] = [teacherSeries(.euler), teacherSeries(.heun), teacherSeries(.midpoint),
                                                     ("progressive distillation", stages.reversed().map { ($0.steps, $0.quality) }),
                                                     (consistency[0].name, consistency[0].ladder), (consistency[1].name, consistency[1].ladder),
                                                     (flows[0].name, flows[0].ladder), (flows[1].name, flows[1].ladder)]
    // Points far above the data's scale would flatten the rest; they are listed in the caption instead.
    let cap = 0.6
    let offChart = series.flatMap { s in s.points.filter { $0.quality.slicedWasserstein.mean > cap }.map { "\(s.name) at \($0.nfe) NFE (\(formatNumber($0.quality.slicedWasserstein.mean, digits: 3)))" } }
    let curves = series.map { s -> (name: String, cost: [Double], mean: [Double], spread: [Double]) in
        let kept = s.points.filter { $0.quality.slicedWasserstein.mean <= cap }
        return (s.name, kept.map { Double($0.nfe) }, kept.map { $0.quality.slicedWasserstein.mean }, kept.map { $0.quality.slicedWasserstein.spread })
    }
    let figure = Figure.qualityAgainstCost([QualityMetricPanel(label: "SW₂ to fresh data", series: curves, dataValue: yardstick.floor.slicedWasserstein.mean,
                                                               bounds: [yardstick.distanceBound])],
                                           title: "The speed ladder: sample quality against network evaluations", costLabel: "NFE",
                                           logarithmic: true, colors: MethodColor.ladderOrder, boundColor: .darkGray)
    chapter.figure(figure, name: "speed_ladder", caption: """
    Mean SW₂ over \(repeats) repeats (bands: ± one spread) against network evaluations per sample, both axes logarithmic; light grey dashes: the data floor, \
    dark grey dashes: the bound halfway to the ring 10% too large. \(offChart.isEmpty ? "" : "Off the chart (SW₂ above \(cap)): \(offChart.joined(separator: "; ")).")
    """)
    // The fewest evaluations at which each method meets the yardstick (SW₂ bound, width band, all modes).
    let firstPass = series.map { s -> [any TableCell] in
        let passing = s.points.filter { yardstick.passes($0.quality) }.map(\.nfe).sorted()
        return [s.name, passing.first.map { "\($0)" } ?? "none measured", s.points.map { "\($0.nfe)" }.joined(separator: ", ")]
    }
    chapter.table(["sampler", "fewest NFE meeting every bound", "NFE measured"], firstPass,
                  caption: "Meeting every bound: SW₂ below \(formatNumber(yardstick.distanceBound, digits: 3)), mode width between \(formatNumber(yardstick.widthBand.lowerBound, digits: 3)) and \(formatNumber(yardstick.widthBand.upperBound, digits: 3)), and all eight modes in every repeat.")
    let atOne = series.compactMap { s -> (String, MixtureSampleQuality)? in s.points.first { $0.nfe == 1 }.map { (s.name, $0.quality) } }
    let withinDistance = atOne.filter { $0.1.slicedWasserstein.mean <= yardstick.distanceBound }
    let alsoWidth = withinDistance.filter { yardstick.widthBand.contains($0.1.modeWidth.mean) }.map(\.0)
    let teacherFirst = zip(["The teacher's Euler sampler", "The teacher's midpoint sampler"], [series[0], series[2]]).map { name, s in
        (name, s.points.filter { yardstick.passes($0.quality) }.map(\.nfe).min())
    }
    let reaching = withinDistance.isEmpty ? "no method reaches an SW₂ below the bound"
        : "\(listed(withinDistance.map(\.0))) \(withinDistance.count == 1 ? "reaches" : "reach") an SW₂ below the bound (as the ring without modes does, \(formatNumber(yardstick.modeless.slicedWasserstein.mean, digits: 3)), so the width decides)"
    let keeping = withinDistance.isEmpty ? ""
        : alsoWidth.isEmpty ? (withinDistance.count == 1 ? "; it does not keep the modes within the width band" : "; none of them keeps the modes within the width band")
        : "; of \(withinDistance.count == 1 ? "it" : "them"), \(listed(alsoWidth)) \(alsoWidth.count == 1 ? "keeps" : "keep") the modes within the width band"
    let teacherSentences = teacherFirst.map { "\($0.0) \($0.1.map { "first meets every bound at \($0) evaluations" } ?? "meets every bound at none of its measured numbers of evaluations")." }
    chapter.prose("""
    At one evaluation \(reaching)\(keeping) (widths at one evaluation: \(atOne.map { "\($0.0) \(formatNumber($0.1.modeWidth.mean, digits: 3))" }.joined(separator: ", ")); \
    the data's \(formatNumber(yardstick.floor.modeWidth.mean, digits: 3))). \(teacherSentences.joined(separator: " "))
    """)
    let halvings = stages.count
    // Forward passes of a network during training: minibatches of 256, each example costing the passes listed.
    let millions = { (passes: Int) in formatNumber(Double(passes) / 1e6, digits: 3) }
    let pdPasses = (0..<halvings).reduce(0) { $0 + distillationSteps * 256 * ($1 == 0 ? 4 + 1 : 2 + 1) }
    chapter.table(["method", "training", "network passes per training example", "forward passes in training (millions)"],
                  [["teacher (denoising)", "\(teacher.trainingSteps) steps", "1", millions(teacher.trainingSteps * 256)],
                   ["progressive distillation", "\(halvings) rounds × \(distillationSteps) steps, after the teacher", "up to 4 teacher (two midpoint steps) + 1 student in the first round, 2 + 1 after", millions(pdPasses)],
                   ["consistency distillation", "\(consistency[0].trainingSteps) steps, after the teacher", "2 teacher (one Heun step) + 1 target + 1 model", millions(consistency[0].trainingSteps * 256 * 4)],
                   ["consistency training", "\(consistency[1].trainingSteps) steps, no teacher", "1 target + 1 model", millions(consistency[1].trainingSteps * 256 * 2)],
                   ["rectified flow", "\(flows[0].trainingPasses / 256) steps, no teacher", "1", millions(flows[0].trainingPasses)],
                   ["reflow", "pairs from 100 Euler steps of the first flow, then as many steps again, after the first flow", "100 per pair, then 1", millions(flows[1].trainingPasses)]],
                  caption: "What each fast sampler costs before it samples; steps are minibatches of 256, and a backward pass is not counted. The distilled methods also inherit the teacher's cost, and reflow the first flow's.")
}

/// The solvers' global error against the number of steps on log-log axes, with reference slopes 1 and 2.
func solverOrderFigure(_ orders: SolverOrders) {
    var figure = Figure(width: 640, height: 440, title: "Solver order: global error against steps, Gaussian data")
    var panel = figure.panel
    let x = orders.steps.map { log10(Double($0)) }
    let colors: [ProbabilityFlowSolver: Color] = [.euler: MethodColor.teacherEuler, .heun: MethodColor.teacherHeun, .midpoint: MethodColor.teacherMidpoint]
    for solver in ProbabilityFlowSolver.allCases {
        let y = orders.errors[solver]!.map { log10($0) }
        panel.line(x: x, y: y, color: colors[solver]!, label: solver.name)
        panel.scatter(x: x, y: y, color: colors[solver]!, size: 3.5)
    }
    for (order, anchor, shade) in [(1.0, orders.errors[.euler]!.first!, Color.gray), (2.0, orders.errors[.heun]!.first!, Color.darkGray)] {
        panel.line(x: [x.first!, x.last!], y: [log10(anchor) + 0.3, log10(anchor) + 0.3 - order * (x.last! - x.first!)], color: shade, width: 1,
                   label: "slope −\(Int(order))")
    }
    panel.xLabel = "N, steps (log scale)"
    panel.yLabel = "relative error at σ_min (log scale)"
    (panel.xIsLog10, panel.yIsLog10) = (true, true)
    panel.legendPosition = .bottomLeft
    figure.panel = panel
    chapter.figure(figure, name: "solver_orders", caption: "Largest error relative to the exact end point, from σ_max = 80 to σ_min = 0.002 on Karras levels, for Gaussian data N(0, 0.25 I); grey lines of slope −1 (light) and −2 (dark) for reference, the slope −1 line drawn above Euler's curve and the slope −2 line above Heun's at their first points; colours as in the speed ladder.")
}

/// Each method's colour in every figure (the plotting cycle, with Heun's darkened).
enum MethodColor {
    static let teacherEuler = Color.cycle(0), teacherMidpoint = Color.cycle(1), distillation = Color.cycle(2), consistencyDistillation = Color.cycle(3)
    static let consistencyTraining = Color.cycle(4), rectifiedFlow = Color.cycle(5), reflow = Color.cycle(7)
    /// Heun's: a dark wine, since the cycle's yellow is hard to see on white.
    static let teacherHeun = Color(hex: 0x882255)
    /// The speed ladder's series in order.
    static let ladderOrder = [teacherEuler, teacherHeun, teacherMidpoint, distillation, consistencyDistillation, consistencyTraining, rectifiedFlow, reflow]
}

/// "a", "a and b", "a, b and c".
func listed(_ items: [String]) -> String {
    items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
}
