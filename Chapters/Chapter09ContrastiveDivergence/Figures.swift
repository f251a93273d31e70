import BoltzmannMachines
import Foundation
import Notebook
import Plotting
import Statistics

// The chapter's figure layouts: each function only arranges what the sections computed.

/// The largest bias and the total variation bound against k, on log scales.
func biasFigure(_ rows: [BiasRow]) -> Figure {
    var figure = Figure(width: 720, height: 420, title: "The bias of CD-k and its bound, exactly")
    let x = rows.map { log10(Double($0.steps)) }
    figure.panel.line(x: x, y: rows.map { log10($0.totalVariation) }, color: Color.cycle(1), width: 1.8, label: "TV(q_k, p): the bound")
    figure.panel.scatter(x: x, y: rows.map { log10($0.totalVariation) }, color: Color.cycle(1), size: 4, alpha: 1)
    figure.panel.line(x: x, y: rows.map { log10($0.largestBias) }, color: Color.cycle(0), width: 1.8, label: "max |𝔼[CD-k] − ∇ℓ|")
    figure.panel.scatter(x: x, y: rows.map { log10($0.largestBias) }, color: Color.cycle(0), size: 4, alpha: 1)
    figure.panel.xLabel = "log₁₀ k (Gibbs steps)"; figure.panel.yLabel = "log₁₀ of the quantity"
    figure.panel.legendPosition = .topRight
    return figure
}

/// Mean exact log-likelihood over starts for each rule, with a ± 1 SE band.
func trainingFigure(_ results: [RuleRuns], every: Int) -> Figure {
    var figure = Figure(width: 760, height: 440, title: "Bars and stripes: exact log-likelihood by learning rule")
    for (index, result) in results.enumerated() {
        let points = result.curves[0].indices
        let x = points.map { Double($0 * every) }
        let summaries = points.map { point in SampleSummary(result.curves.map { $0[point] }) }
        figure.panel.band(x: x, lower: summaries.map { $0.mean - $0.standardError }, upper: summaries.map { $0.mean + $0.standardError }, color: Color.cycle(index), alpha: 0.2)
        figure.panel.line(x: x, y: summaries.map(\.mean), color: Color.cycle(index), width: 1.8, label: result.name)
    }
    figure.panel.referenceLine(at: -log(22), color: .gray)
    figure.panel.referenceLine(at: -12 * log(2), color: .gray)
    figure.panel.xLabel = "epoch"; figure.panel.yLabel = "mean log p(v), nats"
    figure.panel.legendPosition = .bottomRight
    return figure
}
