import BoltzmannMachines
import Foundation
import Notebook
import Plotting
import Statistics

// The chapter's figure layouts: each function only arranges what the sections computed.

/// The largest bias and the total variation bound against k, on log scales.
func biasFigure(_ rows: [BiasRow], sampled: [SampledBias]) -> Figure {
    var figure = Figure(rows: 1, columns: 2, width: 1_200, height: 440, title: "The bias of CD-k: its bound, and the Monte Carlo route")
    let x = rows.map { log10(Double($0.steps)) }
    figure.panels[0].line(x: x, y: rows.map { log10($0.totalVariation) }, color: Color.cycle(1), width: 1.8, label: "TV(q_k, p): the bound")
    figure.panels[0].scatter(x: x, y: rows.map { log10($0.totalVariation) }, color: Color.cycle(1), size: 4, alpha: 1)
    figure.panels[0].line(x: x, y: rows.map { log10($0.largestBias) }, color: Color.cycle(0), width: 1.8, label: "max |𝔼[CD-k] − ∇ℓ|")
    figure.panels[0].scatter(x: x, y: rows.map { log10($0.largestBias) }, color: Color.cycle(0), size: 4, alpha: 1)
    figure.panels[0].xLabel = "log₁₀ k (Gibbs steps)"; figure.panels[0].yLabel = "log₁₀ of the quantity"
    figure.panels[0].legendPosition = .topRight
    figure.panels[1].line(x: sampled.map { Double($0.steps) }, y: sampled.map(\.exact), color: Color.cycle(0), width: 1.8, label: "exact 𝔼[CD-k] − ∇ℓ")
    for point in sampled {
        figure.panels[1].line(x: [Double(point.steps), Double(point.steps)], y: [point.estimate - 2 * point.standardError, point.estimate + 2 * point.standardError],
                              color: Color.cycle(2), width: 1.4)
    }
    figure.panels[1].scatter(x: sampled.map { Double($0.steps) }, y: sampled.map(\.estimate), color: Color.cycle(2), size: 5, alpha: 1, label: "sampled mean ± 2 SE")
    figure.panels[1].referenceLine(at: 0)
    figure.panels[1].xLabel = "k"; figure.panels[1].yLabel = "bias at CD-1's worst parameter"
    figure.panels[1].legendPosition = .topRight
    return figure
}

/// Mean exact log-likelihood over starts for each rule, with a ± 1 SE band.
func trainingFigure(_ results: [RuleRuns], every: Int) -> Figure {
    var figure = Figure(width: 760, height: 440, title: "Bars and stripes: exact log-likelihood by learning rule")
    // Blue, orange, green and vermilion: the exact gradient must not share a hue family with CD-1.
    let colours = [0, 1, 2, 4].map { Color.cycle($0) }
    for (index, result) in results.enumerated() {
        let points = result.curves[0].indices
        let x = points.map { Double($0 * every) }
        let summaries = points.map { point in SampleSummary(result.curves.map { $0[point] }) }
        figure.panel.band(x: x, lower: summaries.map { $0.mean - $0.standardError }, upper: summaries.map { $0.mean + $0.standardError }, color: colours[index], alpha: 0.2)
        figure.panel.line(x: x, y: summaries.map(\.mean), color: colours[index], width: 1.8, label: result.name)
    }
    figure.panel.referenceLine(at: -log(22), color: .gray)
    figure.panel.referenceLine(at: -12 * log(2), color: .gray)
    let lowest = results.flatMap { $0.curves.flatMap { $0 } }.min()!
    figure.panel.yLimits = min(lowest, -12 * log(2)) - 0.2 ... -log(22) + 0.3   // both reference lines in view
    figure.panel.xLabel = "epoch"; figure.panel.yLabel = "mean log p(v), nats"
    figure.panel.legendPosition = .bottomRight
    return figure
}

/// A 3 × 4 state coloured by how far it lies from the data: blue on-pixels for a data image, light blue one pixel away,
/// red two or more pixels away (the blue–white–red map over [−1, 1]).
func colouredState(_ state: [Double], distance: Int) -> [Double] {
    let tint = distance == 0 ? -1.0 : distance == 1 ? -0.45 : 1.0
    return state.map { $0 * tint }
}

/// Rows of small images, coloured by distance to the data, each with a line of text beneath it.
func labelledStates(_ panel: inout Panel, _ states: [[Double]], distances: [Int], labels: [String], columns: Int) {
    let gap = 0.55
    panel.imageGrid(zip(states, distances).map { colouredState($0.0, distance: $0.1) }, imageWidth: 4, imageHeight: 3, columns: columns,
                    colorMap: .blueWhiteRed, valueRange: -1...1, gap: gap)
    let rows = (states.count + columns - 1) / columns
    for (index, label) in labels.enumerated() {
        let top = Double(rows) - Double(index / columns) * (1 + gap)
        panel.text(label, x: Double(index % columns) * (1 + gap) + 0.5, y: top - 1.22, size: 9)
    }
    if let limits = panel.yLimits { panel.yLimits = (limits.lowerBound - 0.35)...limits.upperBound }   // room for the last row's labels
}

/// For each trained machine, its most probable states (top row) and its most probable far states (bottom row), each
/// labelled with p(v) and, for the far ones, p(v) | q₁(v) in units of 10⁻⁴, q₁(v) the probability that one Gibbs step
/// from the data lands there.
func mostProbableStatesFigure(_ machines: [(name: String, law: [Double], oneStep: [Double])], distances: [Int], perRow: Int) -> Figure {
    var figure = Figure(rows: machines.count, columns: 1, width: 1_000, height: 250 * Double(machines.count),
                        title: "Most probable states (top rows) and most probable far states (bottom rows: p | q₁ in units of 10⁻⁴)")
    for (index, machine) in machines.enumerated() {
        let order = machine.law.indices.sorted { machine.law[$0] > machine.law[$1] }
        let top = Array(order.prefix(perRow)), topFar = Array(order.filter { distances[$0] >= 2 }.prefix(perRow))
        let states = (top + topFar).map { RestrictedBoltzmannMachine.binaryState($0, count: 12) }
        let labels = top.map { formatNumber(machine.law[$0], digits: 2) }
            + topFar.map { "\(formatNumber(machine.law[$0] * 1e4, digits: 2)) | \(formatNumber(machine.oneStep[$0] * 1e4, digits: 2))" }
        labelledStates(&figure.panels[index], states, distances: (top + topFar).map { distances[$0] }, labels: labels, columns: perRow)
        figure.panels[index].title = machine.name
    }
    return figure
}

/// Where negative phases look: one Gibbs step from the data (CD-1) against PCD's fantasy particles.
func negativePhaseFigure(oneStep: [[Double]], particles: [[Double]], distances: [Int], titles: (String, String)) -> Figure {
    var figure = Figure(rows: 1, columns: 2, width: 1_000, height: 420, title: "Negative-phase states, coloured by distance to the data")
    for (index, states) in [oneStep, particles].enumerated() {
        figure.panels[index].imageGrid(states.map { colouredState($0, distance: distances[RestrictedBoltzmannMachine.stateIndex($0)]) },
                                       imageWidth: 4, imageHeight: 3, columns: 8, colorMap: .blueWhiteRed, valueRange: -1...1, gap: 0.2)
        figure.panels[index].title = index == 0 ? titles.0 : titles.1
    }
    return figure
}

/// The far mass of q_k, the law after k Gibbs steps from the data, against k, with the model's own far mass.
func farMassAgainstStepsFigure(_ curves: [(name: String, steps: [Double], model: Double)]) -> Figure {
    var figure = Figure(width: 720, height: 420, title: "Mass on far states after k Gibbs steps from the data")
    for (index, curve) in curves.enumerated() {
        figure.panel.line(x: curve.steps.indices.map(Double.init), y: curve.steps, color: Color.cycle(index), width: 1.8, label: "q_k(far), \(curve.name) machine")
        figure.panel.scatter(x: curve.steps.indices.map(Double.init), y: curve.steps, color: Color.cycle(index), size: 4, alpha: 1)
        figure.panel.referenceLine(at: curve.model, color: Color.cycle(index))
    }
    figure.panel.xLabel = "k (Gibbs steps from the data)"; figure.panel.yLabel = "mass on far states"
    figure.panel.legendPosition = .bottomRight
    return figure
}
