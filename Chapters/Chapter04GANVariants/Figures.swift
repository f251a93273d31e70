import Foundation
import Notebook
import Plotting
import TensorCore

// The chapter's figure layouts: each function only arranges what the sections computed.

/// Rows of ten 8×8 images each, with a label per row.
func sampleRowsFigure(title: String, rows: [Tensor], labels: [String]) -> Figure {
    var figure = Figure(width: 720, height: Double(60 * rows.count + 60), title: title)
    figure.panel.imageGrid(rows.flatMap { tensor in (0..<min(10, tensor.rowCount)).map { tensor.row($0).doubles } }, imageWidth: 8, imageHeight: 8,
                           columns: 10, rowLabels: labels)
    return figure
}

/// Domain X, Y, and for each CycleGAN the translations G(x) over Y and the round trips F(G(x)) joined to their x.
func cycleFigure(x: Tensor, y: Tensor, runs: [(name: String, translated: Tensor, roundTrip: Tensor)], extent: (x: ClosedRange<Double>, y: ClosedRange<Double>)) -> Figure {
    var figure = Figure(rows: 1, columns: runs.count + 1, width: Double(330 * (runs.count + 1)), height: 340, title: "CycleGAN on two unpaired 2-D domains")
    figure[0, 0].scatter(points: x, color: Color.cycle(0), size: 1.6, alpha: 0.5, label: "X")
    figure[0, 0].scatter(points: y, color: Color.cycle(1), size: 1.6, alpha: 0.5, label: "Y")
    figure[0, 0].title = "the two domains"
    for (index, run) in runs.enumerated() {
        let panel = index + 1
        figure[0, panel].scatter(points: y, color: .gray, size: 1.4, alpha: 0.25)
        figure[0, panel].scatter(points: run.translated, color: Color.cycle(1), size: 1.6, alpha: 0.6, label: "G(x)")
        figure[0, panel].scatter(points: x, color: Color.cycle(0), size: 1.4, alpha: 0.35, label: "x")
        for row in 0..<min(40, x.rowCount) {   // short lines from x to F(G(x)): the round trip's error
            figure[0, panel].line(x: [Double(x[row, 0]), Double(run.roundTrip[row, 0])], y: [Double(x[row, 1]), Double(run.roundTrip[row, 1])],
                                  color: Color.cycle(2), width: 1.2)
        }
        figure[0, panel].scatter(points: run.roundTrip.gatherRows(Array(0..<min(40, x.rowCount))), color: Color.cycle(2), size: 2.2, alpha: 0.9, label: "F(G(x))")
        figure[0, panel].title = run.name
    }
    for column in 0...runs.count {
        figure[0, column].xLimits = extent.x; figure[0, column].yLimits = extent.y; figure[0, column].equalAspect = true
        figure[0, column].legendPosition = .topRight
    }
    return figure
}

/// The style-mixing grid: source A down the left, source B along the top, mixes inside.
func styleMixingFigure(sourcesA: Tensor, sourcesB: Tensor, mixes: [[Tensor]], crossovers: [Int]) -> Figure {
    let count = sourcesA.rowCount
    var figure = Figure(rows: 1, columns: crossovers.count, width: Double(380 * crossovers.count), height: 420, title: "Style mixing")
    for (panel, crossover) in crossovers.enumerated() {
        var images: [[Double]] = [Array(repeating: 0, count: 64)] + (0..<count).map { sourcesB.row($0).doubles }
        for row in 0..<count { images.append(sourcesA.row(row).doubles); images += (0..<count).map { mixes[panel][row].row($0).doubles } }
        figure[0, panel].imageGrid(images, imageWidth: 8, imageHeight: 8, columns: count + 1,
                                   rowLabels: ["B →"] + (0..<count).map { _ in "" }, columnLabels: [])
        figure[0, panel].title = crossover == 1 ? "layer 0 from A (left), the rest from B (top)" : "layers 0–\(crossover - 1) from A (left), the rest from B (top)"
    }
    return figure
}

/// One line per run: SW₂ (log scale), modes present, and the critic's Wasserstein estimate (WGAN-GP games only), one colour per game.
func stabilityFigure(steps: [Int], games: [String], runs: [[StabilityRun]], floor: Double) -> Figure {
    var figure = Figure(rows: 3, columns: 1, width: 700, height: 860, title: "The original game and WGAN-GP on the same ring, several seeds")
    let x = steps.map(Double.init)
    for (game, gameRuns) in runs.enumerated() {
        for (index, run) in gameRuns.enumerated() {
            let label = index == 0 ? games[game] : nil
            figure[0, 0].line(x: x, y: run.slicedWasserstein.map { log10($0) }, color: Color.cycle(game), dashed: game > 0, label: label)
            figure[1, 0].line(x: x, y: run.modes.map(Double.init), color: Color.cycle(game), dashed: game > 0)
            if game > 0 { figure[2, 0].line(x: x, y: run.estimate, color: Color.cycle(game), dashed: true, label: label) }
        }
    }
    figure[0, 0].referenceLine(at: log10(floor))
    figure[0, 0].yLabel = "log₁₀ SW₂ to fresh data"; figure[0, 0].legendPosition = .topRight
    figure[1, 0].yLabel = "modes present (of 8)"; figure[1, 0].yLimits = 0...8.5
    figure[2, 0].yLabel = "critic's E f(x) − E f(G(z))"; figure[2, 0].xLabel = "generator step"; figure[2, 0].legendPosition = .topRight
    return figure
}

/// The two densities, and the trained critic's slope against the exact optimum's.
func criticFigure(x: [Double], slope: [Double], optimalSlope: [Double], densities: (data: [Double], generator: [Double])) -> Figure {
    var figure = Figure(rows: 2, columns: 1, width: 620, height: 560, title: "A WGAN-GP critic between two Gaussians")
    figure[0, 0].line(x: x, y: densities.data, color: Color.cycle(0), label: "p_data")
    figure[0, 0].line(x: x, y: densities.generator, color: Color.cycle(1), label: "p_g")
    figure[0, 0].yLabel = "density"
    figure[1, 0].line(x: x, y: slope, color: Color.cycle(2), label: "trained critic f′(x)")
    figure[1, 0].line(x: x, y: optimalSlope, color: Color.cycle(3), dashed: true, label: "exact optimum f*′(x)")
    figure[1, 0].referenceLine(at: 1)
    figure[1, 0].xLabel = "x"; figure[1, 0].yLabel = "slope"; figure[1, 0].legendPosition = .topRight
    return figure
}
