import AutoregressiveModels
import Distributions
import Foundation
import NormalizingFlows
import Plotting
import Statistics
import TensorCore
import Training

// The chapter's figures, drawn from the run's own models and numbers.

/// The likelihood table as a chart: bits per dimension per model, ± 2 SE, each bar labelled with its model.
func bitsChart(_ rows: [(name: String, bits: Double, standardError: Double)]) -> Figure {
    var figure = Figure(width: 860, height: 440, title: "Held-out bits per dimension, binarised digits")
    let positions = rows.indices.map { Double($0 + 1) }
    figure.panel.bars(positions: positions, heights: rows.map(\.bits), width: 0.6, color: Color.cycle(0))
    for (index, row) in rows.enumerated() {
        figure.panel.line(x: [positions[index], positions[index]], y: [row.bits - 2 * row.standardError, row.bits + 2 * row.standardError], color: .darkGray, width: 2)
        figure.panel.text(formatBits(row.bits), x: positions[index], y: row.bits + 2 * row.standardError + 0.02, size: 10, anchor: .above)
        figure.panel.text(row.name, x: positions[index], y: 0.03, color: .white, size: 10, anchor: .above)
    }
    figure.panel.yLimits = 0...(rows.map { $0.bits + 2 * $0.standardError }.max()! * 1.15)
    figure.panel.xLimits = 0.4...(Double(rows.count) + 0.6)
    figure.panel.yLabel = "bits per dimension"; figure.panel.xLabel = "model"
    return figure
}

private func formatBits(_ value: Double) -> String { String(format: "%.3f", value) }

/// Real digits, samples of the three models, and MADE completions of held-out digits' bottom halves.
func samplesFigure(real: Tensor, made: MADE, mixture: BernoulliMixture, independent: IndependentBernoulli, halves: Tensor,
                   using generator: inout RandomGenerator) -> Figure {
    let count = real.rowCount
    var masked = halves
    for row in 0..<halves.rowCount { for pixel in 32..<64 { masked.scalars[row * 64 + pixel] = 0.5 } }
    let rows = [real, made.sample(count, using: &generator), mixture.sample(count, using: &generator), independent.sample(count, using: &generator),
                masked, made.sample(completing: halves, keepingFirst: 32, using: &generator)]
    var figure = Figure(width: 800, height: 520, title: "Binarised digits: data, samples and completions")
    figure.panel.imageGrid(rows.flatMap { tensor in (0..<count).map { tensor.row($0).doubles } }, imageWidth: 8, imageHeight: 8, columns: count,
                           rowLabels: ["held-out", "MADE", "mixture, 10", "independent", "top half kept", "MADE completes"])
    return figure
}

/// The 1-D map and the density of g(z) against a histogram of draws.
func changeOfVariablesFigure(map: some MonotoneMap1D, draws: [Double], range: ClosedRange<Double>) -> Figure {
    var figure = Figure(rows: 1, columns: 2, width: 1_060, height: 420, title: "Change of variables: x = g(z), z ~ N(0, 1)")
    figure[0, 0].function({ map.value($0) }, over: -3...3, label: "x = g(z)")
    figure[0, 0].function({ $0 }, over: -3...3, color: .gray, dashed: true, label: "x = z")
    figure[0, 0].xLabel = "z"; figure[0, 0].yLabel = "x"; figure[0, 0].legendPosition = .topLeft
    figure[0, 1].histogram(draws, bins: 60, range: range, label: "\(draws.count) draws g(z)")
    figure[0, 1].function({ ChangeOfVariables1D.density(at: $0, through: map) }, over: range, color: Color.cycle(1), label: "p_Z(g⁻¹(x)) / g′(g⁻¹(x))")
    figure[0, 1].function({ exp(ChangeOfVariables1D.standardNormalLogDensity($0)) }, over: range, color: .gray, dashed: true, label: "N(0, 1)")
    figure[0, 1].xLabel = "x"; figure[0, 1].yLabel = "density"
    return figure
}

/// Log-density heatmaps of the flow and of the true moons, on one colour scale, with held-out points.
func flowDensityFigure(flow: RealNVP, moons: TwoMoons, data: Tensor) -> Figure {
    let (xRange, yRange, size) = (-1.6...2.6, -1.1...1.6, 120)
    let points = Tensor(shape: [size * size, 2], scalars: (0..<(size * size)).flatMap { k -> [Float] in
        let (i, j) = (k % size, k / size)
        return [Float(xRange.lowerBound + (Double(i) + 0.5) * (xRange.upperBound - xRange.lowerBound) / Double(size)),
                Float(yRange.lowerBound + (Double(j) + 0.5) * (yRange.upperBound - yRange.lowerBound) / Double(size))]
    })
    let grids = [flow.logDensity(points), moons.logDensity(points)].map { values in (0..<size).map { j in (0..<size).map { max(-8, values[j * size + $0]) } } }
    let top = grids.flatMap { $0.flatMap { $0 } }.max()!
    var figure = Figure(rows: 1, columns: 2, width: 1_160, height: 480, title: "Log-density: RealNVP against the truth")
    for (panel, name) in ["RealNVP log p_θ(x)", "true log p(x)"].enumerated() {
        figure[0, panel].heatmap(values: grids[panel], xRange: xRange, yRange: yRange, valueRange: -8...top, colorBar: panel == 1 ? "log-density" : nil)
        figure[0, panel].scatter(points: data.slice(0..<300), color: .white, size: 1.6, alpha: 0.6)
        figure[0, panel].title = name; figure[0, panel].xLabel = "x₁"; figure[0, panel].yLabel = "x₂"; figure[0, panel].equalAspect = true
    }
    return figure
}

/// Lines of a square grid in base space and their images under the inverse flow.
func warpedGridFigure(flow: RealNVP) -> Figure {
    var figure = Figure(rows: 1, columns: 2, width: 1_060, height: 480, title: "A grid in base space and its image in data space")
    let levels = stride(from: -3.0, through: 3.0, by: 0.5).map { $0 }, along = stride(from: -3.0, through: 3.0, by: 0.01).map { $0 }
    for (index, level) in levels.enumerated() {
        for vertical in [false, true] {
            let base = along.flatMap { vertical ? [Float(level), Float($0)] : [Float($0), Float(level)] }
            let line = Tensor(shape: [along.count, 2], scalars: base), image = flow.inverse(line)
            let color = vertical ? Color.cycle(0).withAlpha(0.4 + 0.6 * Double(index) / Double(levels.count)) : Color.cycle(1).withAlpha(0.4 + 0.6 * Double(index) / Double(levels.count))
            figure[0, 0].line(x: along.indices.map { Double(line[$0, 0]) }, y: along.indices.map { Double(line[$0, 1]) }, color: color, width: 1)
            figure[0, 1].line(x: along.indices.map { Double(image[$0, 0]) }, y: along.indices.map { Double(image[$0, 1]) }, color: color, width: 1)
        }
    }
    figure[0, 0].title = "base space z"; figure[0, 1].title = "data space x = f⁻¹(z)"
    figure[0, 0].equalAspect = true; figure[0, 1].equalAspect = true
    figure[0, 1].xLimits = -2...3; figure[0, 1].yLimits = -1.5...2
    return figure
}

/// Base draws after each inverse layer, from base to data.
func intermediatesFigure(flow: RealNVP, using generator: inout RandomGenerator) -> Figure {
    let stages = flow.intermediates(fromBase: Tensor.normal([2_000, 2], using: &generator))
    let shown = [0, 2, 4, 6, stages.count - 1].filter { $0 < stages.count }
    var figure = Figure(rows: 1, columns: shown.count, width: 280 * Double(shown.count), height: 320, title: "From the base to the data, layer by layer")
    for (panel, stage) in shown.enumerated() {
        figure[0, panel].scatter(points: stages[stage], color: Color.cycle(panel % 6), size: 1.5, alpha: 0.5)
        figure[0, panel].title = stage == 0 ? "base z" : stage == stages.count - 1 ? "data (after all \(stages.count - 1))" : "after \(stage) layers"
        figure[0, panel].equalAspect = true
    }
    return figure
}

/// The mean log-likelihood on training batches over training, against the truth's held-out mean.
func trainingFigure(_ history: [FlowTrainingRecord], truth: Double) -> Figure {
    let window = 50, starts = Array(stride(from: 0, to: history.count - window + 1, by: window))
    var figure = Figure(width: 760, height: 400, title: "RealNVP training on two moons")
    figure.panel.line(x: starts.map { Double($0 + window) }, y: starts.map { start in history[start..<(start + window)].map(\.meanLogLikelihood).mean },
                      label: "mean log p_θ on training batches")
    figure.panel.referenceLine(at: truth, color: .darkGray)
    let late = history.dropFirst(history.count / 10).map(\.meanLogLikelihood)
    figure.panel.yLimits = (late.min()! - 0.2)...(max(late.max()!, truth) + 0.2)
    figure.panel.xLabel = "training step"; figure.panel.yLabel = "nats per point"; figure.panel.legendPosition = .bottomRight
    return figure
}
