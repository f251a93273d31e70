import BoltzmannMachines
import Foundation
import Notebook
import Plotting

// The chapter's figure layouts: each function only arranges what the sections computed.

/// The bipartite graph of an RBM: visible units below, hidden units above, one line per weight, its width the
/// weight's size and its colour the sign (red positive, blue negative). No line joins two units of the same layer.
func bipartiteFigure(_ machine: RestrictedBoltzmannMachine) -> Figure {
    var figure = Figure(width: 720, height: 360, title: "A restricted Boltzmann machine, \(machine.visibleCount) visible × \(machine.hiddenCount) hidden units")
    let (n, m) = (machine.visibleCount, machine.hiddenCount)
    let visibleX = (0..<n).map { Double($0) / Double(n - 1) }, hiddenX = (0..<m).map { 0.1 + 0.8 * Double($0) / Double(max(1, m - 1)) }
    let largest = machine.weights.map(abs).max()!
    for i in 0..<n {
        for j in 0..<m {
            let w = machine.weights[i * m + j]
            figure.panel.line(x: [visibleX[i], hiddenX[j]], y: [0, 1], color: (w > 0 ? Color(hex: 0xC0392B) : Color(hex: 0x2166AC)).withAlpha(0.25 + 0.6 * abs(w) / largest),
                              width: 0.3 + 3 * abs(w) / largest)
        }
    }
    figure.panel.scatter(x: visibleX, y: Array(repeating: 0, count: n), color: .darkGray, size: 9, alpha: 1)
    figure.panel.scatter(x: hiddenX, y: Array(repeating: 1, count: m), color: Color.cycle(2), size: 9, alpha: 1, shape: .square)
    figure.panel.text("visible v", x: -0.05, y: 0, size: 12, anchor: .right)
    figure.panel.text("hidden h", x: -0.05, y: 1, size: 12, anchor: .right)
    for i in 0..<n { figure.panel.text("v\(i + 1)", x: visibleX[i], y: -0.12) }
    for j in 0..<m { figure.panel.text("h\(j + 1)", x: hiddenX[j], y: 1.12) }
    figure.panel.xLimits = -0.25...1.05; figure.panel.yLimits = -0.3...1.35
    figure.panel.showAxes = false; figure.panel.showGrid = false
    return figure
}

/// Exact log-likelihood against epochs for every run of both rules, with the independent-pixel baseline and the optimum.
func likelihoodCurvesFigure(cd: [TrainingRun], exact: [TrainingRun], independent: Double, optimum: Double) -> Figure {
    var figure = Figure(width: 720, height: 420, title: "Bars and stripes (3 × 4): exact log-likelihood during training")
    for (index, run) in cd.enumerated() {
        figure.panel.line(x: run.epochs.map(Double.init), y: run.logLikelihoods, color: Color.cycle(0), width: 1.4, label: index == 0 ? "CD-1" : nil)
    }
    for (index, run) in exact.enumerated() {
        figure.panel.line(x: run.epochs.map(Double.init), y: run.logLikelihoods, color: Color.cycle(1), width: 1.4, label: index == 0 ? "exact gradient" : nil)
    }
    figure.panel.referenceLine(at: optimum, color: Color.cycle(2))
    figure.panel.text("best possible, −log 22", x: Double(cd[0].epochs.last!) * 0.98, y: optimum + 0.15, anchor: .right)
    figure.panel.referenceLine(at: independent, color: .gray)
    figure.panel.text("independent pixels, −12 log 2", x: Double(cd[0].epochs.last!) * 0.98, y: independent + 0.15, anchor: .right)
    figure.panel.xLabel = "epoch (2 minibatches of 11 images)"; figure.panel.yLabel = "mean log p(v), nats"
    figure.panel.legendPosition = .topLeft
    return figure
}

/// The weights of every hidden unit to the 64 pixels as 8 × 8 images, on one symmetric colour scale.
func filtersFigure(_ machine: RestrictedBoltzmannMachine, columns: Int) -> Figure {
    let filters = (0..<machine.hiddenCount).map { filter(machine, unit: $0) }
    let largest = filters.flatMap { $0 }.map(abs).max()!
    let rowCount = (filters.count + columns - 1) / columns
    var figure = Figure(width: 640, height: Double(70 * rowCount + 70), title: "Filters: each hidden unit's weights to the 64 pixels (red +, blue −, ±\(formatNumber(largest, digits: 2)) at full colour)")
    figure.panel.imageGrid(filters, imageWidth: 8, imageHeight: 8, columns: columns, colorMap: .blueWhiteRed, valueRange: -largest...largest)
    return figure
}

/// AIS estimates minus the exact log Z against the number of temperatures, ± 2 SE, for each validation model, with plain
/// importance sampling from the base model (one temperature step, the same number of evaluations) on the left.
func annealingFigure(_ panels: [(name: String, exact: Double, ladder: [AnnealingEstimate], plain: AnnealingEstimate)]) -> Figure {
    var figure = Figure(rows: 1, columns: panels.count, width: Double(420 * panels.count), height: 380, title: "Annealed importance sampling against the exact log Z")
    for (index, panel) in panels.enumerated() {
        let estimates = [panel.plain] + panel.ladder
        let x = estimates.map { log10(Double($0.temperatureCount)) }, error = estimates.map { $0.logPartition - panel.exact }
        for (point, estimate) in zip(x.indices, estimates) {
            figure[0, index].line(x: [x[point], x[point]], y: [error[point] - 2 * estimate.standardError, error[point] + 2 * estimate.standardError],
                                  color: Color.cycle(0), width: 1.6)
        }
        figure[0, index].scatter(x: Array(x.dropFirst()), y: Array(error.dropFirst()), color: Color.cycle(0), size: 5, alpha: 1, label: "AIS ± 2 SE")
        figure[0, index].scatter(x: [x[0]], y: [error[0]], color: Color.cycle(3), size: 6, alpha: 1, shape: .square, label: "plain importance sampling")
        figure[0, index].referenceLine(at: 0, color: .gray)
        figure[0, index].title = panel.name
        figure[0, index].xLabel = "log₁₀ K (temperatures)"; figure[0, index].yLabel = "estimate − exact log Z"
        figure[0, index].legendPosition = .bottomRight
    }
    return figure
}

/// Gibbs chains from noise: one row per chain, one column per snapshot step.
func gibbsChainsFigure(_ chains: [[[Double]]], steps: [Int]) -> Figure {
    var figure = Figure(width: 760, height: Double(62 * chains.count + 80), title: "Gibbs chains of the digits RBM, started from fair coins")
    figure.panel.imageGrid(chains.flatMap { $0 }, imageWidth: 8, imageHeight: 8, columns: steps.count, columnLabels: steps.map { "\($0)" })
    return figure
}
